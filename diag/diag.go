// Package diag is the one diagnostic type that every stage of xm reports
// with (loader, schema, lint, compile, simulate) and its severities. The
// writers that print a list of them for people and machines live in
// internal/report, beside their only caller, the xm command. It knows
// nothing of YAML or of rules beyond their names.
package diag

import (
	"cmp"
	"slices"

	"github.com/xm-dev/xm/i18n"
)

// Severity orders findings; a lower value is more serious.
type Severity uint8

const (
	Error Severity = iota + 1
	Warning
	Info
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Info:
		return "info"
	}
	return "off"
}

// Label is the severity's word in lang, as the text output prints it.
func (s Severity) Label(l i18n.Lang) string {
	if l == i18n.ZH {
		switch s {
		case Error:
			return "错误"
		case Warning:
			return "警告"
		case Info:
			return "提示"
		}
	}
	return s.String()
}

// ParseSeverity reads error, warning or info.
func ParseSeverity(s string) (Severity, bool) {
	switch s {
	case "error":
		return Error, true
	case "warning":
		return Warning, true
	case "info":
		return Info, true
	}
	return 0, false
}

// AtLeast reports whether s is as serious as min or more.
func (s Severity) AtLeast(min Severity) bool { return s != 0 && s <= min }

// Diagnostic is one finding. File is relative to the project root with
// forward slashes; Line and Column are 1-based (Column counts characters,
// not bytes); zero means unknown. Path is the place inside the document,
// such as scripts[2].keywords[0].
type Diagnostic struct {
	File      string
	Line      int
	Column    int
	EndLine   int
	EndColumn int
	Rule      string
	Severity  Severity
	Message   i18n.Text
	Hint      i18n.Text
	Path      string
	// Fix, when set, is a mechanical fix (xm lint --fix): the text
	// between Line:Column and EndLine:EndColumn, Old, becomes New.
	Fix *Fix
}

// Fix replaces the text a finding points at.
type Fix struct {
	Old, New string
}

// Sort orders findings by file, position, then rule, so output is stable.
func Sort(ds []Diagnostic) {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Message.EN, b.Message.EN),
		)
	})
}

// Count returns how many findings there are of each severity.
func Count(ds []Diagnostic) (errors, warnings, infos int) {
	for _, d := range ds {
		switch d.Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		case Info:
			infos++
		}
	}
	return
}

// Worst returns the most serious severity in ds, or 0 when ds is empty.
func Worst(ds []Diagnostic) Severity {
	var w Severity
	for _, d := range ds {
		if d.Severity != 0 && (w == 0 || d.Severity < w) {
			w = d.Severity
		}
	}
	return w
}
