package starters

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xm-dev/xm/schema"
)

var update = flag.Bool("update", false, "rewrite docs/starters.md")

func loadAll(t *testing.T) []*Starter {
	t.Helper()
	var out []*Starter
	for _, c := range schema.Categories {
		s, err := Load("../../examples/" + c.ID)
		if err != nil {
			t.Fatalf("%s: %v", c.ID, err)
		}
		out = append(out, s)
	}
	return out
}

// TestStartersDoc fails when docs/starters.md is not what the starters
// (and docs/starters-figures.json, when it exists) generate.
func TestStartersDoc(t *testing.T) {
	figs, err := ReadFigures("../../docs/starters-figures.json")
	if err != nil {
		t.Fatal(err)
	}
	want := Markdown(loadAll(t), figs)
	if *update {
		if err := os.WriteFile("../../docs/starters.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("../../docs/starters.md")
	if err != nil || string(got) != want {
		t.Fatal("docs/starters.md is stale: run go test ./internal/starters -run TestStartersDoc -update")
	}
}

// TestStartersCover: every starter answers its category's required topics,
// and meets all of its own test questions; the category starters carry at
// least 80 of them.
func TestStartersCover(t *testing.T) {
	for _, s := range loadAll(t) {
		for _, topic := range s.Required {
			if len(s.Coverage[topic]) == 0 {
				t.Errorf("%s: no script answers the required topic %s", s.Category.ID, topic)
			}
		}
		if s.Met != s.Questions {
			t.Errorf("%s: %d of %d test questions met", s.Category.ID, s.Met, s.Questions)
		}
		if s.Category.ID != "general" && s.Questions < 80 {
			t.Errorf("%s: %d test questions, want at least 80", s.Category.ID, s.Questions)
		}
	}
}

// The figures file holds percentages as the scorer prints them; the page
// shows them as they are, and a file holding anything else is refused
// rather than rendered as "5340.0%".
func TestReadFigures(t *testing.T) {
	for _, tc := range []struct {
		name, json, err string
		right           float64
	}{
		{"percent", `{"general": {"right": 53.4, "wrong": 11.5, "fallback": 35.1, "by_topic": {"size": 66.7},
			"held_out": {"set": "development set, even ids", "right": 47.1, "wrong": 12.5, "fallback": 40.4}}}`, "", 53.4},
		{"over 100", `{"general": {"right": 5340}}`, "general.right is 5340: rates are percentages from 0 to 100", 0},
		{"topic over 100", `{"general": {"right": 50, "by_topic": {"size": 101}}}`, "general.by_topic.size is 101", 0},
		{"negative", `{"general": {"wrong": -1}}`, "general.wrong is -1", 0},
		{"held out over 100", `{"general": {"right": 50, "held_out": {"right": 4000}}}`, "general.held_out.right is 4000", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "f.json")
			if err := os.WriteFile(p, []byte(tc.json), 0o644); err != nil {
				t.Fatal(err)
			}
			figs, err := ReadFigures(p)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want it to say %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if figs["general"].Right != tc.right {
				t.Fatalf("right = %v, want %v", figs["general"].Right, tc.right)
			}
			g, err := Load("../../examples/general")
			if err != nil {
				t.Fatal(err)
			}
			page := Markdown([]*Starter{g}, figs)
			for _, want := range []string{"| 53.4% / 11.5% / 35.1% | 47.1% / 12.5% / 40.4% |", "53.4% right, 11.5% wrong", "| size | 66.7% |",
				"Held out (development set, even ids, not read while tuning): 0 topical, 47.1% right, 12.5% wrong"} {
				if !strings.Contains(page, want) {
					t.Errorf("the page does not show %q", want)
				}
			}
		})
	}
}
