package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/internal/report"
	"github.com/xm-dev/xm/schema"
)

func newCompileCmd(e *env) *cobra.Command {
	var out, format string
	var check, force, brief bool
	cmd := &cobra.Command{
		Use:   "compile [PATH]",
		Short: "Compile the project into a matcher bundle / 编译成匹配包",
		Long: `Lint the project at error level and, when nothing is wrong, write the
matcher bundle a serving bot loads (default dist/<project folder>.xmb).
The bundle is written to a temporary file and renamed into place, so a
failed or interrupted compile leaves the previous bundle intact. The same
sources give the same bytes.`,
		Example: `  xm compile
  xm compile -o build/shop.xmb
  xm compile examples/apparel
  xm compile --check        # lint and build, write nothing (pre-commit)`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, "text", "json"); err != nil {
				return err
			}
			start := time.Now()
			t, p, err := loadProject(args)
			if err != nil {
				return err
			}
			b, errs, berr := lintAndBuild(t, p, e)
			if len(errs) > 0 && brief {
				fmt.Fprintln(e.stderr, i18n.F("xm: 有 %d 个错误（xm lint 会列出），未写入匹配包", "xm: %d error(s), listed by xm lint; no bundle written", len(errs)).In(e.lang))
				return failed{exitFindings}
			} else if len(errs) > 0 {
				srcs := lineSource{}
				srcs.add(t.shown, p)
				if err := report.WriteText(e.stderr, errs, srcs, report.TextOptions{Lang: e.lang, Color: isTerminal(e.stderr) && e.getenv("NO_COLOR") == ""}); err != nil {
					return err
				}
				fmt.Fprintln(e.stderr, i18n.F("xm: 有 %d 个错误，未写入匹配包", "xm: %d error(s); no bundle written", len(errs)).In(e.lang))
				return failed{exitFindings}
			}
			if berr != nil {
				return berr
			}
			if check {
				fmt.Fprintln(e.stdout, i18n.F("✓ 可以编译：%d 条话术，%d 个触发器，%d 个关键词（--check，未写入）", "✓ compiles: %d scripts, %d triggers, %d keywords (--check, nothing written)", len(b.Scripts), len(b.Triggers), b.NumKeywords()).In(e.lang))
				return nil
			}
			path := out
			if path == "" {
				path = defaultBundlePath(t.root)
			}
			if err := checkOutput(path, p, force); err != nil {
				return err
			}
			if err := mkdirFor(path); err != nil {
				return usageErr(i18n.F("无法创建目录：%v", "cannot create the folder: %v", errText(err)), i18n.Text{})
			}
			n, err := b.WriteFile(path)
			if err != nil {
				return usageErr(i18n.F("无法写入 %s: %v", "cannot write %s: %v", path, errText(err)), i18n.T("检查目录的写权限和磁盘空间", "check the folder's write permission and free space"))
			}
			shown := path
			if out == "" {
				if cwd, err := os.Getwd(); err == nil {
					if r, err := filepath.Rel(cwd, path); err == nil {
						shown = r
					}
				}
			}
			took := time.Since(start)
			if format == "json" {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(map[string]any{
					"bundle": filepath.ToSlash(shown), "bytes": n, "scripts": len(b.Scripts), "triggers": len(b.Triggers),
					"keywords": b.NumKeywords(), "source_sha256": fmt.Sprintf("%x", b.SourceHash), "format_version": bot.FormatVersion,
				})
			}
			fmt.Fprintln(e.stdout, i18n.F("已写入 %s: %d 条话术，%d 个触发器，%d 个关键词，%s，用时 %s",
				"wrote %s: %d scripts, %d triggers, %d keywords, %s in %s",
				filepath.ToSlash(shown), len(b.Scripts), len(b.Triggers), b.NumKeywords(), byteSize(n), took.Round(time.Millisecond)).In(e.lang))
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "where to write the bundle (default dist/<project folder>.xmb)")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	cmd.Flags().BoolVar(&check, "check", false, "lint and build the bundle, but write nothing (for pre-commit and CI)")
	cmd.Flags().BoolVar(&force, "force", false, "replace an existing file that is not a bundle (never a project source file)")
	cmd.Flags().BoolVar(&brief, "brief", false, "count lint errors instead of listing them (when xm lint runs too, as in the pre-commit hooks, so each is printed once)")
	return cmd
}

// checkOutput refuses a bundle path whose file would be lost: a device, a
// pipe or a folder; a file the project loads (xm.yaml, a script, a
// trigger file), even with --force; and, without --force, any other file
// that is not empty and not a bundle.
func checkOutput(path string, p *schema.Project, force bool) error {
	fi, err := os.Stat(path)
	if err != nil {
		return nil
	}
	if !fi.Mode().IsRegular() {
		return usageErr(i18n.F("%s 不是普通文件，不能写入匹配包", "%s is not a regular file; a bundle cannot be written there", path),
			i18n.T("只想检查能否编译，用 xm compile --check", "to check that the project compiles without writing, use xm compile --check"))
	}
	for _, f := range p.Files {
		if sfi, err := os.Stat(f.Abs); err == nil && os.SameFile(fi, sfi) {
			return usageErr(i18n.F("%s 是项目的源文件 %s，不能用匹配包覆盖", "%s is the project's source file %s; a bundle must not replace it", path, f.Path),
				i18n.T("把匹配包写到别处，例如 -o dist/shop.xmb", "write the bundle elsewhere, e.g. -o dist/shop.xmb"))
		}
	}
	if fi.Size() == 0 || force {
		return nil
	}
	if ok, err := bot.IsBundleFile(path); err != nil || !ok {
		return usageErr(i18n.F("%s 已存在且不是 xm 匹配包，未覆盖", "%s exists and is not an xm bundle; not replaced", path),
			i18n.T("换一个输出路径；确实要覆盖时加 --force", "choose another output path, or add --force to replace it"))
	}
	return nil
}

func byteSize(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
