package compile

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/schema"
)

func TestLibraryParses(t *testing.T) {
	lib, err := ParseLibrary(libraryText)
	if err != nil {
		t.Fatal(err)
	}
	if len(lib) < 60 {
		t.Errorf("the library has %d concepts, want at least 60", len(lib))
	}
	for _, name := range []string{bot.ConceptGreeting, bot.ConceptThanks, bot.ConceptAck, bot.ConceptNegator, bot.ConceptShield, bot.ConceptComplaint} {
		if _, ok := LibraryConcept(name); !ok {
			t.Errorf("the library lacks the reserved concept %s", name)
		}
	}
}

func TestParseLibraryErrors(t *testing.T) {
	for _, tc := range []struct{ in, reason string }{
		{"  a b\n", "a continuation line before any concept"},
		{"Bad: x\n", "want name: members"},
		{"a: x\na: y\n", "concept a defined twice"},
		{"a: ~b\n", "concept a names unknown ~b"},
	} {
		_, err := ParseLibrary([]byte(tc.in))
		var le *LibraryError
		if !errors.As(err, &le) || le.Reason != tc.reason {
			t.Errorf("ParseLibrary(%q) = %v, want %q", tc.in, err, tc.reason)
		}
	}
}

// FuzzParseLibrary: any input parses or names a line, never panics; every
// concept has a valid name, members without spaces, and ~refs that exist.
func FuzzParseLibrary(f *testing.F) {
	f.Add(string(libraryText))
	for _, s := range []string{"# 问时间 | asking when\nwhen: 什么时候 ~how-long\nhow-long: 多久\n  几天\n", "a: b\n\tc\r\nd: ~a", "  x\n", ":\n", "a:\n", "a: ~a\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lib, err := ParseLibrary([]byte(s))
		if err != nil {
			var le *LibraryError
			if !errors.As(err, &le) || le.Line < 1 || le.Line > strings.Count(s, "\n")+1 {
				t.Fatalf("ParseLibrary(%q): %v", s, err)
			}
			return
		}
		names := map[string]bool{}
		for _, c := range lib {
			if !bot.ValidConceptName(c.Name) || names[c.Name] {
				t.Fatalf("ParseLibrary(%q): concept %q", s, c.Name)
			}
			names[c.Name] = true
		}
		for _, c := range lib {
			for _, m := range c.Members {
				if m == "" || strings.ContainsAny(m, " \t\n") {
					t.Fatalf("ParseLibrary(%q): member %q of %s", s, m, c.Name)
				}
				if ref, ok := bot.ConceptRef(m); ok && !names[ref] {
					t.Fatalf("ParseLibrary(%q): %s names unknown ~%s", s, c.Name, ref)
				}
			}
		}
	})
}

// A member written with 什么, 怎么 or 没有 also matches the spellings
// buyers use for them (啥/神马, 咋/肿么, 木有/没得), and one ending in 吗
// also ends in 么 or 伐; a can-question written with 能 or 可以 is also
// asked 能不能… and 可不可以…. Left out: a spelling of one character (咋),
// 么 or 偶 where it makes another word (要么, 玩偶), 可能 and 功能 (no
// can-questions) and 能X不, the start of the statement 能X不了.
func TestConceptSpellings(t *testing.T) {
	for _, tc := range []struct {
		members, want, notWant []string
	}{
		{
			members: []string{"什么态度", "怎么", "没有效果", "好装吗", "要吗", "这个价", "什么时候生产", "给我解决", "玩我呢"},
			want:    []string{"什么态度", "啥态度", "神马态度", "怎么", "肿么", "没有效果", "木有效果", "没得效果", "好装么", "好装伐", "要伐", "介个价", "几时生产", "多会儿生产", "给偶解决"},
			notWant: []string{"咋", "玩偶呢", "要么"},
		},
		{
			members: []string{"能退吗", "自己能装", "可以下单吗", "功能多"},
			want:    []string{"能不能退", "自己能不能装", "可不可以下单"},
			notWant: []string{"功能不能多", "能退不"},
		},
	} {
		p := &schema.Project{Concepts: []*schema.Concept{{Name: "ask", Members: tc.members}}}
		got := Concepts(p)["ask"]
		for _, w := range tc.want {
			if !slices.Contains(got, w) {
				t.Errorf("%v: lacks %s: %v", tc.members, w, got)
			}
		}
		for _, w := range tc.notWant {
			if slices.Contains(got, w) {
				t.Errorf("%v: has %s: %v", tc.members, w, got)
			}
		}
	}
}
