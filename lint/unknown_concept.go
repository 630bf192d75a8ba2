package lint

import (
	"slices"
	"strings"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/compile"
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/internal/suggest"
)

// UnknownConcept flags a ~name no concept answers to, and concepts that
// name each other in a circle.
var UnknownConcept = &Rule{
	Name:     "unknown-concept",
	Severity: diag.Error,
	Summary:  i18n.T("~名称 指向不存在的概念，或概念互相引用成环", "a ~name that no concept defines, or concepts that name each other in a circle"),
	Doc: i18n.T(
		"关键词、模式、require、exclude 和概念成员里的 ~名称 代表一个概念的全部成员。项目和 xm 内置库（xm concepts 列出）都没有定义的名称什么也匹配不到：写在关键词里等于没写，写在 require 里话术永远不会命中，写在模式里整条模式作废。概念互相引用成环（~a 里有 ~b，~b 里又有 ~a）也展开不出任何词。修复：改成已有的概念名（看提示的“是不是想写”），或者在 xm.yaml 的 concepts 里定义它；成环的去掉其中一个引用。",
		"A ~name in keywords, patterns, require, exclude or a concept's members stands for every member of that concept. A name neither the project nor xm's built-in library (see xm concepts) defines matches nothing: as a keyword it is dead, in require the script can never answer, in a pattern the whole pattern is dropped. Concepts that name each other in a circle (~a lists ~b, ~b lists ~a) expand to nothing either. Fix: use an existing name (see the did-you-mean), or define it under concepts in xm.yaml; break a circle by dropping one of its references."),
	Bad:  "keywords: [~wehn]\nconcepts: {a: [~b], b: [~a]}",
	Good: "keywords: [~when]\nconcepts: {a: [甲, ~b], b: [乙]}",
	Run:  runUnknownConcept,
}

func runUnknownConcept(p *Pass) {
	names := p.conceptNames()
	for _, r := range p.conceptRefs() {
		if slices.Contains(names, r.Name) {
			continue
		}
		hint := i18n.T("运行 xm concepts 查看可用的概念，或在 xm.yaml 的 concepts 里定义它", "run xm concepts for the names you can use, or define it under concepts in xm.yaml")
		if s := suggest.Nearest(r.Name, names); s != "" {
			hint = i18n.F("是不是想写 ~%s？", "did you mean ~%s?", s)
		}
		r.report(p, i18n.F("没有名为 ~%s 的概念，它什么也匹配不到", "no concept is named ~%s: it matches nothing", r.Name), hint)
	}
	conceptCycles(p)
}

// conceptCycles reports each circle of concepts once, at the member of the
// first project concept in it that starts the circle.
func conceptCycles(p *Pass) {
	lib := map[string][]string{}
	for _, c := range compile.Library() {
		lib[c.Name] = c.Members
	}
	defs := map[string][]string{}
	for name, ms := range lib {
		defs[name] = ms
	}
	for _, c := range p.Project.Concepts {
		defs[c.Name] = c.Members
	}
	// edges: the concepts a definition names; ~itself in a project
	// concept is the built-in of that name, whose references count too.
	edges := func(name string) []string {
		var out []string
		for _, m := range defs[name] {
			ref, ok := bot.ConceptRef(m)
			if !ok {
				continue
			}
			if ref == name {
				for _, bm := range lib[name] {
					if r, ok := bot.ConceptRef(bm); ok && r != name {
						out = append(out, r)
					}
				}
				continue
			}
			out = append(out, ref)
		}
		return out
	}
	// path finds a way from name to goal, returning the names on it.
	var path func(name, goal string, seen map[string]bool) []string
	path = func(name, goal string, seen map[string]bool) []string {
		if name == goal {
			return []string{goal}
		}
		if seen[name] {
			return nil
		}
		seen[name] = true
		for _, next := range edges(name) {
			if rest := path(next, goal, seen); rest != nil {
				return append([]string{name}, rest...)
			}
		}
		return nil
	}
	reported := map[string]bool{}
	for _, r := range p.conceptRefs() {
		c := r.Concept
		if c == nil {
			continue
		}
		var circle []string
		switch _, inLib := lib[c.Name]; {
		case r.Name == c.Name && !inLib:
			circle = []string{c.Name, c.Name}
		case r.Name == c.Name:
			continue // ~itself: extends the built-in
		default:
			rest := path(r.Name, c.Name, map[string]bool{})
			if rest == nil {
				continue
			}
			circle = append([]string{c.Name}, rest...)
		}
		key := slices.Clone(circle[:len(circle)-1])
		slices.Sort(key)
		if k := strings.Join(slices.Compact(key), " "); !reported[k] {
			reported[k] = true
			shown := "~" + strings.Join(circle, " → ~")
			if len(circle) == 2 && circle[0] == circle[1] {
				r.report(p, i18n.F("概念 ~%s 引用了自己，而 xm 没有同名的内置概念可以扩展", "concept ~%s names itself, and xm has no built-in ~%[1]s to extend", c.Name),
					i18n.T("删掉这个引用", "remove the reference"))
				continue
			}
			r.report(p, i18n.F("概念互相引用成环：%s，展开不出任何词", "concepts name each other in a circle: %s, which expands to nothing", shown),
				i18n.T("去掉环上的一个引用，把成员直接写出来", "drop one reference of the circle and list the members instead"))
		}
	}
}
