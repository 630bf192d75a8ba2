package lint

import (
	"slices"
	"strings"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/internal/suggest"
	"github.com/xm-dev/xm/schema"
)

// UndefinedVar flags {{name}} that nothing provides, and {{ that never closes.
var UndefinedVar = &Rule{
	Name:     "undefined-var",
	Severity: diag.Error,
	Summary:  i18n.T("回复里的 {{变量}} 没有定义，或 {{ 没有闭合", "a {{name}} in a reply that nothing provides, or a {{ that never closes"),
	Doc: i18n.T(
		"回复里的 {{名字}} 要由 xm.yaml 的 vars、订单字段（order.item、order.tracking_no…）或内置值（shop.name、today、now）提供。拼错的名字在买家面前会显示成原样的 {{…}}，比空着更糟。修复：在 vars 里加上它，或改成已有的名字。",
		"Every {{name}} in a reply must come from vars in xm.yaml, an order field (order.item, order.tracking_no...) or a built-in (shop.name, today, now). A misspelt name would reach the buyer as a raw {{...}}, worse than a blank. Fix: add it under vars, or use a name that exists."),
	Bad:  "reply: 付款后 {{ship_hour}} 小时内发货",
	Good: "# xm.yaml: vars: {ship_hours: 48}\nreply: 付款后 {{ship_hours}} 小时内发货",
	Run:  runUndefinedVar,
}

func runUndefinedVar(p *Pass) {
	var known []string
	if m := p.Project.Manifest; m != nil {
		for k := range m.Vars {
			known = append(known, k)
		}
	}
	known = append(known, schema.OrderFields...)
	known = append(known, schema.Builtins...)
	slices.Sort(known)
	if m := p.Project.Manifest; m != nil && m.Node != nil {
		vars := schema.Field(m.Node, "vars")
		for k, v := range m.Vars {
			if s, ok := v.(string); ok && strings.Contains(s, "{{") {
				p.ReportAs(diag.Warning, m.File, schema.Field(vars, k), "vars."+k,
					i18n.F("变量 %s 的值里有 {{…}}：变量按原样插入，不会再展开，买家会看到 {{…}}", "var %s holds {{...}}: vars are inserted as they are, never expanded again, so the buyer would see the braces", k),
					i18n.T("把值写成最终给买家看的文字", "write the value as the buyer should read it"))
			}
		}
	}
	for _, r := range p.replies() {
		refs, ok := bot.ParseRefs(r.Text)
		for _, ref := range refs {
			if slices.Contains(known, ref.Name) {
				continue
			}
			hint := i18n.F("在 xm.yaml 的 vars 里加上 %s: …，或改用已有的名字", "add %s: ... under vars in xm.yaml, or use a name that exists", ref.Name)
			if s := suggest.Nearest(ref.Name, known); s != "" {
				hint = i18n.F("是不是想写 {{%s}}?", "did you mean {{%s}}?", s)
			}
			if ref.Name == "" {
				hint = i18n.T("在 {{ }} 里写上变量名，或删掉它", "put a name inside {{ }}, or remove it")
			}
			p.ReportAt(r.File, r.Node, r.Text, ref.Start, ref.End-ref.Start, r.Path,
				i18n.F("{{%s}} 没有定义", "{{%s}} is not defined", ref.Name), hint)
		}
		if !ok {
			at := strings.LastIndex(r.Text, "{{")
			p.ReportAt(r.File, r.Node, r.Text, at, 2, r.Path,
				i18n.T("{{ 没有闭合", "a {{ that never closes"),
				i18n.T("补上 }}，或删掉多余的 {{", "add the closing }}, or remove the stray {{"))
		}
	}
}
