package lint

import (
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

// GenericKeyword flags keywords that match almost every question.
var GenericKeyword = &Rule{
	Name:     "generic-keyword",
	Severity: diag.Warning,
	Summary:  i18n.T("太笼统的关键词：单个字、问候语和语气词（你好、在吗、亲），或只有标点表情；用作关键词的概念里的单字成员也算", "a keyword that matches nearly anything: one character, a greeting or filler (你好, 在吗, 亲), or only punctuation and emoji; also a one-character member of a concept used as a keyword"),
	Doc: i18n.T(
		"关键词出现就会触发话术。单个字（码、货）、问候语和语气词（你好、在吗、亲、请问）几乎每个问题都有，会把别的问题抢走，回答得驴唇不对马嘴。只有标点或表情的关键词归一化后是空的，永远不会命中。用能说明问题的词：M码、中码、穿多大。必需词和排除词（require、exclude）用单字没有问题。关键词写 ~概念 时，概念的每个成员都是关键词：项目自己定义的概念里的单字成员同样会被报告（在成员处）；单字成员只适合放在模式里和别的项连用。",
		"A keyword's presence triggers its script. One character (码, 货), greetings and fillers (你好, 在吗, 亲, 请问) appear in nearly every question and steal it from the script that should answer. A keyword of only punctuation or emoji is empty once normalised and never matches. Use words that say what the question is: M码, 中码, 穿多大. One character is fine in require and exclude. A keyword ~concept makes every member of the concept a keyword: a one-character member of a concept the project defines is reported too (at the member); use one-character members only inside patterns, next to other terms."),
	Bad:  "keywords: [码, 你好, 在吗]",
	Good: "keywords: [M码, 中码, 穿多大]",
	Run:  runGenericKeyword,
}

var fillers = []string{"你好", "您好", "在吗", "在不在", "在么", "亲", "亲亲", "请问", "谢谢", "哈喽", "hello", "hi", "有人吗", "嗯", "好的", "哦", "客服", "老板", "掌柜", "问一下", "咨询"}

func runGenericKeyword(p *Pass) {
	for _, s := range p.Project.Scripts {
		for i, k := range s.Keywords {
			n := bot.Normalize(k)
			file, node, path := s.Item("keywords", i)
			switch {
			case n == "":
				p.Report(file, node, path,
					i18n.F("关键词 %q 只有标点、空格或表情，永远不会命中", "keyword %q is only punctuation, spaces or emoji: it can never match", k),
					i18n.T("换成有文字的关键词", "use a keyword with letters or digits"))
			case slices.Contains(fillers, n) && s.Topic != "greeting":
				p.Report(file, node, path,
					i18n.F("关键词 %q 是问候语或语气词，几乎每个问题都有", "keyword %q is a greeting or filler that nearly every question contains", k),
					i18n.T("删掉它，换成说明问题的词", "remove it and use words that say what the question is about"))
			case utf8.RuneCountInString(n) == 1:
				p.Report(file, node, path,
					i18n.F("关键词 %q 只有一个字，会匹配太多问题", "keyword %q is a single character and matches too many questions", k),
					i18n.T("写成词组，例如 M码 而不是 码；单字可以放在 require 或 exclude 里", "write a phrase (M码, not 码); single characters are fine in require or exclude"))
			}
		}
	}
	genericMembers(p)
}

// genericMembers reports the one-character members of the project's topic
// concepts that a script uses as a keyword, directly or through another
// concept: each member is a keyword then.
func genericMembers(p *Pass) {
	asKeyword := map[string]string{} // concept → the first script that uses it as a keyword
	for _, r := range p.conceptRefs() {
		if r.Field == "keywords" {
			if _, ok := asKeyword[r.Name]; !ok {
				asKeyword[r.Name] = r.Script.ID
			}
		}
	}
	// A concept a keyword concept names is a keyword too.
	for changed := true; changed; {
		changed = false
		for _, c := range p.Project.Concepts {
			script, ok := asKeyword[c.Name]
			if !ok {
				continue
			}
			for _, m := range c.Members {
				if ref, isRef := bot.ConceptRef(m); isRef && ref != c.Name {
					if _, seen := asKeyword[ref]; !seen {
						asKeyword[ref], changed = script, true
					}
				}
			}
		}
	}
	for _, c := range p.Project.Concepts {
		script, ok := asKeyword[c.Name]
		if !ok || bot.Reserved(c.Name) {
			continue
		}
		for i, m := range c.Members {
			if _, isRef := bot.ConceptRef(m); isRef || !oneChar(m) {
				continue
			}
			p.Report(c.File, item(c.Node, i), "concepts."+c.Name+"["+strconv.Itoa(i)+"]",
				i18n.F("概念 ~%s 的成员 %q 只有一个字，而 %s 把 ~%[1]s 用作关键词，含这个字的问题都会命中", "member %[2]q of ~%[1]s is a single character, and %[3]s uses ~%[1]s as a keyword: every question with it hits", c.Name, m, script),
				i18n.T("写成词组；单字成员只放在模式里和别的项连用", "write a phrase; use one-character members only inside patterns, next to other terms"))
		}
	}
}
