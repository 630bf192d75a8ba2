package lint

import (
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/schema"
)

// ControlChar flags control characters in what buyers are sent. The
// loader reports a raw one in a file at its line and column; the rule
// finds the ones written as escapes ("\e[31m") in replies and vars.
var ControlChar = &Rule{
	Name:     "control-char",
	Severity: diag.Error,
	Summary:  i18n.T("回复或变量里有控制字符（ESC 等）", "a control character (ESC and the like) in a reply or a var"),
	Doc: i18n.T(
		"控制字符（ESC、BEL、退格、方向覆盖符等）不是文字：买家的聊天窗口会把它显示成乱码，终端和一些客户端还会执行它（改颜色、清屏、倒序显示）。它们常随从网页或终端复制的文字混进来，或写成 YAML 双引号里的 \\e、\\x1b。换行和制表符不算。修复：删掉它。",
		"Control characters (ESC, BEL, backspace, direction overrides and the like) are not text: a buyer's chat window shows them as garbage, and terminals and some clients act on them (colours, a cleared screen, text shown backwards). They come with text copied from web pages or terminals, or as \\e or \\x1b inside YAML double quotes. Line breaks and tabs are fine. Fix: delete them."),
	Bad:  `reply: "亲，\e[31m限时特价\e[0m 今天下单立减 20 元"`,
	Good: "reply: 亲，限时特价：今天下单立减 20 元",
	Run:  runControlChar,
}

func runControlChar(p *Pass) {
	report := func(f *schema.File, site replySite, i int, r rune) {
		p.ReportAt(f, site.Node, site.Text, i, len(string(r)), site.Path,
			i18n.F("%s 里有控制字符 %s：买家会看到乱码，或被它操纵显示", "%s holds a control character, %s: a buyer would see garbage, or have their screen driven by it", site.Path, schema.ControlName(r)),
			i18n.T("删掉它；换行请直接换行（用 | 写多行回复）", "delete it; for line breaks, write real new lines (a | block)"))
	}
	for _, r := range p.replies() {
		if i, c := schema.FirstControl(r.Text, "\t\n"); i >= 0 {
			report(r.File, r, i, c)
		}
	}
	m := p.Project.Manifest
	if m == nil || m.Node == nil {
		return
	}
	vars := schema.Field(m.Node, "vars")
	for name, v := range m.Vars {
		s, ok := v.(string)
		if !ok {
			continue
		}
		if i, c := schema.FirstControl(s, "\t\n"); i >= 0 {
			report(m.File, replySite{Text: s, Node: schema.Field(vars, name), Path: "vars." + name}, i, c)
		}
	}
}
