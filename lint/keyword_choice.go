package lint

import (
	"strings"
	"unicode/utf8"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

// KeywordChoice flags a | in a keyword, require or exclude word, or a
// concept member: choices (元|块) are a pattern's, and elsewhere the |
// is punctuation that normalising drops, so 退货|退款 would be the one
// word 退货退款.
var KeywordChoice = &Rule{
	Name:     "keyword-choice",
	Severity: diag.Warning,
	Summary:  i18n.T("关键词、require、exclude 或概念成员里写了 |：可选项只在模式里有用", "a | in a keyword, require or exclude word, or concept member: choices work in patterns only"),
	Doc: i18n.T(
		"模式里的一项可以写成用 | 分开的几个可选项（元|块）。关键词、require、exclude 和概念成员没有这种写法：| 是标点，归一化时被去掉，“退货|退款”就成了一个词“退货退款”，几乎永远不会命中。列表本身就是“任一个”：把每个词单独列出来。",
		"A pattern's term may be alternatives separated by | (元|块). Keywords, require and exclude words and concept members have no such thing: | is punctuation that normalising drops, so 退货|退款 becomes the one word 退货退款 and almost never matches. The list already means any one of them: list each word on its own."),
	Bad:  "keywords: [退货|退款]",
	Good: "keywords: [退货, 退款]",
	Run:  runKeywordChoice,
}

func runKeywordChoice(p *Pass) {
	words := p.otherWords()
	for _, s := range p.Project.Scripts {
		words = append(words, scriptWords(s)...)
	}
	for _, w := range words {
		k := strings.IndexAny(w.Text, bot.ChoiceSeparators)
		if k < 0 {
			continue
		}
		alts := strings.FieldsFunc(w.Text, func(r rune) bool { return strings.ContainsRune(bot.ChoiceSeparators, r) })
		_, size := utf8.DecodeRuneInString(w.Text[k:])
		p.ReportAt(w.File, w.Node, w.Text, k, size, w.Path,
			i18n.F("%q 里的 | 不是“或”：这里它被当成标点去掉，整个是一个词 %q", "the | in %q is no \"or\" here: it is dropped as punctuation, and the whole is the one word %q", w.Text, strings.Join(alts, "")),
			i18n.F("分开列出：[%s]；可选项只在 patterns 里有用", "list them apart: [%s]; choices work in patterns only", strings.Join(alts, ", ")))
	}
}
