package lint

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/compile"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/schema"
)

// conceptRef is one place a project names a concept as ~name: a keyword,
// a require or exclude word, a pattern term, a handoff or urgent keyword,
// or a concept's member.
type conceptRef struct {
	Name string
	File *schema.File
	Node *yaml.Node // the scalar it is written in
	Text string     // the scalar's text
	Off  int        // the ~name's byte offset in Text
	Len  int        // and its length
	Path string
	// Script is the script whose keyword, require, exclude or pattern it
	// is; nil for a handoff keyword or a concept's member. Concept is the
	// concept whose member it is.
	Script  *schema.Script
	Field   string // keywords, require, exclude, patterns, handoff.keywords, handoff.urgent or concepts
	Concept *schema.Concept
}

// report records a finding at the ~name itself when its column can be
// computed, else at the scalar.
func (r conceptRef) report(p *Pass, msg, hint i18n.Text) {
	p.ReportAt(r.File, r.Node, r.Text, r.Off, r.Len, r.Path, msg, hint)
}

// item returns seq's i-th node, or seq when it has none.
func item(seq *yaml.Node, i int) *yaml.Node {
	if seq != nil && seq.Kind == yaml.SequenceNode && i < len(seq.Content) {
		return seq.Content[i]
	}
	return seq
}

// wordSite is one word a project writes outside patterns: a keyword, a
// require or exclude word, a handoff or urgent keyword, or a concept's
// member.
type wordSite struct {
	Text    string
	File    *schema.File
	Node    *yaml.Node
	Path    string
	Script  *schema.Script  // the script whose word it is, or nil
	Field   string          // keywords, require, exclude, handoff.keywords, handoff.urgent or concepts
	Concept *schema.Concept // the concept whose member it is, or nil
}

// scriptWords lists a script's keywords, require and exclude words.
func scriptWords(s *schema.Script) []wordSite {
	var out []wordSite
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
			f, node, path := s.Item(field, i)
			out = append(out, wordSite{Text: w, File: f, Node: node, Path: path, Script: s, Field: field})
		}
	}
	return out
}

// otherWords lists the handoff and urgent keywords of xm.yaml, then the
// concepts' members.
func (p *Pass) otherWords() []wordSite {
	var out []wordSite
	if m := p.Project.Manifest; m != nil && m.Handoff != nil {
		h := schema.Field(m.Node, "handoff")
		for _, f := range []struct {
			key   string
			words []string
		}{{"keywords", m.Handoff.Keywords}, {"urgent", m.Handoff.Urgent}} {
			seq := schema.Field(h, f.key)
			if seq == nil {
				continue
			}
			for i, w := range f.words {
				out = append(out, wordSite{Text: w, File: m.File, Node: item(seq, i), Path: "handoff." + f.key + "[" + strconv.Itoa(i) + "]", Field: "handoff." + f.key})
			}
		}
	}
	for _, c := range p.Project.Concepts {
		for i, m := range c.Members {
			out = append(out, wordSite{Text: m, File: c.File, Node: item(c.Node, i), Path: "concepts." + c.Name + "[" + strconv.Itoa(i) + "]", Field: "concepts", Concept: c})
		}
	}
	return out
}

// conceptRefs lists every ~name the project writes, in file order.
// Patterns that do not parse name nothing (pattern-syntax reports them).
func (p *Pass) conceptRefs() []conceptRef {
	var out []conceptRef
	word := func(w wordSite) {
		if name, ok := bot.ConceptRef(w.Text); ok {
			t := strings.TrimSpace(w.Text)
			out = append(out, conceptRef{Name: name, File: w.File, Node: w.Node, Text: w.Text, Off: strings.Index(w.Text, t),
				Len: len(t), Path: w.Path, Script: w.Script, Field: w.Field, Concept: w.Concept})
		}
	}
	for _, s := range p.Project.Scripts {
		for _, w := range scriptWords(s) {
			word(w)
		}
		for i, pat := range s.Patterns {
			terms, err := bot.ParsePattern(pat)
			if err != nil {
				continue
			}
			f, node, path := s.Item("patterns", i)
			for _, t := range allChoices(terms) {
				if t.Kind != bot.TermConcept {
					continue
				}
				out = append(out, conceptRef{Name: t.Text, File: f, Node: node, Text: pat, Off: t.Offset,
					Len: len(termWord(pat, t.Offset)), Path: path, Script: s, Field: "patterns"})
			}
		}
	}
	for _, w := range p.otherWords() {
		word(w)
	}
	return out
}

// termWord is the space-free word of pattern pat that starts at off.
func termWord(pat string, off int) string {
	w := pat[off:]
	if i := strings.IndexFunc(w, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(bot.ChoiceSeparators, r) }); i >= 0 {
		w = w[:i]
	}
	return w
}

// conceptNames lists the concepts the project can name: xm's library and
// the project's own, library first.
func (p *Pass) conceptNames() []string {
	var names []string
	seen := map[string]bool{}
	for _, c := range compile.Library() {
		names = append(names, c.Name)
		seen[c.Name] = true
	}
	for _, c := range p.Project.Concepts {
		if !seen[c.Name] {
			names = append(names, c.Name)
			seen[c.Name] = true
		}
	}
	return names
}

// oneChar reports whether s is a single character once normalised.
func oneChar(s string) bool {
	return utf8.RuneCountInString(bot.Normalize(s)) == 1
}
