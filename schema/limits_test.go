package schema

import (
	"encoding/json"
	"testing"
)

// TestCeilingsMatchSchema: the schema's maximum for each limit is the
// ceiling the loader enforces, and the defaults lie under it.
func TestCeilingsMatchSchema(t *testing.T) {
	var doc struct {
		Defs struct {
			Limits struct {
				Properties map[string]struct {
					Maximum *float64 `json:"maximum"`
				} `json:"properties"`
			} `json:"limits"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(JSON(), &doc); err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{
		"max_file_bytes": Ceilings.MaxFileBytes,
		"max_files":      int64(Ceilings.MaxFiles),
		"max_depth":      int64(Ceilings.MaxDepth),
		"max_nodes":      int64(Ceilings.MaxNodes),
		"max_keywords":   int64(Ceilings.MaxKeywords),
	}
	for name, ceiling := range want {
		p, ok := doc.Defs.Limits.Properties[name]
		if !ok || p.Maximum == nil || int64(*p.Maximum) != ceiling {
			t.Errorf("%s: schema maximum %v, ceiling %d", name, p.Maximum, ceiling)
		}
	}
	if len(doc.Defs.Limits.Properties) != len(want) {
		t.Errorf("schema has %d limits, the test knows %d", len(doc.Defs.Limits.Properties), len(want))
	}
	d, c := DefaultLimits, Ceilings
	if d.MaxFileBytes > c.MaxFileBytes || d.MaxFiles > c.MaxFiles || d.MaxDepth > c.MaxDepth || d.MaxNodes > c.MaxNodes || d.MaxKeywords > c.MaxKeywords {
		t.Error("a default is over its ceiling")
	}
	huge := &LimitsConfig{MaxFileBytes: 1 << 50, MaxFiles: 1 << 50, MaxDepth: 1 << 50, MaxNodes: 1 << 50, MaxKeywords: 1 << 50}
	if got := DefaultLimits.with(huge); got != Ceilings {
		t.Errorf("with past the ceilings gives %+v", got)
	}
}
