package mine

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"

	"github.com/xm-dev/xm/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// loadOne loads a project of one scripts file copied from testdata/edit.
func loadOne(t *testing.T, name string) *schema.Project {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "edit", name))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "xm.yaml"), []byte("xm: 1\nshop: {name: t, category: general}\n"), 0o644))
	must(t, os.MkdirAll(filepath.Join(dir, "scripts"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "scripts", "a.yaml"), src, 0o644))
	p, err := schema.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func script(t *testing.T, p *schema.Project, id string) *schema.Script {
	t.Helper()
	s := p.Script(id)
	if s == nil {
		t.Fatalf("no script %s", id)
	}
	return s
}

// TestEditGolden edits each file and compares the text with its golden
// twin (.golden; -update rewrites them): the new lines in place, marked,
// everything else byte for byte as it was.
func TestEditGolden(t *testing.T) {
	cases := []struct {
		file    string
		changes func(p *schema.Project) []Change
	}{
		{"block.yaml", func(p *schema.Project) []Change {
			return []Change{
				{Script: script(t, p, "refund"), Examples: []string{"钱什么时候退回来", "退款: 要多久?"}, Keywords: []string{"~refund"}},
				{Script: script(t, p, "return-policy"), Examples: []string{"可以退吗", "[数字x]天内能退吗"}, Patterns: []string{"~can ~return"}},
			}
		}},
		{"flow.yaml", func(p *schema.Project) []Change {
			return []Change{{Script: script(t, p, "logistics"), Examples: []string{"到哪了", "a, b"}, Keywords: []string{"~track"}}}
		}},
		{"crlf.yaml", func(p *schema.Project) []Change {
			return []Change{{Script: script(t, p, "size"), Examples: []string{"170穿什么码"}}}
		}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			p := loadOne(t, c.file)
			f := p.Files[len(p.Files)-1]
			out, err := render(p, c.changes(p), "xm mine 2026-11-26")
			if err != nil {
				t.Fatal(err)
			}
			got := out[f.Path]
			checkGolden(t, filepath.Join("testdata", "edit", strings.TrimSuffix(c.file, ".yaml")+".golden"), got)
			// The edited file loads, and the script holds what was added.
			dir := t.TempDir()
			must(t, os.WriteFile(filepath.Join(dir, "xm.yaml"), []byte("xm: 1\nshop: {name: t, category: general}\n"), 0o644))
			must(t, os.MkdirAll(filepath.Join(dir, "scripts"), 0o755))
			must(t, os.WriteFile(filepath.Join(dir, "scripts", "a.yaml"), got, 0o644))
			q, err := schema.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, ch := range c.changes(p) {
				s := script(t, q, ch.Script.ID)
				for _, want := range [][2][]string{{ch.Examples, s.Examples}, {ch.Keywords, s.Keywords}, {ch.Patterns, s.Patterns}} {
					for _, x := range want[0] {
						if !contains(want[1], x) {
							t.Errorf("%s: %q not loaded back (have %q)", s.ID, x, want[1])
						}
					}
				}
			}
		})
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// TestEditFlowMapping: a script written as a flow mapping is not edited.
func TestEditFlowMapping(t *testing.T) {
	p := loadOne(t, "flow.yaml")
	_, err := render(p, []Change{{Script: script(t, p, "stock"), Examples: []string{"还有货吗"}}}, "xm mine")
	if err != errLayout {
		t.Fatalf("err = %v, want errLayout", err)
	}
}

func TestScalar(t *testing.T) {
	for in, want := range map[string]string{
		"什么时候发货":      "什么时候发货",
		"~refund":     "~refund",
		"a, b":        `"a, b"`,
		"退款: 要多久?":    `"退款: 要多久?"`,
		"[数字x]天内能退吗":  `"[数字x]天内能退吗"`,
		"123":         `"123"`,
		"yes":         "yes",
		"true":        `"true"`,
		"# 不是注释":      `"# 不是注释"`,
		"- 列表":        `"- 列表"`,
		"<b>&x":       "<b>&x",
		" 前后空格 ":      `" 前后空格 "`,
		`引号"里`:        `"引号\"里"`,
		"{n}":         `"{n}"`,
		"满 {n} 减 {n}": `"满 {n} 减 {n}"`,
	} {
		if got := scalar(in); got != want {
			t.Errorf("scalar(%q) = %s, want %s", in, got, want)
		}
	}
}

// FuzzScalar: whatever a buyer typed, the scalar mine writes reads back as
// the same string in a block list and in a flow list.
func FuzzScalar(f *testing.F) {
	for _, s := range []string{"什么时候发货", "a, b", "- x", "# x", "[数字x]", "yes", "123", "~x", `"`, "'", "\\", "{n}", "a: b", "？！", "\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		sc := scalar(s)
		var block, flow []string
		if err := yaml.Unmarshal([]byte("- "+sc+"  # xm mine\n"), &block); err != nil || len(block) != 1 || block[0] != s {
			t.Fatalf("block: %q wrote %s, read %q (%v)", s, sc, block, err)
		}
		if err := yaml.Unmarshal([]byte("k: ["+sc+", ~x]\n"), &map[string][]string{}); err != nil {
			t.Fatalf("flow: %q wrote %s: %v", s, sc, err)
		}
		var m map[string][]string
		_ = yaml.Unmarshal([]byte("k: [a, "+sc+"]\n"), &m)
		if flow = m["k"]; len(flow) != 2 || flow[1] != s {
			t.Fatalf("flow: %q wrote %s, read %q", s, sc, flow)
		}
	})
}

// TestEditExtensions: additions to pack scripts go into the seller's
// extension of them: items after the last of an existing extension, a new
// entry at the end of the scripts list (with the file's own indentation,
// before a trailing comment block), never into the pack's file.
func TestEditExtensions(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "edit", "extend.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "xm.yaml"), []byte("xm: 1\nshop: {name: t, category: general}\npacks: [commerce@1]\n"), 0o644))
	must(t, os.MkdirAll(filepath.Join(dir, "scripts", "more"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "scripts", "more", "ours.yaml"), src, 0o644))
	p, err := schema.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	out, err := render(p, []Change{
		{Script: script(t, p, "shipping-time"), Examples: []string{"几号能寄走"}, Patterns: []string{"~when 寄走"}},
		{Script: script(t, p, "logistics"), Examples: []string{"包裹到镇上了吗"}},
	}, "xm mine 2026-11-26")
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 {
		t.Fatalf("wrote %d files, want the one holding the extension: %v", len(out), out)
	}
	got := out["scripts/more/ours.yaml"]
	checkGolden(t, filepath.Join("testdata", "edit", "extend.golden"), got)
	// Written back, the project loads clean and both scripts hold them.
	must(t, os.WriteFile(filepath.Join(dir, "scripts", "more", "ours.yaml"), got, 0o644))
	q, err := schema.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Diags) > 0 {
		t.Fatalf("diags: %v", q.Diags)
	}
	if s := script(t, q, "shipping-time"); !contains(s.Examples, "几号能寄走") || !contains(s.Patterns, "~when 寄走") || s.File.Pack == "" {
		t.Errorf("shipping-time: %v %v from %s", s.Examples, s.Patterns, s.File.Path)
	}
	if s := script(t, q, "logistics"); !contains(s.Examples, "包裹到镇上了吗") {
		t.Errorf("logistics: %v", s.Examples)
	}
}

// checkGolden compares got with the golden file (rewritten under -update).
func checkGolden(t *testing.T, golden string, got []byte) {
	t.Helper()
	if *update {
		must(t, os.WriteFile(golden, got, 0o644))
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
