package lint

import (
	"strings"
	"unicode/utf8"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/compile"
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/schema"
)

// DeadPattern flags patterns that can never match.
var DeadPattern = &Rule{
	Name:     "dead-pattern",
	Severity: diag.Warning,
	Summary:  i18n.T("永远不会命中的模式：某一项自己从来不算一个词，或者匹配器连最直白的说法都对不上", "a pattern that can never match: a term that never counts as a word on its own, or the matcher fails even the plainest wording"),
	Doc: i18n.T(
		"xm 编译整个项目，用真实的匹配器检查每个模式：先把每个字面项单独当成问题来问，它必须作为一个完整的词命中；单个数字（三、5、两）不会单独成词，因为 {n} 会把连着的数字读成一个数；超过 64 个字的项也不会命中。再把各项按顺序拼成最直白的问法（概念取成员，{n} 取 3）去问，模式一次都对不上的，上线后也不会命中。最常见的原因是除去问法和时间词后不足两个字，匹配器当它是巧合（只有提问、且前面有两个字以上的问法或时间词时一个字才算，如“~when 发”）：“装 ~how”永远不算，“安装 ~how”才算。修复：单个数字写成 {n}，或者把这一项写长。",
		"xm compiles the project and checks each pattern with the real matcher: every literal term is first asked alone and must hit as a whole word; a single numeral (三, 5, 两) never does, since {n} reads a run of numerals as one number, and neither does a term longer than 64 characters. Then the terms are put together in order as the plainest wording (a member for each concept, 3 for {n}) and asked: a pattern that never matches them will not match live either. The usual cause is a match with fewer than two characters besides question and time words, which the matcher takes for chance (one character counts only in a question, after a question or time word of two or more characters, as in ~when 发): 装 ~how never counts, 安装 ~how does. Fix: write {n} for a single numeral, or lengthen the term."),
	Bad:  `patterns: ["买 三 件"]`,
	Good: `patterns: ["买 {n} 件"]`,
	Run:  runDeadPattern,
}

func runDeadPattern(p *Pass) {
	b := p.bundle()
	if b == nil {
		return
	}
	defs := compile.Concepts(p.Project)
	for _, s := range p.Project.Scripts {
		for i, pat := range s.Patterns {
			terms, err := bot.ParsePattern(pat)
			if err != nil || !patternCompiles(terms, defs) {
				continue // pattern-syntax or unknown-concept says why
			}
			file, node, path := s.Item("patterns", i)
			if t, ok := lonelyTerm(b, terms); ok {
				msg := i18n.F("模式 %q 永远不会命中：%q 单独出现时不算一个词（单个数字由 {n} 读成数）", "pattern %q can never match: %q does not count as a word on its own (a single numeral is read by {n} as a number)", pat, t.Text)
				hint := i18n.T("数字写成 {n}", "write {n} for a number")
				if utf8.RuneCountInString(bot.Normalize(t.Text)) > 64 {
					msg = i18n.F("模式 %q 永远不会命中：%q 超过 64 个字", "pattern %q can never match: %q is longer than 64 characters", pat, t.Text)
					hint = i18n.T("缩短这一项", "shorten the term")
				}
				p.ReportAt(file, node, pat, t.Offset, len(t.Text), path, msg, hint)
				continue
			}
			if w, ok := expansionsAlive(b, s, pat, terms, defs); !ok {
				p.ReportAt(file, node, pat, 0, len(pat), path,
					i18n.F("模式 %q 连最直白的说法 %q 都对不上，永远不会命中", "pattern %q does not match even its plainest wording %q: it can never match", pat, w),
					i18n.F("常见原因：除去问法和时间词（~how、~when）不足两个字，例如 \"装 ~how\"，写成 \"安装 ~how\"；运行 xm explain %q 看各项怎么命中", "a common cause: fewer than two characters besides question and time words (~how, ~when), as in \"装 ~how\": write \"安装 ~how\"; run xm explain %q to see how its terms hit", w))
			}
		}
	}
}

// patternCompiles reports whether every term of a pattern is one the
// matcher compiles: literal text not empty once normalised, a concept
// with members.
func patternCompiles(terms []bot.Term, defs map[string][]string) bool {
	for _, t := range allChoices(terms) {
		switch t.Kind {
		case bot.TermText:
			if bot.Normalize(t.Text) == "" {
				return false
			}
		case bot.TermConcept:
			if len(defs[t.Text]) == 0 {
				return false
			}
		}
	}
	return true
}

// lonelyTerm returns a literal term that, asked alone, does not hit as a
// whole word that counts.
func lonelyTerm(b *bot.Bundle, terms []bot.Term) (bot.Term, bool) {
	for _, t := range allChoices(terms) {
		if t.Kind != bot.TermText {
			continue
		}
		if !hitsWhole(b, t.Text) {
			return t, true
		}
	}
	return bot.Term{}, false
}

// hitsWhole asks the matcher q alone and reports whether a hit that
// counts covers all of it.
func hitsWhole(b *bot.Bundle, q string) bool {
	tr := b.Explain(q, bot.Context{}, nil)
	n := bot.Normalize(q)
	for _, h := range tr.Hits {
		if h.Keyword == n && !h.Shielded {
			return true
		}
	}
	return false
}

// expansionsAlive checks each plain pattern a pattern with choices stands
// for (元|块: the one with 元 and the one with 块), and returns the
// plainest wording of the first that never matches.
func expansionsAlive(b *bot.Bundle, s *schema.Script, pat string, terms []bot.Term, defs map[string][]string) (string, bool) {
	for _, plain := range bot.ExpandPattern(terms) {
		if w, ok := patternAlive(b, s, pat, plain, defs); !ok {
			return w, false
		}
	}
	return "", true
}

// patternAlive asks the matcher the pattern's plainest wordings: its terms
// in order, directly and with a filler between them, each concept by a
// few of its members. It returns the first wording tried.
func patternAlive(b *bot.Bundle, s *schema.Script, pat string, terms []bot.Term, defs map[string][]string) (string, bool) {
	first := ""
	for pick := range 3 {
		for _, sep := range []string{"", "哦"} {
			var parts []string
			for _, t := range terms {
				switch t.Kind {
				case bot.TermText:
					parts = append(parts, t.Text)
				case bot.TermNumber:
					parts = append(parts, "3")
				case bot.TermConcept:
					ms := defs[t.Text]
					parts = append(parts, ms[pick%len(ms)])
				}
			}
			q := strings.Join(parts, sep)
			if first == "" {
				first = q
			}
			for _, c := range b.Explain(q, bot.Context{}, nil).Candidates {
				for _, mp := range c.Patterns {
					if c.Script == s.ID && mp == pat {
						return first, true
					}
				}
			}
		}
	}
	return first, false
}
