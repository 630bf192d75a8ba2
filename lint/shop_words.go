package lint

import (
	"slices"
	"strings"

	"github.com/xm-dev/xm/compile"
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

// ShopWords checks every reply against the shop's own vocabulary in
// xm.yaml (lint.words): banned words, required phrases, preferred terms.
var ShopWords = &Rule{
	Name:     "shop-words",
	Severity: diag.Warning,
	Summary:  i18n.T("回复用了店铺禁用的词、缺少必带用语，或没用店铺建议的说法（lint.words）", "a reply uses a word the shop bans, lacks a phrase it requires, or a term it would rather not use (lint.words)"),
	Doc: i18n.T(
		"每家店都有自己的用词规矩：不能出现竞品名或已下架的商品（banned，报错），每条回复要带店铺落款（required），统一说“包邮”而不是“免邮”（prefer）。在 xm.yaml 的 lint.words 里写下这些词，xm 检查每一条回复（话术、触发器、转人工、兜底），变量展开后再查必带用语。英文字母不区分大小写。prefer 的替换可以用 xm lint --fix 自动完成。",
		"Every shop has its own vocabulary: no competitor's name or discontinued product (banned, an error), a sign-off in every reply (required), 包邮 rather than 免邮 (prefer). List them under lint.words in xm.yaml and xm checks every reply (scripts, triggers, handoff, fallback); required phrases are looked for after variables are filled in. Latin letters match regardless of case. xm lint --fix makes the prefer replacements."),
	Bad: `# xm.yaml: lint: {words: {banned: [竞品名], required: [小鹿女装], prefer: {免邮: 包邮}}}
reply: 亲，我们比竞品名便宜，全场免邮~`,
	Good: `reply: 亲，全场包邮，7 天无理由退换~【小鹿女装】`,
	Run:  runShopWords,
}

func runShopWords(p *Pass) {
	m := p.Project.Manifest
	if m == nil || m.Lint.Words == nil {
		return
	}
	w := m.Lint.Words
	prefer := make([]string, 0, len(w.Prefer))
	for k := range w.Prefer {
		prefer = append(prefer, k)
	}
	slices.Sort(prefer)
	for _, r := range p.replies() {
		filled := compile.Fill(r.Text, m)
		for _, word := range w.Banned {
			if word == "" {
				continue
			}
			if i := foldIndex(r.Text, word); i >= 0 {
				p.ReportAt(r.File, r.Node, r.Text, i, len(word), r.Path,
					i18n.F("回复里有店铺禁用的词 %q", "the reply uses %q, a word the shop bans", word),
					i18n.T("删掉或换个说法；禁用词列在 xm.yaml 的 lint.words.banned", "remove or reword it; the banned words are listed under lint.words.banned in xm.yaml"))
				p.out[len(p.out)-1].Severity = diag.Error
			} else if foldIndex(filled, word) >= 0 {
				p.ReportAs(diag.Error, r.File, r.Node, r.Path,
					i18n.F("回复展开变量后有店铺禁用的词 %q", "the reply, with its variables filled in, uses %q, a word the shop bans", word),
					i18n.T("改掉 vars 里含这个词的变量", "change the variable under vars that holds it"))
			}
		}
		for _, phrase := range w.Required {
			if phrase != "" && foldIndex(filled, phrase) < 0 {
				p.Report(r.File, r.Node, r.Path,
					i18n.F("回复里没有店铺要求的 %q", "the reply lacks %q, which the shop requires in every reply", phrase),
					i18n.F("在回复里加上 %q（lint.words.required）", "add %q to the reply (lint.words.required)", phrase))
			}
		}
		for _, word := range prefer {
			if word == "" {
				continue
			}
			for from := 0; from < len(r.Text); {
				j := foldIndex(r.Text[from:], word)
				if j < 0 {
					break
				}
				i := from + j
				from = i + len(word)
				p.ReportAt(r.File, r.Node, r.Text, i, len(word), r.Path,
					i18n.F("店铺统一写 %q，不写 %q", "the shop writes %[1]q, not %[2]q", w.Prefer[word], word),
					i18n.F("把 %q 换成 %q，或运行 xm lint --fix", "replace %q with %q, or run xm lint --fix", word, w.Prefer[word]))
				if d := &p.out[len(p.out)-1]; d.EndColumn > 0 && d.EndLine == d.Line {
					d.Fix = &diag.Fix{Old: r.Text[i : i+len(word)], New: w.Prefer[word]}
				}
			}
		}
	}
}

// foldIndex is strings.Index with Latin letters matched regardless of
// case; byte offsets are those of s.
func foldIndex(s, sub string) int {
	if i := strings.Index(s, sub); i >= 0 {
		return i
	}
	return strings.Index(asciiLower(s), asciiLower(sub))
}

// asciiLower lowercases A-Z only, so byte offsets do not move.
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}
