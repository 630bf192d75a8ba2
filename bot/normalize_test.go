package bot

import "testing"

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"M码", "m码"},
		{"Ｍ碼", "m码"},
		{"請問Ｍ碼適合多少斤?", "请问m码适合多少斤"},
		{"m - 码 !!", "m码"},
		{"這件衣服會起球嗎?😊", "这件衣服会起球吗"},
		{"订单号：１２３４５６", "订单号123456"},
		{"ＸＬ碼", "xl码"},
		{"①号", "1号"},
		{"發貨時間", "发货时间"},
		{"臺灣", "台湾"},
		{"裡面", "里面"},
		{"什么", "什么"}, // simplified stays as it is
		{"俺买的东西呢", "我买的东西呢"},
		{"俺们这", "我们这"},
		{"偶尔", "偶尔"}, // 偶 is not folded to 我
		{"  \t\n", ""},
		{"🎉🎉", ""},
		{"100%有效", "100有效"},
		{"HELLO World", "helloworld"},
		{"\xff\xfe坏", "坏"},
	} {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
