package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/compile"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/internal/termsafe"
	"github.com/xm-dev/xm/schema"
	"github.com/xm-dev/xm/simulate"
)

func newDiffCmd(e *env) *cobra.Command {
	var format, at, inFormat string
	var failOnChange bool
	var maxLine int
	cmd := &cobra.Command{
		Use:   "diff OLD NEW FILE...",
		Short: "Replay questions against two versions and list what routes differently / 比较两个版本的回答差异",
		Long: `Replay the same questions against two versions of the bot and list every
question whose outcome changed, then the changes grouped ("37 questions
now go to refund-rules"). OLD and NEW are each a bundle (.xmb), a project
folder, or a git revision of the project in the working directory (or -C),
such as HEAD, HEAD~1 or main; "." is the working tree. This is the review
a pull request needs.`,
		Example: `  xm diff HEAD . tests/questions.txt
  xm diff main . tests/*.txt --fail-on-change
  xm diff old.xmb new.xmb logs/november.jsonl --format json`,
		Args: cobra.MinimumNArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, "text", "json"); err != nil {
				return err
			}
			old, cleanOld, err := versionBundle(e, args[0])
			if err != nil {
				return err
			}
			defer cleanOld()
			nw, cleanNew, err := versionBundle(e, args[1])
			if err != nil {
				return err
			}
			defer cleanNew()
			now, err := e.clock(nw, at)
			if err != nil {
				return err
			}
			readers, _, closeInputs, err := e.inputs(args[2:], simulate.Format(inFormat), maxLine, nil)
			if err != nil {
				return err
			}
			defer closeInputs()
			rep, err := simulate.Diff(old, nw, readers, now, func(c *simulate.Change) error {
				if format == "json" {
					return json.NewEncoder(e.stdout).Encode(map[string]any{"type": "change", "file": c.Rec.File, "line": c.Rec.Line, "question": c.Rec.Text, "old": c.Old, "new": c.New})
				}
				_, err := fmt.Fprintf(termsafe.Writer{W: e.stdout}, "%s:%d  %s → %s  %s\n", c.Rec.File, c.Rec.Line, c.Old, c.New, c.Rec.Text)
				return err
			}, e.inputWarning)
			if err != nil {
				return e.inputError(err, false)
			}
			if format == "json" {
				enc := json.NewEncoder(e.stdout)
				enc.SetEscapeHTML(false)
				if err := enc.Encode(struct {
					Type string `json:"type"`
					*simulate.DiffReport
				}{"summary", rep}); err != nil {
					return err
				}
			} else {
				fmt.Fprintln(e.stdout, i18n.F("\n%d 个问题中有 %d 个的结果变了", "\n%[2]d of %[1]d questions route differently", rep.Questions, rep.Changed).In(e.lang))
				for _, t := range rep.Transitions {
					fmt.Fprintln(termsafe.Writer{W: e.stdout}, i18n.F("  %[1]d 个问题从 %[3]s 改由 %[2]s 回答，例如 %[4]s", "  %[1]d question(s) now go to %[2]s (were %[3]s), e.g. %[4]s", t.Count, t.New, t.Old, strings.Join(t.Examples, " | ")).In(e.lang))
				}
			}
			if failOnChange && rep.Changed > 0 {
				return failed{exitFindings}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json (JSON lines)")
	cmd.Flags().StringVar(&at, "at", "", "the time for questions without one: HH:MM today, or a date and time such as 2026-11-25 21:00 (in the shop's timezone unless it names one)")
	cmd.Flags().StringVar(&inFormat, "input-format", "", "txt, tsv, csv or jsonl (default: from the file name; \"-\" reads standard input)")
	cmd.Flags().IntVar(&maxLine, "max-line", simulate.DefaultMaxLine, "longest input line in bytes; longer ones are skipped")
	cmd.Flags().BoolVar(&failOnChange, "fail-on-change", false, "exit 1 when any question routes differently (for CI on pull requests)")
	return cmd
}

// versionBundle turns OLD or NEW into a bundle: a .xmb file, a project
// folder, "." for the working tree, or a git revision of the project.
func versionBundle(e *env, v string) (*bot.Bundle, func(), error) {
	nothing := func() {}
	if fi, err := os.Stat(v); err == nil {
		if !fi.IsDir() {
			b, _, err := e.bundleFor(v, "", nil)
			return b, nothing, err
		}
		b, _, err := e.bundleFor("", v, nil)
		return b, nothing, err
	}
	if strings.HasPrefix(v, "-") || strings.ContainsAny(v, " \t\n") {
		return nil, nothing, usageErr(i18n.F("%q 不是文件、目录或 git 版本", "%q is not a file, a folder or a git revision", v), i18n.T("例如 HEAD、HEAD~1、main", "e.g. HEAD, HEAD~1, main"))
	}
	root, err := schema.Find(".")
	if err != nil {
		return nil, nothing, usageErr(i18n.T("当前目录及其上级目录里没有 xm.yaml，无法按 git 版本比较", "no xm.yaml here or above, so there is no project to take from git"),
			i18n.T("在项目目录里运行，或用 -C 指定", "run inside the project, or name it with -C"))
	}
	git := func(args ...string) ([]byte, error) {
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("%s", strings.TrimSpace(stderr.String()))
		}
		return out, nil
	}
	if _, err := git("rev-parse", "--verify", "--quiet", v+"^{commit}"); err != nil {
		return nil, nothing, usageErr(i18n.F("%q 不是文件、目录，也不是这个 git 仓库里的版本", "%q is not a file, a folder, or a revision in this git repository", v), i18n.T("例如 HEAD、HEAD~1、main", "e.g. HEAD, HEAD~1, main"))
	}
	prefix, err := git("rev-parse", "--show-prefix")
	if err != nil {
		return nil, nothing, usageErr(i18n.F("git 出错：%v", "git failed: %v", err), i18n.Text{})
	}
	rel := strings.TrimSpace(string(prefix))
	tmp, err := os.MkdirTemp("", "xm-diff-*")
	if err != nil {
		return nil, nothing, err
	}
	clean := func() { os.RemoveAll(tmp) }
	if err := checkout(root, v, rel, tmp); err != nil {
		clean()
		var sub *submoduleError
		if errors.As(err, &sub) {
			return nil, nothing, usageErr(i18n.F("%s 版本在项目里有 git 子模块 %s,xm diff 无法从版本里读取子模块的文件", "revision %s has a git submodule at %s inside the project; xm diff cannot read a submodule's files from a revision", v, sub.path),
				i18n.T("分别在两个版本里运行 xm compile -o，再比较两个 .xmb 文件", "run xm compile -o in each version and compare the two .xmb files"))
		}
		return nil, nothing, usageErr(i18n.F("无法从 git 取出 %s: %v", "cannot take %s out of git: %v", v, err), i18n.Text{})
	}
	p, err := schema.Load(tmp)
	if err != nil {
		clean()
		return nil, nothing, usageErr(i18n.F("%s 版本里没有这个项目：%v", "the project is not in revision %s: %v", v, err), i18n.Text{})
	}
	b, err := compile.Build(p)
	if err != nil {
		clean()
		return nil, nothing, usageErr(i18n.F("无法编译 %s 版本：%v", "cannot compile revision %s: %v", v, err), i18n.Text{})
	}
	return b, clean, nil
}

