package simulate

import (
	"fmt"
	"io"
	"strings"

	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/internal/junit"
)

// JUnit writes a replay as a JUnit XML report for CI test reporters: one
// test case per question with an expectation, one suite per input file,
// and a suite for the gates. A missed expectation fails its case with
// what was expected, what came, and how the answer was reached. Cases are
// streamed through a temporary file, so memory stays bounded.
type JUnit struct {
	j       *junit.Writer
	lang    i18n.Lang
	keyword func(int32) string
}

// NewJUnit starts a report written to w on Close; keyword names a keyword
// pattern for the trace (nil leaves it out).
func NewJUnit(w io.Writer, keyword func(int32) string, l i18n.Lang) (*JUnit, error) {
	j, err := junit.New(w, "xm simulate")
	if err != nil {
		return nil, err
	}
	return &JUnit{j: j, lang: l, keyword: keyword}, nil
}

// Add records one result; results with no expectation make no case.
func (u *JUnit) Add(r *Result) error {
	if !r.HasQuery || r.Rec.Expected == "" {
		return nil
	}
	c := junit.Case{Name: fmt.Sprintf("%d: %s", r.Rec.Line, clip(r.Rec.Text, 80)), Classname: r.Rec.File, File: r.Rec.File, Line: r.Rec.Line}
	if r.Met {
		return u.j.Add(r.Rec.File, c)
	}
	var trace strings.Builder
	line := func(t i18n.Text) { trace.WriteString(t.In(u.lang) + "\n") }
	trace.WriteString(fmt.Sprintf("%s:%d: %s\n", r.Rec.File, r.Rec.Line, r.Rec.Text))
	line(i18n.F("期望：%s  实际：%s", "expected: %s  got: %s", r.Rec.Expected, r.Outcome))
	switch {
	case r.Answer.Similar:
		line(i18n.F("按相似例句回答，置信度 %.2f", "answered from a similar example, confidence %.2f", r.Answer.Confidence))
	case r.Answer.Keyword >= 0 && u.keyword != nil:
		line(i18n.F("关键词 %q，候选话术 %d 条", "keyword %q, %d candidate script(s)", u.keyword(r.Answer.Keyword), r.Answer.Candidates))
	}
	if r.Reply != "" {
		line(i18n.F("回复：%s", "reply: %s", clip(r.Reply, 200)))
	}
	c.Failure = i18n.F("期望 %s，实际 %s", "expected %s, got %s", r.Rec.Expected, r.Outcome).In(u.lang)
	c.Type = "expectation"
	c.Detail = trace.String()
	return u.j.Add(r.Rec.File, c)
}

// Close adds the gates as a suite of their own and writes the report.
func (u *JUnit) Close(gates []GateResult) error {
	for _, g := range gates {
		c := junit.Case{Name: fmt.Sprintf("%s %.1f%%", g.Name, 100*g.Limit), Classname: "gates",
			Output: fmt.Sprintf("%s: %.1f%%", g.Name, 100*g.Value)}
		if !g.Passed {
			c.Failure = i18n.F("门槛 %s 未通过：%.1f%%（要求 %.1f%%）", "gate %s failed: %.1f%% (limit %.1f%%)", g.Name, 100*g.Value, 100*g.Limit).In(u.lang)
			c.Type = "gate"
		}
		if err := u.j.Add("gates", c); err != nil {
			return err
		}
	}
	return u.j.Close()
}
