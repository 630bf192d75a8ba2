package lint

import (
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v4"

	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/schema"
)

// ExpiredPromotion flags promotions whose dates have passed.
var ExpiredPromotion = &Rule{
	Name:     "expired-promotion",
	Severity: diag.Error,
	Summary:  i18n.T("活动已过期：valid.until 已过，或回复里写的日期已过", "a promotion past its date: valid.until has passed, or a date written in the reply has"),
	Doc: i18n.T(
		"过期的活动话术会让买家按已经结束的优惠下单，然后要求补差价或投诉。xm 按店铺时区的今天（或 --now）检查 valid.until，以及回复里写的日期：2026-08-31、8 月 31 日、8月31日、双11、双12、618。没写年份的日期按同一条回复里写出的年份算，没写出年份的按今年算（超过半年前的按明年算）。过期后 xm 也不会再用这条话术回答。",
		"An expired promotion makes buyers order on terms that ended, then ask for the difference or complain. xm checks valid.until and the dates written in replies (2026-08-31, 8 月 31 日, 8月31日, 双11, 双12, 618) against today in the shop's timezone (or --now). A date without a year takes the year written elsewhere in the same reply; with none written, it is read as this year (or next year when that would be over six months ago). Past its date, xm also stops answering with the script."),
	Bad:  "reply: 亲，满 200 减 30 活动持续到 8 月 31 日~\nvalid: {until: 2026-08-31}",
	Good: "reply: 亲，双 12 满 200 减 30，活动到 2026 年 12 月 12 日~\nvalid: {from: 2026-12-01, until: 2026-12-12}",
	Run:  runExpiredPromotion,
}

