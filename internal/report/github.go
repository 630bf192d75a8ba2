package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

// WriteGitHub prints GitHub Actions workflow commands, which show each
// finding as an annotation on the pull request's diff.
func WriteGitHub(w io.Writer, ds []diag.Diagnostic, l i18n.Lang) error {
	for _, d := range ds {
		cmd := "notice"
		switch d.Severity {
		case diag.Error:
			cmd = "error"
		case diag.Warning:
			cmd = "warning"
		}
		props := []string{"file=" + ghProp(d.File)}
		if d.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", d.Line))
			if d.Column > 0 {
				props = append(props, fmt.Sprintf("col=%d", d.Column))
			}
			if d.EndLine > 0 {
				props = append(props, fmt.Sprintf("endLine=%d", d.EndLine))
				if d.EndColumn > 0 {
					props = append(props, fmt.Sprintf("endColumn=%d", d.EndColumn))
				}
			}
		}
		props = append(props, "title="+ghProp("xm "+d.Rule))
		msg := d.Message.In(l)
		if h := d.Hint.In(l); h != "" {
			msg += "\n" + h
		}
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", cmd, strings.Join(props, ","), ghData(msg)); err != nil {
			return err
		}
	}
	return nil
}

func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
