// Package lint checks a loaded project against a catalog of rules. Each
// rule is one value in its own file (name, default severity, a doc with a
// bad and a good example, and a run function that reports through a Pass);
// rules.go lists them all. Rules whose findings come from the loader
// (yaml-syntax, encoding, schema, limits, include) have no run function:
// lint only applies the project's settings to what the loader found. The
// package does not load files (schema does) nor print (diag does).
package lint

import (
	"github.com/xm-dev/xm/bot"
	"slices"
	"time"

	"go.yaml.in/yaml/v4"

	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/schema"
)

// Rule is one check.
type Rule struct {
	Name     string
	Severity diag.Severity // the default
	Summary  i18n.Text     // one line: what it catches
	Doc      i18n.Text     // why it costs the seller, what to do
	Bad      string        // a YAML excerpt the rule flags
	Good     string        // the same, fixed
	// Run reports findings through the pass; nil for rules the loader reports.
	Run func(*Pass)
}

// Pass is what a rule sees while it runs.
type Pass struct {
	Project *schema.Project
	Now     time.Time // the clock promotions are judged by
	rule    *Rule
	out     []diag.Diagnostic
	shared  *shared
}

// Report records a finding at node n of file f.
func (p *Pass) Report(f *schema.File, n *yaml.Node, path string, msg, hint i18n.Text) {
	d := schema.Pos(f, n)
	d.Rule, d.Severity, d.Path, d.Message, d.Hint = p.rule.Name, p.rule.Severity, path, msg, hint
	p.out = append(p.out, d)
}

// ReportAs records a finding at a severity other than the rule's default,
// for a rule whose findings differ in weight.
func (p *Pass) ReportAs(sev diag.Severity, f *schema.File, n *yaml.Node, path string, msg, hint i18n.Text) {
	p.Report(f, n, path, msg, hint)
	p.out[len(p.out)-1].Severity = sev
}

// Options tune a run.
type Options struct {
	Now time.Time
	// Bundle, when set, is the project already compiled (compile.Build):
	// the rules that ask the real matcher use it instead of compiling the
	// project again.
	Bundle *bot.Bundle
}

// Run checks the project: it takes the loader's findings, runs every rule,
// and applies the manifest's lint settings (disabled rules, severities).
// The result is sorted.
func Run(p *schema.Project, o Options) []diag.Diagnostic {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	all := slices.Clone(p.Diags)
	sh := &shared{bundle: o.Bundle}
	for _, r := range Rules {
		if r.Run == nil {
			continue
		}
		pass := &Pass{Project: p, Now: o.Now, rule: r, shared: sh}
		r.Run(pass)
		all = append(all, pass.out...)
	}
	all = packFindings(all)
	all = configure(p, all)
	var disabled []string
	if p.Manifest != nil {
		disabled = p.Manifest.Lint.Disable
	}
	all = suppress(p, all, disabled)
	all = configure(p, all) // the ignore rules' own findings obey the settings too
	diag.Sort(all)
	return all
}

// configure drops disabled rules and applies severity overrides from
// xm.yaml.
func configure(p *schema.Project, ds []diag.Diagnostic) []diag.Diagnostic {
	var cfg schema.LintConfig
	if p.Manifest != nil {
		cfg = p.Manifest.Lint
	}
	out := ds[:0]
	for _, d := range ds {
		if slices.Contains(cfg.Disable, d.Rule) || excluded(cfg.Exclude, d) {
			continue
		}
		if s, ok := cfg.Severity[d.Rule]; ok {
			if s == "off" {
				continue
			}
			if sev, ok := diag.ParseSeverity(s); ok {
				d.Severity = sev
			}
		}
		out = append(out, d)
	}
	return out
}

// excluded reports whether a path-scoped exclusion in xm.yaml covers d.
func excluded(ex []schema.Exclusion, d diag.Diagnostic) bool {
	for _, e := range ex {
		if d.File != "" && schema.MatchGlob(e.Path, d.File) && (len(e.Rules) == 0 || slices.Contains(e.Rules, d.Rule)) {
			return true
		}
	}
	return false
}

// Lookup returns the rule with that name.
func Lookup(name string) (*Rule, bool) {
	for _, r := range Rules {
		if r.Name == name {
			return r, true
		}
	}
	return nil, false
}

// packBreaking lists the rules whose errors in a pack's file make the pack
// unusable; a pack's other findings are xm's to fix, not the seller's, so
// they are not shown (the rules that judge the whole project still see the
// pack's scripts, and report at the seller's side).
var packBreaking = []string{"yaml-syntax", "encoding", "schema", "limits", "include", "duplicate-id", "undefined-var"}

// packFindings drops the findings located in a pack's files, but for the
// errors that make the pack unusable, which say so.
func packFindings(ds []diag.Diagnostic) []diag.Diagnostic {
	out := ds[:0]
	for _, d := range ds {
		pk := schema.PackOf(d.File)
		if pk == "" {
			out = append(out, d)
			continue
		}
		if d.Severity != diag.Error || !slices.Contains(packBreaking, d.Rule) {
			continue
		}
		d.Hint = i18n.F("这是 xm 知识包 %s 里的问题，不在你的文件里：请报告它；在那之前从 xm.yaml 的 packs 去掉这个包，或用 disable 关掉这条话术", "this is in xm's pack %s, not in your files: please report it; meanwhile drop the pack from packs in xm.yaml, or disable the script", pk)
		out = append(out, d)
	}
	return out
}
