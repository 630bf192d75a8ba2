package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"

	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/schema"
)

// git runs git in dir and returns its standard output; the error carries
// git's own message.
func git(dir string, stdin []byte, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return nil, fmt.Errorf("%s", msg)
		}
		return nil, err
	}
	return out, nil
}

func isYAML(name string) bool {
	return strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")
}

// stagedTargets finds the projects that the staged YAML files of the git
// repository in the working directory belong to, and writes each such
// project's YAML as it is in the index (not the working tree) into a
// temporary folder: what the commit will hold is what gets linted. Staged
// files in no project are left alone; no project at all gives no targets.
// The returned function removes the temporary folders.
func stagedTargets() ([]*target, func(), error) {
	nothing := func() {}
	notRepo := usageErr(i18n.T("这里不是 git 仓库（或没有安装 git）", "not inside a git repository (or git is not installed)"),
		i18n.T("--staged 检查 git 暂存区：在项目的 git 仓库里运行", "--staged checks the git index: run it inside the project's repository"))
	out, err := git(".", nil, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, nothing, notRepo
	}
	top := strings.TrimSpace(string(out))
	names, err := git(top, nil, "diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR")
	if err != nil {
		return nil, nothing, usageErr(i18n.F("git 出错：%v", "git failed: %v", err), i18n.Text{})
	}
	indexed, err := git(top, nil, "ls-files", "-z", "--cached")
	if err != nil {
		return nil, nothing, usageErr(i18n.F("git 出错：%v", "git failed: %v", err), i18n.Text{})
	}
	inIndex := map[string]bool{}
	for _, n := range strings.Split(string(indexed), "\x00") {
		if n != "" {
			inIndex[n] = true
		}
	}
	// The project of a staged file: the nearest folder above it whose
	// xm.yaml is in the index.
	rootOf := func(file string) (string, bool) {
		for dir := path.Dir(file); ; dir = path.Dir(dir) {
			m := schema.ManifestName
			if dir != "." {
				m = dir + "/" + m
			}
			if inIndex[m] {
				return dir, true
			}
			if dir == "." {
				return "", false
			}
		}
	}
	byRoot := map[string]*target{}
	var order []string
	for _, n := range strings.Split(string(names), "\x00") {
		if n == "" || !isYAML(n) {
			continue
		}
		root, ok := rootOf(n)
		if !ok {
			continue
		}
		t := byRoot[root]
		if t == nil {
			t = &target{}
			byRoot[root] = t
			order = append(order, root)
		}
		rel := n
		if root != "." {
			rel = strings.TrimPrefix(n, root+"/")
		}
		if rel == schema.ManifestName {
			t.whole = true
		}
		t.only = append(t.only, rel)
	}
	if len(order) == 0 {
		return nil, nothing, nil
	}
	tmp, err := os.MkdirTemp("", "xm-staged-*")
	if err != nil {
		return nil, nothing, usageErr(i18n.F("无法创建临时目录：%v", "cannot create a temporary folder: %v", errText(err)), i18n.Text{})
	}
	clean := func() { os.RemoveAll(tmp) }
	// Every YAML file of each project, from the index.
	var list bytes.Buffer
	for n := range inIndex {
		if !isYAML(n) {
			continue
		}
		for _, root := range order {
			if root == "." || strings.HasPrefix(n, root+"/") {
				list.WriteString(n)
				list.WriteByte(0)
				break
			}
		}
	}
	if _, err := git(top, list.Bytes(), "checkout-index", "-z", "--stdin", "--prefix="+tmp+"/"); err != nil {
		clean()
		return nil, nothing, usageErr(i18n.F("无法从 git 暂存区取出文件：%v", "cannot take the staged files out of git: %v", err), i18n.Text{})
	}
	cwd, _ := os.Getwd()
	var ts []*target
	for _, root := range order {
		t := byRoot[root]
		t.root = filepath.Join(tmp, filepath.FromSlash(root))
		shown, err := filepath.Rel(cwd, filepath.Join(top, filepath.FromSlash(root)))
		if err != nil || strings.HasPrefix(shown, "..") {
			shown = filepath.Join(top, filepath.FromSlash(root))
		}
		t.shown = filepath.ToSlash(shown)
		if t.whole {
			t.only = nil
		}
		ts = append(ts, t)
	}
	return ts, clean, nil
}
