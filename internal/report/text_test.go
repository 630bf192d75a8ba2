package report

import (
	"strings"
	"testing"

	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

type oneLine string

func (s oneLine) Line(string, int) (string, bool) { return string(s), true }

// TestCaretUnderWideCharacters checks that the caret lands under the
// character the column names when Chinese (two cells wide) precedes it.
func TestCaretUnderWideCharacters(t *testing.T) {
	d := diag.Diagnostic{File: "a.yaml", Line: 3, Column: 12, EndLine: 3, EndColumn: 16, Rule: "x", Severity: diag.Warning,
		Message: i18n.T("消息", "message"), Hint: i18n.T("建议", "do this")}
	var b strings.Builder
	if err := WriteText(&b, []diag.Diagnostic{d}, oneLine("    reply: 亲,请参考详情页"), TextOptions{Lang: i18n.EN}); err != nil {
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
	ds := []diag.Diagnostic{{File: "a", Severity: diag.Error}, {File: "b", Severity: diag.Warning}, {File: "b", Severity: diag.Warning}}
	if got := Summary(ds, i18n.EN); got != "1 error, 2 warnings in 2 files" {
		t.Errorf("got %q", got)
	}
	if got := Summary(ds, i18n.ZH); got != "1 个错误, 2 个警告,涉及 2 个文件" {
		t.Errorf("got %q", got)
	}
}

// TestColor: on a terminal the location is bold, the severity coloured and
// the caret green; without colour there is no escape code at all.
func TestColor(t *testing.T) {
	d := diag.Diagnostic{File: "a.yaml", Line: 1, Column: 1, Rule: "x", Severity: diag.Error, Message: i18n.T("", "m")}
	var plain, color strings.Builder
	if err := WriteText(&plain, []diag.Diagnostic{d}, oneLine("reply: x"), TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteText(&color, []diag.Diagnostic{d}, oneLine("reply: x"), TextOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b[") {
		t.Errorf("escape codes without colour: %q", plain.String())
	}
	for _, code := range []string{ansiBold + "a.yaml:1:1" + ansiReset, ansiRed + "error" + ansiReset, ansiGreen + "^" + ansiReset} {
		if !strings.Contains(color.String(), code) {
			t.Errorf("coloured output lacks %q: %q", code, color.String())
		}
	}
}
