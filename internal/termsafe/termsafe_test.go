package termsafe

import (
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	for in, want := range map[string]string{
		"M码多大":                  "M码多大",
		"\x1b]0;PWNED\a\x1b[2J": "␛]0;PWNED␇␛[2J",
		"a\tb\r\nc\x7f":         "a\tb␍␊c␡",
		"\xfe货\u202e吗\u009b":    "\ufffd货\ufffd吗\ufffd",
	} {
		if got := String(in); got != want {
			t.Errorf("String(%q) = %q, want %q", in, got, want)
		}
	}
	var b strings.Builder
	Writer{&b}.Write([]byte("q.txt:1  \x1b[31m红\n"))
	if b.String() != "q.txt:1  ␛[31m红\n" {
		t.Errorf("Writer: %q", b.String())
	}
}

func FuzzString(f *testing.F) {
	f.Add("\x1b]0;x\a")
	f.Fuzz(func(t *testing.T, s string) {
		out := String(s)
		if needs(out, false) {
			t.Fatalf("String(%q) = %q still unsafe", s, out)
		}
		if len([]rune(out)) != len([]rune(s)) && strings.ToValidUTF8(s, "\ufffd") == s {
			t.Fatalf("String(%q) changed the character count", s)
		}
	})
}
