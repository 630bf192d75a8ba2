package lint

import (
	"fmt"
	"strings"

	"github.com/xm-dev/xm/i18n"
)

// Explain is the text `xm lint --explain RULE` prints.
func (r *Rule) Explain(l i18n.Lang) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s)\n", r.Name, r.Severity.Label(l))
	fmt.Fprintf(&b, "  %s\n\n", r.Summary.In(l))
	doc := r.Doc.In(l)
	if l == i18n.EN {
		doc = wrap(doc, 76)
	}
	fmt.Fprintf(&b, "%s\n\n", doc)
	bad, good := "Bad:", "Good:"
	if l == i18n.ZH {
		bad, good = "错误示例:", "正确示例:"
	}
	fmt.Fprintf(&b, "%s\n%s\n\n%s\n%s\n", bad, indent(r.Bad), good, indent(r.Good))
	return b.String()
}

// Markdown renders the catalog as docs/rules.md, both languages.
func Markdown() string {
	var b strings.Builder
	b.WriteString("# Lint rules / 检查规则\n\n")
	b.WriteString("Generated from the rule registry (`lint/rules.go`) by `go test ./lint -run TestRulesDoc -update`; a test fails when this file is stale. `xm lint --explain RULE` prints one rule in your language.\n\n")
	b.WriteString("由规则注册表生成;`xm lint --explain 规则名` 打印单条规则的说明。\n\n")
	b.WriteString("| rule | default | catches | 检查什么 |\n|---|---|---|---|\n")
	for _, r := range Rules {
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s | %s |\n", r.Name, r.Name, r.Severity, r.Summary.EN, r.Summary.ZH)
	}
	b.WriteString("\nSilence a finding in `xm.yaml` (`lint.disable`, `lint.severity`, `lint.exclude` by path) or inline with a YAML comment on or above the line: `# xm:ignore RULE[,RULE] -- reason` covers that node and its children; `# xm:ignore-file RULE -- reason` covers the file.\n")
	for _, r := range Rules {
		fmt.Fprintf(&b, "\n## %s\n\nDefault severity: **%s**.\n\n%s\n\n%s\n\n", r.Name, r.Severity, r.Doc.EN, r.Doc.ZH)
		fmt.Fprintf(&b, "Bad / 错误示例:\n\n```yaml\n%s\n```\n\nGood / 正确示例:\n\n```yaml\n%s\n```\n", r.Bad, r.Good)
	}
	return b.String()
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}

// wrap breaks English text at spaces; Chinese, which has none, is left to
// the terminal.
func wrap(s string, width int) string {
	var b strings.Builder
	col := 0
	for i, w := range strings.Fields(s) {
		n := len([]rune(w))
		if i > 0 {
			if col+1+n > width {
				b.WriteByte('\n')
				col = 0
			} else {
				b.WriteByte(' ')
				col++
			}
		}
		b.WriteString(w)
		col += n
	}
	return b.String()
}
