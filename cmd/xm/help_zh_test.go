package main

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

// TestHelpInChinese: under a Chinese locale every command's summary and
// description and every flag's help is Chinese, and the catalog names no
// command or flag that does not exist.
func TestHelpInChinese(t *testing.T) {
	e := &env{stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}
	root := newRoot(e)
	localizeHelp(root)
	used := map[string]bool{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		p := c.CommandPath()
		used[p] = true
		if !hasHan(c.Short) {
			t.Errorf("%s: no Chinese summary (add %q to helpZH)", p, p)
		}
		if c.Long != "" {
			used[p+" long"] = true
			if !hasHan(c.Long) {
				t.Errorf("%s: no Chinese description (add %q to helpZH)", p, p+" long")
			}
		}
		check := func(f *pflag.Flag) {
			key := p + " --" + f.Name
			used[key] = true
			if !hasHan(f.Usage) {
				t.Errorf("%s: no Chinese help for --%s (add %q to helpZH)", p, f.Name, key)
			}
		}
		c.LocalNonPersistentFlags().VisitAll(check)
		c.PersistentFlags().VisitAll(check)
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
	var stale []string
	for k := range helpZH {
		if !used[k] {
			stale = append(stale, k)
		}
	}
	slices.Sort(stale)
	for _, k := range stale {
		t.Errorf("helpZH has %q, which names no command, description or flag", k)
	}
}

// TestHelpOutputInChinese runs xm --help and a subcommand's help under
// LANG=zh_CN.UTF-8 and with --lang zh: cobra's own words are Chinese too.
func TestHelpOutputInChinese(t *testing.T) {
	for _, tc := range []struct {
		args []string
		lang string
		want []string
	}{
		{[]string{"--help"}, "zh_CN.UTF-8", []string{"用法：", "命令：", "lint", "检查话术和触发器", "参数：", "提示语言"}},
		{[]string{"lint", "--help"}, "zh_CN.UTF-8", []string{"用法：", "示例：", "输出格式：text、json", "通用参数："}},
		{[]string{"simulate", "--help", "--lang", "zh"}, "", []string{"退出码：", "--allow-lint-errors"}},
		{[]string{"help", "fmt"}, "zh_CN.UTF-8", []string{"统一的格式"}},
	} {
		var out bytes.Buffer
		getenv := func(k string) string {
			if k == "LANG" {
				return tc.lang
			}
			return ""
		}
		if code := run(tc.args, strings.NewReader(""), &out, &out, getenv); code != 0 {
			t.Errorf("%v: exit %d\n%s", tc.args, code, out.String())
		}
		for _, w := range tc.want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%v: output lacks %q:\n%s", tc.args, w, out.String())
			}
		}
		for _, en := range []string{"Usage:", "Flags:", "Global Flags:", "help for", "[flags]", "(default "} {
			if strings.Contains(out.String(), en) {
				t.Errorf("%v: English %q in the Chinese help:\n%s", tc.args, en, out.String())
			}
		}
	}
}

// TestCobraErrorsInChinese: cobra's own errors (unknown command or flag,
// argument counts, bad values) are worded in Chinese for a Chinese locale.
func TestCobraErrorsInChinese(t *testing.T) {
	zh := func(k string) string {
		if k == "LANG" {
			return "zh_CN.UTF-8"
		}
		return ""
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"lnit"}, "\"xm\" 没有 \"lnit\" 这个命令\n\n是不是想用：\n\tinit"},
		{[]string{"lint", "--nope"}, "xm: 未知参数 --nope"},
		{[]string{"simulate"}, "xm: 至少需要 1 个参数，只给了 0 个"},
		{[]string{"explain", "a", "b", "c"}, "xm: 接受 1 到 2 个参数，给了 3 个"},
		{[]string{"simulate", "--min-accuracy", "x", "q.txt"}, `xm: 参数 --min-accuracy 的值 "x" 无效`},
		{[]string{"lint", "--format"}, "xm: 参数 --format 需要一个值"},
	} {
		var out bytes.Buffer
		if code := run(tc.args, strings.NewReader(""), &out, &out, zh); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", tc.args, code, exitUsage)
		}
		if !strings.Contains(out.String(), tc.want) {
			t.Errorf("%v: output lacks %q:\n%s", tc.args, tc.want, out.String())
		}
	}
}
