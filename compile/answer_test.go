package compile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/schema"
)

func buildYAML(t testing.TB, manifest, scripts string) *bot.Bundle {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "scripts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "xm.yaml"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "scripts", "a.yaml"), []byte(scripts), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := schema.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Diags) > 0 {
		t.Fatalf("fixture does not load: %+v", p.Diags)
	}
	b, err := Build(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const rankManifest = `xm: 1
shop: {name: 测试店, category: apparel}
vars: {ship_hours: 48}
handoff: {keywords: [转人工], urgent: [紧急], reply: 转接中}
fallback: {reply: 还在学习}
`

const rankScripts = `scripts:
  - {id: size-general, topic: size, keywords: [尺码, 码], reply: 尺码表}
  - {id: size-m, topic: size, keywords: [M码], exclude: [退], reply: M码适合100-110斤}
  - {id: size-m-dup, topic: size, keywords: [M码], reply: 同上}
  - {id: vip, topic: size, keywords: [码], priority: 5, require: [会员, 折扣], reply: 会员尺码}
  - {id: many, topic: stock, keywords: [有货, 现货, 库存], reply: 都有}
  - {id: one, topic: stock, keywords: [现货], reply: 现货}
  - id: ship
    topic: shipping-time
    keywords: [发货]
    examples: [什么时候寄出, 多久能寄]
    reply: "{{ship_hours}} 小时内发货,单号 {{order.tracking_no}}"
  - {id: promo, topic: discount, keywords: [优惠], valid: {from: 2026-11-01, until: 2026-11-11}, reply: 双11}
`

func TestRanking(t *testing.T) {
	b := buildYAML(t, rankManifest, rankScripts)
	now := time.Date(2026, 11, 5, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ q, want string }{
		{"M码适合多少斤", "size-m"},  // longest keyword (M码 over 码) beats earlier script
		{"m碼適合多少斤", "size-m"},  // normalised: case, traditional
		{"M码想退", "size-m-dup"}, // exclude drops size-m; the next one answers
		{"码", "size-general"},  // vip needs both require words
		{"会员码折扣", "vip"},       // all require words present: priority 5 wins
		{"有货吗 有现货吗", "many"},   // two distinct hits beat one
		{"现货", "many"},         // equal: declaration order
		{"什么时候寄出呀", "ship"},    // no keyword: similar to an example
		{"优惠", "promo"},        // inside its dates
		{"转人工", "handoff"},     // handoff keywords win first
		{"转人工 M码", "size-m"},   // with a question a script answers: its reply, then a human (below)
		{"紧急!!", "urgent"},     // urgent alone hands over, urgent
		{"你们老板是谁", "fallback"}, // nothing
	} {
		a := b.Answer(tc.q, bot.Context{Now: now})
		if got := b.OutcomeName(a); got != tc.want {
			t.Errorf("%q: got %s, want %s", tc.q, got, tc.want)
		}
	}
	if a := b.Answer("转人工 M码", bot.Context{Now: now}); !a.HandsOver {
		t.Error("转人工 M码: answered without handing over; a buyer who asks for a human gets one")
	}
	// After the promotion's last day it no longer answers.
	late := time.Date(2026, 11, 12, 10, 0, 0, 0, time.UTC)
	if a := b.Answer("优惠", bot.Context{Now: late}); a.Outcome != bot.Fallback {
		t.Errorf("expired promotion still answers: %s", b.OutcomeName(a))
	}
}

func TestSimilarityConfidence(t *testing.T) {
	b := buildYAML(t, rankManifest, rankScripts)
	a := b.Answer("什么时候寄出", bot.Context{})
	if !a.Similar || b.OutcomeName(a) != "ship" || a.Confidence < 0.5 {
		t.Errorf("an example asked verbatim: %s similar %v conf %.2f", b.OutcomeName(a), a.Similar, a.Confidence)
	}
	a = b.Answer("今天天气怎么样", bot.Context{})
	if a.Outcome != bot.Fallback || a.Confidence >= b.Threshold {
		t.Errorf("unrelated question: %s conf %.2f", b.OutcomeName(a), a.Confidence)
	}
}

func TestRender(t *testing.T) {
	b := buildYAML(t, rankManifest, rankScripts)
	a := b.Answer("什么时候发货", bot.Context{})
	got := string(b.Render(nil, &a, bot.Order{"tracking_no": "SF123"}, time.Time{}))
	if got != "48 小时内发货,单号 SF123" {
		t.Errorf("got %q", got)
	}
	if got := string(b.Render(nil, &a, nil, time.Time{})); got != "48 小时内发货,单号 {{order.tracking_no}}" {
		t.Errorf("a missing order field must stay visible, got %q", got)
	}
	fb := b.Answer("随便问问", bot.Context{})
	if got := string(b.Render(nil, &fb, nil, time.Time{})); got != "还在学习" {
		t.Errorf("fallback: %q", got)
	}
}

func TestWindowsAndEvents(t *testing.T) {
	b := loadExample(t)
	cst := b.Location()
	at := func(h, m int) time.Time { return time.Date(2026, 11, 25, h, m, 0, 0, cst) }
	ids := func(a bot.Answer) string {
		var s []string
		for _, n := range a.Notices[:a.NumNotices] {
			s = append(s, b.Triggers[n].ID)
		}
		return strings.Join(s, ",")
	}
	for _, tc := range []struct {
		now   time.Time
		event string
		want  string
	}{
		{at(21, 0), "", "peak-busy"},
		{at(20, 0), "", "peak-busy"},
		{at(22, 0), "", ""},
		{at(9, 0), "", ""},
		{at(9, 0), "order.shipped", "shipped"},
		{at(21, 30), "order.received", "received,peak-busy"},
		// A UTC clock is read in the shop's timezone: 13:00 UTC is 21:00 in Shanghai.
		{time.Date(2026, 11, 25, 13, 0, 0, 0, time.UTC), "", "peak-busy"},
	} {
		a := b.Answer("M码适合多少斤", bot.Context{Now: tc.now, Event: tc.event})
		if got := ids(a); got != tc.want && !(tc.want == "received,peak-busy" && got == "peak-busy,received") {
			t.Errorf("%v %q: notices %q, want %q", tc.now, tc.event, got, tc.want)
		}
	}
}

// TestEventAlone: an order event with no question is answered by its
// trigger, never by the fallback; an event no trigger takes gets nothing.
func TestEventAlone(t *testing.T) {
	b := loadExample(t)
	now := time.Date(2026, 11, 25, 21, 0, 0, 0, b.Location()) // a time window is open too
	order := bot.Order{"item": "连衣裙", "tracking_no": "SF1"}
	for _, tc := range []struct {
		q, event, outcome, reply string
	}{
		{"", "order.shipped", "event", "亲，您的【连衣裙】已发货，物流单号 SF1，预计 2-4 天送达，注意查收~"},
		{"  ", "order.shipped", "event", "亲，您的【连衣裙】已发货，物流单号 SF1，预计 2-4 天送达，注意查收~"},
		{"", "refund.closed", "event", ""},
		{"", "", "fallback", "亲，这个问题小鹿还在学习中，已为您记录，人工客服会尽快回复；着急可以发送「转人工」~"},
	} {
		a := b.Answer(tc.q, bot.Context{Now: now, Event: tc.event})
		if got := b.OutcomeName(a); got != tc.outcome {
			t.Errorf("%q %s: outcome %s, want %s", tc.q, tc.event, got, tc.outcome)
		}
		if got := string(b.Render(nil, &a, order, now)); got != tc.reply {
			t.Errorf("%q %s: reply %q, want %q", tc.q, tc.event, got, tc.reply)
		}
		if tc.event != "" && a.NumNotices != 0 {
			t.Errorf("%q %s: an event alone carries no window notices, got %d", tc.q, tc.event, a.NumNotices)
		}
	}
}

// Latin letters and digits match whole words; a keyword's letter may
// touch a digit, so a unit or a model after a number counts, but a number
// inside a code does not.
func TestLatinWordBoundaries(t *testing.T) {
	b := buildYAML(t, rankManifest, `scripts:
  - {id: volume, topic: material, keywords: [ml, 5g], reply: 容量}
  - {id: pro, topic: material, keywords: [pro], reply: 专业版}
  - {id: sale, topic: discount, keywords: ["618"], reply: 618 活动}
  - {id: phone, topic: material, keywords: [iphone], reply: 手机}
`)
	for _, tc := range []struct{ q, want string }{
		{"500ml的有吗", "volume"},       // ml after digits: a unit
		{"这个是ml吗", "volume"},         // ml alone
		{"xml文件", "fallback"},        // ml inside a Latin word
		{"支持5g吗", "volume"},          // 5g alone
		{"15g的", "fallback"},         // 5g inside 15g
		{"product list", "fallback"}, // pro inside product
		{"13pro有货吗", "pro"},          // a model after its number
		{"618有优惠吗", "sale"},          // 618 alone
		{"订单12618345", "fallback"},
		{"型号x618", "fallback"},   // 618 inside a number
		{"iphone13能用吗", "phone"}, // a model number after the name
		{"iphones", "fallback"},  // a longer Latin word
	} {
		if got := b.OutcomeName(b.Answer(tc.q, bot.Context{})); got != tc.want {
			t.Errorf("%q: got %s, want %s", tc.q, got, tc.want)
		}
	}
}
