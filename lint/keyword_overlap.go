package lint

import (
	"fmt"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

// KeywordOverlap flags keywords another script takes from their owner.
var KeywordOverlap = &Rule{
	Name:     "keyword-overlap",
	Severity: diag.Warning,
	Summary:  i18n.T("关键词被别的话术抢走：同一个词在两条话术里，或包含别的话术的关键词而对方优先级更高", "a keyword another script takes: the same word in two scripts, or one containing another's keyword of higher priority"),
	Doc: i18n.T(
		"xm 用真实的匹配器把每个关键词当成一个问题来问：如果这个问题没有交给关键词所属的话术，就报告是谁抢走了、为什么（优先级更高、证据更多、声明更早），以及命中的是哪个词。归一化后相同的词（M码 和 Ｍ碼）算同一个。修复：删掉重复的词、调整 priority，或给对方加 exclude。",
		"xm asks the real matcher each keyword as if it were a question: when the answer is not the keyword's own script, it says which script takes it and why (higher priority, more evidence, declared earlier) and which word it hit. Words equal once normalised (M码 and Ｍ碼) count as one. Fix: drop the duplicate, change a priority, or add an exclude to the other script."),
	Bad:  "- {id: size-all, keywords: [码], priority: 2, ...}\n- {id: size-m, keywords: [M码], ...}",
	Good: "- {id: size-all, keywords: [尺码], ...}\n- {id: size-m, keywords: [M码], priority: 1, ...}",
	Run:  runKeywordOverlap,
}

func runKeywordOverlap(p *Pass) {
	ask := p.asker()
	if ask == nil {
		return
	}
	b := ask.b
	if len(b.Scripts) != len(p.Project.Scripts) {
		return
	}
	// The bundle holds the project's scripts in order: a script is itself
	// by position, never by id (two scripts may share one; duplicate-id
	// reports that).
	for i, s := range p.Project.Scripts {
		if len(s.Require) > 0 || s.Handoff {
			continue // a keyword alone does not make it answer
		}
		self := int32(i)
		for i, k := range s.Keywords {
			nk := bot.Normalize(k)
			if _, isConcept := bot.ConceptRef(k); nk == "" || isConcept {
				continue // generic-keyword reports it; a ~concept is no question to ask
			}
			// A keyword a seller's extension added is reported there.
			file, node, path := s.Item("keywords", i)
			a := ask.ask(k)
			switch {
			case a.Complaint:
				p.Report(file, node, path,
					i18n.F("关键词 %q 读起来像投诉或质量问题（概念 ~complaint、~defect），问到它的买家会被转人工", "keyword %q reads as a complaint or defect report (concepts ~complaint, ~defect): a buyer who says it goes to a human", k),
					i18n.T("换一个说法；或在 xm.yaml 里设 match.complaints: false 关闭投诉转人工", "rephrase it; or set match.complaints: false in xm.yaml to stop routing complaints to a human"))
			case a.Outcome == bot.Smalltalk:
				p.Report(file, node, path,
					i18n.F("关键词 %q 只有寒暄词（好的、谢谢、在吗……），买家说它时是寒暄，不会命中 %s", "keyword %q is small talk only (好的, 谢谢, 在吗...): a buyer who says it gets the small-talk reply, not %s", k, s.ID),
					i18n.T("换一个说明问题的词", "choose a word that names the question"))
			case a.Outcome == bot.Handoff || a.Outcome == bot.Urgent:
				p.Report(file, node, path,
					i18n.F("关键词 %q 含有转人工关键词，问到它的买家会被直接转人工", "keyword %q contains a handoff keyword: a buyer who says it goes straight to a human", k),
					i18n.T("换一个不含转人工关键词的说法", "rephrase it without the handoff word"))
			case a.Outcome == bot.Reply && a.Script != self && !a.Similar:
				w := b.Scripts[a.Script]
				word := ""
				switch {
				case a.Keyword >= 0:
					word = b.Pattern(a.Keyword)
				case a.Pattern >= 0:
					word = b.Patterns[a.Pattern].Text
				}
				why := overlapWhy(b, a.Script, self, word, nk)
				if file.Pack != "" {
					// A pack's keyword taken by the seller's script: say so
					// at the seller's script, the one they can edit.
					if ws := p.ownScript(w.ID); ws != nil {
						p.Report(ws.File, ws.Field("id"), ws.Path("id"),
							i18n.T(fmt.Sprintf("%s 抢走了知识包 %s 的话术 %s 的关键词 %q（它的词 %q，%s）", w.ID, s.File.Pack, s.ID, k, word, why.ZH),
								fmt.Sprintf("%s takes keyword %q from script %s of pack %s (its word %q, %s)", w.ID, k, s.ID, s.File.Pack, word, why.EN)),
							i18n.F("要替换包里的话术，就把编号改成 %s；否则调整 priority，或加 exclude", "to replace the pack's script, give yours the id %s; otherwise change a priority, or add an exclude", s.ID))
					} else if ef, en, ep, ew, ok := winningItem(b, p.Project.Scripts[a.Script], a); ok {
						// Taken by a word the seller's extension added to
						// another pack script: say so at that word.
						p.Report(ef, en, ep,
							i18n.T(fmt.Sprintf("给 %s 加的 %q 抢走了知识包 %s 的话术 %s 的关键词 %q（%s）", w.ID, ew, s.File.Pack, s.ID, k, why.ZH),
								fmt.Sprintf("%q, added to %s, takes keyword %q from script %s of pack %s (%s)", ew, w.ID, k, s.ID, s.File.Pack, why.EN)),
							hintAddedWording(s.ID))
					}
					continue
				}
				// Two scripts on one id would read "gets size-l, not
				// size-l": name each by its place as well.
				wn, sn := i18n.T(w.ID, w.ID), i18n.T(s.ID, s.ID)
				if w.ID == s.ID {
					wn = i18n.F("%s(%s:%d)", "%s at %s:%d", w.ID, w.File, w.Line)
					sn = i18n.F("%s(%s:%d)", "%s at %s:%d", s.ID, s.File.Path, b.Scripts[self].Line)
				}
				p.Report(file, node, path,
					i18n.T(fmt.Sprintf("只问 %q 的买家会得到 %s 的回复（它的关键词 %q,%s），不是 %s", k, wn.ZH, word, why.ZH, sn.ZH),
						fmt.Sprintf("a buyer asking just %q gets %s (its keyword %q, %s), not %s", k, wn.EN, word, why.EN, sn.EN)),
					i18n.T(fmt.Sprintf("删掉重复的词、调整 priority，或在 %s 加 exclude", wn.ZH), fmt.Sprintf("drop the duplicate, change a priority, or add an exclude to %s", wn.EN)))
			case a.Outcome != bot.Reply || a.Script != self:
				if ef, en, ep, ew, ok := blockingExclude(s, k); ok && file.Pack != "" {
					p.Report(ef, en, ep,
						i18n.F("加给 %s 的排除词 %q 挡住了它自己的关键词 %q", "exclude word %q, added to %s, blocks its own keyword %q", ew, s.ID, k),
						hintAddedExclude)
					continue
				}
				p.Report(file, node, path,
					i18n.F("关键词 %q 命中不了 %s（它自己的 exclude 挡住了）", "keyword %q cannot reach %s (its own exclude blocks it)", k, s.ID),
					i18n.T("从 exclude 里去掉这个词的一部分，或换一个关键词", "remove the overlapping part from exclude, or choose another keyword"))
			}
		}
	}
}

// overlapWhy says why winner beats self for a question that is self's
// keyword.
func overlapWhy(b *bot.Bundle, winner, self int32, word, kw string) i18n.Text {
	w, s := b.Scripts[winner], b.Scripts[self]
	switch {
	case w.Priority > s.Priority:
		return i18n.T(fmt.Sprintf("优先级 %d 高于 %d", w.Priority, s.Priority), fmt.Sprintf("priority %d over %d", w.Priority, s.Priority))
	case word == kw:
		return i18n.T("同一个关键词，它声明在前", "the same keyword, declared earlier")
	}
	return i18n.T("证据更多（命中的词更长或更多）", "more evidence (longer or more words hit)")
}