type submoduleError struct{ path string }

func (e *submoduleError) Error() string { return "submodule at " + e.path }

// checkout writes the files of the project folder (prefix, relative to the
// repository's top) at revision rev into dir, straight from git's object
// store: unlike git archive, no .gitattributes export-ignore or
// export-subst changes what is read, and each file is streamed to disk,
// never held whole in memory. Links are skipped, .. and absolute paths
// refused, folders the loader skips (hidden ones, node_modules, dist) not
// taken out, and a file larger than any limit the loader can be set to is
// written as an empty file of the same size (sparse), so the loader
// refuses it on its size exactly as in the working tree. A submodule is
// refused: its files are not in this repository's revisions.
func checkout(root, rev, prefix, dir string) error {
	cmd := exec.Command("git", "ls-tree", "-r", "-z", "-l", "--full-name", rev, "--", ".")
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	list, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("%s", strings.TrimSpace(stderr.String()))
	}
	type blob struct {
		oid, path string
		size      int64
	}
	var blobs []blob
	for _, entry := range strings.Split(string(list), "\x00") {
		e, err := parseTreeEntry(entry)
		if err != nil {
			return err
		}
		if e.path == "" || !strings.HasPrefix(e.path, prefix) {
			continue
		}
		rel := strings.TrimPrefix(e.path, prefix)
		if e.kind == "commit" {
			return &submoduleError{rel}
		}
		if e.kind != "blob" || (e.mode != "100644" && e.mode != "100755") {
			continue // a link, or anything else that is not a plain file
		}
		clean := filepath.Clean(filepath.FromSlash(rel))
		if filepath.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
			return fmt.Errorf("unsafe path %q in the revision", e.path)
		}
		if skippedFolder(rel) {
			continue
		}
		size := e.size
		out := filepath.Join(dir, clean)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		if size > schema.Ceilings.MaxFileBytes {
			fh, err := os.Create(out)
			if err != nil {
				return err
			}
			err = fh.Truncate(size)
			if cerr := fh.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
			continue
		}
		blobs = append(blobs, blob{e.oid, out, size})
	}
	if len(blobs) == 0 {
		return nil
	}
	// One git cat-file --batch streams every file: "<oid> blob <size>\n",
	// the bytes, "\n".
	cat := exec.Command("git", "cat-file", "--batch")
	cat.Dir = root
	var ids strings.Builder
	for _, b := range blobs {
		ids.WriteString(b.oid + "\n")
	}
	cat.Stdin = strings.NewReader(ids.String())
	stderr.Reset()
	cat.Stderr = &stderr
	pipe, err := cat.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cat.Start(); err != nil {
		return err
	}
	copyAll := func() error {
		r := bufio.NewReaderSize(pipe, 64<<10)
		for _, b := range blobs {
			head, err := r.ReadString('\n')
			if err != nil {
				return err
			}
			if f := strings.Fields(head); len(f) != 3 || f[1] != "blob" || f[2] != strconv.FormatInt(b.size, 10) {
				return fmt.Errorf("git cat-file: unexpected %q for %s", strings.TrimSpace(head), b.oid)
			}
			fh, err := os.Create(b.path)
			if err != nil {
				return err
			}
			_, err = io.CopyN(fh, r, b.size)
			if cerr := fh.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
			if _, err := r.Discard(1); err != nil {
				return err
			}
		}
		return nil
	}
	err = copyAll()
	if err != nil {
		io.Copy(io.Discard, pipe)
	}
	if werr := cat.Wait(); err == nil && werr != nil {
		err = fmt.Errorf("%s", strings.TrimSpace(stderr.String()))
	}
	return err
}

