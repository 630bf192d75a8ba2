package lint

import (
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

// Schema is reported by the loader: values the JSON schema rejects.
var Schema = &Rule{
	Name:     "schema",
	Severity: diag.Error,
	Summary:  i18n.T("不符合 xm 格式：未知字段、缺少字段、类型或取值不对", "not xm's format: unknown or missing keys, wrong types or values"),
	Doc: i18n.T(
		"每个文件都按 xm 的 JSON schema(xm schema 可打印）校验。拼错的字段（keyword 写成单数）会被忽略，话术就少了关键词；缺少 reply 的话术无法回答。出错的话术不会被加载，直到修好为止。在 VS Code 里装 YAML 插件，编辑时就能看到提示和自动补全。",
		"Every file is checked against xm's JSON schema (print it with xm schema). A misspelt key (keyword for keywords) would silently drop the keywords; a script without a reply cannot answer. A script with a schema error is not loaded until it is fixed. With the YAML extension in VS Code you get these hints and autocompletion as you type."),
	Bad:  "scripts:\n  - id: size-m\n    topic: size\n    keyword: [M码]\n    reply: 亲，M 码适合 100-110 斤",
	Good: "scripts:\n  - id: size-m\n    topic: size\n    keywords: [M码]\n    reply: 亲，M 码适合 100-110 斤",
}
