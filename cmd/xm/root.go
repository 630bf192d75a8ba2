package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/internal/suggest"
)

// env is what every command shares: the streams, the language, the clock.
type env struct {
	stdout, stderr io.Writer
	stdin          io.Reader
	getenv         func(string) string
	lang           i18n.Lang
	langFlag       string
	dir            string
	nowFlag        string
	now            time.Time
}

// Main runs xm with os.Args and returns the exit code.
func Main() int {
	return run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	e := &env{stdout: stdout, stderr: stderr, stdin: stdin, getenv: getenv}
	e.lang = i18n.FromEnv(getenv)
	root := newRoot(e)
	if e.lang = langFromArgs(args, e.lang); e.lang == i18n.ZH {
		localizeHelp(root)
	}
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var f failed
	if errors.As(err, &f) {
		return f.code
	}
	var ce *cliError
	if errors.As(err, &ce) {
		fmt.Fprintf(stderr, "xm: %s\n", ce.msg.In(e.lang))
		if !ce.hint.IsZero() {
			fmt.Fprintf(stderr, "    = %s: %s\n", helpWord(e.lang), ce.hint.In(e.lang))
		}
		return ce.code
	}
	// Cobra's own errors: unknown commands and flags, bad flag values.
	msg := err.Error()
	if e.lang == i18n.ZH {
		msg = cobraZH(msg)
	}
	fmt.Fprintf(stderr, "xm: %s\n", msg)
	fmt.Fprintf(stderr, "    = %s: %s\n", helpWord(e.lang), i18n.T("运行 xm --help 查看用法", "run xm --help for usage").In(e.lang))
	return exitUsage
}

func helpWord(l i18n.Lang) string {
	if l == i18n.ZH {
		return "建议"
	}
	return "help"
}

func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "xm",
		Short: "Customer-service bot scripts as code: lint, compile, simulate / 客服机器人话术即代码",
		Long: `xm keeps a shop's customer-service bot (reply scripts and triggers) in YAML
under git, checks it, compiles it into a matcher bundle, and replays buyer
questions against it before anything reaches a buyer.

xm 把店铺客服机器人的话术和触发器放在 YAML 里用 git 管理:检查、编译、
用买家问题回放测试,确认无误再上线。`,
		SilenceErrors:     true,
		SilenceUsage:      true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error { return e.setup() },
	}
	pf := root.PersistentFlags()
	pf.StringVar(&e.langFlag, "lang", "", "message language: zh or en (default from LC_ALL/LANG)")
	pf.StringVarP(&e.dir, "dir", "C", "", "run as if xm was started in `DIR`")
	pf.StringVar(&e.nowFlag, "now", "", "a fixed clock, YYYY-MM-DD or RFC 3339 (default: now)")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		hint := i18n.F("运行 %s --help 查看可用参数", "run %s --help for the flags it takes", c.CommandPath())
		if name, ok := strings.CutPrefix(err.Error(), "unknown flag: --"); ok {
			var names []string
			c.Flags().VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
			c.InheritedFlags().VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
			if s := suggest.Nearest(name, names); s != "" {
				hint = i18n.F("是不是想写 --%s?", "did you mean --%s?", s)
			}
		}
		return usageErr(i18n.T(cobraZH(err.Error()), err.Error()), hint)
	})
	root.AddCommand(newLintCmd(e), newCompileCmd(e), newExplainCmd(e), newSchemaCmd(e), newVersionCmd(e), newHookCmd(e), newSimulateCmd(e), newDiffCmd(e), newInitCmd(e), newFmtCmd(e), newServeCmd(e), newMineCmd(e), newConceptsCmd(e))
	root.SuggestionsMinimumDistance = 2
	// xm --version prints what xm version prints.
	root.Version = version()
	root.SetVersionTemplate(versionLine())
	root.Flags().Bool("version", false, "print xm's version")
	return root
}

func (e *env) setup() error {
	if e.langFlag != "" {
		l, ok := i18n.Parse(e.langFlag)
		if !ok {
			return usageErr(i18n.F("未知语言 %q", "unknown language %q", e.langFlag), i18n.T("用 --lang zh 或 --lang en", "use --lang zh or --lang en"))
		}
		e.lang = l
	}
	if e.dir != "" {
		if err := os.Chdir(e.dir); err != nil {
			return usageErr(i18n.F("无法进入目录 %s: %v", "cannot change to %s: %v", e.dir, errText(err)), i18n.T("检查 -C 的目录是否存在", "check that the -C directory exists"))
		}
	}
	e.now = time.Now()
	if e.nowFlag != "" {
		t, err := parseNow(e.nowFlag)
		if err != nil {
			return usageErr(i18n.F("--now 的时间 %q 无法识别", "--now %q is not a time xm understands", e.nowFlag),
				i18n.T("写成 2026-11-25 或 2026-11-25T21:00:00+08:00", "write 2026-11-25 or 2026-11-25T21:00:00+08:00"))
		}
		e.now = t
	}
	return nil
}

func parseNow(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("bad time %q", s)
}

func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// checkFormat validates a --format value against the names a command takes.
func checkFormat(got string, allowed ...string) error {
	for _, a := range allowed {
		if got == a {
			return nil
		}
	}
	return usageErr(i18n.F("未知输出格式 %q", "unknown format %q", got),
		i18n.F("可用：%s", "use one of: %s", strings.Join(allowed, ", ")))
}

// isTerminal reports whether a stream (an *os.File) is a character
// device (a terminal).
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
