package lint

import (
	"fmt"
	"time"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/schema"
)

// TimeWindow flags impossible or overlapping time windows and an unknown
// timezone.
var TimeWindow = &Rule{
	Name:     "time-window",
	Severity: diag.Error,
	Summary:  i18n.T("时间段无效（25:00、开始等于结束）、时间段重叠，或时区不存在", "an invalid time window (25:00, empty), overlapping windows, or an unknown timezone"),
	Doc: i18n.T(
		"时间段触发器在店铺时区的每天 from 到 to 之间发送提示（例如 20:00-22:00 高峰提示）。25:00、12:60 这样的时间不存在；from 等于 to 的时间段永远不触发；22:00 到 20:00 会跨过午夜持续 22 小时，多半是写反了；两个时间段重叠时买家会同时收到两条提示。时区要写 IANA 名称，例如 Asia/Shanghai。",
		"A time-window trigger sends its notice every day between from and to in the shop's timezone (e.g. a 20:00-22:00 peak notice). Times like 25:00 and 12:60 do not exist; a window whose from equals its to never fires; 22:00 to 20:00 crosses midnight and lasts 22 hours, most likely swapped; two overlapping windows send the buyer both notices. The timezone must be an IANA name such as Asia/Shanghai."),
	Bad:  "when: {from: \"22:00\", to: \"20:00\"}",
	Good: "when: {from: \"20:00\", to: \"22:00\"}",
	Run:  runTimeWindow,
}

func runTimeWindow(p *Pass) {
	if m := p.Project.Manifest; m != nil && m.Node != nil {
		if _, err := time.LoadLocation(m.Shop.Timezone); err != nil || m.Shop.Timezone == "Local" {
			p.Report(m.File, schema.Field(schema.Field(m.Node, "shop"), "timezone"), "shop.timezone",
				i18n.F("时区 %q 不存在", "unknown timezone %q", m.Shop.Timezone),
				i18n.T("写 IANA 时区名，例如 Asia/Shanghai", "use an IANA name such as Asia/Shanghai"))
		}
	}
	type window struct {
		t        *schema.Trigger
		from, to int32
		days     map[string]bool
	}
	var ok []window
	for _, t := range p.Project.Triggers {
		if t.When == nil {
			continue
		}
		w := t.Field("when")
		from, okF := bot.ParseClock(t.When.From)
		to, okT := bot.ParseClock(t.When.To)
		if !okF {
			p.Report(t.File, schema.Field(w, "from"), t.Path("when", "from"),
				i18n.F("%q 不是有效的时间", "%q is not a time of day", t.When.From), i18n.T("写成 00:00 到 24:00 之间的 HH:MM", "write HH:MM between 00:00 and 24:00"))
		}
		if !okT {
			p.Report(t.File, schema.Field(w, "to"), t.Path("when", "to"),
				i18n.F("%q 不是有效的时间", "%q is not a time of day", t.When.To), i18n.T("写成 00:00 到 24:00 之间的 HH:MM", "write HH:MM between 00:00 and 24:00"))
		}
		if !okF || !okT {
			continue
		}
		if from == to || from == 0 && to == 24*60 {
			p.Report(t.File, w, t.Path("when"),
				i18n.T("开始和结束时间相同（或覆盖全天），这不是一个时间段", "from equals to (or spans the whole day): this is not a window"),
				i18n.T("改正其中一个时间", "correct one of them"))
			continue
		}
		if from > to && from-to < 12*60 {
			hours := float64(24*60-from+to) / 60
			p.Report(t.File, w, t.Path("when"),
				i18n.T(fmt.Sprintf("%s 到 %s 跨过午夜，持续 %.4g 小时，是不是写反了？", t.When.From, t.When.To, hours),
					fmt.Sprintf("%s to %s crosses midnight and lasts %.4g hours; swapped?", t.When.From, t.When.To, hours)),
				i18n.F("如果想要 %s 到 %s，对调 from 和 to", "for %s to %s, swap from and to", t.When.To, t.When.From))
		}
		days := map[string]bool{}
		for _, d := range t.When.Days {
			days[d] = true
		}
		cur := window{t, from, to, days}
		for _, prev := range ok {
			if shareDay(prev.days, cur.days) && overlaps(prev.from, prev.to, cur.from, cur.to) {
				p.ReportAs(diag.Warning, t.File, w, t.Path("when"),
					i18n.F("和 %s(%s-%s)的时间段重叠，买家会同时收到两条提示", "overlaps %s (%s-%s): buyers get both notices", prev.t.ID, prev.t.When.From, prev.t.When.To),
					i18n.T("错开两个时间段，或合并成一条", "make the windows disjoint, or merge them"))
			}
		}
		ok = append(ok, cur)
	}
}

func shareDay(a, b map[string]bool) bool {
	if len(a) == 0 || len(b) == 0 {
		return true
	}
	for d := range a {
		if b[d] {
			return true
		}
	}
	return false
}

// overlaps reports whether two daily windows share a minute.
func overlaps(f1, t1, f2, t2 int32) bool {
	in := func(m, f, t int32) bool {
		if f < t {
			return m >= f && m < t
		}
		return m >= f || m < t
	}
	return in(f2, f1, t1) || in(f1, f2, t2)
}
