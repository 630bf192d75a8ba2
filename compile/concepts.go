package compile

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/schema"
)

// concepts.txt is xm's built-in concept library: one concept an entry,
// "name: member member ~other", members continuing on indented lines,
// the comment line directly above an entry its description
// ("中文 | English").
//
//go:embed concepts.txt
var libraryText []byte

// Concept is one concept of the library.
type Concept struct {
	Name    string
	Doc     i18n.Text
	Members []string // literal text, or ~name of another concept
	Line    int
}

// LibraryError is a line of a concept file that does not parse.
type LibraryError struct {
	Line   int
	Reason string
}

func (e *LibraryError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// ParseLibrary reads a concept file in the library's format.
func ParseLibrary(src []byte) ([]Concept, error) {
	var out []Concept
	seen := map[string]bool{}
	lastComment := ""
	lines := strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n")
	for i, line := range lines {
		n := i + 1
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
			lastComment = ""
			continue
		case strings.HasPrefix(trimmed, "#"):
			lastComment = strings.TrimSpace(strings.TrimPrefix(trimmed, "#"))
			continue
		case line[0] == ' ' || line[0] == '\t':
			if len(out) == 0 {
				return nil, &LibraryError{n, "a continuation line before any concept"}
			}
			out[len(out)-1].Members = append(out[len(out)-1].Members, strings.Fields(trimmed)...)
			continue
		}
		name, rest, ok := strings.Cut(trimmed, ":")
		name = strings.TrimSpace(name)
		if !ok || !bot.ValidConceptName(name) {
			return nil, &LibraryError{n, "want name: members"}
		}
		if seen[name] {
			return nil, &LibraryError{n, "concept " + name + " defined twice"}
		}
		seen[name] = true
		c := Concept{Name: name, Members: strings.Fields(rest), Line: n}
		zh, en, _ := strings.Cut(lastComment, "|")
		c.Doc = i18n.Text{ZH: strings.TrimSpace(zh), EN: strings.TrimSpace(en)}
		if c.Doc.EN == "" {
			c.Doc.EN = c.Doc.ZH
		}
		out = append(out, c)
		lastComment = ""
	}
	for _, c := range out {
		for _, m := range c.Members {
			if ref, ok := bot.ConceptRef(m); ok && !seen[ref] {
				return nil, &LibraryError{c.Line, "concept " + c.Name + " names unknown ~" + ref}
			}
			if strings.IndexFunc(m, unicode.IsSpace) >= 0 {
				return nil, &LibraryError{c.Line, "a member with a space"}
			}
		}
	}
	return out, nil
}

var library = sync.OnceValues(func() ([]Concept, error) { return ParseLibrary(libraryText) })

// Library is xm's built-in concept library, in the file's order.
func Library() []Concept {
	lib, err := library()
	if err != nil {
		panic("compile: the built-in concept library does not parse: " + err.Error()) // a test keeps this unreachable
	}
	return lib
}

// LibraryConcept returns the built-in concept name.
func LibraryConcept(name string) (Concept, bool) {
	for _, c := range Library() {
		if c.Name == name {
			return c, true
		}
	}
	return Concept{}, false
}

// Concepts resolves the concepts a project sees: the library's, replaced
// by the project's own of the same name (a project concept that lists
// ~itself extends the built-in one), with every ~name expanded into
// literal members. Unknown names and cycles expand to nothing; lint
// reports them.
func Concepts(p *schema.Project) map[string][]string {
	defs := map[string][]string{}
	base := map[string][]string{}
	for _, c := range Library() {
		defs[c.Name] = c.Members
		base[c.Name] = c.Members
	}
	for _, c := range p.Concepts {
		defs[c.Name] = c.Members
	}
	out := map[string][]string{}
	var expand func(name string, members []string, stack []string) []string
	expand = func(name string, members []string, stack []string) []string {
		var lits []string
		for _, m := range members {
			ref, ok := bot.ConceptRef(m)
			if !ok {
				lits = append(lits, m)
				continue
			}
			switch {
			case ref == name && !slices.Contains(stack[:len(stack)-1], ref):
				// ~itself: the built-in concept of that name.
				if b, ok := base[ref]; ok {
					lits = append(lits, expand(ref, b, append(stack, ref))...)
				}
			case slices.Contains(stack, ref):
				// a cycle: lint's unknown-concept rule names it
			default:
				if d, ok := defs[ref]; ok {
					lits = append(lits, expand(ref, d, append(stack, ref))...)
				}
			}
		}
		return lits
	}
	for name, members := range defs {
		lits := spellings(expand(name, members, []string{name}))
		slices.Sort(lits)
		out[name] = slices.Compact(lits)
	}
	return out
}

