package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/xm-dev/xm/bot"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/script")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"xm": func() { os.Exit(Main()) },
	})
}

// TestScripts runs every testdata/script/*.txtar against the real binary.
func TestScripts(t *testing.T) {
	examples, err := filepath.Abs("../../examples")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:           "../../testdata/script",
		UpdateScripts: *update,
		Setup: func(e *testscript.Env) error {
			e.Setenv("XM_EXAMPLES", examples)
			e.Setenv("NO_COLOR", "1")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// corrupt FILE truncate|flip|newer: damage a bundle the ways disks,
			// transfers and version skew do.
			"corrupt": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 2 {
					ts.Fatalf("usage: corrupt FILE truncate|flip|newer|older")
				}
				data := []byte(ts.ReadFile(args[0]))
				switch args[1] {
				case "truncate":
					data = data[:len(data)/2]
				case "flip":
					data[len(data)/2] ^= 0x10
				case "newer":
					data[8]++
				case "older":
					data[8]--
				default:
					ts.Fatalf("unknown damage %s", args[1])
				}
				ts.Check(os.WriteFile(ts.MkAbs(args[0]), data, 0o644))
			},
			// encode FROM ENCODING TO: rewrite a UTF-8 file in another
			// encoding (gbk, utf16le, utf16be, bom-crlf), as sellers' editors do.
			"encode": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 3 {
					ts.Fatalf("usage: encode FROM gbk|utf16le|utf16be|bom-crlf TO")
				}
				src := []byte(ts.ReadFile(args[0]))
				var out []byte
				var err error
				switch args[1] {
				case "gbk":
					out, err = simplifiedchinese.GBK.NewEncoder().Bytes(src)
				case "utf16le":
					out, err = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(src)
				case "utf16be":
					out, err = unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes(src)
				case "bom-crlf":
					out = append([]byte("\xef\xbb\xbf"), bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n"))...)
				default:
					ts.Fatalf("unknown encoding %s", args[1])
				}
				ts.Check(err)
				ts.Check(os.MkdirAll(filepath.Dir(ts.MkAbs(args[2])), 0o755))
				ts.Check(os.WriteFile(ts.MkAbs(args[2]), out, 0o644))
			},
		},
	})
}

// TestExitCodes pins the exit status contract on the real main: 0 clean,
// 1 findings, 2 could not run.
func TestExitCodes(t *testing.T) {
	clean := t.TempDir()
	const complete = "xm: 1\nshop: {name: 店, category: general}\nhandoff: {keywords: [转人工], urgent: [紧急], reply: 转接中}\nfallback: {reply: 还在学习}\nlint: {disable: [missing-topic]}\n"
	write(t, clean, "xm.yaml", complete)
	write(t, clean, "scripts/a.yaml", "scripts:\n  - {id: a, topic: size, keywords: [M码], examples: [M码多大], reply: M 码适合 100-110 斤}\n")
	bad := t.TempDir()
	write(t, bad, "xm.yaml", complete)
	write(t, bad, "scripts/a.yaml", "scripts:\n  - {id: a, topic: size, keywords: [M码], replly: x}\n")
	empty := t.TempDir()
	empty2 := t.TempDir()
	write(t, empty2, "xm.yaml", complete)
	for _, tc := range []struct {
		name string
		args []string
		want int
		out  string
	}{
		{"clean project", []string{"lint", clean}, 0, "no problems"},
		{"findings", []string{"lint", bad}, 1, "[schema]"},
		{"findings below --fail-on still count at error", []string{"lint", "--fail-on", "warning", bad}, 1, "[schema]"},
		{"json findings", []string{"lint", "--format", "json", bad}, 1, `"rule": "schema"`},
		{"no project", []string{"lint", empty}, 2, "no xm.yaml"},
		{"missing path", []string{"lint", filepath.Join(empty, "nope")}, 2, "cannot read"},
		{"unknown flag", []string{"lint", "--nope"}, 2, "unknown flag: --nope"},
		{"unknown format", []string{"lint", "--format", "xml", clean}, 2, `unknown format "xml"`},
		{"bad fail-on", []string{"lint", "--fail-on", "fatal", clean}, 2, "not a severity"},
		{"unknown command", []string{"lnit"}, 2, "Did you mean this?"},
		{"bad lang", []string{"--lang", "fr", "lint", clean}, 2, "unknown language"},
		{"bad -C", []string{"-C", filepath.Join(empty, "nope"), "lint"}, 2, "cannot change to"},
		{"bad --now", []string{"--now", "yesterday", "lint", clean}, 2, "--now"},
		{"schema", []string{"schema"}, 0, `"$schema": "https://json-schema.org/draft/2020-12/schema"`},
		{"compile clean", []string{"compile", "-o", filepath.Join(clean, "out.xmb"), clean}, 0, "wrote"},
		{"compile refuses errors", []string{"compile", bad}, 1, "no bundle written"},
		{"compile no project", []string{"compile", empty}, 2, "no xm.yaml"},
		{"explain", []string{"explain", "M码多大", clean}, 0, "answer       a"},
		{"no script", []string{"lint", empty2}, 1, "the project has no script: every question would get the fallback reply [no-scripts]"},
		{"explain needs a question", []string{"explain"}, 2, "accepts between 1 and 2 arg(s)"},
		{"explain bad bundle", []string{"explain", "q", "--bundle", filepath.Join(clean, "xm.yaml")}, 2, "is not an xm bundle"},
		{"--version", []string{"--version"}, 0, fmt.Sprintf("(bundle format %d)\n", bot.FormatVersion)},
		{"version", []string{"version"}, 0, fmt.Sprintf("(bundle format %d)\n", bot.FormatVersion)},
		{"--explain a misspelt rule", []string{"lint", "--explain", "vage-reply"}, 2, "xm: there is no rule \"vage-reply\"\n    = help: did you mean vague-reply?\n"},
		{"--event unknown", []string{"explain", "", "--event", "order.shiped", clean}, 2, "xm: there is no order event \"order.shiped\"\n    = help: did you mean --event order.shipped?\n"},
		{"explain bad --at", []string{"explain", "q", "--at", "25:00", clean}, 2, "--at"},
		{"serve bad bundle", []string{"serve", "--bundle", filepath.Join(clean, "xm.yaml")}, 2, "is not an xm bundle"},
		{"serve missing bundle", []string{"serve", "--bundle", filepath.Join(empty, "nope.xmb")}, 2, "cannot read bundle"},
		{"serve bundle and project", []string{"serve", "--bundle", filepath.Join(clean, "out.xmb"), clean}, 2, "not both"},
		{"serve no project", []string{"serve", empty}, 2, "no xm.yaml"},
		{"serve bad log format", []string{"serve", "--log-format", "xml", clean}, 2, `unknown format "xml"`},
		{"serve bad addr", []string{"serve", "--addr", "127.0.0.1:99999", clean}, 2, "cannot listen on 127.0.0.1:99999"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			got := run(tc.args, strings.NewReader(""), &stdout, &stderr, func(string) string { return "" })
			if got != tc.want {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", got, tc.want, stdout.String(), stderr.String())
			}
			if !strings.Contains(stdout.String()+stderr.String(), tc.out) {
				t.Errorf("output lacks %q\nstdout: %s\nstderr: %s", tc.out, stdout.String(), stderr.String())
			}
		})
	}
}

func write(t *testing.T, dir, name, body string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
