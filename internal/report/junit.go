package report

import (
	"fmt"
	"io"

	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/internal/junit"
)

// WriteJUnit prints the findings as a JUnit XML report, as golangci-lint
// does, for CI test reporters (GitLab, Jenkins): one suite per file, one
// failed test case per finding at or above failOn, a skipped one for each
// finding below it, and one passing case for a file with no finding. files
// lists every file checked, as the findings name them.
func WriteJUnit(w io.Writer, ds []diag.Diagnostic, files []string, failOn diag.Severity, l i18n.Lang) error {
	j, err := junit.New(w, "xm lint")
	if err != nil {
		return err
	}
	byFile := map[string][]diag.Diagnostic{}
	var order []string
	for _, f := range files {
		if _, ok := byFile[f]; !ok {
			byFile[f] = nil
			order = append(order, f)
		}
	}
	for _, d := range ds {
		if _, ok := byFile[d.File]; !ok {
			order = append(order, d.File)
		}
		byFile[d.File] = append(byFile[d.File], d)
	}
	for _, f := range order {
		suite := f
		if suite == "" {
			suite = "(project)"
		}
		if len(byFile[f]) == 0 {
			if err := j.Add(suite, junit.Case{Name: "xm lint " + f, Classname: suite, File: f}); err != nil {
				return err
			}
			continue
		}
		for _, d := range byFile[f] {
			c := junit.Case{
				Name:      fmt.Sprintf("%s %s:%d:%d", d.Rule, f, d.Line, d.Column),
				Classname: suite, File: f, Line: d.Line,
			}
			msg := d.Message.In(l)
			detail := fmt.Sprintf("%s:%d:%d: %s: %s [%s]", f, d.Line, d.Column, d.Severity.Label(l), msg, d.Rule)
			if d.Path != "" {
				detail += "\n" + d.Path
			}
			if h := d.Hint.In(l); h != "" {
				detail += "\n" + h
			}
			if d.Severity.AtLeast(failOn) {
				c.Failure, c.Type, c.Detail = msg, d.Severity.String(), detail
			} else {
				c.Skipped, c.Output = d.Severity.Label(l)+": "+msg, detail
			}
			if err := j.Add(suite, c); err != nil {
				return err
			}
		}
	}
	return j.Close()
}