// colloquial lists the spellings buyers write for a word that concept
// members spell in full: 啥 and 神马 for 什么, 咋 and 肿么 for 怎么, 木有
// and 没得 for 没有, 多会儿 and 几时 for 什么时候, 介个 for 这个, 偶 for 我
// (only inside longer members, and not where it makes another word:
// 玩我呢 is no 玩偶呢, a doll).
var colloquial = []struct {
	word  string
	forms []string
}{
	{"什么", []string{"啥", "神马"}},
	{"怎么", []string{"咋", "肿么"}},
	{"没有", []string{"木有", "没得"}},
	{"什么时候", []string{"多会儿", "几时"}},
	{"这个", []string{"介个"}},
	{"我", []string{"偶"}},
}

// spellings adds to members each one's colloquial spellings (什么态度:
// 啥态度, 神马态度), one word replaced at a time, so a concept lists a
// member once in full and matches how buyers write it. A spelling of one
// character is left out: only concepts for pattern use hold those. A
// member ending in 吗 also ends in 么 and 伐.
func spellings(members []string) []string {
	out := members
	for _, m := range members {
		// A question ending in 吗 is also written with 么 or 伐 (有货么,
		// 好装伐), except where 么 would make another word (要么, 多么).
		if stem, ok := strings.CutSuffix(m, "吗"); ok && stem != "" {
			if !endsWithAny(stem, "要", "多", "那", "这", "什", "怎") {
				out = append(out, stem+"么")
			}
			out = append(out, stem+"伐")
		}
		out = append(out, canForms(m)...)
		for _, c := range colloquial {
			if !strings.Contains(m, c.word) {
				continue
			}
			for _, f := range c.forms {
				if v := strings.ReplaceAll(m, c.word, f); len([]rune(v)) > 1 && !otherWord(v) {
					out = append(out, v)
				}
			}
		}
	}
	return out
}

// canForms gives the other ways buyers ask a can-question a member writes
// with 能 or 可以 (能退吗, 自己能装): 能不能退, 可不可以退. The word
// must open the member or follow 还, 也, 都, 就 or 自己, so 可能 and 功能 are
// not taken for it.
func canForms(m string) []string {
	var out []string
	for _, w := range []struct{ word, both string }{{"能", "能不能"}, {"可以", "可不可以"}} {
		i := strings.Index(m, w.word)
		if i < 0 || strings.HasPrefix(m[i:], w.both) {
			continue
		}
		before := m[:i]
		if before != "" && !endsWithAny(before, "还", "也", "都", "就", "自己") {
			continue
		}
		rest, _ := strings.CutSuffix(m[i+len(w.word):], "吗")
		if rest == "" || strings.HasPrefix(rest, "不") {
			continue
		}
		// Not 能退不: it is also the start of 能用不了 (cannot), a statement.
		out = append(out, before+w.both+rest)
	}
	return out
}

// otherWord reports whether a spelling holds a word that means something
// else (玩偶, a doll, in 玩我呢 spelt 玩偶呢).
func otherWord(v string) bool {
	return slices.ContainsFunc([]string{"玩偶", "木偶", "配偶", "布偶", "人偶", "偶尔", "偶然", "偶像", "偶数", "偶遇", "偶发"},
		func(w string) bool { return strings.Contains(v, w) })
}

// endsWithAny reports whether s ends with one of the words.
func endsWithAny(s string, words ...string) bool {
	return slices.ContainsFunc(words, func(w string) bool { return strings.HasSuffix(s, w) })
}
