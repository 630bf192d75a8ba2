package compile

import (
	"testing"
	"time"

	"github.com/xm-dev/xm/bot"
)

// TestShieldWords checks the shield rule on the cases docs/matching.md
// names: a hit inside a shield word or cutting through one does not count,
// even when it is the longer word (可以寄 across 寄修), and a shield word
// counts as itself where it is a keyword.
func TestShieldWords(t *testing.T) {
	manifest := `xm: 1
shop: {name: 测试店, category: general}
fallback: {reply: 还在学习}
concepts:
  shield: [订单号, 能不能, 寄修]
`
	scripts := `scripts:
  - {id: tracking, topic: shipping-time, keywords: [单号, 可以寄], reply: 查物流}
  - {id: broken, topic: dispute, keywords: [不能用], handoff: true, reply: 转人工}
  - {id: order, topic: other, keywords: [订单号], reply: 订单号在订单详情}
`
	b := buildYAML(t, manifest, scripts)
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ q, want string }{
		{"快递单号多少", "tracking"},
		{"订单号在哪看", "order"}, // 单号 lies inside 订单号: only 订单号 counts
		{"今天可以寄吗", "tracking"},
		{"可以寄修吗", ""}, // 可以寄 cuts through 寄修: the longer word, still not counted
		{"这个不能用了", "broken"},
		{"能不能用优惠券", ""}, // 不能用 cuts through 能不能, no longer than it: not a defect
	} {
		a := b.Answer(tc.q, bot.Context{Now: now})
		got := ""
		if a.Script >= 0 {
			got = b.Scripts[a.Script].ID
		}
		if got != tc.want {
			t.Errorf("%s: script %q (outcome %v), want %q", tc.q, got, a.Outcome, tc.want)
		}
	}
}
