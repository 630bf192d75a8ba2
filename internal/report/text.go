// Package report prints diagnostics for the xm command: text with the
// source line and a caret, JSON, SARIF, GitHub annotations, GitLab Code
// Quality and JUnit. diag owns the diagnostic type; this package only
// writes lists of them.
package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/internal/termsafe"
)

// Sources gives the text of a line of a file, for the excerpt under a
// finding. Line numbers are 1-based.
type Sources interface {
	Line(file string, n int) (string, bool)
}

// TextOptions shape the compiler-style output.
type TextOptions struct {
	Lang  i18n.Lang
	Color bool
	// Dir is prefixed to each file name, so that the names printed are
	// relative to where the user stands, as compilers print them.
	Dir string
}

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[1;31m"
	ansiYellow = "\x1b[1;33m"
	ansiBlue   = "\x1b[1;34m"
	ansiGreen  = "\x1b[32m"
)

// WriteText prints each finding as
//
//	file:line:col: severity: message [rule]
//	    the source line
//	         ^
//	    = help: what to do
func WriteText(w io.Writer, ds []diag.Diagnostic, src Sources, o TextOptions) error {
	var b strings.Builder
	paint := func(code, s string) string {
		if !o.Color {
			return s
		}
		return code + s + ansiReset
	}
	for _, d := range ds {
		b.Reset()
		loc := joinPath(o.Dir, d.File)
		if loc == "" {
			loc = "xm"
		}
		if d.Line > 0 {
			loc += fmt.Sprintf(":%d", d.Line)
			if d.Column > 0 {
				loc += fmt.Sprintf(":%d", d.Column)
			}
		}
		sevColor := ansiRed
		switch d.Severity {
		case diag.Warning:
			sevColor = ansiYellow
		case diag.Info:
			sevColor = ansiBlue
		}
		fmt.Fprintf(&b, "%s: %s: %s [%s]\n", paint(ansiBold, loc), paint(sevColor, d.Severity.Label(o.Lang)), termsafe.String(d.Message.In(o.Lang)), d.Rule)
		if src != nil && d.Line > 0 {
			if line, ok := src.Line(d.File, d.Line); ok {
				line = termsafe.String(strings.TrimRight(line, "\r\n"))
				if len(line) > 300 {
					line = truncateRunes(line, 200) // the caret below is clamped to it
				}
				fmt.Fprintf(&b, "    %s\n", expandTabs(line))
				if d.Column > 0 {
					pad := termsafe.Cells(prefixRunes(expandTabs(line), d.Column-1))
					marks := "^"
					if d.EndLine == d.Line && d.EndColumn > d.Column {
						span := termsafe.Cells(sliceRunes(expandTabs(line), d.Column-1, min(d.EndColumn-1, d.Column-1+200)))
						if span > 1 {
							marks = strings.Repeat("^", span)
						}
					}
					fmt.Fprintf(&b, "    %s%s\n", strings.Repeat(" ", pad), paint(ansiGreen, marks))
				}
			}
		}
		if !d.Hint.IsZero() {
			help := "help"
			if o.Lang == i18n.ZH {
				help = "建议"
			}
			fmt.Fprintf(&b, "    = %s: %s\n", help, d.Hint.In(o.Lang))
		}
		if _, err := io.WriteString(w, b.String()); err != nil {
			return err
		}
	}
	return nil
}

// Summary is the closing line: "2 errors, 1 warning in 3 files".
func Summary(ds []diag.Diagnostic, l i18n.Lang) string {
	e, wn, in := diag.Count(ds)
	files := map[string]bool{}
	for _, d := range ds {
		files[d.File] = true
	}
	if len(ds) == 0 {
		return i18n.T("没有发现问题", "no problems found").In(l)
	}
	if l == i18n.ZH {
		s := fmt.Sprintf("%d 个错误, %d 个警告", e, wn)
		if in > 0 {
			s += fmt.Sprintf(", %d 个提示", in)
		}
		return s + fmt.Sprintf(",涉及 %d 个文件", len(files))
	}
	s := plural(e, "error") + ", " + plural(wn, "warning")
	if in > 0 {
		s += ", " + plural(in, "info")
	}
	return s + " in " + plural(len(files), "file")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if word == "info" {
		return fmt.Sprintf("%d infos", n)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func joinPath(dir, file string) string {
	if dir == "" || dir == "." || file == "" {
		return file
	}
	return strings.TrimSuffix(dir, "/") + "/" + file
}

func expandTabs(s string) string { return strings.ReplaceAll(s, "\t", "    ") }

func prefixRunes(s string, n int) string {
	if n <= 0 {
		return ""
	}
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}

func sliceRunes(s string, from, to int) string {
	p := prefixRunes(s, from)
	return prefixRunes(s[len(p):], to-from)
}

func truncateRunes(s string, n int) string {
	p := prefixRunes(s, n)
	if len(p) < len(s) {
		return p + "…"
	}
	return s
}

// Pad pads s with spaces to n terminal cells (Chinese counts two).
func Pad(s string, n int) string {
	if w := termsafe.Cells(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}
