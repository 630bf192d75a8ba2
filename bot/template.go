package bot

import (
	"strings"
)

// A reply template is literal text with {{name}} references. At compile
// time every name the project defines (vars, shop.name) is substituted,
// so what is left are the names only the serving platform knows (order
// fields) and the clock (today, now). Values are inserted as they are:
// nothing in them is expanded again, so a template cannot loop, and
// nothing is executed.

// Ref is one {{name}} in a reply, with its byte range.
type Ref struct {
	Name       string
	Start, End int
}

// ParseRefs lists the {{name}} references in s. ok is false when a "{{"
// never closes; the references before it are still returned.
func ParseRefs(s string) (refs []Ref, ok bool) {
	for i := 0; ; {
		j := strings.Index(s[i:], "{{")
		if j < 0 {
			return refs, true
		}
		j += i
		k := strings.Index(s[j+2:], "}}")
		if k < 0 {
			return refs, false
		}
		k += j + 2
		refs = append(refs, Ref{Name: strings.TrimSpace(s[j+2 : k]), Start: j, End: k + 2})
		i = k + 2
	}
}

// segment is a piece of a compiled template: literal text, or a name to
// fill in at answer time.
type segment struct {
	lit  string
	name string // "" for literal
}

// Template is a reply with the project's own names already filled in;
// Bundle.Render fills in the rest.
type Template []segment

// compileTemplate substitutes the names static can resolve and keeps the
// others for render time. An unclosed "{{" stays literal text.
func compileTemplate(s string, static func(string) (string, bool)) Template {
	var t Template
	var lit strings.Builder
	refs, _ := ParseRefs(s)
	last := 0
	for _, r := range refs {
		lit.WriteString(s[last:r.Start])
		last = r.End
		if r.Name == "" {
			lit.WriteString(s[r.Start:r.End]) // {{}} names nothing: keep it visible
			continue
		}
		if v, ok := static(r.Name); ok {
			lit.WriteString(v)
			continue
		}
		if lit.Len() > 0 {
			t = append(t, segment{lit: lit.String()})
			lit.Reset()
		}
		t = append(t, segment{name: r.Name})
	}
	lit.WriteString(s[last:])
	if lit.Len() > 0 || len(t) == 0 {
		t = append(t, segment{lit: lit.String()})
	}
	return t
}

// render appends the template to dst, asking value for the dynamic names;
// a name without a value is left visible as {{name}}, never blanked.
func (t Template) render(dst []byte, value func(string) (string, bool)) []byte {
	for _, s := range t {
		if s.name == "" {
			dst = append(dst, s.lit...)
			continue
		}
		if value != nil {
			if v, ok := value(s.name); ok {
				dst = append(dst, v...)
				continue
			}
		}
		dst = append(dst, "{{"...)
		dst = append(dst, s.name...)
		dst = append(dst, "}}"...)
	}
	return dst
}
