package lint

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xm-dev/xm/schema"
)

// TestFixtures walks testdata/lint/*: each folder RULE or RULE.variant is
// a project whose YAML lines carry "# want RULE" comments where a finding
// of that rule must be reported. A missing finding and an extra one (of
// that rule) both fail; RULE.clean folders must draw none. Every rule has
// a bad and a clean fixture. Fixtures are linted at a fixed clock,
// 2026-11-25 in Shanghai.
func TestFixtures(t *testing.T) {
	dirs, err := filepath.Glob("../testdata/lint/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	have := map[string]bool{}
	for _, d := range dirs {
		have[filepath.Base(d)] = true
	}
	for _, r := range Rules {
		if !have[r.Name] || !have[r.Name+".clean"] {
			t.Errorf("rule %s needs fixtures testdata/lint/%s and testdata/lint/%s.clean", r.Name, r.Name, r.Name)
		}
	}
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
	for _, dir := range dirs {
		rule, _, _ := strings.Cut(filepath.Base(dir), ".")
		if _, ok := Lookup(rule); !ok {
			t.Errorf("fixture %s names no rule", dir)
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			p, err := schema.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]bool{}
			for _, f := range p.Files {
				for i, line := range f.Lines {
					_, after, ok := strings.Cut(line, "# want ")
					if !ok {
						continue
					}
					for _, r := range strings.Split(strings.Fields(after)[0], ",") {
						if r == rule {
							want[fmt.Sprintf("%s:%d [%s]", f.Path, i+1, r)] = true
						}
					}
				}
			}
			got := map[string]bool{}
			for _, d := range Run(p, Options{Now: now}) {
				if d.Rule != rule {
					continue
				}
				key := fmt.Sprintf("%s:%d [%s]", d.File, d.Line, d.Rule)
				got[key] = true
				if !want[key] {
					t.Errorf("unexpected finding %s %s", key, d.Message.EN)
				}
				if d.Message.ZH == "" || d.Message.EN == "" {
					t.Errorf("%s: message missing a language: %+v", key, d.Message)
				}
			}
			for key := range want {
				if !got[key] {
					t.Errorf("missing finding %s", key)
				}
			}
		})
	}
}

func TestRegistry(t *testing.T) {
	if !slices.IsSortedFunc(Rules, func(a, b *Rule) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("Rules must be sorted by name")
	}
	var sch struct {
		Defs map[string]struct {
			Enum []string `json:"enum"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(schema.JSON(), &sch); err != nil {
		t.Fatal(err)
	}
	enum := sch.Defs["ruleName"].Enum
	if len(enum) != len(Rules) {
		t.Errorf("the schema's ruleName enum has %d names, the registry %d rules", len(enum), len(Rules))
	}
	for _, r := range Rules {
		if !slices.Contains(enum, r.Name) {
			t.Errorf("rule %s is missing from the schema's ruleName enum", r.Name)
		}
		if r.Severity == 0 || r.Summary.ZH == "" || r.Summary.EN == "" || r.Doc.ZH == "" || r.Doc.EN == "" || r.Bad == "" || r.Good == "" {
			t.Errorf("rule %s lacks a severity, a summary or doc in both languages, or examples", r.Name)
		}
	}
}

// TestExamplesAreClean: every shipped starter is lint-clean on its merits.
func TestExamplesAreClean(t *testing.T) {
	dirs, _ := filepath.Glob("../examples/*/xm.yaml")
	if len(dirs) < 7 {
		t.Fatalf("%d examples", len(dirs))
	}
	for _, m := range dirs {
		t.Run(filepath.Base(filepath.Dir(m)), func(t *testing.T) { exampleIsClean(t, filepath.Dir(m)) })
	}
}

func exampleIsClean(t *testing.T, dir string) {
	p, err := schema.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	// starter-default fires on every starter by design (its figures are
	// samples for the seller to replace); nothing else may.
	defaults := 0
	for _, d := range Run(p, Options{Now: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}) {
		if d.Rule == StarterDefault.Name {
			defaults++
			continue
		}
		t.Errorf("%s:%d:%d [%s] %s", d.File, d.Line, d.Column, d.Rule, d.Message.EN)
	}
	if defaults == 0 {
		t.Errorf("starter-default does not fire: the starter's vars are not marked as samples")
	}
	// No inline ignores either: the example is clean on its merits.
	for _, f := range p.Files {
		sc := bufio.NewScanner(strings.NewReader(string(f.Src)))
		for sc.Scan() {
			if strings.Contains(sc.Text(), "xm:ignore") {
				t.Errorf("%s carries an xm:ignore", f.Path)
			}
		}
	}
}

var update = flag.Bool("update", false, "rewrite docs/rules.md")

// TestRulesDoc fails when docs/rules.md is not what the registry generates.
func TestRulesDoc(t *testing.T) {
	want := Markdown()
	if *update {
		if err := os.WriteFile("../docs/rules.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("../docs/rules.md")
	if err != nil || string(got) != want {
		t.Fatal("docs/rules.md is stale: run go test ./lint -run TestRulesDoc -update")
	}
}
