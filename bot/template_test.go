package bot

import (
	"strings"
	"testing"
)

func TestTemplates(t *testing.T) {
	static := func(n string) (string, bool) {
		switch n {
		case "ship_hours":
			return "48", true
		case "loop":
			return "{{loop}}", true // a value is inserted as it is, never expanded again
		}
		return "", false
	}
	for _, tc := range []struct{ in, want string }{
		{"付款后 {{ship_hours}} 小时内发货", "付款后 48 小时内发货"},
		{"{{ ship_hours }}h", "48h"},
		{"单号 {{order.tracking_no}}", "单号 SF1"},
		{"{{loop}} 不会展开", "{{loop}} 不会展开"},
		{"没有闭合 {{ship_hours", "没有闭合 {{ship_hours"},
		{"{{}}", "{{}}"},
		{"", ""},
	} {
		got := string(compileTemplate(tc.in, static).render(nil, func(n string) (string, bool) {
			if n == "order.tracking_no" {
				return "SF1", true
			}
			return "", false
		}))
		if got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzTemplate renders arbitrary replies: no panic, and a reply without
// braces comes out as it went in.
func FuzzTemplate(f *testing.F) {
	for _, s := range []string{"付款后 {{ship_hours}} 小时", "{{", "}}{{", "{{ a }}{{b}}", "{{{{x}}}}", "\xff{{\x00}}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		refs, _ := ParseRefs(s)
		for _, r := range refs {
			if r.Start < 0 || r.End > len(s) || r.Start >= r.End {
				t.Fatalf("ref %+v outside %q", r, s)
			}
		}
		out := string(compileTemplate(s, func(n string) (string, bool) { return "v", n == "a" }).render(nil, nil))
		if !strings.Contains(s, "{{") && out != s {
			t.Fatalf("%q rendered as %q", s, out)
		}
	})
}
