package main

import (
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/xm-dev/xm/i18n"
)

// helpZH is the Chinese help: "xm lint" → its one-line summary, "xm lint
// long" → its description, "xm lint --format" → the flag's usage. A test
// fails when a command or a flag has no Chinese text.
var helpZH = map[string]string{
	"xm": "客服机器人话术即代码：检查、编译、回放测试",
	"xm long": `xm 把店铺客服机器人的话术和触发器放在 YAML 文件里，用 git 管理：
检查写得对不对，编译成机器人加载的匹配包，再用买家的问题回放测试，
确认无误再上线。`,
	"xm --dir":     "假装在目录 `DIR` 里运行 xm",
	"xm --lang":    "提示语言：zh 或 en（默认看 LC_ALL/LANG）",
	"xm --now":     "固定的当前时间，写成 YYYY-MM-DD 或 RFC 3339（默认：现在）",
	"xm --help":    "显示 xm 的帮助",
	"xm --version": "打印 xm 的版本",

	"xm lint": "检查话术和触发器",
	"xm lint long": `加载项目（每个 PATH 所在或上级目录里最近的 xm.yaml，没有 PATH 时看当前目录），
按 schema 和规则逐条检查，每个问题按 file:line:col 的格式打印。给出文件路径时
（pre-commit 就是这样传的），只显示这些文件里的问题和整个项目的问题。

退出码：0 没有达到 --fail-on 级别的问题；1 有；2 xm 无法运行。`,
	"xm lint --explain": "打印一条规则检查什么、为什么，以及错误和正确的示例；不带规则名时列出所有规则",
	"xm lint --fail-on": "问题达到这个级别就以 1 退出：error、warning 或 info",
	"xm lint --fix":     "自动完成机械的修改（店铺建议的用词），再报告剩下的问题；排版用 xm fmt",
	"xm lint --staged":  "按 git 暂存区里的内容检查要提交的 YAML（提交前检查就运行它）",
	"xm lint --format":  "输出格式：text、json、sarif、github（在 GitHub Actions 里默认）、junit（测试报告）或 gitlab（Code Quality）",
	"xm lint --help":    "显示 lint 的帮助",

	"xm compile": "编译成匹配包",
	"xm compile long": `先按 error 级别检查项目，没有错误时写出机器人加载的匹配包
（默认 dist/<项目目录名>.xmb）。匹配包先写到临时文件再改名，
编译失败或中断时原来的匹配包完好无损。同样的源文件得到同样的字节。`,
	"xm compile --brief":  "只数检查错误的个数，不逐条列出（xm lint 也会运行时用，例如两个 pre-commit 钩子，每个问题只打印一次）",
	"xm compile --check":  "检查并编译，但不写文件（用于 pre-commit 和 CI）",
	"xm compile --force":  "覆盖一个不是匹配包的已有文件（项目的源文件永远不会被覆盖）",
	"xm compile --format": "输出格式：text 或 json",
	"xm compile --output": "匹配包写到哪里（默认 dist/<项目目录名>.xmb）",
	"xm compile --help":   "显示 compile 的帮助",

	"xm explain": "追踪一个问题的匹配过程",
	"xm explain long": `显示机器人怎样回答一个买家问题：归一化后的文字、每个命中的关键词和位置、
涉及的每条话术的排序依据或被排除的原因（缺少必需词、含有排除词、
不在有效期内）、相似的例句、胜出的话术、渲染后的回复、识别出的实体和触发的通知。`,
	"xm explain --at":     "提问的时间：今天的 HH:MM，或 2026-11-25 21:00 这样的日期和时间（店铺时区）",
	"xm explain --bundle": "用编译好的匹配包回答，而不是项目",
	"xm explain --event":  "随问题一起到达的订单事件，例如 order.shipped",
	"xm explain --format": "输出格式：text 或 json",
	"xm explain --order":  "回复里用的订单字段，写成 字段=值（可以重复）",
	"xm explain --help":   "显示 explain 的帮助",

	"xm concepts": "列出概念（~名称）",
	"xm concepts long": `列出关键词、模式、require 和 exclude 里可以用 ~名称 引用的概念：xm 的内置概念库，
在项目里还有项目自己的概念（与内置概念同名时替换它，成员里写 ~同名 则在内置概念上追加）。
给出 NAME 时，显示这个概念的说明、写下的成员和展开后的全部字面成员。`,
	"xm concepts --format": "输出格式：text 或 json",
	"xm concepts --help":   "显示 concepts 的帮助",

	"xm simulate": "用买家问题或聊天记录回放测试，报告各项指标",
	"xm simulate long": `用买家问题回放测试项目（和 xm lint 一样找项目：-C，否则当前目录及其上级目录，
否则第一个 FILE 所在或上级目录里最近的 xm.yaml）
或编译好的匹配包（--bundle），打印机器人的每个回答和店家关心的指标：
自动回复率、转人工率、兜底率，有期望结果时的准确率、混淆和各话题的精确率、召回率、F1，
各话术和话题的命中数，咨询时段分布，各话术的追问率（聊天记录），以及最常见的未回答问题。

输入：.txt（一行一个问题；“问题 => size-m”“=> handoff”“=> urgent”“=> fallback”写出期望结果；# 开头是注释），
带表头的 .tsv/.csv（question、expected、time、buyer、event），
.jsonl 聊天记录（{"time", "buyer", "text", "event", "order", "expected"}）；
“-”读标准输入（用 --input-format 说明格式）。

退出码：0 期望全部满足、门槛全部通过、项目没有检查错误（或加了 --allow-lint-errors）；1 其他情况；2 xm 无法运行。`,
	"xm simulate --allow-lint-errors": "项目有检查错误也以 0 退出（出错的部分仍然不参与回放）",
	"xm simulate --answers":           "打印哪些回答：all（全部）、misses（没达到期望的）或 none（不打印）",
	"xm simulate --at":                "没有时间的问题按这个时间回放：今天的 HH:MM，或 2026-11-25 21:00 这样的日期和时间（店铺时区）",
	"xm simulate --bundle":            "用编译好的匹配包回放，而不是项目",
	"xm simulate --errors":            "把没达到期望的问题另外写到 `FILE`（JSON 数组）",
	"xm simulate --follow-up":         "自动回复后同一个买家在这段时间内再次发消息，算作追问",
	"xm simulate --format":            "输出格式：text、json（JSON 行，指标在最后）或 junit（测试报告：每个有期望结果的问题一个用例）",
	"xm simulate --html":              "另外写一份独立的 HTML 报告到 `FILE`",
	"xm simulate --input-format":      "txt、tsv、csv 或 jsonl（默认看文件扩展名）",
	"xm simulate --max-fallback":      "兜底率高于这个值（0 到 1）就失败（退出码 1）",
	"xm simulate --max-handoff":       "转人工率高于这个值（0 到 1）就失败（退出码 1）",
	"xm simulate --max-line":          "输入一行最多多少字节，更长的行会被跳过",
	"xm simulate --min-accuracy":      "准确率低于这个值（0 到 1）就失败（退出码 1）",
	"xm simulate --strict":            "遇到第一个格式错误的行就停下，而不是跳过",
	"xm simulate --workers":           "同时回答的协程数（默认：每个 CPU 核一个）",
	"xm simulate --help":              "显示 simulate 的帮助",

	"xm mine": "从聊天记录里找出机器人没答好的问题，分组并给出修改建议",
	"xm mine long": `用聊天记录（.txt、带表头的 .tsv/.csv、.jsonl）回放项目（当前目录所在或上级目录里最近的 xm.yaml，或 -C），
收集需要人看的问题（兜底、两个话题难分高下的险胜、低置信度的相似例句回答；闲聊和转人工不收集），
从关键词有把握地回答的消息里学关键词（几乎总和同一条话术一起出现、没答上的消息里也有的词，和其他建议一样检查过），
按规范化后的文字和概念分组，按受影响的买家数排序，并给每组一个建议：给已有话术加例句
（能解释这一组的概念时再加一个关键词或模式，都先带着改动编译项目、跑 xm lint 和匹配器检查过），
或者写一条新话术（回复留给你写）。聊天记录有买家和时间时，还列出买家常在回复后追问的话术。

--apply 把检查通过的建议写进话术的 YAML 文件（保留排版和注释，每处加上“# xm mine 日期”，日期用 --now；
知识包里的话术不改，给它的说法写成你自己文件里的扩展（extends），默认在 scripts/packs.yaml），
新话术草稿写到 mine/drafts.yaml：它不参与匹配，写好回复后再移到 scripts/ 下。

退出码：0 完成；2 xm 无法运行。`,
	"xm mine --apply":        "把检查通过的建议写进 YAML 文件，新话术草稿写到 mine/drafts.yaml",
	"xm mine --follow-up":    "自动回复后同一个买家在这段时间内再次发消息，算作追问",
	"xm mine --format":       "输出格式：text 或 json",
	"xm mine --html":         "另外写一份独立的 HTML 审阅页到 `FILE`",
	"xm mine --input-format": "txt、tsv、csv 或 jsonl（默认看文件扩展名）",
	"xm mine --max-line":     "输入一行最多多少字节，更长的行会被跳过",
	"xm mine --workers":      "同时回答的协程数（默认：每个 CPU 核一个）",
	"xm mine --help":         "显示 mine 的帮助",

	"xm diff": "比较两个版本的回答差异",
	"xm diff long": `用同一批问题回放两个版本的机器人，列出回答变了的每个问题，再按变化汇总
（“37 个问题改由 refund-rules 回答”）。OLD 和 NEW 可以是匹配包（.xmb）、项目目录，
或当前目录（或 -C）所在项目的 git 版本，例如 HEAD、HEAD~1、main；“.”是工作区。
合并请求评审时正需要它。`,
	"xm diff --at":             "没有时间的问题按这个时间回放：今天的 HH:MM，或 2026-11-25 21:00 这样的日期和时间（店铺时区）",
	"xm diff --input-format":   "txt、tsv、csv 或 jsonl（默认看文件扩展名；“-”读标准输入）",
	"xm diff --max-line":       "输入一行最多多少字节，更长的行会被跳过",
	"xm diff --fail-on-change": "有任何问题的回答变了就以 1 退出（用于合并请求的 CI）",
	"xm diff --format":         "输出格式：text 或 json（JSON 行）",
	"xm diff --help":           "显示 diff 的帮助",

	"xm init": "按店铺类目新建一个检查无误的项目",
	"xm init long": `在 DIR（默认当前目录）里写出一个起步项目：按类目准备好的真实店铺，
覆盖高频话题，需要填的数字都放在 vars 里，还有触发器、测试问题和中文 README。
类目：apparel、shoes、food、appliances、electronics、beauty、general。

在终端里不带 --category 时，xm 会询问类目、店名和发货时效；
带参数或不在终端里时不会询问。不会覆盖任何已有文件。`,
	"xm init --category":   "店铺类目：apparel、shoes、food、appliances、electronics、beauty、general",
	"xm init --name":       "店铺名称（默认用模板里的）",
	"xm init --ship-hours": "付款后多少小时内发货（默认：起步模板的示例值，xm lint 会列出它待填写）",
	"xm init --help":       "显示 init 的帮助",

	"xm fmt": "统一 YAML 文件的格式，保留注释",
	"xm fmt long": `把项目的 YAML 文件（xm.yaml 和每个话术、触发器文件；给出 PATH 时只处理这些文件或目录）
改写成统一的格式：字段按 schema 的顺序，关键词列表写在一行（例如 [XL, M码]），
全角字母数字改成半角，去掉重复的关键词，例句一行一个，话术之间空一行，行尾注释对齐。
注释全部保留，格式化两次结果不变。无法解析的文件原样保留并指出。

退出码：0 完成（带 --check 时：所有文件格式都统一）；1 带 --check 时有文件需要格式化；2 有文件无法格式化。`,
	"xm fmt --check": "不修改文件，列出格式不统一的文件，有的话以 1 退出",
	"xm fmt --help":  "显示 fmt 的帮助",

	"xm serve": "以 HTTP 服务运行机器人，带测试窗",
	"xm serve long": `通过 HTTP 提供机器人：POST /v1/answer 和 /v1/answer:batch 回答问题，
GET /v1/explain 追踪匹配过程，/v1/status、/healthz、/readyz、/metrics（Prometheus）
以及 / 上的测试窗。使用项目（默认）时，每次保存都会重新检查并编译：编译成功就原子地换上
新的匹配包，有错误就继续用上一个正确的匹配包回答，并显示问题。使用 --bundle 时，
新文件改名覆盖旧文件或收到 SIGHUP 时重新加载。收到 SIGTERM 或 SIGINT 时停止接受新连接，
处理完正在进行的请求后以 0 退出。详见 docs/serve.md。`,
	"xm serve --addr":             "监听的 `HOST:PORT`（端口写 0 时自动选一个空闲端口）",
	"xm serve --bundle":           "使用编译好的匹配包 `FILE`，而不是项目",
	"xm serve --log-format":       "标准错误上的访问和加载日志格式：text 或 json",
	"xm serve --max-body":         "请求体的最大字节数 `BYTES`",
	"xm serve --poll":             "多久检查一次项目或匹配包是否有改动（0 表示不检查）",
	"xm serve --shutdown-timeout": "停止时最多等多久让正在进行的请求完成",
	"xm serve --help":             "显示 serve 的帮助",

	"xm schema":        "打印 YAML 文件的 JSON schema",
	"xm schema long":   "打印 xm.yaml 和话术、触发器文件遵循的 JSON schema（draft 2020-12）。编辑器用它显示提示和自动补全：保存下来，在 yaml-language-server 的模式行里指向它。",
	"xm schema --help": "显示 schema 的帮助",

	"xm version":        "打印版本",
	"xm version --help": "显示 version 的帮助",

	"xm hook":         "管理 git 提交前检查",
	"xm hook --help":  "显示 hook 的帮助",
	"xm hook install": "安装 git pre-commit 钩子，提交前对暂存的 YAML 运行 xm lint",
	"xm hook install long": `写入 .git/hooks/pre-commit，让每次提交前先对暂存的 YAML 文件运行 xm lint；
有 error 级别的问题就不能提交。已有别的钩子时不会覆盖，除非加 --force
（原文件另存为 pre-commit.bak）。使用 pre-commit 框架的团队可以改用 .pre-commit-hooks.yaml 里的钩子。`,
	"xm hook install --force": "覆盖已有的其他钩子（原文件另存为 pre-commit.bak）",
	"xm hook install --help":  "显示 install 的帮助",

	"xm help":        "显示任意命令的帮助",
	"xm help long":   "显示任意命令的帮助。输入 xm help [命令] 查看详细说明。",
	"xm help --help": "显示 help 的帮助",

	"xm completion":        "生成指定 shell 的自动补全脚本",
	"xm completion long":   "为 xm 生成指定 shell 的自动补全脚本。用法见各子命令的帮助。",
	"xm completion --help": "显示 completion 的帮助",
	"xm completion bash":   "生成 bash 的自动补全脚本",
	"xm completion bash long": `生成 bash 的自动补全脚本，需要先安装 bash-completion 软件包。

在当前终端里启用：

	source <(xm completion bash)

以后每次都启用（执行一次）：

	xm completion bash > /etc/bash_completion.d/xm

新开一个终端后生效。`,
	"xm completion bash --no-descriptions": "补全时不显示说明",
	"xm completion bash --help":            "显示 bash 的帮助",
	"xm completion zsh":                    "生成 zsh 的自动补全脚本",
	"xm completion zsh long": `生成 zsh 的自动补全脚本。如果还没启用 zsh 的补全，先执行一次：

	echo "autoload -U compinit; compinit" >> ~/.zshrc

在当前终端里启用：

	source <(xm completion zsh)

以后每次都启用（执行一次）：

	xm completion zsh > "${fpath[1]}/_xm"

新开一个终端后生效。`,
	"xm completion zsh --no-descriptions": "补全时不显示说明",
	"xm completion zsh --help":            "显示 zsh 的帮助",
	"xm completion fish":                  "生成 fish 的自动补全脚本",
	"xm completion fish long": `生成 fish 的自动补全脚本。

在当前终端里启用：

	xm completion fish | source

以后每次都启用（执行一次）：

	xm completion fish > ~/.config/fish/completions/xm.fish

新开一个终端后生效。`,
	"xm completion fish --no-descriptions": "补全时不显示说明",
	"xm completion fish --help":            "显示 fish 的帮助",
	"xm completion powershell":             "生成 PowerShell 的自动补全脚本",
	"xm completion powershell long": `生成 PowerShell 的自动补全脚本。

在当前终端里启用：

	xm completion powershell | Out-String | Invoke-Expression

以后每次都启用：把上面命令的输出加进 PowerShell 的配置文件（profile）。`,
	"xm completion powershell --no-descriptions": "补全时不显示说明",
	"xm completion powershell --help":            "显示 powershell 的帮助",
}

