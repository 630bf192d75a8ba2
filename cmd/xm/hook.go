package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/internal/atomicfile"
)

// preCommit lints what is staged in xm projects, with the xm on PATH (or
// $XM). Git GUIs often start hooks with a shorter PATH than a terminal's, so
// a missing xm says what to do instead of failing with "not found".
const preCommit = `#!/bin/sh
# Installed by "xm hook install": lint the YAML staged in xm projects before
# each commit. Remove this file to stop; commit with --no-verify to skip once.
xm="${XM:-xm}"
if ! command -v "$xm" >/dev/null 2>&1; then
  echo "xm 提交前检查:找不到 $xm(图形界面的 git 客户端常用更短的 PATH)。" >&2
  echo "  安装 xm(go install github.com/xm-dev/xm/cmd/xm@latest),把它所在目录加进 PATH,或设置环境变量 XM=xm 的完整路径;git commit --no-verify 可跳过一次。" >&2
  echo "xm pre-commit hook: $xm is not on PATH (git GUIs often run hooks with a shorter PATH)." >&2
  echo "  install xm (go install github.com/xm-dev/xm/cmd/xm@latest), add its folder to PATH, or set XM to the full path of xm; git commit --no-verify skips the check once." >&2
  exit 1
fi
exec "$xm" lint --staged
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
moved to pre-commit.bak, or pre-commit.bak.2, .3... so that no earlier
backup is lost; a hook that is a symbolic link is moved as the link, and
the file it points to is left alone). Teams using the pre-commit framework can use
the hooks in .pre-commit-hooks.yaml instead.`,
		Example: "  xm hook install\n  xm hook install --force",
		Args:    cobra.NoArgs,
		RunE:    func(cmd *cobra.Command, _ []string) error { return installHook(e, force) },
	}
	install.Flags().BoolVar(&force, "force", false, "replace an existing, different hook (moved to pre-commit.bak, never over an earlier backup)")
	hook.AddCommand(install)
	return hook
}

// installHook writes the pre-commit hook. It never writes through a
// symbolic link (the hook may point at a tracked file), never overwrites a
// backup, and refuses a bare repository, which has no commits to check.
func installHook(e *env, force bool) error {
	bare, err := git(".", nil, "rev-parse", "--is-bare-repository")
	if err != nil {
		return usageErr(i18n.T("这里不是 git 仓库（或没有安装 git）", "not inside a git repository (or git is not installed)"),
			i18n.T("先运行 git init，或进入项目的 git 仓库", "run git init first, or change to the project's repository"))
	}
	if strings.TrimSpace(string(bare)) == "true" {
		return usageErr(i18n.T("这是裸仓库（没有工作区），不会在这里提交", "this is a bare repository: it has no working tree, so no commits are made here"),
			i18n.T("在克隆出来的工作区里运行 xm hook install", "run xm hook install in a clone that has a working tree"))
	}
	out, err := git(".", nil, "rev-parse", "--git-path", "hooks")
	if err != nil {
		return usageErr(i18n.F("git 出错：%v", "git failed: %v", err), i18n.Text{})
	}
	dir := strings.TrimSpace(string(out))
	hook := filepath.Join(dir, "pre-commit")
	fi, err := os.Lstat(hook)
	exists := err == nil
	if exists {
		// A link is compared by what it points to, but never written through.
		if old, err := os.ReadFile(hook); err == nil && bytes.Equal(old, []byte(preCommit)) {
			fmt.Fprintln(e.stdout, i18n.F("已经安装过了：%s", "already installed: %s", hook).In(e.lang))
			return nil
		}
		if !force {
			return usageErr(i18n.F("%s 已有别的钩子，没有覆盖", "%s already holds a different hook; left as it is", hook),
				i18n.T("用 --force 替换（原钩子会移到 pre-commit.bak），或把 xm lint --staged 加进现有钩子", "use --force to replace it (the old one is moved to pre-commit.bak), or add xm lint --staged to it"))
		}
		if fi.IsDir() {
			return usageErr(i18n.F("%s 是目录", "%s is a directory", hook), i18n.T("移走这个目录后再安装", "move the folder away, then install"))
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return usageErr(i18n.F("无法创建 %s: %v", "cannot create %s: %v", dir, errText(err)), i18n.Text{})
	}
	backup := ""
	if exists {
		backup = freeBackup(hook)
		// Rename moves the hook itself (a link stays a link): its bytes,
		// its mode and whatever it points to are untouched.
		if err := os.Rename(hook, backup); err != nil {
			return usageErr(i18n.F("无法备份原钩子：%v", "cannot save the old hook: %v", errText(err)), i18n.Text{})
		}
	}
	if err := atomicfile.Write(hook, []byte(preCommit), 0o755); err != nil {
		if backup != "" {
			os.Rename(backup, hook)
		}
		return usageErr(i18n.F("无法写入 %s: %v", "cannot write %s: %v", hook, errText(err)), i18n.Text{})
	}
	if backup != "" {
		fmt.Fprintln(e.stdout, i18n.F("原钩子已移到 %s", "the old hook was moved to %s", backup).In(e.lang))
	}
	fmt.Fprintln(e.stdout, i18n.F("已安装 %s：每次提交前检查暂存的 YAML", "installed %s: staged YAML is linted before each commit", hook).In(e.lang))
	return nil
}

// freeBackup is the first of hook.bak, hook.bak.2, hook.bak.3... that does
// not exist yet.
func freeBackup(hook string) string {
	for i := 1; ; i++ {
		name := hook + ".bak"
		if i > 1 {
			name += "." + strconv.Itoa(i)
		}
		if _, err := os.Lstat(name); err != nil {
			return name
		}
	}
}
