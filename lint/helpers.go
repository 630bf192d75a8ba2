package lint

import (
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/compile"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/schema"
)

// replySite is one reply text in the project and where it is.
type replySite struct {
	Text   string
	File   *schema.File
	Node   *yaml.Node // the reply's scalar
	Path   string
	Owner  string // a script or trigger id, or handoff / fallback
	Script *schema.Script
	Trig   *schema.Trigger
}

// replies lists every reply: scripts, triggers, the handoff and fallback.
func (p *Pass) replies() []replySite {
	var out []replySite
	m := p.Project.Manifest
	if m != nil && m.Node != nil {
		if m.Handoff != nil {
			if h := schema.Field(m.Node, "handoff"); h != nil {
				out = append(out, replySite{Text: m.Handoff.Reply, File: m.File, Node: schema.Field(h, "reply"), Path: "handoff.reply", Owner: "handoff"})
			}
		}
		if m.Fallback != nil {
			if f := schema.Field(m.Node, "fallback"); f != nil {
				out = append(out, replySite{Text: m.Fallback.Reply, File: m.File, Node: schema.Field(f, "reply"), Path: "fallback.reply", Owner: "fallback"})
			}
		}
	}
	for _, s := range p.Project.Scripts {
		// An extension's reply is written in the seller's file.
		f, entry, path := s.Setting("reply")
		node := schema.Field(entry, "reply")
		if node == nil {
			node = entry
		}
		out = append(out, replySite{Text: s.Reply, File: f, Node: node, Path: path + ".reply", Owner: s.ID, Script: s})
	}
	for _, t := range p.Project.Triggers {
		out = append(out, replySite{Text: t.Reply, File: t.File, Node: t.Field("reply"), Path: t.Path("reply"), Owner: t.ID, Trig: t})
	}
	return out
}

// ReportAt records a finding at byte offset off (length n) inside the
// text of scalar node, pointing at the exact characters when the scalar is
// written on one line (plain or quoted), else at the scalar.
func (p *Pass) ReportAt(f *schema.File, node *yaml.Node, text string, off, n int, path string, msg, hint i18n.Text) {
	p.Report(f, node, path, msg, hint)
	d := &p.out[len(p.out)-1]
	if node == nil || node.Kind != yaml.ScalarNode || strings.Contains(node.Value, "\n") ||
		node.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 || node.Value != text || off < 0 || off+n > len(text) {
		return
	}
	quote := 0
	if node.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		quote = 1
	}
	// Escapes ("\e", '') make the value differ from the source: narrow the
	// position only when the source holds the text verbatim up to the span.
	line, ok := f.Line(node.Line)
	start := byteOffset(line, node.Column-1+quote)
	if !ok || start < 0 || !strings.HasPrefix(line[start:], text[:off+n]) {
		return
	}
	col := node.Column + quote + utf8.RuneCountInString(text[:off])
	d.Line, d.Column = node.Line, col
	d.EndLine, d.EndColumn = node.Line, col+utf8.RuneCountInString(text[off:off+n])
}

// bundle compiles the project once per run, for the rules that ask the
// real matcher (keyword-overlap, example-misroute).
func (p *Pass) bundle() *bot.Bundle {
	if p.shared.bundle == nil && !p.shared.bundleFailed {
		b, err := compile.Build(p.Project)
		if err != nil && p.Project.Manifest != nil {
			// An unknown timezone (time-window reports it) must not switch
			// off the rules that need the matcher: compile with the default.
			proj := *p.Project
			m := *proj.Manifest
			m.Shop.Timezone = schema.DefaultTimezone
			proj.Manifest = &m
			b, err = compile.Build(&proj)
		}
		if err != nil {
			p.shared.bundleFailed = true
			return nil
		}
		p.shared.bundle = b
	}
	return p.shared.bundle
}

// asker answers questions with the project's bundle, each distinct
// normalised text once (the same keyword in 50,000 scripts is one
// question), with its own working memory.
type asker struct {
	b    *bot.Bundle
	sc   *bot.Scratch
	seen map[string]bot.Answer
}