// usageZH is cobra's usage template in Chinese.
const usageZH = `用法：{{if .Runnable}}
  {{zhUse .UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [命令]{{end}}{{if gt (len .Aliases) 0}}

别名：
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

示例：
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

命令：{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

参数：
{{zhFlags .LocalFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

通用参数：
{{zhFlags .InheritedFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableSubCommands}}

运行 "{{.CommandPath}} [命令] --help" 查看命令的详细说明。{{end}}
`

// flagDefault is pflag's English note of a flag's default value.
var flagDefault = regexp.MustCompile(`(?m) \(default (.*)\)$`)

// langFromArgs reads --lang from the command line before cobra parses it,
// so that help (printed while parsing) is in that language.
func langFromArgs(args []string, l i18n.Lang) i18n.Lang {
	for i, a := range args {
		if a == "--" {
			break
		}
		v, ok := strings.CutPrefix(a, "--lang=")
		if !ok && a == "--lang" && i+1 < len(args) {
			v, ok = args[i+1], true
		}
		if ok {
			if p, ok := i18n.Parse(v); ok {
				l = p
			}
		}
	}
	return l
}

// localizeHelp puts the Chinese help texts on every command and flag of
// root, the help and completion commands included.
func localizeHelp(root *cobra.Command) {
	cobra.AddTemplateFunc("zhUse", func(s string) string { return strings.Replace(s, " [flags]", " [参数]", 1) })
	cobra.AddTemplateFunc("zhFlags", func(s string) string { return flagDefault.ReplaceAllString(s, "（默认 $1）") })
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	root.SetUsageTemplate(usageZH)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.InitDefaultHelpFlag()
		p := c.CommandPath()
		if s, ok := helpZH[p]; ok {
			c.Short = s
		}
		if s, ok := helpZH[p+" long"]; ok {
			c.Long = s
		}
		set := func(f *pflag.Flag) {
			if s, ok := helpZH[p+" --"+f.Name]; ok {
				f.Usage = s
			}
		}
		c.LocalNonPersistentFlags().VisitAll(set)
		c.PersistentFlags().VisitAll(set)
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
}

