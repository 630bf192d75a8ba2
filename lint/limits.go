package lint

import (
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

// Limits is reported by the loader: a file or project past a loader limit.
var Limits = &Rule{
	Name:     "limits",
	Severity: diag.Error,
	Summary:  i18n.T("文件超过加载上限（大小、文件数、嵌套层数、别名展开）", "a file past a loader limit (size, file count, nesting, alias expansion)"),
	Doc: i18n.T(
		"上限防止异常或恶意的文件拖垮检查和 CI：单个文件 8 MiB、最多 5000 个文件、嵌套 64 层、展开后 200 万个节点（挡住 \"billion laughs\" 式的别名炸弹）。正常店铺远用不到；确实需要时，在 xm.yaml 的 lint.limits 里调大。",
		"Limits keep a broken or hostile file from stalling lint and CI: 8 MiB a file, 5,000 files, 64 levels of nesting, 2 million nodes after alias expansion (which stops \"billion laughs\" alias bombs). A real shop is far below them; when you do need more, raise them under lint.limits in xm.yaml."),
	Bad:  "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n# ...nine levels deep",
	Good: "lint:\n  limits:\n    max_file_bytes: 16777216",
}
