package lint

import (
	"fmt"
	"slices"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/schema"
)

// StarterDefault names the vars that still hold a starter's or a pack's
// default.
var StarterDefault = &Rule{
	Name:     "starter-default",
	Severity: diag.Info,
	Summary:  i18n.T("变量还是起步模板或知识包的默认值，没有换成店铺自己的", "a var still holds the starter's or the pack's default, not the shop's own figure"),
	Doc: i18n.T(
		"xm init 写出的 vars（发货时效、退货天数、快递、链接……）和知识包的默认值都是示例数字：机器人会把它们当成你的承诺告诉买家。这条规则列出还没改过的变量和它在 xm.yaml 的位置，让你看到模板还没填完。它是提示（info），不会让 xm lint 失败：有的默认值可能恰好就是你的（例如 7 天无理由退货）。核对后，在那一行上面写 # xm:ignore starter-default -- 已核对；想让没填完的项目在 CI 里失败，在 xm.yaml 设 lint.severity: {starter-default: warning} 并用 --fail-on warning。",
		"The vars xm init writes (shipping hours, return days, carrier, links...) and a pack's defaults are sample figures: the bot tells buyers them as your promises. This rule lists each var not yet changed, at its place in xm.yaml, so you see the starter is not finished. It is an info and never fails xm lint: a default may happen to be yours (7-day returns, say). Once checked, write # xm:ignore starter-default -- checked above the line; to fail unfinished projects in CI, set lint.severity: {starter-default: warning} in xm.yaml and run --fail-on warning."),
	Bad:  "# xm init --category apparel\nvars:\n  ship_hours: 48   # the starter's figure\n  size_chart: https://shop.example.com/xiaolu/size-chart",
	Good: "vars:\n  ship_hours: 24\n  size_chart: https://myshop.taobao.com/size",
	Run:  runStarterDefault,
}

func runStarterDefault(p *Pass) {
	m := p.Project.Manifest
	if m == nil || m.Node == nil {
		return
	}
	starter := schema.StarterVars(m.Shop.Category)
	vars := schema.Field(m.Node, "vars")
	names := make([]string, 0, len(m.Vars))
	for k := range m.Vars {
		names = append(names, k)
	}
	slices.Sort(names)
	same := func(a, b any) bool { return fmt.Sprint(a) == fmt.Sprint(b) }
	// A pack's default matters only where a reply uses it (a replaced or
	// disabled pack script's var is no promise to anyone).
	used := map[string]bool{}
	for _, r := range p.replies() {
		refs, _ := bot.ParseRefs(r.Text)
		for _, ref := range refs {
			used[ref.Name] = true
		}
	}
	for _, k := range names {
		v := m.Vars[k]
		if pk, ok := p.Project.PackVars[k]; ok {
			if !used[k] {
				continue
			}
			p.Report(m.File, pk.Node, "vars."+k,
				i18n.F("{{%s}} 用的是知识包 %s 的默认值 %v", "{{%s}} uses the default of pack %s, %v", k, pk.ID(), v),
				i18n.F("在 xm.yaml 的 vars 里写上 %s：你店铺的值", "add %s: YOUR FIGURE under vars in xm.yaml", k))
			continue
		}
		node := schema.Field(vars, k)
		if node == nil {
			continue
		}
		if def, ok := starter[k]; ok && same(def, v) {
			p.Report(m.File, node, "vars."+k,
				i18n.F("vars.%s 还是起步模板的示例值 %v", "vars.%s still holds the starter's sample figure, %v", k, v),
				i18n.T("改成你店铺的真实数字或链接；确实就是这个值，在这一行上面写 # xm:ignore starter-default -- 已核对", "put your shop's real figure or link here; if it really is yours, write # xm:ignore starter-default -- checked above the line"))
			continue
		}
		for _, pk := range p.Project.Packs {
			if def, ok := pk.Vars[k]; ok && same(def, v) {
				p.Report(m.File, node, "vars."+k,
					i18n.F("vars.%s 还是知识包 %s 的默认值 %v", "vars.%s still holds the default of pack %s, %v", k, pk.ID(), v),
					i18n.T("改成你店铺的真实数字或链接；确实就是这个值，在这一行上面写 # xm:ignore starter-default -- 已核对", "put your shop's real figure or link here; if it really is yours, write # xm:ignore starter-default -- checked above the line"))
				break
			}
		}
	}
}