// cobraZH words cobra's and pflag's own errors (unknown commands and
// flags, wrong argument counts, bad flag values) in Chinese; anything it
// does not know is returned as it is.
func cobraZH(msg string) string {
	for _, r := range cobraErrorsZH {
		if m := r.re.FindStringSubmatchIndex(msg); m != nil {
			msg = string(r.re.ExpandString(nil, r.zh, msg, m)) + msg[m[1]:]
			break
		}
	}
	return strings.Replace(msg, "\n\nDid you mean this?\n", "\n\n是不是想用：\n", 1)
}

var cobraErrorsZH = []struct {
	re *regexp.Regexp
	zh string
}{
	{regexp.MustCompile(`^unknown command ("[^"]*") for ("[^"]*")`), `$2 没有 $1 这个命令`},
	{regexp.MustCompile(`^unknown flag: (\S+)`), `未知参数 $1`},
	{regexp.MustCompile(`^unknown shorthand flag: ('.') in (\S+)`), `未知短参数 $1（在 $2 里）`},
	{regexp.MustCompile(`^flag needs an argument: (.*)`), `参数 $1 需要一个值`},
	{regexp.MustCompile(`^invalid argument ("[^"]*") for "([^"]*)" flag: .*`), `参数 $2 的值 $1 无效`},
	{regexp.MustCompile(`^bad flag syntax: (.*)`), `参数写法不对：$1`},
	{regexp.MustCompile(`^requires at least (\d+) arg\(s\), only received (\d+)`), `至少需要 $1 个参数，只给了 $2 个`},
	{regexp.MustCompile(`^accepts at most (\d+) arg\(s\), received (\d+)`), `最多接受 $1 个参数，给了 $2 个`},
	{regexp.MustCompile(`^accepts between (\d+) and (\d+) arg\(s\), received (\d+)`), `接受 $1 到 $2 个参数，给了 $3 个`},
	{regexp.MustCompile(`^accepts (\d+) arg\(s\), received (\d+)`), `接受 $1 个参数，给了 $2 个`},
}
