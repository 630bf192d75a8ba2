package schema

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestParserText: what the YAML library is given has every line and
// column where the seller wrote it.
func TestParserText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"%YAML 1.2\n---\na: 1\n", "         \n---\na: 1\n"},
		{"# c\n%YAML 1.1\n---\na: 1\n", "# c\n         \n---\na: 1\n"},
		{"a: &尺码回复 x\nb: *尺码回复\n", "a: &aaaa x\nb: *aaaa\n"},
		{"- &甲 x\n- *甲\n- [*甲, {k: *甲}]\n", "- &a x\n- *a\n- [*a, {k: *a}]\n"},
		{"a: &a x\nb: &甲 y\nc: *甲\n", "a: &a x\nb: &b y\nc: *b\n"},
		{"reply: 满 2 件 *优惠价\n", "reply: 满 2 件 *优惠价\n"}, // no anchor of that name: text
		{"a: \"%YAML 1.2\"\n", "a: \"%YAML 1.2\"\n"},
	} {
		got := string(parserText([]byte(tc.in)))
		if got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
		gl, il := strings.Split(got, "\n"), strings.Split(tc.in, "\n")
		for i := range il {
			if utf8.RuneCountInString(gl[i]) != utf8.RuneCountInString(il[i]) {
				t.Errorf("%q: line %d changed length", tc.in, i+1)
			}
		}
	}
}
