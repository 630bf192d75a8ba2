package starters

import (
	"flag"
	"os"
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
