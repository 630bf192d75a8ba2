package lint

import (
	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/compile"
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

// UnusedConcept flags a project concept nothing names.
var UnusedConcept = &Rule{
	Name:     "unused-concept",
	Severity: diag.Info,
	Summary:  i18n.T("项目定义的概念没有被任何关键词、模式、require、exclude 或其他概念用到", "a project concept no keyword, pattern, require, exclude or other concept names"),
	Doc: i18n.T(
		"概念只有被 ~名称 引用时才参与关键词和模式匹配；没人引用的概念只会影响相似度打分，多半是改名后忘了改引用，或者已经不需要了。保留概念（greeting、thanks、ack、bye、filler、placeholder、negator、hedge、question、shield、complaint、defect、stopword、context）由匹配引擎直接读取，不算未使用。修复：在关键词或模式里写 ~名称，或删掉这个概念。",
		"A concept takes part in keyword and pattern matching only when something names it as ~name; one nothing names only nudges similarity, and is most often left over from a rename or no longer needed. The reserved concepts (greeting, thanks, ack, bye, filler, placeholder, negator, hedge, question, shield, complaint, defect, stopword, context) are read by the engine itself and always count as used. Fix: name it as ~name in a keyword or pattern, or delete it."),
	Bad:  "concepts: {colour: [颜色, 色号]}   # nothing says ~colour",
	Good: "concepts: {colour: [颜色, 色号]}\nscripts:\n  - id: colour\n    keywords: [~colour]",
	Run:  runUnusedConcept,
}

func runUnusedConcept(p *Pass) {
	used := map[string]bool{}
	for _, r := range p.conceptRefs() {
		if r.Concept == nil || r.Name != r.Concept.Name {
			used[r.Name] = true
		}
	}
	// The library's concepts that the project leaves as they are name
	// others too (~when lists ~how-long).
	own := map[string]bool{}
	for _, c := range p.Project.Concepts {
		own[c.Name] = true
	}
	for _, c := range compile.Library() {
		if own[c.Name] {
			continue
		}
		for _, m := range c.Members {
			if ref, ok := bot.ConceptRef(m); ok {
				used[ref] = true
			}
		}
	}
	for _, c := range p.Project.Concepts {
		if used[c.Name] || bot.Reserved(c.Name) {
			continue
		}
		p.Report(c.File, c.Key, "concepts."+c.Name,
			i18n.F("概念 ~%s 没有被任何关键词、模式、require、exclude 或其他概念用到", "concept ~%s is named by no keyword, pattern, require, exclude or other concept", c.Name),
			i18n.F("在关键词或模式里写 ~%s，或删掉这个概念", "name it as ~%s in a keyword or pattern, or delete it", c.Name))
	}
}
