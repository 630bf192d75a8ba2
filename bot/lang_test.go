package bot

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParsePattern(t *testing.T) {
	for _, tc := range []struct {
		in     string
		want   string // kinds and texts, "t:满 n c:when"
		reason string
	}{
		{in: "满 {n} 减 {n}", want: "t:满 n t:减 n"},
		{in: "~when  ~ship", want: "c:when c:ship"},
		{in: "～when ｛n｝", want: "c:when n"},
		{in: "", reason: "empty"},
		{in: " \t ", reason: "empty"},
		{in: "~When", reason: "concept-name"},
		{in: "~", reason: "concept-name"},
		{in: "满 {num}", reason: "braces"},
		{in: "a b c d e f g h i", reason: "too-many"},
	} {
		terms, err := ParsePattern(tc.in)
		var pe *PatternError
		if tc.reason != "" {
			if !errors.As(err, &pe) || pe.Reason != tc.reason {
				t.Errorf("ParsePattern(%q) = %v, want reason %s", tc.in, err, tc.reason)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParsePattern(%q): %v", tc.in, err)
			continue
		}
		var got []string
		for _, term := range terms {
			switch term.Kind {
			case TermText:
				got = append(got, "t:"+term.Text)
			case TermConcept:
				got = append(got, "c:"+term.Text)
			case TermNumber:
				got = append(got, "n")
			}
		}
		if g := strings.Join(got, " "); g != tc.want {
			t.Errorf("ParsePattern(%q) = %s, want %s", tc.in, g, tc.want)
		}
	}
}

// FuzzParsePattern: any input parses or says why, never panics; terms are
// in order, at most MaxPatternTerms, each found at its offset.
func FuzzParsePattern(f *testing.F) {
	for _, s := range []string{"满 {n} 减 {n}", "~when ~ship", "~size 还是 ~size", "", "{", "~", "～when ｛n｝", "a b c d e f g h i", "\xff ~a", "{n}{n}", "~a-1 \u3000 x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		terms, err := ParsePattern(s)
		if err != nil {
			var pe *PatternError
			if !errors.As(err, &pe) || pe.Offset < 0 || pe.Offset > len(s) {
				t.Fatalf("ParsePattern(%q): %v", s, err)
			}
			return
		}
		if len(terms) == 0 || len(terms) > MaxPatternTerms {
			t.Fatalf("ParsePattern(%q): %d terms", s, len(terms))
		}
		last := -1
		for _, term := range terms {
			if term.Offset <= last || term.Offset >= len(s) {
				t.Fatalf("ParsePattern(%q): term %+v out of order", s, term)
			}
			last = term.Offset
			switch term.Kind {
			case TermConcept:
				if !ValidConceptName(term.Text) {
					t.Fatalf("ParsePattern(%q): concept %q", s, term.Text)
				}
			case TermText:
				if term.Text == "" || !strings.HasPrefix(s[term.Offset:], term.Text) {
					t.Fatalf("ParsePattern(%q): text %q not at %d", s, term.Text, term.Offset)
				}
			}
		}
		_ = utf8.ValidString(s)
	})
}
