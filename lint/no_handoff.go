package lint

import (
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/schema"
)

// NoHandoff flags a project with no way to a human, or no urgent path.
var NoHandoff = &Rule{
	Name:     "no-handoff",
	Severity: diag.Error,
	Summary:  i18n.T("没有转人工的路径，或没有紧急通道", "no way to a human, or no urgent path"),
	Doc: i18n.T(
		"机器人只该处理约 80% 的标准问题；纠纷、赔偿、定制等必须交给人。买家说“转人工”“人工客服”时一定要能转过去，说“紧急”“加急”时要优先。没有这条路径的买家只能反复被机器人敷衍，投诉和差评随之而来。在 xm.yaml 的 handoff 里写上 keywords、urgent 和 reply。",
		"A bot should handle the ~80% of standard questions; disputes, compensation and custom orders need a person. When a buyer says 转人工 or 人工客服 they must get one, and 紧急 or 加急 must come first. Without that path buyers go round in circles with the bot, and complaints and bad reviews follow. Set keywords, urgent and reply under handoff in xm.yaml."),
	Bad:  "xm: 1\nshop: {name: 小鹿女装, category: apparel}",
	Good: "handoff:\n  keywords: [转人工, 人工客服]\n  urgent: [紧急, 加急]\n  reply: 亲，正在为您转接人工客服，请稍候~",
	Run:  runNoHandoff,
}

func runNoHandoff(p *Pass) {
	m := p.Project.Manifest
	if m == nil || m.Node == nil {
		return
	}
	if m.Handoff == nil || len(m.Handoff.Keywords) == 0 {
		p.Report(m.File, m.Node, "handoff",
			i18n.T("没有转人工的关键词：买家没有办法找到人工客服", "no handoff keywords: buyers have no way to reach a human"),
			i18n.T("在 xm.yaml 加上 handoff: {keywords: [转人工，人工客服], urgent: [紧急], reply: ...}", "add handoff: {keywords: [转人工, 人工客服], urgent: [紧急], reply: ...} to xm.yaml"))
		return
	}
	if len(m.Handoff.Urgent) == 0 {
		p.ReportAs(diag.Warning, m.File, schema.KeyNode(m.Node, "handoff"), "handoff.urgent",
			i18n.T("没有紧急关键词：着急的买家和普通咨询一起排队", "no urgent keywords: buyers in a hurry queue with everyone else"),
			i18n.T("在 handoff 里加上 urgent: [紧急，加急]", "add urgent: [紧急, 加急] under handoff"))
	}
}