func runExpiredPromotion(p *Pass) {
	loc := time.FixedZone("CST", 8*3600)
	if m := p.Project.Manifest; m != nil {
		if l, err := time.LoadLocation(m.Shop.Timezone); err == nil {
			loc = l
		}
	}
	now := p.Now.In(loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	checkValid := func(f *schema.File, item *yaml.Node, v *schema.Validity, path string) {
		if v == nil {
			return
		}
		valid := schema.Field(item, "valid")
		from, ferr := time.Parse("2006-01-02", v.From)
		until, uerr := time.Parse("2006-01-02", v.Until)
		if ferr == nil && uerr == nil && from.After(until) {
			p.Report(f, schema.Field(valid, "from"), path+".valid.from",
				i18n.F("开始日期 %s 晚于结束日期 %s", "from %s is after until %s", v.From, v.Until),
				i18n.T("对调这两个日期，或改正其中一个", "swap them, or correct one"))
		}
		if uerr == nil && until.Before(today) {
			p.Report(f, schema.Field(valid, "until"), path+".valid.until",
				i18n.F("活动已于 %s 结束（今天是 %s），这条话术不会再回答", "the promotion ended on %s (today is %s); the script no longer answers", v.Until, today.Format("2006-01-02")),
				i18n.T("更新日期和回复内容，或删掉这条话术", "update the dates and the reply, or delete the script"))
		}
	}
	for _, s := range p.Project.Scripts {
		f, entry, path := s.Setting("valid")
		checkValid(f, entry, s.Valid, path)
	}
	for _, t := range p.Project.Triggers {
		checkValid(t.File, t.Node, t.Valid, t.Path())
	}
	for _, r := range p.replies() {
		dates := datesIn(r.Text)
		// A date written without a year (双十一, 8 月 31 日) shares the
		// year the reply writes out elsewhere: "双十一…活动到 2028 年 11
		// 月 11 日" is about 2028.
		written := 0
		for _, d := range dates {
			written = max(written, d.year)
		}
		for _, d := range dates {
			y := d.year
			guessed := y == 0 && written == 0
			if y == 0 && written != 0 {
				y = written
			}
			if guessed {
				y = today.Year()
				if time.Date(y, time.Month(d.month), d.day, 0, 0, 0, 0, time.UTC).Before(today.AddDate(0, -6, 0)) {
					y++
				}
			}
			date := time.Date(y, time.Month(d.month), d.day, 0, 0, 0, 0, time.UTC)
			if date.Month() != time.Month(d.month) || date.Day() != d.day {
				p.ReportAt(r.File, r.Node, r.Text, d.off, d.n, r.Path,
					i18n.F("回复里的日期 %q 不存在", "the date %q in the reply does not exist", r.Text[d.off:d.off+d.n]),
					i18n.T("改正日期", "correct the date"))
				continue
			}
			if !date.Before(today) {
				continue
			}
			note := i18n.T("", "")
			if guessed {
				note = i18n.T("（没写年份，按今年算）", " (no year written: read as this year)")
			}
			p.ReportAt(r.File, r.Node, r.Text, d.off, d.n, r.Path,
				i18n.T(fmt.Sprintf("回复里的日期 %q 已经过了%s，今天是 %s", r.Text[d.off:d.off+d.n], note.ZH, today.Format("2006-01-02")),
					fmt.Sprintf("the date %q in the reply has passed%s; today is %s", r.Text[d.off:d.off+d.n], note.EN, today.Format("2006-01-02"))),
				i18n.T("更新活动日期，或删掉过期的活动内容", "update the promotion's dates, or remove the expired offer"))
		}
	}
}

type textDate struct {
	year, month, day int
	off, n           int
}

// datesIn finds dates written in text: 2026-08-31 (also / and .),
// 2026年8月31日, 8月31日 and 8 月 31 日, 双11, 双12 and 618.
func datesIn(s string) []textDate {
	var out []textDate
	num := func(i int) (v, j int) {
		j = i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' && j-i < 4 {
			v = v*10 + int(s[j]-'0')
			j++
		}
		return v, j
	}
	skipSpace := func(i int) int {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		return i
	}
	lit := func(i int, w string) (int, bool) {
		if i+len(w) <= len(s) && s[i:i+len(w)] == w {
			return i + len(w), true
		}
		return i, false
	}
	for i := 0; i < len(s); {
		if w, f, ok := festivalAt(s, i); ok {
			out = append(out, textDate{0, f.month, f.day, i, w - i})
			i = w
			continue
		}
		if s[i] < '0' || s[i] > '9' || i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
			i++
			continue
		}
		v, j := num(i)
		// 618 is the shopping festival only when it is named as one
		// (618活动, 618大促...), not "第 618 条".
		if j-i == 3 && v == 618 && festivalAfter(s[j:]) {
			out = append(out, textDate{0, 6, 18, i, 3})
			i = j
			continue
		}
		// YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD
		if j-i == 4 && j < len(s) && (s[j] == '-' || s[j] == '/' || s[j] == '.') {
			sep := s[j]
			m, k := num(j + 1)
			if k > j+1 && k-j-1 <= 2 && k < len(s) && s[k] == sep {
				d, e := num(k + 1)
				if e > k+1 && e-k-1 <= 2 && m >= 1 && m <= 12 && d >= 1 && d <= 31 {
					out = append(out, textDate{v, m, d, i, e - i})
					i = e
					continue
				}
			}
		}
		// [YYYY 年] M 月 D 日
		year, mStart := 0, i
		if j-i == 4 {
			if k, ok := lit(skipSpace(j), "年"); ok {
				year = v
				mStart = skipSpace(k)
			}
		}
		if m, k := num(mStart); k > mStart && k-mStart <= 2 {
			if k2, ok := lit(skipSpace(k), "月"); ok {
				if d, e := num(skipSpace(k2)); e > skipSpace(k2) && e-skipSpace(k2) <= 2 {
					if e2, ok := lit(skipSpace(e), "日"); ok && m >= 1 && m <= 12 && d >= 1 && d <= 31 {
						out = append(out, textDate{year, m, d, i, e2 - i})
						i = e2
						continue
					}
					if e2, ok := lit(skipSpace(e), "号"); ok && m >= 1 && m <= 12 && d >= 1 && d <= 31 {
						out = append(out, textDate{year, m, d, i, e2 - i})
						i = e2
						continue
					}
				}
			}
		}
		i = j
	}
	return out
}

func festivalAfter(rest string) bool {
	for _, w := range []string{"活动", "大促", "购物节", "狂欢", "当天", "期间", "优惠", "年中"} {
		if strings.HasPrefix(strings.TrimLeft(rest, " "), w) {
			return true
		}
	}
	return false
}

type festival struct {
	name       string
	month, day int
}

// festivals are the shopping days a reply may name without a date.
var festivals = []festival{{"双11", 11, 11}, {"双十一", 11, 11}, {"双12", 12, 12}, {"双十二", 12, 12}}

func festivalAt(s string, i int) (int, festival, bool) {
	for _, f := range festivals {
		if strings.HasPrefix(s[i:], f.name) {
			return i + len(f.name), f, true
		}
	}
	return i, festival{}, false
}
