package lint

import (
	"fmt"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

// ExampleMisroute flags example questions another script answers.
var ExampleMisroute = &Rule{
	Name:     "example-misroute",
	Severity: diag.Error,
	Summary:  i18n.T("话术自己的例句被别的话术回答了", "a script's own example question answered by another script"),
	Doc: i18n.T(
		"例句是买家真实的问法，也是话术自带的测试。xm 编译整个项目，用真实的匹配器逐条回答例句：被别的话术抢走、转了人工或落到兜底回复的例句，就是上线后会答错的问题。修复：给话术补上例句里的关键词，调整 priority，或在抢走它的话术里加 exclude。",
		"Example questions are real buyer phrasings and each script's built-in tests. xm compiles the project and answers every example with the real matcher: one that another script takes, that hands over, or that falls to the fallback is a question the live bot will get wrong. Fix: add the example's words to the script's keywords, change a priority, or add an exclude to the script that takes it."),
	Bad:  "- id: stock\n  keywords: [有货]\n  examples: [M码还有吗]   # size-m answers it",
	Good: "- id: stock\n  keywords: [有货, 还有吗]\n  priority: 2\n  examples: [M码还有吗]",
	Run:  runExampleMisroute,
}

func runExampleMisroute(p *Pass) {
	ask := p.asker()
	if ask == nil {
		return
	}
	b := ask.b
	for _, s := range p.Project.Scripts {
		for i, ex := range s.Examples {
			// An example a seller's extension added is reported there.
			file, node, path := s.Item("examples", i)
			a := ask.ask(ex)
			got := b.OutcomeName(a)
			if got == s.ID {
				continue
			}
			how := i18n.T("", "")
			switch {
			case a.Outcome == bot.Reply && a.Similar:
				how = i18n.T(fmt.Sprintf("（相似例句，置信度 %.2f）", a.Confidence), fmt.Sprintf(" (a similar example, confidence %.2f)", a.Confidence))
			case a.Outcome == bot.Reply && a.Pattern >= 0 && a.Keyword < 0:
				how = i18n.T(fmt.Sprintf("（模式 %q）", b.Patterns[a.Pattern].Text), fmt.Sprintf(" (pattern %q)", b.Patterns[a.Pattern].Text))
			case a.Outcome == bot.Reply && a.Keyword >= 0:
				how = i18n.T(fmt.Sprintf("（关键词 %q）", b.Pattern(a.Keyword)), fmt.Sprintf(" (keyword %q)", b.Pattern(a.Keyword)))
			}
			if file.Pack != "" {
				// A pack's example answered by the seller's script: say so at
				// the seller's script, the one they can edit.
				if ws := p.ownScript(got); ws != nil && a.Outcome == bot.Reply {
					p.Report(ws.File, ws.Field("id"), ws.Path("id"),
						i18n.T(fmt.Sprintf("知识包 %s 的话术 %s 的例句 %q 被 %s 回答了%s", s.File.Pack, s.ID, ex, got, how.ZH),
							fmt.Sprintf("example %q of script %s of pack %s is answered by %s%s", ex, s.ID, s.File.Pack, got, how.EN)),
						i18n.F("要替换包里的话术，就把编号改成 %s；否则调整 priority，或加 exclude", "to replace the pack's script, give yours the id %s; otherwise change a priority, or add an exclude", s.ID))
					continue
				}
				if a.Outcome == bot.Reply && a.Script >= 0 && int(a.Script) < len(p.Project.Scripts) {
					// Taken by a word the seller's extension added to
					// another pack script: say so at that word.
					if ef, en, ep, ew, ok := winningItem(b, p.Project.Scripts[a.Script], a); ok {
						p.Report(ef, en, ep,
							i18n.T(fmt.Sprintf("给 %s 加的 %q 抢走了知识包 %s 的话术 %s 的例句 %q", got, ew, s.File.Pack, s.ID, ex),
								fmt.Sprintf("%q, added to %s, takes example %q of script %s of pack %s", ew, got, ex, s.ID, s.File.Pack)),
							hintAddedWording(s.ID))
						continue
					}
				}
				if ef, en, ep, ew, ok := blockingExclude(s, ex); ok {
					p.Report(ef, en, ep,
						i18n.F("加给 %s 的排除词 %q 挡住了它自己的例句 %q", "exclude word %q, added to %s, blocks its own example %q", ew, s.ID, ex),
						hintAddedExclude)
				}
				continue
			}
			msg := i18n.T(fmt.Sprintf("例句 %q 被 %s 回答了%s，不是 %s", ex, got, how.ZH, s.ID), fmt.Sprintf("example %q is answered by %s%s, not %s", ex, got, how.EN, s.ID))
			hint := i18n.T("把例句里的说法加进 keywords，调整 priority，或在抢走它的话术里加 exclude", "add the example's words to keywords, change a priority, or add an exclude to the script that takes it")
			if how.EN != "" && a.Pattern >= 0 && a.Keyword < 0 {
				hint = i18n.F("收紧 %s 的模式 %q，调整 priority，或在 %[1]s 里加 exclude", "narrow %s's pattern %q, change a priority, or add an exclude to %[1]s", got, b.Patterns[a.Pattern].Text)
			}
			switch {
			case a.Complaint:
				msg = i18n.F("例句 %q 读起来像投诉或质量问题（概念 ~complaint、~defect），会被转人工，不是 %s", "example %q reads as a complaint or defect report (concepts ~complaint, ~defect) and goes to a human, not %s", ex, s.ID)
				hint = i18n.T("换个不像投诉的说法写例句，或在项目的 complaint、defect 概念里去掉这个词", "reword the example so that it does not read as a complaint, or drop the word from the project's complaint or defect concept")
			case a.Outcome == bot.Smalltalk:
				msg = i18n.F("例句 %q 只有问候、感谢或确认之类的话，会当成寒暄，不是 %s", "example %q is only greetings, thanks or acknowledgements and is taken as small talk, not %s", ex, s.ID)
				hint = i18n.T("例句要写出买家真正问的内容", "write what the buyer actually asks")
			}
			switch {
			case a.Complaint:
			case a.Outcome == bot.Fallback && a.RunnerUp >= 0 && !a.Similar:
				// A close call: two topics' words, neither far enough ahead.
				msg = i18n.F("例句 %q 同时命中两个话题的词（另一个是 %s），谁都没有明显领先，会落到兜底回复", "example %q hits words of two topics (the other is %s) and neither is clearly ahead: it falls to the fallback reply", ex, rival(b, ex, s.ID))
				hint = i18n.F("给 %s 加一个说出买家要问什么的关键词或模式，让它明显领先；或调整 priority", "give %s a keyword or pattern that names what the buyer asks, so that it is clearly ahead; or change a priority", s.ID)
			case a.Outcome == bot.Fallback:
				msg = i18n.F("例句 %q 没有话术回答，会落到兜底回复", "example %q matches nothing and falls to the fallback reply", ex)
			case a.Outcome == bot.Handoff, a.Outcome == bot.Urgent:
				msg = i18n.F("例句 %q 含转人工关键词，会被直接转人工", "example %q contains a handoff keyword and goes straight to a human", ex)
			}
			p.Report(file, node, path, msg, hint)
		}
	}
}

// rival names the strongest candidate for question q other than script
// self, as explain ranks them.
func rival(b *bot.Bundle, q, self string) string {
	for _, c := range b.Explain(q, bot.Context{}, nil).Candidates {
		if c.Script != self && c.Dropped == "" {
			return c.Script
		}
	}
	return "?"
}
