package lint

import (
	"bufio"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xm-dev/xm/schema"
)

// TestFixtures walks testdata/lint/*: each folder is a project whose YAML
// lines carry "# want RULE[,RULE]" comments where a finding must be
// reported. A missing finding and an extra one both fail. Fixtures are
// linted at a fixed clock, 2026-11-25 in Shanghai.
func TestFixtures(t *testing.T) {
	dirs, err := filepath.Glob("../testdata/lint/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))
	for _, dir := range dirs {
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
						want[fmt.Sprintf("%s:%d [%s]", f.Path, i+1, r)] = true
					}
				}
			}
			got := map[string]bool{}
			for _, d := range Run(p, Options{Now: now}) {
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
	for _, r := range Rules {
		if !slices.Contains(enum, r.Name) {
			t.Errorf("rule %s is missing from the schema's ruleName enum", r.Name)
		}
		if r.Severity == 0 || r.Summary.ZH == "" || r.Summary.EN == "" || r.Doc.ZH == "" || r.Doc.EN == "" || r.Bad == "" || r.Good == "" {
			t.Errorf("rule %s lacks a severity, a summary or doc in both languages, or examples", r.Name)
		}
	}
}

func TestExampleIsClean(t *testing.T) {
	p, err := schema.Load("../examples/apparel")
	if err != nil {
		t.Fatal(err)
	}
	if ds := Run(p, Options{Now: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}); len(ds) > 0 {
		for _, d := range ds {
			t.Errorf("%s:%d:%d [%s] %s", d.File, d.Line, d.Column, d.Rule, d.Message.EN)
		}
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
