package lint

import (
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

// YAMLSyntax is reported by the loader: YAML that does not parse, and keys
// set twice in one mapping. (Valid YAML that xm does not take is
// yaml-shape.)
var YAMLSyntax = &Rule{
	Name:     "yaml-syntax",
	Severity: diag.Error,
	Summary:  i18n.T("YAML 无法解析，或同一层有重复的字段", "YAML that does not parse, or a key set twice in one mapping"),
	Doc: i18n.T(
		"文件无法解析时，里面的话术一条都不会生效，买家的问题全部落到兜底回复或人工。常见原因：用 Tab 缩进、冒号后没有空格、文字里的冒号没加引号、引号或括号没闭合。重复的字段只有最后一个生效，前面的内容会悄悄丢失。",
		"A file that does not parse contributes no script at all: every question it should answer falls to the fallback or to a human. The usual causes are tabs for indentation, no space after a colon, an unquoted colon inside text, and an unclosed quote or bracket. A key set twice keeps only its last value; the first is silently lost."),
	Bad:  "scripts:\n  - id: size-m\n    reply: 亲，M 码适合 100-110 斤\n    reply: 亲，请参考详情页",
	Good: "scripts:\n  - id: size-m\n    reply: 亲，M 码适合 100-110 斤",
}
