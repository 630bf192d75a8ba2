package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strconv"

	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

// gitlabIssue is one entry of a GitLab Code Quality report.
type gitlabIssue struct {
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path      string `json:"path"`
	Positions struct {
		Begin gitlabPos `json:"begin"`
		End   gitlabPos `json:"end"`
	} `json:"positions"`
}

type gitlabPos struct {
	Line   int `json:"line"`
	Column int `json:"column,omitempty"`
}

// WriteGitLab prints the findings as a GitLab Code Quality report (a JSON
// array), which merge requests show inline. The fingerprint hashes the
// rule, the file, the place in the document and the message, not the line
// number, so a finding keeps its identity when lines above it move.
func WriteGitLab(w io.Writer, ds []diag.Diagnostic, l i18n.Lang) error {
	out := make([]gitlabIssue, 0, len(ds))
	seen := map[string]int{}
	for _, d := range ds {
		is := gitlabIssue{CheckName: d.Rule, Description: d.Message.In(l), Severity: gitlabSeverity(d.Severity)}
		if h := d.Hint.In(l); h != "" {
			is.Description += " (" + h + ")"
		}
		is.Location.Path = d.File
		line := max(d.Line, 1)
		is.Location.Positions.Begin = gitlabPos{Line: line, Column: d.Column}
		is.Location.Positions.End = gitlabPos{Line: max(d.EndLine, line), Column: d.EndColumn}
		key := d.Rule + "\x00" + d.File + "\x00" + d.Path + "\x00" + d.Message.EN
		seen[key]++
		sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(seen[key])))
		is.Fingerprint = hex.EncodeToString(sum[:16])
		out = append(out, is)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// gitlabSeverity maps a severity to Code Quality's scale (info, minor,
// major, critical, blocker).
func gitlabSeverity(s diag.Severity) string {
	switch s {
	case diag.Error:
		return "major"
	case diag.Warning:
		return "minor"
	}
	return "info"
}
