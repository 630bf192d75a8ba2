package lint

import (
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

// Include is reported by the loader: include globs and links that reach
// outside the project, match nothing, or name unreadable files.
var Include = &Rule{
	Name:     "include",
	Severity: diag.Error,
	Summary:  i18n.T("include 指向项目之外、匹配不到文件，或文件无法读取", "an include that leaves the project, matches nothing, or names an unreadable file"),
	Doc: i18n.T(
		"xm 只加载项目目录里的文件：include 不能用 .. 或绝对路径，指向项目外的符号链接会被拒绝，这样别人提交的配置读不到你电脑上的其他文件。匹配不到任何文件的 include 多半是目录名或扩展名写错了，那些话术不会生效。",
		"xm loads files inside the project only: an include cannot use .. or an absolute path, and a symbolic link leading outside is refused, so a configuration someone commits cannot read other files on your machine. An include that matches nothing usually has a misspelt folder or extension, and the scripts it meant are not loaded."),
	Bad:  "include: [../other-shop/scripts/*.yaml]",
	Good: "include: [scripts/**/*.yaml, triggers/**/*.yaml]",
}
