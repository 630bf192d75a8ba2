package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/lint"
	"github.com/xm-dev/xm/schema"
)

func newLintCmd(e *env) *cobra.Command {
	var format, failOn string
	cmd := &cobra.Command{
		Use:   "lint [PATH...]",
		Short: "Check scripts and triggers for mistakes / 检查话术和触发器",
		Long: `Load the project (the nearest xm.yaml at or above each PATH, or the
working directory), check it against the schema and the rule catalog, and
print each finding as file:line:col. With file paths, as pre-commit passes
them, only findings in those files and project-wide ones are shown.

Exit status: 0 when nothing is at or above --fail-on, 1 when something is,
2 when xm could not run.`,
		Example: `  xm lint
  xm lint examples/apparel
  xm lint --format json scripts/presale.yaml
  xm lint --lang zh --fail-on warning`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, "text", "json"); err != nil {
				return err
			}
			threshold, ok := diag.ParseSeverity(failOn)
			if !ok {
				return usageErr(i18n.F("--fail-on 的值 %q 无效", "--fail-on %q is not a severity", failOn),
					i18n.T("用 error、warning 或 info", "use error, warning or info"))
			}
			targets, err := resolve(args)
			if err != nil {
				return err
			}
			var all []diag.Diagnostic
			srcs := lineSource{}
			for _, t := range targets {
				p, err := schema.Load(t.root)
				if err != nil {
					return usageErr(i18n.F("无法加载项目 %s: %v", "cannot load the project in %s: %v", t.shown, errText(err)), i18n.Text{})
				}
				t.loaded = p
				srcs.add(t.shown, p)
				for _, d := range lint.Run(p, lint.Options{Now: e.now}) {
					if !t.wants(d.File) {
						continue
					}
					d.File = joinShown(t.shown, d.File)
					all = append(all, d)
				}
			}
			switch format {
			case "json":
				if err := diag.WriteJSON(e.stdout, all, e.lang); err != nil {
					return err
				}
			default:
				color := isTerminal(e.stdout) && e.getenv("NO_COLOR") == ""
				if err := diag.WriteText(e.stdout, all, srcs, diag.TextOptions{Lang: e.lang, Color: color}); err != nil {
					return err
				}
				fmt.Fprintln(e.stdout, summaryLine(all, targets, e.lang))
			}
			for _, d := range all {
				if d.Severity.AtLeast(threshold) {
					return failed{exitFindings}
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	cmd.Flags().StringVar(&failOn, "fail-on", "error", "exit 1 when a finding is at least this severe: error, warning or info")
	return cmd
}

func summaryLine(ds []diag.Diagnostic, ts []*target, l i18n.Lang) string {
	scripts, triggers, files := 0, 0, 0
	for _, t := range ts {
		if t.loaded != nil {
			scripts += len(t.loaded.Scripts)
			triggers += len(t.loaded.Triggers)
			files += len(t.loaded.Files)
		}
	}
	if len(ds) == 0 {
		return i18n.F("✓ 没有发现问题(%d 条话术, %d 个触发器, %d 个文件)", "✓ no problems (%d scripts, %d triggers in %d files)", scripts, triggers, files).In(l)
	}
	return diag.Summary(ds, l)
}

func joinShown(shown, file string) string {
	if shown == "." || shown == "" {
		return file
	}
	if file == "" {
		return shown
	}
	return shown + "/" + file
}

// lineSource serves source lines by the file names as printed.
type lineSource map[string]*schema.File

func (m lineSource) add(shown string, p *schema.Project) {
	for _, f := range p.Files {
		m[joinShown(shown, f.Path)] = f
	}
}

func (m lineSource) Line(file string, n int) (string, bool) { return m[file].Line(n) }
