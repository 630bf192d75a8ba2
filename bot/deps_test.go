package bot

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLeanImports: what a serving bot imports brings no YAML, JSON
// schema, CLI, loader, lint or simulate code.
func TestLeanImports(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		for _, bad := range []string{"yaml", "jsonschema", "cobra", "pflag", "xm/schema", "xm/lint", "xm/simulate", "xm/compile", "xm/serve", "xm/mine", "x/text/message"} {
			if strings.Contains(p, bad) {
				t.Errorf("package bot depends on %s", p)
			}
		}
	}
}
