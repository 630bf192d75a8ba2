package simulate

import (
	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/i18n"
)

// outcomeClass is one way a question can end. The classes partition the
// questions: each question is in exactly one (the first whose Is holds),
// so their counts add up to the questions and their rates to 100% in the
// text, JSON and HTML reports alike. Classes with the same Group are one
// headline figure (everything a human takes over is the handoff rate).
// A new outcome is one more line here.
type outcomeClass struct {
	ID    string    // in JSON
	Group i18n.Text // the headline figure it counts towards
	Label i18n.Text // in the chart's legend
	Part  i18n.Text // in the headline's breakdown of its group, when not the group's first class
	Color string    // in the chart
	Is    func(a *bot.Answer) bool
}

var outcomeClasses = []outcomeClass{
	{"auto-reply", i18n.T("自动回复率", "auto-reply"), i18n.T("自动回复", "auto-reply"), i18n.Text{}, "#2da44e", func(a *bot.Answer) bool { return a.Outcome == bot.Reply && !a.HandsOver }},
	{"handoff", i18n.T("转人工率", "handoff"), i18n.T("转人工", "handoff"), i18n.Text{}, "#f5a623", func(a *bot.Answer) bool { return a.Outcome == bot.Handoff }},
	{"urgent", i18n.T("转人工率", "handoff"), i18n.T("紧急转人工", "urgent handoff"), i18n.T("紧急", "urgent"), "#cf222e", func(a *bot.Answer) bool { return a.Outcome == bot.Urgent }},
	{"reply-handoff", i18n.T("转人工率", "handoff"), i18n.T("回复后转人工", "reply, then a human"), i18n.T("回复后转", "after a reply"), "#8250df", func(a *bot.Answer) bool { return a.Outcome == bot.Reply && a.HandsOver }},
	{"smalltalk", i18n.T("闲聊", "small talk"), i18n.T("闲聊", "small talk"), i18n.Text{}, "#54aeff", func(a *bot.Answer) bool { return a.Outcome == bot.Smalltalk }},
	{"fallback", i18n.T("兜底率", "fallback"), i18n.T("兜底", "fallback"), i18n.Text{}, "#8c959f", func(a *bot.Answer) bool { return a.Outcome == bot.Fallback }},
}

// classOf is the index in outcomeClasses of the class a answer is in.
func classOf(a *bot.Answer) int {
	for i, c := range outcomeClasses {
		if c.Is(a) {
			return i
		}
	}
	return len(outcomeClasses) - 1
}

// OutcomeCount is how many questions ended in one outcome class.
type OutcomeCount struct {
	Class string  `json:"class"` // auto-reply, handoff, urgent, reply-handoff, smalltalk, fallback
	Group string  `json:"group"` // the headline figure: auto-reply, handoff, small talk or fallback
	Count int     `json:"count"`
	Rate  float64 `json:"rate"`
}

// headline is one figure of the headline: a group of classes.
type headline struct {
	label i18n.Text
	count int
	rate  float64
	parts []headlinePart
}

type headlinePart struct {
	label i18n.Text
	count int
}

// headlines groups the outcome counts into the headline figures, in
// order of first appearance.
func (f *Figures) headlines() []headline {
	var out []headline
	for i, c := range outcomeClasses {
		n := 0
		if i < len(f.Outcomes) {
			n = f.Outcomes[i].Count
		}
		k := -1
		for j := range out {
			if out[j].label == c.Group {
				k = j
			}
		}
		if k < 0 {
			out = append(out, headline{label: c.Group})
			k = len(out) - 1
		} else {
			out[k].parts = append(out[k].parts, headlinePart{c.Part, n})
		}
		out[k].count += n
	}
	for i := range out {
		out[i].rate = rate(out[i].count, f.Questions)
	}
	return out
}
