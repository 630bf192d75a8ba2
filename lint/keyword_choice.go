package lint

import (
	"strconv"
	"strings"

	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/schema"
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
	msg := func(w string) (i18n.Text, i18n.Text) {
		alts := strings.FieldsFunc(w, func(r rune) bool { return r == '|' || r == '｜' })
		return i18n.F("%q 里的 | 不是“或”：这里它被当成标点去掉，整个是一个词 %q", "the | in %q is no \"or\" here: it is dropped as punctuation, and the whole is the one word %q", w, strings.Join(alts, "")),
			i18n.F("分开列出：[%s]；可选项只在 patterns 里有用", "list them apart: [%s]; choices work in patterns only", strings.Join(alts, ", "))
	}
	for _, s := range p.Project.Scripts {
		for _, field := range []string{"keywords", "require", "exclude"} {
			var words []string
			switch field {
			case "keywords":
				words = s.Keywords
			case "require":
				words = s.Require
			case "exclude":
				words = s.Exclude
			}
			for i, w := range words {
				if k := strings.IndexAny(w, "|｜"); k >= 0 {
					f, node, path := s.Item(field, i)
					m, h := msg(w)
					p.ReportAt(f, node, w, k, len(string([]rune(w[k:])[0])), path, m, h)
				}
			}
		}
	}
	if man := p.Project.Manifest; man != nil && man.Handoff != nil {
		handoff := schema.Field(man.Node, "handoff")
		for _, f := range []struct {
			key   string
			words []string
		}{{"keywords", man.Handoff.Keywords}, {"urgent", man.Handoff.Urgent}} {
			for i, w := range f.words {
				if k := strings.IndexAny(w, "|｜"); k >= 0 {
					m, h := msg(w)
					p.ReportAt(man.File, item(schema.Field(handoff, f.key), i), w, k, len(string([]rune(w[k:])[0])), "handoff."+f.key+"["+strconv.Itoa(i)+"]", m, h)
				}
			}
		}
	}
	for _, c := range p.Project.Concepts {
		for i, w := range c.Members {
			if k := strings.IndexAny(w, "|｜"); k >= 0 {
				m, h := msg(w)
				p.ReportAt(c.File, item(c.Node, i), w, k, len(string([]rune(w[k:])[0])), "concepts."+c.Name+"["+strconv.Itoa(i)+"]", m, h)
			}
		}
	}
}
