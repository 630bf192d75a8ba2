package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/schema"
)

// target is one project to work on and, when the user named files or
// folders inside it, which of its files they asked about.
type target struct {
	root   string   // absolute
	only   []string // project-relative paths or folder prefixes; nil means all
	whole  bool     // the project's root was named: everything, whatever else was
	shown  string   // how to print the root: relative to the working directory
	loaded *schema.Project
}

// resolve maps the paths a user gave (none means the working directory) to
// projects, the way go finds go.mod: the nearest xm.yaml at or above each.
func resolve(paths []string) ([]*target, error) {
	return resolvePaths(paths, false)
}

// resolveFiles is resolve for xm lint: files outside any project are
// skipped (pre-commit passes every staged YAML file, CI workflows and all),
// unless none of the paths is in a project.
func resolveFiles(paths []string) ([]*target, error) {
	return resolvePaths(paths, true)
}

func resolvePaths(paths []string, skipStray bool) ([]*target, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var stray error
	cwd, _ := os.Getwd()
	byRoot := map[string]*target{}
	var order []*target
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, usageErr(i18n.F("无法读取 %s: %v", "cannot read %s: %v", p, errText(err)),
				i18n.T("检查路径是否写对", "check the path"))
		}
		root, err := schema.Find(p)
		if err != nil {
			if errors.Is(err, schema.ErrNoProject) && skipStray && !fi.IsDir() {
				stray = usageErr(i18n.F("%s 及其上级目录里没有 xm.yaml", "no xm.yaml in %s or any folder above it", p),
					i18n.T("在项目目录里运行，用 -C 指定项目目录，或用 xm init 新建项目", "run inside a project, name one with -C, or start one with xm init"))
				continue
			}
			if errors.Is(err, schema.ErrNoProject) {
				return nil, usageErr(i18n.F("%s 及其上级目录里没有 xm.yaml", "no xm.yaml in %s or any folder above it", p),
					i18n.T("在项目目录里运行，用 -C 指定项目目录，或用 xm init 新建项目", "run inside a project, name one with -C, or start one with xm init"))
			}
			return nil, usageErr(i18n.F("无法读取 %s: %v", "cannot read %s: %v", p, errText(err)), i18n.Text{})
		}
		t, ok := byRoot[root]
		if !ok {
			shown, err := filepath.Rel(cwd, root)
			if err != nil || strings.HasPrefix(shown, "..") {
				shown = root
			}
			t = &target{root: root, shown: filepath.ToSlash(shown)}
			byRoot[root] = t
			order = append(order, t)
		}
		abs, _ := filepath.Abs(p)
		rel, _ := filepath.Rel(root, abs)
		rel = filepath.ToSlash(rel)
		switch {
		case rel == "." && fi.IsDir():
			t.whole = true
		case fi.IsDir():
			t.only = append(t.only, rel+"/")
		default:
			t.only = append(t.only, rel)
		}
	}
	if len(order) == 0 && stray != nil {
		return nil, stray
	}
	for _, t := range order {
		if t.whole {
			t.only = nil
		}
	}
	return order, nil
}

// wants reports whether a finding in file (project-relative) is one the
// user asked about: any file when no paths narrowed it, else the named
// files and folders plus project-wide findings (in xm.yaml or in no file).
func (t *target) wants(file string) bool {
	if t.only == nil || file == "" || file == schema.ManifestName {
		return true
	}
	for _, o := range t.only {
		if o == file || strings.HasSuffix(o, "/") && strings.HasPrefix(file, o) {
			return true
		}
	}
	return false
}
