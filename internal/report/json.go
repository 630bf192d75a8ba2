package report

import (
	"encoding/json"
	"io"

	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

// JSONVersion is the version of the JSON report's shape. It changes only when
// a field is removed or changes meaning; new fields may appear in any version.
const JSONVersion = 1

// JSONFinding is one finding in the JSON report.
type JSONFinding struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line,omitempty"`
	EndColumn int    `json:"end_column,omitempty"`
	Rule      string `json:"rule"`
	Severity  string `json:"severity"`
	Message   string `json:"message"`
	Hint      string `json:"hint,omitempty"`
	Path      string `json:"path,omitempty"`
}

// JSONReport is what `--format json` prints: a versioned object whose
// findings array is always present (empty, never null).
type JSONReport struct {
	Version  int           `json:"version"`
	Findings []JSONFinding `json:"findings"`
	Errors   int           `json:"errors"`
	Warnings int           `json:"warnings"`
	Infos    int           `json:"infos"`
}

// Findings converts ds to their JSON form in lang.
func Findings(ds []diag.Diagnostic, l i18n.Lang) []JSONFinding {
	out := make([]JSONFinding, 0, len(ds))
	for _, d := range ds {
		out = append(out, JSONFinding{
			File: d.File, Line: d.Line, Column: d.Column, EndLine: d.EndLine, EndColumn: d.EndColumn,
			Rule: d.Rule, Severity: d.Severity.String(), Message: d.Message.In(l), Hint: d.Hint.In(l), Path: d.Path,
		})
	}
	return out
}

// WriteJSON prints the report, indented, with a final newline.
func WriteJSON(w io.Writer, ds []diag.Diagnostic, l i18n.Lang) error {
	e, wn, in := diag.Count(ds)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(JSONReport{Version: JSONVersion, Findings: Findings(ds, l), Errors: e, Warnings: wn, Infos: in})
}
