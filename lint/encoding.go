package lint

import (
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

// Encoding is reported by the loader: a file that is not UTF-8 text.
var Encoding = &Rule{
	Name:     "encoding",
	Severity: diag.Error,
	Summary:  i18n.T("文件不是 UTF-8 编码（GBK、UTF-16 等）", "a file that is not UTF-8 (GBK, UTF-16 and others)"),
	Doc: i18n.T(
		"xm 只读 UTF-8。Windows 记事本等工具常把中文存成 GBK/GB18030 或 UTF-16，机器人读到的会是乱码。带 BOM 的 UTF-8 和 Windows 换行（CRLF）都没问题。修复：在编辑器里另存为 UTF-8，或用提示里的 iconv 命令转换。",
		"xm reads UTF-8 only. Windows Notepad and similar tools often save Chinese as GBK/GB18030 or UTF-16, which a bot would read as garbage. UTF-8 with a byte-order mark and Windows line ends (CRLF) are fine. Fix: save the file as UTF-8 in your editor, or convert it with the iconv command the message shows."),
	Bad:  "# 以 GBK 编码保存的 scripts/presale.yaml",
	Good: "# 以 UTF-8 编码保存的 scripts/presale.yaml",
}
