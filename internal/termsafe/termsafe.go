// Package termsafe makes text that came from buyers, logs or files safe to
// print on a terminal: a control character (ESC starts sequences that set
// the window title, clear the screen or fake output), a bidirectional
// override or an invalid UTF-8 byte is shown as a visible character in its
// place, one for one, so columns and carets still line up.
package termsafe

import (
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// String returns s with every control character but tab shown as its
// Unicode control picture (ESC as ␛, BEL as ␇, DEL as ␡, a line feed as ␊),
// and C1 controls, bidirectional overrides and invalid bytes as U+FFFD.
func String(s string) string { return clean(s, false) }

func clean(s string, keepNewline bool) string {
	if !needs(s, keepNewline) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(utf8.RuneError)
		case r == '\t' || (r == '\n' && keepNewline):
			b.WriteRune(r)
		case r < 0x20:
			b.WriteRune(0x2400 + r)
		case r == 0x7f:
			b.WriteRune(0x2421)
		case unsafe(r):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func unsafe(r rune) bool {
	return (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

func needs(s string, keepNewline bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\t' && !(c == '\n' && keepNewline)) || c == 0x7f {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size <= 1) || unsafe(r) {
			return true
		}
		i += size
	}
	return false
}

// Writer passes text through String, keeping line feeds, for commands
// whose whole text output is plain (no colour codes of their own). Each
// Write must hold whole characters, as fmt's do.
type Writer struct{ W io.Writer }

func (w Writer) Write(p []byte) (int, error) {
	s := clean(string(p), true)
	if _, err := io.WriteString(w.W, s); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Cells counts the terminal cells s takes: East Asian wide and full-width
// characters take two, so carets and aligned columns land right under
// Chinese text.
func Cells(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
