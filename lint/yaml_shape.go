package lint

import (
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

// YAMLShape is reported by the loader: YAML that parses, but in a shape xm
// does not take.
var YAMLShape = &Rule{
	Name:     "yaml-shape",
	Severity: diag.Error,
	Summary:  i18n.T("合法的 YAML，但不是 xm 接受的形式：一个文件多个文档、复杂的键", "valid YAML in a shape xm does not take: several documents in one file, complex keys"),
	Doc: i18n.T(
		"xm 每个文件只读一个 YAML 文档，字段名只能是普通文字。用 --- 分隔的多个文档请拆成多个文件（scripts/ 里可以放任意多个文件）；用 ? 或列表、映射写的复杂键请改成普通的字段名。%YAML 1.2 指令和中文的锚点名（&尺码回复）都可以正常使用。",
		"xm reads one YAML document a file, and keys are plain text. Split documents separated by --- into files of their own (scripts/ takes any number of files); write a complex key (? or a list or a mapping as a key) as a plain key. A %YAML 1.2 directive and anchor names in Chinese (&尺码回复) are fine."),
	Bad:  "scripts:\n  - id: size-m\n---\nscripts:\n  - id: size-l",
	Good: "# scripts/size-m.yaml\nscripts:\n  - id: size-m\n# scripts/size-l.yaml\nscripts:\n  - id: size-l",
}
