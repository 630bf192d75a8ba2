package lint

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/schema"
)

// NoScripts flags a project that loads no script at all.
var NoScripts = &Rule{
	Name:     "no-scripts",
	Severity: diag.Error,
	Summary:  i18n.T("项目没有加载到任何话术：每个问题都会得到兜底回复", "the project loads no script: every question gets the fallback reply"),
	Doc: i18n.T(
		"话术放在 scripts/ 目录的 YAML 文件里（或 xm.yaml 的 include 指定的文件里）。目录不存在、写成了文件、include 匹配不到文件，或者文件里没有 scripts: 列表时，项目一条话术也没有，机器人对每个问题都只会发兜底回复，而其他检查照样通过。",
		"Scripts live in YAML files under scripts/ (or in the files xm.yaml's include names). When that folder is missing or is a file, when the include globs match nothing, or when the files hold no scripts: list, the project has no script at all: the bot answers every question with the fallback, while every other check passes."),
	Bad:  "# xm.yaml, and no scripts/ folder\nxm: 1\nshop: {name: 小鹿女装, category: apparel}",
	Good: "# scripts/presale.yaml\nscripts:\n  - id: size-m\n    topic: size\n    keywords: [M码]\n    reply: 亲，M 码适合 100-110 斤",
	Run:  runNoScripts,
}

func runNoScripts(p *Pass) {
	pr := p.Project
	m := pr.Manifest
	if len(pr.Scripts) > 0 || m == nil || m.Node == nil {
		return
	}
	// A content file that did not load has its own finding; its scripts
	// are missing for that reason.
	for _, f := range pr.Files[1:] {
		if f.Broken || len(f.Invalid) > 0 {
			return
		}
	}
	node, path := m.Node, ""
	if len(m.Include) > 0 {
		node, path = schema.KeyNode(m.Node, "include"), "include"
	}
	var hint i18n.Text
	switch fi, err := os.Stat(filepath.Join(pr.Root, "scripts")); {
	case len(pr.Files) > 1:
		var names []string
		for _, f := range pr.Files[1:] {
			names = append(names, f.Path)
		}
		hint = i18n.F("加载的文件（%s）里没有 scripts: 列表；在其中一个文件里加上 scripts:", "the files loaded (%s) hold no scripts: list; add one", strings.Join(names, ", "))
	case len(m.Include) > 0:
		hint = i18n.F("include(%s)没有匹配到任何文件：检查目录名和扩展名", "the include globs (%s) match no file: check the folder names and the extension", strings.Join(m.Include, ", "))
	case err == nil && !fi.IsDir():
		hint = i18n.T("scripts 是一个文件，不是目录：把它移到 scripts/ 目录里，例如 scripts/presale.yaml", "scripts is a file, not a folder: move it into a scripts/ folder, e.g. scripts/presale.yaml")
	default:
		hint = i18n.T("新建 scripts/ 目录，在里面的 YAML 文件里写 scripts: 列表（xm init 会生成一个起步项目）", "create a scripts/ folder with a YAML file holding a scripts: list (xm init writes a starter project)")
	}
	p.Report(m.File, node, path, i18n.T("项目没有任何话术，每个问题都会得到兜底回复", "the project has no script: every question would get the fallback reply"), hint)
}
