package main

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/compile"
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/lint"
	"github.com/xm-dev/xm/schema"
)

// loadBundle reads a bundle file, turning every way it can be wrong into a
// message that says what to do.
func loadBundle(path string) (*bot.Bundle, error) {
	b, err := bot.Load(path)
	if err == nil {
		return b, nil
	}
	var ce *bot.CorruptError
	var ne *bot.NewerError
	var oe *bot.OlderError
	switch {
	case errors.As(err, &oe):
		return nil, usageErr(i18n.F("%s: 匹配包格式版本 %d 是旧版 xm 写的，这个 xm 只读版本 %d", "%s: bundle format %d was written by an older xm; this one reads format %d", path, oe.Version, bot.FormatVersion),
			i18n.T("用 xm compile 重新生成", "rebuild it with xm compile"))
	case errors.As(err, &ne):
		return nil, usageErr(i18n.F("%s: 匹配包格式版本 %d 比这个 xm 新（它只读到版本 %d）", "%s: bundle format %d is newer than this xm reads (%d)", path, ne.Version, bot.FormatVersion),
			i18n.T("升级 xm: go install github.com/xm-dev/xm/cmd/xm@latest", "update xm: go install github.com/xm-dev/xm/cmd/xm@latest"))
	case errors.As(err, &ce):
		return nil, usageErr(i18n.F("%s: 匹配包已损坏：%s", "%s: corrupt bundle: %s", path, ce.Reason),
			i18n.T("用 xm compile 重新生成", "rebuild it with xm compile"))
	case errors.Is(err, bot.ErrNotRegular):
		return nil, usageErr(i18n.F("%s 不是普通文件（是管道、设备或套接字），不能作为匹配包读取", "%s is not a regular file (a pipe, device or socket); a bundle cannot be read from it", path),
			i18n.T("--bundle 需要 xm compile 生成的 .xmb 文件", "--bundle takes a .xmb file written by xm compile"))
	case errors.Is(err, bot.ErrNotBundle):
		return nil, usageErr(i18n.F("%s 不是 xm 匹配包", "%s is not an xm bundle", path),
			i18n.T("--bundle 需要 xm compile 生成的 .xmb 文件", "--bundle takes a .xmb file written by xm compile"))
	}
	return nil, usageErr(i18n.F("无法读取匹配包 %s: %v", "cannot read bundle %s: %v", path, errText(err)), i18n.T("检查路径", "check the path"))
}

// project loads the one project the paths name (the working directory by
// default).
func loadProject(paths []string) (*target, *schema.Project, error) {
	ts, err := resolve(paths)
	if err != nil {
		return nil, nil, err
	}
	if len(ts) > 1 {
		return nil, nil, usageErr(i18n.T("这些路径属于不同的项目，一次只能处理一个", "these paths belong to different projects; name one at a time"), i18n.Text{})
	}
	t := ts[0]
	p, err := schema.Load(t.root)
	if err != nil {
		return nil, nil, usageErr(i18n.F("无法加载项目 %s: %v", "cannot load the project in %s: %v", t.shown, errText(err)), i18n.Text{})
	}
	t.loaded = p
	return t, p, nil
}

// errorsOf runs lint and keeps the error-level findings, with file names
// as the user should see them.
func errorsOf(t *target, p *schema.Project, e *env, built *bot.Bundle) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range lint.Run(p, lint.Options{Now: e.now, Bundle: built}) {
		if d.Severity == diag.Error {
			d.File = joinShown(t.shown, d.File)
			out = append(out, d)
		}
	}
	return out
}

// lintAndBuild compiles a project in memory and lints it at error level
// with that one bundle (the matcher rules would compile it again).
func lintAndBuild(t *target, p *schema.Project, e *env) (*bot.Bundle, []diag.Diagnostic, error) {
	b, err := buildProject(t, p)
	return b, errorsOf(t, p, e, b), err
}

// buildProject compiles a project in memory.
func buildProject(t *target, p *schema.Project) (*bot.Bundle, error) {
	b, err := compile.Build(p)
	if err != nil {
		return nil, usageErr(i18n.F("无法编译 %s: %v", "cannot compile %s: %v", t.shown, err), i18n.Text{})
	}
	return b, nil
}

func defaultBundlePath(root string) string {
	return filepath.Join(root, "dist", filepath.Base(root)+".xmb")
}

func mkdirFor(path string) error {
	return os.MkdirAll(filepath.Dir(path), 0o755)
}
