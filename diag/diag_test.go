package diag

import (
	"strings"
	"testing"

	"github.com/xm-dev/xm/i18n"
)

type oneLine string

func (s oneLine) Line(string, int) (string, bool) { return string(s), true }

// TestCaretUnderWideCharacters checks that the caret lands under the
// character the column names when Chinese (two cells wide) precedes it.
func TestCaretUnderWideCharacters(t *testing.T) {
	d := Diagnostic{File: "a.yaml", Line: 3, Column: 12, EndLine: 3, EndColumn: 16, Rule: "x", Severity: Warning,
		Message: i18n.T("消息", "message"), Hint: i18n.T("建议", "do this")}
	var b strings.Builder
	if err := WriteText(&b, []Diagnostic{d}, oneLine("    reply: 亲,请参考详情页"), TextOptions{Lang: i18n.EN}); err != nil {
		t.Fatal(err)
	}
	want := "a.yaml:3:12: warning: message [x]\n" +
		"        reply: 亲,请参考详情页\n" +
		"    " + strings.Repeat(" ", 11) + "^^^^^^^\n" +
		"    = help: do this\n"
	if b.String() != want {
		t.Fatalf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestSummary(t *testing.T) {
	ds := []Diagnostic{{File: "a", Severity: Error}, {File: "b", Severity: Warning}, {File: "b", Severity: Warning}}
	if got := Summary(ds, i18n.EN); got != "1 error, 2 warnings in 2 files" {
		t.Errorf("got %q", got)
	}
	if got := Summary(ds, i18n.ZH); got != "1 个错误, 2 个警告,涉及 2 个文件" {
		t.Errorf("got %q", got)
	}
}
