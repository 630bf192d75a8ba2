package lint

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/xm-dev/xm/schema"
)

// packMustHold lists the rules whose findings in xm's own packs the tests
// refuse: lint drops a pack's findings for the seller (packFindings), so a
// pack pattern naming a concept no starter defines would otherwise never
// match, and nobody would be told.
var packMustHold = []string{"pattern-syntax", "unknown-concept", "dead-pattern"}

// TestStarterPacksSound lints every starter with the packs it includes,
// keeping the pack's own findings, and fails on those of packMustHold.
func TestStarterPacksSound(t *testing.T) {
	dirs, err := filepath.Glob("../examples/*/xm.yaml")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no starters: %v", err)
	}
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
	for _, m := range dirs {
		dir := filepath.Dir(m)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			p, err := schema.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			sh := &shared{}
			for _, r := range Rules {
				if r.Run == nil || !slices.Contains(packMustHold, r.Name) {
					continue
				}
				pass := &Pass{Project: p, Now: now, rule: r, shared: sh}
				r.Run(pass)
				for _, d := range pass.out {
					if schema.PackOf(d.File) != "" {
						t.Errorf("%s:%d: %s [%s]", d.File, d.Line, d.Message.EN, d.Rule)
					}
				}
			}
		})
	}
}
