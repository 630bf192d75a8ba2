package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/internal/atomicfile"
	"github.com/xm-dev/xm/layout"
	"github.com/xm-dev/xm/schema"
)

func newFmtCmd(e *env) *cobra.Command {
	var check bool
	cmd := &cobra.Command{
		Use:   "fmt [PATH...]",
		Short: "Lay out the YAML files one canonical way, comments kept / 统一 YAML 文件的格式",
		Long: `Rewrite the project's YAML files (xm.yaml and every script and trigger
file; with PATHs, only those files or folders) in one canonical layout:
keys in the schema's order, keyword lists in flow style ([M码, 中码]) with
full-width letters and digits made half-width and duplicates removed,
example questions one a line, a blank line between scripts, trailing
comments aligned. Comments are kept and formatting twice changes nothing.
A file that does not parse is left alone and named.

Exit status: 0 done (with --check: every file is formatted), 1 with
--check when a file is not, 2 when a file could not be formatted.`,
		Example: `  xm fmt
  xm fmt scripts/presale.yaml
  xm fmt --check          # in CI or pre-commit: list what is not formatted`,
		RunE: func(cmd *cobra.Command, args []string) error {
			targets, err := resolveFiles(args)
			if err != nil {
				return err
			}
			unformatted, broken := 0, 0
			for _, t := range targets {
				p, err := schema.Load(t.root)
				if err != nil {
					return usageErr(i18n.F("无法加载项目 %s：%v", "cannot load the project in %s: %v", t.shown, errText(err)), i18n.Text{})
				}
				for _, f := range p.Files {
					if f.Pack != "" {
						continue // xm's own pack: not the seller's file
					}
					if !t.wants(f.Path) || t.only != nil && f.Path == schema.ManifestName && !t.named(f.Path) {
						continue
					}
					shown := joinShown(t.shown, f.Path)
					src, err := os.ReadFile(f.Abs)
					if err != nil || f.Broken {
						broken++
						fmt.Fprintln(e.stderr, i18n.F("xm: %s：无法格式化，文件无法解析（运行 xm lint 查看）", "xm: %s: cannot format: the file does not parse (run xm lint)", shown).In(e.lang))
						continue
					}
					out, err := layout.Format(src)
					if err != nil {
						broken++
						if errors.Is(err, layout.ErrUnsafe) {
							fmt.Fprintln(e.stderr, i18n.F("xm: %s：没有格式化，重新排版会改变内容或丢掉注释（请报告这个问题）", "xm: %s: left as it is: laying it out would change its meaning or lose a comment (please report this)", shown).In(e.lang))
						} else {
							fmt.Fprintln(e.stderr, i18n.F("xm: %s：无法格式化：%v", "xm: %s: cannot format: %v", shown, err).In(e.lang))
						}
						continue
					}
					if bytes.Equal(out, src) {
						continue
					}
					unformatted++
					if check {
						fmt.Fprintln(e.stdout, i18n.F("%s：格式不统一（运行 xm fmt）", "%s: not formatted (run xm fmt)", shown).In(e.lang))
						continue
					}
					if err := atomicfile.Write(f.Abs, out, 0o644); err != nil {
						return usageErr(i18n.F("无法写入 %s：%v", "cannot write %s: %v", shown, errText(err)), i18n.Text{})
					}
					fmt.Fprintln(e.stdout, i18n.F("已格式化 %s", "formatted %s", shown).In(e.lang))
				}
			}
			switch {
			case broken > 0:
				return failed{exitUsage}
			case check && unformatted > 0:
				return failed{exitFindings}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&check, "check", false, "change nothing; list the files not in the canonical layout and exit 1 if any")
	return cmd
}

// named reports whether the user named file itself (not only a file
// beside it).
func (t *target) named(file string) bool {
	for _, o := range t.only {
		if o == file {
			return true
		}
	}
	return false
}
