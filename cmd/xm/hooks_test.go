package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"
	"go.yaml.in/yaml/v4"
)

// TestPreCommitHooksReportOnce runs every hook of .pre-commit-hooks.yaml
// the way the pre-commit framework does (the entry, plus the staged file
// names when pass_filenames is true) on a project with one lint error:
// the finding must be printed once over all the hooks, and every hook
// must fail the commit.
func TestPreCommitHooksReportOnce(t *testing.T) {
	raw, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID            string `yaml:"id"`
		Entry         string `yaml:"entry"`
		PassFilenames *bool  `yaml:"pass_filenames"`
	}
	if err := yaml.Unmarshal(raw, &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) < 2 {
		t.Fatalf("%d hooks", len(hooks))
	}
	dir := t.TempDir()
	t.Chdir(dir) // -C changes the directory; t.Chdir restores it afterwards
	write(t, dir, "xm.yaml", "xm: 1\nshop: {name: 店, category: general}\nhandoff: {keywords: [转人工], urgent: [紧急], reply: 转接中}\nfallback: {reply: 还在学习}\nlint: {disable: [missing-topic, no-examples]}\n")
	write(t, dir, "scripts/a.yaml", "scripts:\n  - {id: a, topic: size, keywords: [M码], reply: 请参考详情页}\n")
	staged := filepath.Join(dir, "scripts", "a.yaml")
	var all strings.Builder
	for _, h := range hooks {
		args := strings.Fields(h.Entry)
		if args[0] != "xm" {
			t.Fatalf("hook %s runs %q, not xm", h.ID, args[0])
		}
		args = append([]string{"-C", dir}, args[1:]...)
		if h.PassFilenames == nil || *h.PassFilenames {
			args = append(args, staged)
		}
		var stdout, stderr bytes.Buffer
		if code := run(args, strings.NewReader(""), &stdout, &stderr, func(string) string { return "" }); code != exitFindings {
			t.Errorf("hook %s exited %d, want %d\n%s%s", h.ID, code, exitFindings, stdout.String(), stderr.String())
		}
		all.WriteString(stdout.String() + stderr.String())
	}
	if n := strings.Count(all.String(), "[vague-reply]"); n != 1 {
		t.Errorf("the finding was printed %d times over the hooks, want once:\n%s", n, all.String())
	}
}

// TestFmtOnHostileInputs runs xm fmt --check on every project of
// testdata/bad (those built by a generator aside): whatever the files, fmt
// ends with 0, 1 or 2, never a panic, and within seconds.
func TestFmtOnHostileInputs(t *testing.T) {
	cases, _ := filepath.Glob("../../testdata/bad/*.txtar")
	if len(cases) < 50 {
		t.Fatalf("%d cases", len(cases))
	}
	for _, c := range cases {
		ar, err := txtar.ParseFile(c)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(ar.Comment), "gen: ") {
			continue
		}
		t.Run(strings.TrimSuffix(filepath.Base(c), ".txtar"), func(t *testing.T) {
			t.Chdir(".") // -C moves the process; restored when the case ends
			dir := t.TempDir()
			for _, f := range ar.Files {
				write(t, dir, f.Name, string(f.Data))
			}
			before := snapshot(t, dir)
			var out bytes.Buffer
			start := time.Now()
			code := run([]string{"-C", dir, "fmt", "--check"}, strings.NewReader(""), &out, &out, func(string) string { return "" })
			if code < 0 || code > 2 {
				t.Errorf("exit %d:\n%s", code, out.String())
			}
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("took %v", d)
			}
			if after := snapshot(t, dir); after != before {
				t.Error("fmt --check changed a file")
			}
		})
	}
}

// snapshot is every file's name and content under dir, for comparison.
func snapshot(t *testing.T, dir string) string {
	var b strings.Builder
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			data, _ := os.ReadFile(p)
			fmt.Fprintf(&b, "%s %x\n", p, sha256.Sum256(data))
		}
		return nil
	})
	return b.String()
}
