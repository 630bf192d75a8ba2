package bot

import "testing"

// testShop is a small apparel shop written as a Spec, so that the bot's
// own tests need no YAML (package compile tests the YAML → bundle path).
func testShop() *Spec {
	vars := map[string]string{"ship_hours": "48", "shop.name": "小鹿女装"}
	return &Spec{
		Shop: "小鹿女装", Category: "apparel", Timezone: "Asia/Shanghai",
		HandoffKeywords: []string{"转人工", "人工客服"},
		UrgentKeywords:  []string{"紧急", "加急"},
		HandoffReply:    "亲,正在为您转接人工客服~",
		FallbackReply:   "亲,这个问题我还在学习,已为您记录~",
		Scripts: []ScriptSpec{
			{ID: "size-m", Topic: "size", File: "scripts/presale.yaml", Line: 4, Keywords: []string{"M码", "中码"},
				Examples: []string{"M码适合多少斤", "中码多大"}, Reply: "亲,M 码适合 100-110 斤~"},
			{ID: "pilling", Topic: "material", File: "scripts/presale.yaml", Line: 9, Keywords: []string{"起球", "掉色"},
				Examples: []string{"会起球吗"}, Reply: "亲,面料经过抗起球处理~"},
			{ID: "shipping-time", Topic: "shipping-time", File: "scripts/insale.yaml", Line: 4, Keywords: []string{"什么时候发货", "几天发货"},
				Examples: []string{"什么时候寄出", "今天能发吗"}, Reply: "亲,付款后 {{ship_hours}} 小时内发货~"},
			{ID: "logistics", Topic: "logistics", File: "scripts/insale.yaml", Line: 12, Keywords: []string{"物流", "快递", "到哪了"},
				Exclude: []string{"改地址"}, Examples: []string{"我的快递到哪了"}, Reply: "亲,单号 {{order.tracking_no}}~"},
			{ID: "address-change", Topic: "address-change", File: "scripts/insale.yaml", Line: 20, Priority: 2,
				Keywords: []string{"改地址", "地址填错"}, Examples: []string{"地址填错了能改吗"}, Reply: "亲,未发货可以改地址~"},
			{ID: "damage", Topic: "dispute", File: "scripts/aftersale.yaml", Line: 30, Priority: 3, Handoff: true,
				Keywords: []string{"破损", "质量问题"}, Examples: []string{"收到的衣服有破损"}, Reply: "亲,非常抱歉,正在为您转接~"},
			{ID: "double11", Topic: "discount", File: "scripts/promo.yaml", Line: 2, Keywords: []string{"双十一", "双11"},
				ValidFrom: "2026-11-01", ValidUntil: "2026-11-11", Reply: "亲,双十一满 300 减 40~"},
		},
		Triggers: []TriggerSpec{
			{ID: "shipped", File: "triggers/orders.yaml", Line: 2, Event: "order.shipped", Reply: "亲,您的【{{order.item}}】已发货,物流单号 {{order.tracking_no}}~"},
			{ID: "peak-busy", File: "triggers/orders.yaml", Line: 5, Window: true, From: "20:00", To: "22:00", Reply: "亲,当前咨询量较大~"},
		},
		Values: func(n string) (string, bool) { v, ok := vars[n]; return v, ok },
	}
}

func loadExample(t testing.TB) *Bundle {
	t.Helper()
	b, err := New(testShop())
	if err != nil {
		t.Fatal(err)
	}
	return b
}
