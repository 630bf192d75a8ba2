package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/internal/report"
	"github.com/xm-dev/xm/internal/suggest"
	"github.com/xm-dev/xm/lint"
	"github.com/xm-dev/xm/schema"
)

func newLintCmd(e *env) *cobra.Command {
	var format, failOn, explain string
	var fix bool
	var staged bool
	cmd := &cobra.Command{
		Use:   "lint [PATH...]",
		Short: "Check scripts and triggers for mistakes / 检查话术和触发器",
		Long: `Load the project (the nearest xm.yaml at or above each PATH, or the
working directory), check it against the schema and the rule catalog, and
print each finding as file:line:col. With file paths, as pre-commit passes
them, only findings in those files and project-wide ones are shown. With
--staged, the projects of the YAML files staged for commit are linted as
they are in the git index, which is what the commit will hold.

Exit status: 0 when nothing is at or above --fail-on, 1 when something is,
2 when xm could not run.`,
		Example: `  xm lint
  xm lint examples/apparel
  xm lint --format json scripts/presale.yaml
  xm lint --format sarif > xm.sarif
  xm lint --format junit > lint-report.xml
  xm lint --format gitlab > gl-code-quality-report.json
  xm lint --lang zh --fail-on warning
  xm lint --explain vague-reply`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if explain != "" {
				// --explain takes an optional value, so "--explain RULE"
				// arrives as the flag alone and RULE as an argument.
				if explain == "*" && len(args) == 1 {
					explain = args[0]
				}
				return explainRule(e, explain)
			}
			if !cmd.Flags().Changed("format") && e.getenv("GITHUB_ACTIONS") == "true" {
				format = "github"
			}
			if err := checkFormat(format, "text", "json", "sarif", "github", "junit", "gitlab"); err != nil {
				return err
			}
			threshold, ok := diag.ParseSeverity(failOn)
			if !ok {
				return usageErr(i18n.F("--fail-on 的值 %q 无效", "--fail-on %q is not a severity", failOn),
					i18n.T("用 error、warning 或 info", "use error, warning or info"))
			}
			var targets []*target
			var err error
			if staged {
				if len(args) > 0 {
					return usageErr(i18n.T("--staged 检查暂存区里的全部 YAML，不接受路径", "--staged checks every staged YAML file and takes no paths"), i18n.T("去掉路径，或去掉 --staged", "drop the paths, or drop --staged"))
				}
				if fix {
					return usageErr(i18n.T("--staged 检查的是暂存区里的内容，不能和 --fix 一起用", "--staged checks what is in the git index, so it cannot --fix the files"), i18n.T("先运行 xm lint --fix，再 git add", "run xm lint --fix, then git add"))
				}
				var clean func()
				targets, clean, err = stagedTargets()
				if err != nil {
					return err
				}
				defer clean()
				if len(targets) == 0 {
					return nil // nothing staged belongs to a project
				}
			} else if targets, err = resolveFiles(args); err != nil {
				return err
			}
			all, srcs, err := lintTargets(e, targets)
			if err != nil {
				return err
			}
			if fix {
				n, err := applyFixes(all)
				if err != nil {
					return usageErr(i18n.F("无法修改文件：%v", "cannot fix the files: %v", errText(err)), i18n.Text{})
				}
				if n > 0 {
					fmt.Fprintln(e.stderr, i18n.F("xm: 修复了 %d 处", "xm: fixed %d finding(s)", n).In(e.lang))
					if all, srcs, err = lintTargets(e, targets); err != nil {
						return err
					}
				}
			}
			switch format {
			case "json":
				if err := report.WriteJSON(e.stdout, all, e.lang); err != nil {
					return err
				}
			case "sarif":
				if err := report.WriteSARIF(e.stdout, all, ruleInfos(e.lang), version(), e.lang); err != nil {
					return err
				}
			case "github":
				if err := report.WriteGitHub(e.stdout, all, e.lang); err != nil {
					return err
				}
			case "junit":
				if err := report.WriteJUnit(e.stdout, all, srcs.names(), threshold, e.lang); err != nil {
					return err
				}
			case "gitlab":
				if err := report.WriteGitLab(e.stdout, all, e.lang); err != nil {
					return err
				}
			default:
				color := isTerminal(e.stdout) && e.getenv("NO_COLOR") == ""
				if err := report.WriteText(e.stdout, all, srcs, report.TextOptions{Lang: e.lang, Color: color}); err != nil {
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
	cmd.Flags().StringVar(&format, "format", "text", "output format: text, json, sarif, github (the default under GitHub Actions), junit (test reports) or gitlab (Code Quality)")
	cmd.Flags().StringVar(&failOn, "fail-on", "error", "exit 1 when a finding is at least this severe: error, warning or info")
	cmd.Flags().BoolVar(&fix, "fix", false, "make the mechanical fixes (the shop's preferred words), then report what is left; xm fmt lays the files out")
	cmd.Flags().BoolVar(&staged, "staged", false, "lint the YAML files staged for commit as they are in the git index (what the pre-commit hook runs)")
	cmd.Flags().StringVar(&explain, "explain", "", "print what a rule checks, why, and a bad and a good example; alone, list the rules")
	cmd.Flags().Lookup("explain").NoOptDefVal = "*"
	_ = cmd.RegisterFlagCompletionFunc("explain", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return ruleNames(), cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

// lintTargets loads and lints each project, keeping the findings in the
// files the user named, with file names as the user sees them.
func lintTargets(e *env, targets []*target) ([]diag.Diagnostic, lineSource, error) {
	var all []diag.Diagnostic
	srcs := lineSource{}
	for _, t := range targets {
		p, err := schema.Load(t.root)
		if err != nil {
			return nil, nil, usageErr(i18n.F("无法加载项目 %s: %v", "cannot load the project in %s: %v", t.shown, errText(err)), i18n.Text{})
		}
		t.loaded = p
		srcs.add(t.shown, p)
		for _, d := range lint.Run(p, lint.Options{Now: e.now}) {
			if !t.wants(d.File) {
				continue
			}
			if shown := joinShown(t.shown, d.File); shown != d.File {
				// A command in a hint (iconv ...) must name the file
				// as the user sees it from where they stand.
				d.Hint.ZH = strings.ReplaceAll(d.Hint.ZH, " "+d.File, " "+shown)
				d.Hint.EN = strings.ReplaceAll(d.Hint.EN, " "+d.File, " "+shown)
				d.File = shown
			}
			all = append(all, d)
		}
	}
	return all, srcs, nil
}

func ruleNames() []string {
	var out []string
	for _, r := range lint.Rules {
		out = append(out, r.Name)
	}
	return out
}

func explainRule(e *env, name string) error {
	if name == "*" {
		for _, r := range lint.Rules {
			fmt.Fprintf(e.stdout, "%-18s %-8s %s\n", r.Name, r.Severity.Label(e.lang), r.Summary.In(e.lang))
		}
		return nil
	}
	r, ok := lint.Lookup(name)
	if !ok {
		hint := i18n.T("运行 xm lint --explain 查看规则列表", "run xm lint --explain for the list of rules")
		if s := suggest.Nearest(name, ruleNames()); s != "" {
			hint = i18n.F("是不是想写 %s?", "did you mean %s?", s)
		}
		return usageErr(i18n.F("没有 %q 这条规则", "there is no rule %q", name), hint)
	}
	_, err := fmt.Fprint(e.stdout, r.Explain(e.lang))
	return err
}

func ruleInfos(l i18n.Lang) []report.RuleInfo {
	var out []report.RuleInfo
	for _, r := range lint.Rules {
		out = append(out, report.RuleInfo{ID: r.Name, Summary: r.Summary.In(l), Doc: r.Doc.In(l), Severity: r.Severity,
			HelpURI: "https://github.com/xm-dev/xm/blob/main/docs/rules.md#" + r.Name})
	}
	return out
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
		return i18n.F("✓ 没有发现问题（%d 条话术，%d 个触发器，%d 个文件）", "✓ no problems (%d scripts, %d triggers in %d files)", scripts, triggers, files).In(l)
	}
	return report.Summary(ds, l)
}

func joinShown(shown, file string) string {
	if shown == "." || shown == "" {
		return file
	}
	if file == "" {
		return shown
	}
	if schema.PackOf(file) != "" {
		return file // a pack's file is nowhere on disk: its name stands alone
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

// names lists the files, sorted.
func (m lineSource) names() []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func (m lineSource) Line(file string, n int) (string, bool) { return m[file].Line(n) }