// asker returns nil when the project does not compile.
func (p *Pass) asker() *asker {
	b := p.bundle()
	if b == nil {
		return nil
	}
	return &asker{b: b, sc: b.NewScratch(), seen: map[string]bot.Answer{}}
}

func (a *asker) ask(q string) bot.Answer {
	key := bot.Normalize(q)
	ans, ok := a.seen[key]
	if !ok {
		ans = a.b.AnswerWith(a.sc, q, bot.Context{})
		a.seen[key] = ans
	}
	return ans
}

// shared is what the rules of one run compute once.
type shared struct {
	bundle       *bot.Bundle
	bundleFailed bool
}

// hasFigure reports whether s carries a number, a range or a date: an
// Arabic or full-width digit, or a Chinese numeral.
func hasFigure(s string) bool {
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= '０' && r <= '９':
			return true
		case strings.ContainsRune("〇一二三四五六七八九十百千万两半", r):
			return true
		}
	}
	return false
}

// byteOffset returns the byte offset of the rune at index col of line, or
// -1 past the end.
func byteOffset(line string, col int) int {
	n := 0
	for i := range line {
		if n == col {
			return i
		}
		n++
	}
	if n == col {
		return len(line)
	}
	return -1
}

// ownScript returns the project's own script (not a pack's) with that id.
func (p *Pass) ownScript(id string) *schema.Script {
	for _, s := range p.Project.Scripts {
		if s.ID == id && s.File.Pack == "" {
			return s
		}
	}
	return nil
}

// addedItem finds, among the items a seller's extensions added to script
// s's list key, the first whose text match accepts, and says where it is
// written: a finding a pack script draws because of it belongs there.
func addedItem(s *schema.Script, key string, match func(string) bool) (f *schema.File, n *yaml.Node, path string, ok bool) {
	if len(s.Extensions) == 0 {
		return nil, nil, "", false
	}
	for i, w := range s.List(key) {
		if f, n, path := s.Item(key, i); f.Pack == "" && match(w) {
			return f, n, path, true
		}
	}
	return nil, nil, "", false
}

// winningItem finds the keyword or pattern of script s that answer a
// came from, when a seller's extension added it.
func winningItem(b *bot.Bundle, s *schema.Script, a bot.Answer) (f *schema.File, n *yaml.Node, path, word string, ok bool) {
	switch {
	case a.Keyword >= 0:
		word = b.Pattern(a.Keyword)
		nw := bot.Normalize(word)
		f, n, path, ok = addedItem(s, "keywords", func(k string) bool { return bot.Normalize(k) == nw })
	case a.Pattern >= 0:
		word = b.Patterns[a.Pattern].Text
		f, n, path, ok = addedItem(s, "patterns", func(p string) bool { return p == word })
	}
	return f, n, path, word, ok
}

// blockingExclude finds an exclude word a seller's extension added to
// script s that question q contains.
func blockingExclude(s *schema.Script, q string) (f *schema.File, n *yaml.Node, path, word string, ok bool) {
	nq := bot.Normalize(q)
	f, n, path, ok = addedItem(s, "exclude", func(w string) bool {
		nw := bot.Normalize(w)
		if _, concept := bot.ConceptRef(w); concept || nw == "" || !strings.Contains(nq, nw) {
			return false
		}
		word = w
		return true
	})
	return f, n, path, word, ok
}

// The hints for a word a seller's extension added to a pack script that
// takes another pack script's keyword or example, and for an exclude word
// that blocks the script's own: one wording for every rule that finds
// them.
var hintAddedExclude = i18n.T("换一个更具体的排除词", "use a more specific exclude word")

func hintAddedWording(victim string) i18n.Text {
	return i18n.F("删掉它，或换一个 %s 的买家不会说的、更具体的说法", "drop it, or use a more specific wording that %s's buyers do not say", victim)
}