// treeEntry is one line of git ls-tree -l: mode, type, object, size, path.
type treeEntry struct {
	mode, kind, oid, path string
	size                  int64 // -1 for what is not a blob
}

// parseTreeEntry reads "<mode> <type> <object> <size>\t<path>"; an empty
// entry (after the last NUL) gives an empty treeEntry.
func parseTreeEntry(entry string) (treeEntry, error) {
	if entry == "" {
		return treeEntry{}, nil
	}
	meta, name, ok := strings.Cut(entry, "\t")
	f := strings.Fields(meta)
	if !ok || len(f) != 4 || name == "" {
		return treeEntry{}, fmt.Errorf("unexpected git ls-tree line %q", entry)
	}
	e := treeEntry{mode: f[0], kind: f[1], oid: f[2], path: name, size: -1}
	if f[3] != "-" {
		n, err := strconv.ParseInt(f[3], 10, 64)
		if err != nil || n < 0 {
			return treeEntry{}, fmt.Errorf("unexpected git ls-tree size %q", f[3])
		}
		e.size = n
	}
	if e.kind == "blob" && e.size < 0 {
		return treeEntry{}, fmt.Errorf("git ls-tree gave no size for %q", name)
	}
	return e, nil
}

// skippedFolder reports whether a file lies in a folder the loader does
// not walk (see schema's expand): hidden ones, node_modules and dist.
func skippedFolder(rel string) bool {
	parts := strings.Split(rel, "/")
	for _, p := range parts[:len(parts)-1] {
		if strings.HasPrefix(p, ".") || p == "node_modules" || p == "dist" {
			return true
		}
	}
	return false
}
