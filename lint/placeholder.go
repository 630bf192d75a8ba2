package lint

import (
	"strings"

	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

// Placeholder flags template text left in a reply.
var Placeholder = &Rule{
	Name:     "placeholder",
	Severity: diag.Error,
	Summary:  i18n.T("回复里留着模板占位文字（XXX、TODO、【这里】、没有链接的“点击这里”）", "template text left in a reply (XXX, TODO, 【这里】, 点击这里 with no link)"),
	Doc: i18n.T(
		"从模板复制来的话术常留着 XXX、TODO、待补充、【这里】。买家看到“尺码表链接：XXX”或“点击【这里】领券”却没有链接，只会再问一遍或直接离开。修复：填上真实的内容和链接（放在 vars 里用 {{名字}} 引用）。",
		"Scripts copied from templates often keep XXX, TODO, 待补充 or 【这里】. A buyer who reads \"size chart: XXX\" or \"click 【这里】 for the coupon\" with no link asks again or leaves. Fix: fill in the real text and link (keep links under vars and write {{name}})."),
	Bad:  "reply: 亲，附尺码表链接：XXX，点击【这里】领券~",
	Good: "reply: 亲，尺码表：{{size_chart}}，领券：{{coupon_link}}~",
	Run:  runPlaceholder,
}

var placeholders = []string{"XXX", "xxx", "TODO", "todo", "TBD", "FIXME", "待补充", "待填写", "此处填写", "【这里】", "[这里]", "（这里）", "【链接】", "[链接]", "【XX", "XX商品", "XX连衣裙"}

func runPlaceholder(p *Pass) {
	for _, r := range p.replies() {
		found := false
		for _, ph := range placeholders {
			if i := strings.Index(r.Text, ph); i >= 0 {
				p.ReportAt(r.File, r.Node, r.Text, i, len(ph), r.Path,
					i18n.F("回复里留着占位文字 %q", "placeholder %q left in the reply", ph),
					i18n.T("换成真实内容；链接放在 vars 里，用 {{名字}} 引用", "replace it with the real text; keep links under vars and write {{name}}"))
				found = true
				break
			}
		}
		if found {
			continue
		}
		if i := strings.Index(r.Text, "点击这里"); i >= 0 && !strings.Contains(r.Text, "http") && !strings.Contains(r.Text, "{{") {
			p.ReportAt(r.File, r.Node, r.Text, i, len("点击这里"), r.Path,
				i18n.T("“点击这里”后面没有链接", "\"点击这里\" (click here) with no link"),
				i18n.T("附上链接，或写明在哪里操作（例如「我的订单 → 申请售后」）", "add the link, or say where to go (e.g. 「我的订单 → 申请售后」)"))
		}
	}
}
