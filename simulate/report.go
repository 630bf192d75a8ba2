package simulate

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xm-dev/xm/i18n"
)

// TextAnswer prints one result as a line of the answers table:
//
//	tests/q.txt:12  ✓ size-m            1.00  M码适合多少斤 → 亲,M 码适合…
func TextAnswer(w io.Writer, r *Result, l i18n.Lang) error {
	loc := fmt.Sprintf("%s:%d", r.Rec.File, r.Rec.Line)
	if !r.HasQuery {
		for _, n := range r.Notices {
			if _, err := fmt.Fprintf(w, "%s  %s %s → %s\n", loc, i18n.T("事件", "event").In(l), r.Rec.Event, clip(n.Text, 60)); err != nil {
				return err
			}
		}
		return nil
	}
	mark := " "
	if r.Rec.Expected != "" {
		mark = "✓"
		if !r.Met {
			mark = "✗"
		}
	}
	conf := "    "
	if r.Outcome != "handoff" && r.Outcome != "urgent" && r.Outcome != "fallback" {
		conf = fmt.Sprintf("%.2f", r.Answer.Confidence)
	}
	line := fmt.Sprintf("%s  %s %-18s %s  %s → %s", loc, mark, r.Outcome, conf, clip(r.Rec.Text, 40), clip(r.Reply, 50))
	if mark == "✗" {
		line += fmt.Sprintf(i18n.T("  （期望 %s）", "  (expected %s)").In(l), r.Rec.Expected)
	}
	for _, n := range r.Notices {
		line += fmt.Sprintf("  +%s", n.Trigger)
	}
	_, err := fmt.Fprintln(w, line)
	return err
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

func pct(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }

// TextFigures prints the figures block.
func TextFigures(w io.Writer, f *Figures, l i18n.Lang) error {
	T := func(zh, en string) string { return i18n.T(zh, en).In(l) }
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s %d", T("问题", "questions"), f.Questions)
	if f.Events > 0 {
		fmt.Fprintf(&b, "  %s %d", T("订单事件", "order events"), f.Events)
	}
	if f.Malformed > 0 {
		fmt.Fprintf(&b, "  %s %d", T("跳过的坏行", "malformed lines skipped"), f.Malformed)
	}
	b.WriteString("\n")
	// The headline figures partition the questions: they add up to 100%.
	for i, h := range f.headlines() {
		if i > 0 {
			b.WriteString("  ")
		}
		fmt.Fprintf(&b, "%s %s (%d", h.label.In(l), pct(h.rate), h.count)
		sep := T("：", ": ")
		for _, p := range h.parts {
			if p.count > 0 {
				fmt.Fprintf(&b, "%s%s %d", sep, p.label.In(l), p.count)
				sep = T("，", ", ")
			}
		}
		b.WriteString(")")
	}
	b.WriteString("\n")
	if f.BySimilar > 0 {
		fmt.Fprintf(&b, "%s %d\n", T("按相似例句回答", "answered from similar examples"), f.BySimilar)
	}
	if f.Expected > 0 {
		fmt.Fprintf(&b, "%s %s (%d/%d)\n", T("准确率", "accuracy"), pct(f.Accuracy), f.Met, f.Expected)
		for _, c := range f.Confusions {
			fmt.Fprintf(&b, "  %s %s → %s %s ×%d: %s\n", T("期望", "expected"), c.Expected, T("实际", "got"), c.Got, c.Count, strings.Join(c.Examples, " | "))
		}
		if f.OtherMisses > 0 {
			fmt.Fprintf(&b, "  %s\n", i18n.F("…另有 %d 个答错的问题（不在上面最常见的 %d 组里）", "… and %d more missed question(s), outside the %d most frequent pairs above", f.OtherMisses, len(f.Confusions)).In(l))
		}
	}
	if hits(f) > 0 {
		fmt.Fprintf(&b, "%s\n", T("各话术命中：", "hits by script:"))
		for _, s := range f.Scripts {
			if s.Hits == 0 {
				continue
			}
			fmt.Fprintf(&b, "  %-20s %-18s %5d", s.ID, s.Topic, s.Hits)
			if s.Timed > 0 {
				fmt.Fprintf(&b, "  %s %s (%d/%d)", T("追问率", "follow-up"), pct(s.FollowUpRate), s.FollowUps, s.Timed)
			}
			b.WriteString("\n")
		}
		var never []string
		for _, s := range f.Scripts {
			if s.Hits == 0 {
				never = append(never, s.ID)
			}
		}
		if len(never) > 0 {
			fmt.Fprintf(&b, "  %s %s\n", T("没有命中：", "never hit:"), strings.Join(never, ", "))
		}
		fmt.Fprintf(&b, "%s", T("各话题命中：", "hits by topic:"))
		for _, t := range f.Topics {
			if t.Hits > 0 {
				fmt.Fprintf(&b, " %s %d", t.Topic, t.Hits)
			}
		}
		b.WriteString("\n")
	}
	if f.HasHours {
		fmt.Fprintf(&b, "%s\n", T("咨询时段分布（店铺时区）：", "questions by hour (shop's timezone):"))
		peak := 1
		for _, n := range f.ByHour {
			peak = max(peak, n)
		}
		for h, n := range f.ByHour {
			if n > 0 {
				fmt.Fprintf(&b, "  %02d:00 %6d %s\n", h, n, strings.Repeat("█", max(1, n*30/peak)))
			}
		}
	}
	if len(f.Unanswered) > 0 {
		fmt.Fprintf(&b, "%s\n", T("最常见的未回答问题（下一批该写的话术）：", "top unanswered questions (the next scripts to write):"))
		for _, g := range f.Unanswered {
			fmt.Fprintf(&b, "  %4d  %s\n", g.Count, strings.Join(g.Examples, " | "))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// answerJSON is one line of `--format json`.
type answerJSON struct {
	Type       string   `json:"type"`
	File       string   `json:"file"`
	Line       int      `json:"line"`
	Buyer      string   `json:"buyer,omitempty"`
	Time       string   `json:"time,omitempty"`
	Question   string   `json:"question,omitempty"`
	Event      string   `json:"event,omitempty"`
	Outcome    string   `json:"outcome,omitempty"`
	Script     string   `json:"script,omitempty"`
	Topic      string   `json:"topic,omitempty"`
	Pack       string   `json:"pack,omitempty"`
	Confidence float32  `json:"confidence"`
	Similar    bool     `json:"by_similarity,omitempty"`
	Score      int32    `json:"evidence,omitempty"`
	Margin     float32  `json:"margin,omitempty"`
	Asks       bool     `json:"asks,omitempty"`
	HandsOver  bool     `json:"hands_over,omitempty"`
	Keyword    string   `json:"keyword,omitempty"`
	Reply      string   `json:"reply,omitempty"`
	Notices    []Notice `json:"notices,omitempty"`
	Expected   string   `json:"expected,omitempty"`
	Met        *bool    `json:"met,omitempty"`
}

// JSONAnswer prints one result as a JSON line.
func JSONAnswer(w io.Writer, r *Result, keyword func(int32) string) error {
	a := answerJSON{Type: "answer", File: r.Rec.File, Line: r.Rec.Line, Buyer: r.Rec.Buyer, Question: r.Rec.Text, Event: r.Rec.Event,
		Outcome: r.Outcome, Script: r.Script, Topic: r.Topic, Pack: r.Pack, Confidence: r.Answer.Confidence, Score: r.Answer.Score, Margin: r.Answer.Margin, Asks: r.Answer.Question, Similar: r.Answer.Similar, HandsOver: r.Answer.HandsOver, Reply: r.Reply,
		Notices: r.Notices, Expected: r.Rec.Expected}
	if !r.Rec.Time.IsZero() {
		a.Time = r.Rec.Time.Format("2006-01-02T15:04:05Z07:00")
	}
	if r.Answer.Keyword >= 0 && keyword != nil {
		a.Keyword = keyword(r.Answer.Keyword)
	}
	if r.Rec.Expected != "" {
		met := r.Met
		a.Met = &met
	}
	return writeJSONLine(w, a)
}

// JSONFigures prints the figures as one JSON object on a line.
func JSONFigures(w io.Writer, f *Figures, gates []GateResult) error {
	return writeJSONLine(w, struct {
		Type string `json:"type"`
		*Figures
		Gates []GateResult `json:"gates"`
	}{"figures", f, gates})
}

func writeJSONLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// Gate is a threshold a run must meet.
type Gate struct {
	Name  string // min-accuracy, max-handoff, max-fallback
	Limit float64
}

// GateResult is a gate's verdict.
type GateResult struct {
	Name   string  `json:"name"`
	Limit  float64 `json:"limit"`
	Value  float64 `json:"value"`
	Passed bool    `json:"passed"`
	// NoData is set on a gate that failed because there was nothing to
	// measure: no question replayed (every line skipped, say), or, for
	// min-accuracy, no question with an expectation. A rate of nothing
	// passes no gate.
	NoData bool `json:"no_data,omitempty"`
}

// Check applies the gates to the figures.
func Check(f *Figures, gates []Gate) []GateResult {
	var out []GateResult
	for _, g := range gates {
		r := GateResult{Name: g.Name, Limit: g.Limit}
		switch g.Name {
		case "min-accuracy":
			r.Value, r.Passed = f.Accuracy, f.Accuracy >= g.Limit
		case "max-handoff":
			r.Value, r.Passed = f.HandoffRate, f.HandoffRate <= g.Limit
		case "max-fallback":
			r.Value, r.Passed = f.FallbackRte, f.FallbackRte <= g.Limit
		}
		if f.Questions == 0 || (g.Name == "min-accuracy" && f.Expected == 0) {
			r.Passed, r.NoData = false, true
		}
		out = append(out, r)
	}
	return out
}

// hits counts the questions a script answered.
func hits(f *Figures) int {
	n := 0
	for _, s := range f.Scripts {
		n += s.Hits
	}
	return n
}
