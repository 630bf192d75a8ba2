package lint

import (
	"go.yaml.in/yaml/v4"

	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/schema"
)

// DuplicateID flags two scripts or triggers with one id.
var DuplicateID = &Rule{
	Name:     "duplicate-id",
	Severity: diag.Error,
	Summary:  i18n.T("两条话术或触发器用了同一个编号", "two scripts or triggers with one id"),
	Doc: i18n.T(
		"编号是测试期望、统计报表和 xm explain 指认话术的名字。两条话术同号时，报表会把它们的命中数混在一起，测试里的 => size-m 也说不清指哪一条。给每条话术和触发器一个唯一的编号。",
		"An id is how tests, reports and xm explain name a script. With two scripts on one id, reports add their hits together and a test's => size-m no longer says which one it means. Give every script and trigger an id of its own."),
	Bad:  "scripts:\n  - id: size\n    ...\n  - id: size\n    ...",
	Good: "scripts:\n  - id: size-m\n    ...\n  - id: size-l\n    ...",
	Run:  runDuplicateID,
}

func runDuplicateID(p *Pass) {
	type first struct {
		file string
		line int
	}
	seen := map[string]first{}
	check := func(id string, f *schema.File, item, n *yaml.Node, path string, hint i18n.Text) {
		// An id taken over through a << merge is reported at the merge:
		// the anchor's line is where the other item set it.
		merge, inherited := schema.Inherited(item, "id")
		if prev, ok := seen[id]; ok {
			if inherited {
				p.Report(f, merge, path, i18n.F("编号 %q 是经 << 合并继承来的，%s:%d 已经用过", "id %q is inherited through this << merge, and %s:%d already uses it", id, prev.file, prev.line),
					i18n.T("在 << 之后写上这一项自己的 id", "give this item its own id after the <<"))
				return
			}
			p.Report(f, n, path, i18n.F("编号 %q 重复，%s:%d 已经用过", "id %q is already used at %s:%d", id, prev.file, prev.line), hint)
			return
		}
		line := n.Line
		if inherited {
			line = merge.Line
		}
		seen[id] = first{f.Path, line}
	}
	for _, s := range p.Project.Scripts {
		check(s.ID, s.File, s.Node, s.Field("id"), s.Path("id"), i18n.T("换一个唯一的编号，例如在后面加上尺码或用途", "choose a unique id, e.g. add the size or purpose to it"))
	}
	for _, t := range p.Project.Triggers {
		check(t.ID, t.File, t.Node, t.Field("id"), t.Path("id"), i18n.T("话术和触发器共用编号空间，换一个唯一的编号", "scripts and triggers share one id space; choose a unique id"))
	}
}
