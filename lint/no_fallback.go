package lint

import (
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

// NoFallback flags a project with no reply for questions nothing matches.
var NoFallback = &Rule{
	Name:     "no-fallback",
	Severity: diag.Error,
	Summary:  i18n.T("没有兜底回复：没有话术匹配的问题得不到任何回应", "no fallback reply: questions nothing matches get no answer at all"),
	Doc: i18n.T(
		"总有问题匹配不上任何话术。没有兜底回复时，买家得不到任何回应，以为店铺没人。兜底回复要承认还不会、说明已记录，并告诉买家怎么找人工。",
		"Some questions will match no script. Without a fallback the buyer hears nothing and thinks the shop is closed. A good fallback admits the bot does not know yet, says the question was noted, and tells the buyer how to reach a human."),
	Bad:  "xm: 1\nshop: {name: 小鹿女装, category: apparel}",
	Good: "fallback:\n  reply: 亲，这个问题我还在学习，已为您记录，发送「转人工」可以找人工客服~",
	Run:  runNoFallback,
}

func runNoFallback(p *Pass) {
	m := p.Project.Manifest
	if m == nil || m.Node == nil {
		return
	}
	if m.Fallback == nil || m.Fallback.Reply == "" {
		p.Report(m.File, m.Node, "fallback",
			i18n.T("没有兜底回复", "no fallback reply"),
			i18n.T("在 xm.yaml 加上 fallback: {reply: 亲，这个问题我还在学习，发送「转人工」找人工客服~}", "add fallback: {reply: ...} to xm.yaml, saying the question was noted and how to reach a human"))
	}
}
