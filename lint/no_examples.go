package lint

import (
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

// NoExamples flags scripts with no example questions.
var NoExamples = &Rule{
	Name:     "no-examples",
	Severity: diag.Warning,
	Summary:  i18n.T("话术没有例句，没有任何测试覆盖它", "a script with no example questions, so nothing tests it"),
	Doc: i18n.T(
		"例句是买家真实的问法。它们让没有关键词命中的问题也能按相似度找到话术，也是 example-misroute 用来检查话术有没有被别的话术抢走的测试。每条话术至少写两三个买家真的会说的句子。",
		"Examples are real buyer phrasings. They let a question no keyword hits still find the script by similarity, and they are the tests example-misroute runs to check that no other script takes the question. Give every script two or three sentences buyers really say."),
	Bad:  "- id: size-m\n  topic: size\n  keywords: [M码]\n  reply: ...",
	Good: "- id: size-m\n  topic: size\n  keywords: [M码]\n  examples: [M码适合多少斤, 我100斤穿M吗]\n  reply: ...",
	Run:  runNoExamples,
}

func runNoExamples(p *Pass) {
	for _, s := range p.Project.Scripts {
		if len(s.Examples) == 0 {
			p.Report(s.File, s.Field("id"), s.Path(),
				i18n.F("话术 %s 没有例句", "script %s has no example questions", s.ID),
				i18n.T("加上 examples: [买家真实的问法，...]", "add examples: [real buyer phrasings, ...]"))
		}
	}
}
