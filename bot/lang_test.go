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
		{in: "{n} 元|块 件｜~count", want: "n (t:元|t:块) (t:件|c:count)"},
		{in: "{n}|几 件", want: "(n|t:几) t:件"},
		{in: "元|", reason: "choice-empty"},
		{in: "|块", reason: "choice-empty"},
		{in: "元||块", reason: "choice-empty"},
		{in: "元|~Unit", reason: "concept-name"},
		{in: "元|{x}", reason: "braces"},
		{in: "a|b|c|d a|b|c|d a|b|c|d e|f", reason: "too-many-choices"},
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
			got = append(got, termString(term))
		}
		if g := strings.Join(got, " "); g != tc.want {
			t.Errorf("ParsePattern(%q) = %s, want %s", tc.in, g, tc.want)
		}
	}
}

// termString writes a parsed term for the tests: t:满, c:when, n, and
// (t:元|t:块) for a choice.
func termString(term Term) string {
	switch term.Kind {
	case TermText:
		return "t:" + term.Text
	case TermConcept:
		return "c:" + term.Text
	case TermNumber:
		return "n"
	}
	var alts []string
	for _, a := range term.Alts {
		alts = append(alts, termString(a))
	}
	return "(" + strings.Join(alts, "|") + ")"
}

// TestExpandPattern: a pattern with choices stands for one plain pattern
// each way of picking, in order; one without stands for itself.
func TestExpandPattern(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"满 {n} 减 {n}", []string{"t:满 n t:减 n"}},
		{"{n} 元|块 件|~count", []string{"n t:元 t:件", "n t:元 c:count", "n t:块 t:件", "n t:块 c:count"}},
		{"还要|也要 ~freight", []string{"t:还要 c:freight", "t:也要 c:freight"}},
	} {
		terms, err := ParsePattern(tc.in)
		if err != nil {
			t.Fatalf("ParsePattern(%q): %v", tc.in, err)
		}
		var got []string
		for _, plain := range ExpandPattern(terms) {
			var ws []string
			for _, term := range plain {
				ws = append(ws, termString(term))
			}
			got = append(got, strings.Join(ws, " "))
		}
		if strings.Join(got, "; ") != strings.Join(tc.want, "; ") {
			t.Errorf("ExpandPattern(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if n := PlainPatterns(tc.in); n != len(tc.want) {
			t.Errorf("PlainPatterns(%q) = %d, want %d", tc.in, n, len(tc.want))
		}
	}
}

// TestPatternWords: a pattern's words, a choice's alternatives apart; a
// pattern that does not parse stands for no plain pattern.
func TestPatternWords(t *testing.T) {
	if got := strings.Join(PatternWords("{n} 元|块  件｜~count"), " "); got != "{n} 元 块 件 ~count" {
		t.Errorf("PatternWords = %q", got)
	}
	if n := PlainPatterns("元||块"); n != 0 {
		t.Errorf("PlainPatterns of a broken pattern = %d, want 0", n)
	}
}

// FuzzParsePattern: any input parses or says why, never panics; terms are
// in order, at most MaxPatternTerms, each found at its offset.
func FuzzParsePattern(f *testing.F) {
	for _, s := range []string{"满 {n} 减 {n}", "~when ~ship", "~size 还是 ~size", "", "{", "~", "～when ｛n｝", "a b c d e f g h i", "\xff ~a", "{n}{n}", "~a-1 \u3000 x", "{n} 元|块 件｜~count", "元||块", "|", "a|b|c|d a|b|c|d a|b|c|d e|f"} {
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
		plain := 1
		for _, whole := range terms {
			if whole.Offset <= last || whole.Offset >= len(s) {
				t.Fatalf("ParsePattern(%q): term %+v out of order", s, whole)
			}
			plain *= len(whole.Choices())
			for _, term := range whole.Choices() {
				if term.Offset < whole.Offset || term.Offset >= len(s) || term.Offset < last {
					t.Fatalf("ParsePattern(%q): alternative %+v out of order", s, term)
				}
				last = term.Offset
				switch term.Kind {
				case TermConcept:
					if !ValidConceptName(term.Text) {
						t.Fatalf("ParsePattern(%q): concept %q", s, term.Text)
					}
				case TermText:
					if term.Text == "" || !strings.HasPrefix(s[term.Offset:], term.Text) || strings.ContainsAny(term.Text, "|｜") {
						t.Fatalf("ParsePattern(%q): text %q not at %d", s, term.Text, term.Offset)
					}
				case TermChoice:
					t.Fatalf("ParsePattern(%q): a choice inside a choice", s)
				}
			}
		}
		if plain > MaxPatternExpansions || len(ExpandPattern(terms)) != plain {
			t.Fatalf("ParsePattern(%q): %d plain patterns", s, plain)
		}
		_ = utf8.ValidString(s)
	})
}
