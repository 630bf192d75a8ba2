package lint

import (
	"strings"
	"testing"

	"github.com/xm-dev/xm/diag"
)

// TestPackFindings: findings located in a pack's files are dropped, but
// for the errors that make the pack unusable, whose hint names the pack.
func TestPackFindings(t *testing.T) {
	in := []diag.Diagnostic{
		{File: "scripts/a.yaml", Rule: "vague-reply", Severity: diag.Error},
		{File: "xm:commerce@1/insale.yaml", Rule: "yaml-syntax", Severity: diag.Error},
		{File: "xm:commerce@1/insale.yaml", Rule: "undefined-var", Severity: diag.Error},
		{File: "xm:commerce@1/insale.yaml", Rule: "example-misroute", Severity: diag.Error},
		{File: "xm:commerce@1/insale.yaml", Rule: "no-examples", Severity: diag.Warning},
		{File: "xm:commerce@1/insale.yaml", Rule: "schema", Severity: diag.Warning},
	}
	out := packFindings(in)
	var got []string
	for _, d := range out {
		got = append(got, d.File+" "+d.Rule)
		if strings.HasPrefix(d.File, "xm:") && !strings.Contains(d.Hint.EN, "commerce@1") {
			t.Errorf("%s [%s]: the hint does not name the pack: %q", d.File, d.Rule, d.Hint.EN)
		}
	}
	want := "scripts/a.yaml vague-reply|xm:commerce@1/insale.yaml yaml-syntax|xm:commerce@1/insale.yaml undefined-var"
	if strings.Join(got, "|") != want {
		t.Errorf("kept %v, want %s", got, want)
	}
}
