package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDocsCommands runs every xm command in the ```sh blocks of README.md
// and docs/*.md, so the docs cannot rot. Each block starts in a fresh git
// repository holding a copy of examples/; "cd" moves, "> FILE" redirects,
// globs expand; other commands (go install, go test) are left alone. A
// command may report findings (exit 1) but must run (not exit 2). A
// ```text block right after a ```sh block is what its last xm command
// prints, exactly: -update rewrites it.
func TestDocsCommands(t *testing.T) {
	if raceEnabled {
		t.Skip("runs each doc command once, in one goroutine: nothing for the race detector, and slow under it")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	docs, _ := filepath.Glob("../../docs/*.md")
	docs = append(docs, "../../README.md")
	home, _ := os.Getwd()
	defer os.Chdir(home)
	ran := 0
	for _, doc := range docs {
		src, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		text := string(src)
		var shown []shownOutput
		for bi, loc := range fence.FindAllStringSubmatchIndex(text, -1) {
			block := text[loc[2]:loc[3]]
			var last []byte
			root := t.TempDir()
			copyTree(t, filepath.Join(home, "../../examples"), filepath.Join(root, "examples"))
			for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"-c", "user.email=d@x", "-c", "user.name=d", "commit", "-qm", "docs"}} {
				cmd := exec.Command("git", args...)
				cmd.Dir = root
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("git %v: %v %s", args, err, out)
				}
			}
			if err := os.Chdir(root); err != nil {
				t.Fatal(err)
			}
			for _, line := range strings.Split(block, "\n") {
				for _, c := range strings.Split(stripComment(line), "&&") {
					c = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(c), "|| true"))
					switch {
					case strings.HasPrefix(c, "cd "):
						if err := os.Chdir(strings.TrimSpace(c[3:])); err != nil {
							t.Fatalf("%s block %d: %s: %v", doc, bi+1, c, err)
						}
					case strings.HasPrefix(c, "xm "):
						ran++
						args, out := shellWords(c[3:])
						var stdout, stderr bytes.Buffer
						code := run(args, strings.NewReader(""), &stdout, &stderr, func(string) string { return "" })
						if code == 2 {
							t.Errorf("%s block %d: %q could not run:\n%s%s", doc, bi+1, c, stdout.String(), stderr.String())
						}
						if out != "" {
							if err := os.WriteFile(out, stdout.Bytes(), 0o644); err != nil {
								t.Fatal(err)
							}
						}
						last = stdout.Bytes()
					}
				}
			}
			os.Chdir(home)
			if m := textAfter.FindStringSubmatchIndex(text[loc[1]:]); m != nil {
				at := loc[1] + m[2]
				shown = append(shown, shownOutput{at, at + m[3] - m[2], string(last)})
				if want := text[at : at+m[3]-m[2]]; want != string(last) && !*update {
					t.Errorf("%s block %d: the text block after it is not what the command prints (go test ./cmd/xm -run TestDocsCommands -update rewrites it):\n--- doc\n%s--- printed\n%s", doc, bi+1, want, last)
				}
			}
		}
		if *update && len(shown) > 0 {
			for i := len(shown) - 1; i >= 0; i-- {
				text = text[:shown[i].start] + shown[i].got + text[shown[i].end:]
			}
			if err := os.WriteFile(doc, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if ran < 20 {
		t.Fatalf("only %d commands found in the docs", ran)
	}
}

var (
	fence = regexp.MustCompile("(?s)```sh\n(.*?)```")
	// textAfter is a ```text block that follows a ```sh block with one
	// blank line between: the command's output, shown.
	textAfter = regexp.MustCompile("(?s)^\n\n```text\n(.*?)```")
)

// shownOutput is a text block of a doc, from start to end, and what the
// command before it printed.
type shownOutput struct {
	start, end int
	got        string
}

// stripComment drops a trailing "# ..." that follows white space outside
// quotes.
func stripComment(line string) string {
	q := false
	for i, r := range line {
		switch {
		case r == '"':
			q = !q
		case r == '#' && !q && (i == 0 || line[i-1] == ' '):
			return line[:i]
		}
	}
	return line
}

// shellWords splits a command line the simple way the docs write them:
// double quotes group, globs expand, "> FILE" names the output file.
func shellWords(s string) (args []string, out string) {
	var cur strings.Builder
	q, has := false, false
	var words []string
	for _, r := range s {
		switch {
		case r == '"':
			q, has = !q, true
		case r == ' ' && !q:
			if has || cur.Len() > 0 {
				words = append(words, cur.String())
			}
			cur.Reset()
			has = false
		default:
			cur.WriteRune(r)
		}
	}
	if has || cur.Len() > 0 {
		words = append(words, cur.String())
	}
	for i := 0; i < len(words); i++ {
		w := words[i]
		if w == ">" && i+1 < len(words) {
			out = words[i+1]
			i++
			continue
		}
		if strings.ContainsAny(w, "*?[") {
			if m, _ := filepath.Glob(w); len(m) > 0 {
				args = append(args, m...)
				continue
			}
		}
		args = append(args, w)
	}
	return args, out
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			if d.Name() == "dist" {
				return fs.SkipDir
			}
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestDocsSetup: the documented setup works on a fresh machine. A
// pre-commit rev must exist (the repository has no tags: a branch or a
// full commit hash), the CI recipes build xm as a clone does, and the
// README names the quick test run beside the full one.
func TestDocsSetup(t *testing.T) {
	files, _ := filepath.Glob("../../docs/*.md")
	files = append(files, "../../README.md", "../../.pre-commit-hooks.yaml")
	tags := map[string]bool{}
	if out, err := exec.Command("git", "tag").Output(); err == nil {
		for _, tag := range strings.Fields(string(out)) {
			tags[tag] = true
		}
	}
	rev := regexp.MustCompile(`(?m)^[#\s]*rev:\s*([^\s#]+)`)
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range rev.FindAllStringSubmatch(string(src), -1) {
			r := m[1]
			if r == "main" || regexp.MustCompile(`^[0-9a-f]{40}$`).MatchString(r) || tags[r] {
				continue
			}
			t.Errorf("%s: rev %s names no branch, commit or tag of this repository", f, r)
		}
	}
	recipes, err := os.ReadFile("../../docs/recipes.md")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(recipes), "xm/cmd/xm@") {
		t.Error("docs/recipes.md installs xm from a published version; build it as a clone does: go install ./cmd/xm")
	}
	if n := strings.Count(string(recipes), "go install ./cmd/xm)"); n < 2 {
		t.Errorf("docs/recipes.md: %d CI recipes build xm with go install ./cmd/xm, want 2", n)
	}
	readme, _ := os.ReadFile("../../README.md")
	if !strings.Contains(string(readme), "go test -short ./...") {
		t.Error("README.md does not name the quick run, go test -short ./...")
	}
}
