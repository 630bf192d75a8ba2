package lint

import (
	"errors"
	"strconv"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

// PatternSyntax flags patterns the matcher cannot read.
var PatternSyntax = &Rule{
	Name:     "pattern-syntax",
	Severity: diag.Error,
	Summary:  i18n.T("写错的模式：没有项、项太多、~ 后面不是概念名、花括号不是 {n}、| 一边是空的，或某一项只有标点", "a pattern the matcher cannot read: no terms, too many, a ~ without a concept name, braces other than {n}, a | with nothing on one side, or a term of only punctuation"),
	Doc: i18n.T(
		"模式是用空格分开的几项，按顺序出现才命中；每一项是字面词、~概念名、{n}（一个数字），或用 | 分开的几个可选项（元|块）。匹配器读不懂的模式在编译时被整条丢掉，话术就少了这条触发方式。最多 "+strconv.Itoa(bot.MaxPatternTerms)+" 项，可选项最多组合出 "+strconv.Itoa(bot.MaxPatternExpansions)+" 种说法；| 两边都要有词；概念名是小写字母、数字和 -；花括号只能写 {n}；只有标点、空格或表情的项归一化后是空的。修复：按提示改写这一项。",
		"A pattern is terms separated by spaces that must appear in this order; each term is literal text, ~concept, {n} (a number), or alternatives separated by | (元|块). A pattern the matcher cannot read is dropped whole when the project compiles, and the script loses that way to answer. At most "+strconv.Itoa(bot.MaxPatternTerms)+" terms, whose alternatives combine in at most "+strconv.Itoa(bot.MaxPatternExpansions)+" ways; a | needs a word on each side; concept names are lower-case letters, digits and -; the only braces are {n}; a term of only punctuation, spaces or emoji is empty once normalised. Fix: rewrite the term as the message says."),
	Bad:  `patterns: ["满 {num} 减 {n}", "~When ~ship"]`,
	Good: `patterns: ["满 {n} 减 {n}", "~when ~ship"]`,
	Run:  runPatternSyntax,
}

func runPatternSyntax(p *Pass) {
	for _, s := range p.Project.Scripts {
		for i, pat := range s.Patterns {
			file, node, path := s.Item("patterns", i)
			terms, err := bot.ParsePattern(pat)
			var pe *bot.PatternError
			if errors.As(err, &pe) {
				msg, hint := patternReason(pe)
				n := len(pe.Term)
				if pe.Reason == "too-many" {
					n = len(pat) - pe.Offset
				}
				p.ReportAt(file, node, pat, pe.Offset, n, path, msg, hint)
				continue
			}
			for _, t := range allChoices(terms) {
				if t.Kind == bot.TermText && bot.Normalize(t.Text) == "" {
					p.ReportAt(file, node, pat, t.Offset, len(t.Text), path,
						i18n.F("模式 %q 的项 %q 只有标点、空格或表情，归一化后是空的", "pattern %q has a term %q of only punctuation, spaces or emoji: it is empty once normalised", pat, t.Text),
						i18n.T("删掉这一项，或换成有文字的词", "drop the term or write one with letters or digits"))
				}
			}
		}
	}
}

// patternReason words a PatternError.
func patternReason(pe *bot.PatternError) (msg, hint i18n.Text) {
	switch pe.Reason {
	case "empty":
		return i18n.T("模式里没有任何项", "the pattern has no terms"),
			i18n.T("写上用空格分开的几项，例如 \"~when ~ship\"，或删掉这个模式", `write terms separated by spaces, e.g. "~when ~ship", or remove the pattern`)
	case "too-many":
		return i18n.F("模式超过 %d 项，从 %q 起的项读不了", "the pattern has more than %d terms: the ones from %q on cannot be read", bot.MaxPatternTerms, pe.Term),
			i18n.T("拆成两个模式，或去掉不关键的项", "split it into two patterns or drop the terms that matter least")
	case "concept-name":
		return i18n.F("%q 不是概念名：~ 后面要写小写字母、数字和 -，以字母开头", "%q is no concept name: after ~ write lower-case letters, digits and -, starting with a letter", pe.Term),
			i18n.T("运行 xm concepts 查看可用的概念名", "run xm concepts for the names you can use")
	case "choice-empty":
		return i18n.F("%q 里的 | 有一边是空的：| 分开的是几个可选的词", "%q has a | with nothing on one side: | separates words any one of which may stand there", pe.Term),
			i18n.T("写成 元|块 这样，| 两边都有词；或者删掉多余的 |", "write it as 元|块, a word on each side of |, or drop the extra |")
	case "too-many-choices":
		return i18n.F("模式的可选词组合超过 %d 种，从 %q 起读不了", "the pattern's choices combine in more than %d ways: from %q on it cannot be read", bot.MaxPatternExpansions, pe.Term),
			i18n.T("把可选的词放进一个概念（~名字），或拆成几个模式", "put the alternatives in a concept (~name), or split the pattern in two")
	case "braces":
		return i18n.F("%q 里的花括号读不了：模式里只有 {n}（一个数字）", "%q has braces the matcher cannot read: the only one is {n} (a number)", pe.Term),
			i18n.T("数字写 {n}，其他的词去掉花括号", "write {n} for a number and drop the braces elsewhere")
	}
	return i18n.F("模式写错了：%s", "the pattern cannot be read: %s", pe.Reason), i18n.Text{}
}

// allChoices lists a pattern's terms with each choice replaced by its
// alternatives.
func allChoices(terms []bot.Term) []bot.Term {
	var out []bot.Term
	for _, t := range terms {
		out = append(out, t.Choices()...)
	}
	return out
}
