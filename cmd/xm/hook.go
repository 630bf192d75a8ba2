package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/xm-dev/xm/i18n"
)

// preCommit lints the staged YAML files with the xm on PATH (or $XM).
const preCommit = `#!/bin/sh
# Installed by "xm hook install": check staged YAML of xm projects before
# each commit. Remove this file to stop; commit with --no-verify to skip once.
if git diff --cached --quiet --diff-filter=ACMR -- '*.yaml' '*.yml'; then
  exit 0
fi
git diff --cached --name-only -z --diff-filter=ACMR -- '*.yaml' '*.yml' | xargs -0 "${XM:-xm}" lint
`

func newHookCmd(e *env) *cobra.Command {
	hook := &cobra.Command{
		Use:     "hook",
		Short:   "Manage the git pre-commit hook / 管理 git 提交前检查",
		Example: "  xm hook install",
	}
	var force bool
	install := &cobra.Command{
		Use:   "install",
		Short: "Install a git pre-commit hook that runs xm lint on staged YAML",
		Long: `Write .git/hooks/pre-commit so that every commit first runs xm lint on
the staged YAML files; a finding at error level stops the commit. An
existing, different hook is kept unless --force is given (it is then
saved as pre-commit.bak). Teams using the pre-commit framework can use
the hooks in .pre-commit-hooks.yaml instead.`,
		Example: "  xm hook install\n  xm hook install --force",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			out, err := exec.Command("git", "rev-parse", "--git-path", "hooks").Output()
			if err != nil {
				return usageErr(i18n.T("这里不是 git 仓库（或没有安装 git）", "not inside a git repository (or git is not installed)"),
					i18n.T("先运行 git init，或进入项目的 git 仓库", "run git init first, or change to the project's repository"))
			}
			dir := strings.TrimSpace(string(out))
			path := filepath.Join(dir, "pre-commit")
			old, err := os.ReadFile(path)
			switch {
			case err == nil && bytes.Equal(old, []byte(preCommit)):
				fmt.Fprintln(e.stdout, i18n.F("已经安装过了：%s", "already installed: %s", path).In(e.lang))
				return nil
			case err == nil && !force:
				return usageErr(i18n.F("%s 已有别的钩子，没有覆盖", "%s already holds a different hook; left as it is", path),
					i18n.T("用 --force 覆盖（原文件会存为 pre-commit.bak），或把 xm lint 加进现有钩子", "use --force to replace it (the old one is saved as pre-commit.bak), or add xm lint to it"))
			case err == nil:
				if err := os.WriteFile(path+".bak", old, 0o755); err != nil {
					return usageErr(i18n.F("无法备份原钩子：%v", "cannot save the old hook: %v", errText(err)), i18n.Text{})
				}
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return usageErr(i18n.F("无法创建 %s: %v", "cannot create %s: %v", dir, errText(err)), i18n.Text{})
			}
			if err := os.WriteFile(path, []byte(preCommit), 0o755); err != nil {
				return usageErr(i18n.F("无法写入 %s: %v", "cannot write %s: %v", path, errText(err)), i18n.Text{})
			}
			fmt.Fprintln(e.stdout, i18n.F("已安装 %s：每次提交前检查暂存的 YAML", "installed %s: staged YAML is linted before each commit", path).In(e.lang))
			return nil
		},
	}
	install.Flags().BoolVar(&force, "force", false, "replace an existing, different hook (saved as pre-commit.bak)")
	hook.AddCommand(install)
	return hook
}
