package compile

import (
	"testing"
	"time"

	"github.com/xm-dev/xm/bot"
)

const complaintManifest = `xm: 1
shop: {name: 测试店, category: general}
handoff: {keywords: [~human], urgent: [紧急], reply: 转接中}
fallback: {reply: 还在学习}
smalltalk: {reply: ""}
`

const complaintScripts = `scripts:
  - {id: dispute, topic: dispute, keywords: [~complaint], negation: skip, handoff: true, reply: 抱歉，转人工}
  - {id: returns, topic: return-policy, keywords: [~return, ~exchange], reply: 七天无理由}
  - {id: warranty, topic: warranty, keywords: [~warranty], reply: 保修一年}
  - {id: refund, topic: refund, keywords: [~refund], reply: 48 小时内退款}
  - {id: material, topic: material, keywords: [~material, ~function], exclude: [~defect], reply: 参数见详情页}
  - {id: shelf, topic: shelf-life, keywords: [~shelf-life], exclude: [~defect], reply: 保质期 12 个月}
`

// TestComplaintsReachAHuman checks the built-in complaint, defect, human
// and ack concepts on phrasings a seller would expect: the general ways
// buyers complain, report a defect or ask for a person reach a human; a
// defect asked with a remedy gets that remedy; a pre-sale question with a
// word that sounds like a defect keeps its topic; a step the buyer has done
// is small talk unless a question or a topic word comes with it.
func TestComplaintsReachAHuman(t *testing.T) {
	b := buildYAML(t, complaintManifest, complaintScripts)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ q, want string }{
		// complaints: exasperation, unfairness, unresolved, blame, threats, attitude
		{"等了一个星期没人管，我要疯了", "dispute"},
		{"这个规定太不合理了", "dispute"},
		{"让我自己出运费，我不能接受", "dispute"},
		{"问题到现在都没给我解决", "dispute"},
		{"我都催了好几次了", "dispute"},
		{"客服太不专业了", "dispute"},
		{"明明是你们的问题", "dispute"},
		{"再不处理我就去网上曝光", "dispute"},
		{"这种态度让人很不舒服", "dispute"},
		{"不处理我就申请平台介入", "dispute"},
		{"今天必须给我个交代", "dispute"},
		{"客服说不是质量问题，不给我退", "dispute"},
		{"没有让人失望", "fallback"}, // negated: no complaint
		// defect reports, without a remedy asked
		{"打开一股霉味", "dispute"},
		{"杯子用了一次就不保温了", "dispute"},
		{"风扇一开就有响声", "dispute"},
		{"用着用着自己停了", "dispute"},
		{"数量不对，少了两包", "dispute"},
		{"颜色给我发成了黑色", "dispute"},
		{"实物跟描述不符", "dispute"},
		{"饼干太难吃了", "dispute"},
		{"收到的零食都过期了", "dispute"},
		{"称了一下缺斤少两", "dispute"},
		{"拉链才拉了两次就拉不动了", "dispute"},
		{"插头老是接触不良", "dispute"},
		{"箱子在路上被淋湿了", "dispute"},
		{"鞋子一只大一只小", "dispute"},
		{"跟详情页写的不一样", "dispute"},
		{"外套洗了一次就起球很严重", "dispute"},
		{"这家店太离谱了", "dispute"},
		{"再也不会在你们家买了", "dispute"},
		{"说话不算话，没有诚信", "dispute"},
		{"杯口有个缺口", "dispute"},
		{"盖子拧不紧，一倒就漏", "dispute"},
		{"问了三番五次都没人管", "dispute"},
		{"挂钩贴上去就粘不住", "dispute"},
		// a defect with the remedy the buyer wants: that remedy
		{"不保温了能换吗", "returns"},
		{"有响声可以保修吗", "warranty"},
		// the buyer thought so, and it was not
		{"噢好的我还以为坏了", "fallback"},
		// pre-sale questions keep their topic, or fall back: no human
		{"会不会掉毛", "fallback"},
		{"透气吗，会不会不透气", "material"},
		{"保质期多久，会不会快过期了", "shelf"},
		{"这个面霜会不会闷痘", "fallback"},
		{"放久了会受潮吗", "fallback"},
		{"有色差吗", "fallback"},
		{"什么时候发红包", "fallback"},  // 发红 cuts through 红包
		{"我这个要怎么搞的", "fallback"}, // how, not 怎么搞的 (a complaint)
		// asking for a person
		{"帮我转接客服专员", "handoff"},
		{"我要找你们主管", "handoff"},
		{"别用机器人回复我", "handoff"},
		{"能不能别自动回复了", "handoff"},
		{"让客服联系我一下", "handoff"},
		{"能换个人来回答吗", "handoff"},
		{"你是机器人吧", "handoff"},
		{"这款是人工智能的吗", "fallback"}, // 人工 inside 人工智能 asks for no one
		// a step done or awaited: small talk, unless asked about
		{"好的 已经付了", "smalltalk"},
		{"嗯嗯 收到货了", "smalltalk"},
		{"已经联系上了 谢谢", "smalltalk"},
		{"那我等通知", "smalltalk"},
		{"好滴 订单取消了", "smalltalk"},
		{"已到账 谢谢亲", "smalltalk"},
		{"到账了吗", "refund"},
		{"收到货了怎么退", "returns"},
	} {
		a := b.Answer(tc.q, bot.Context{Now: now})
		if got := b.OutcomeName(a); got != tc.want {
			t.Errorf("%s => %s, got %s", tc.q, tc.want, got)
		}
	}
}
