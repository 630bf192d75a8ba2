package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// TestHostileInputs walks testdata/bad/*.txtar. Each case's comment holds
//
//	args: the command line (run in the case's folder)
//	exit: the exit code
//	stdout: / stderr: a regexp that must match (repeatable)
//	gen: a generator for what cannot be committed (see generate)
//
// and its files are the project. Every case must end within hostileBudget
// without a panic, having allocated less than 2 GiB in all.
// hostileBudget is how long a case may take: 30 seconds, and four times
// that under the race detector, which makes the same work 5 to 20 times
// slower (the 50,000-script lint case takes 3 s alone and neared 30 s
// under -race on a loaded 2-core machine). A hang still fails.
var hostileBudget = map[bool]time.Duration{false: 30 * time.Second, true: 120 * time.Second}[raceEnabled]

func TestHostileInputs(t *testing.T) {
	cases, err := filepath.Glob("../../testdata/bad/*.txtar")
	if err != nil || len(cases) < 50 {
		t.Fatalf("want at least 50 cases, found %d (%v)", len(cases), err)
	}
	home, _ := os.Getwd()
	for _, c := range cases {
		name := strings.TrimSuffix(filepath.Base(c), ".txtar")
		t.Run(name, func(t *testing.T) {
			defer os.Chdir(home)
			ar, err := txtar.ParseFile(c)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			for _, f := range ar.Files {
				p := filepath.Join(dir, f.Name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var args []string
			exit := -1
			var wantOut, wantErr []*regexp.Regexp
			for _, line := range strings.Split(string(ar.Comment), "\n") {
				key, val, ok := strings.Cut(line, ": ")
				if !ok {
					continue
				}
				switch key {
				case "args":
					args = strings.Fields(val)
				case "exit":
					exit, _ = strconv.Atoi(val)
				case "stdout":
					wantOut = append(wantOut, regexp.MustCompile(val))
				case "stderr":
					wantErr = append(wantErr, regexp.MustCompile(val))
				case "gen":
					if err := generate(dir, strings.Fields(val)); err != nil {
						if err == errSkip {
							t.Skip("generator not available here")
						}
						t.Fatalf("gen %s: %v", val, err)
					}
				}
			}
			if len(args) == 0 || exit < 0 {
				t.Fatal("case needs args: and exit:")
			}
			if err := os.Chdir(dir); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			done := make(chan int, 1)
			go func() { done <- run(args, strings.NewReader(""), &stdout, &stderr, func(string) string { return "" }) }()
			var code int
			select {
			case code = <-done:
			case <-time.After(hostileBudget):
				t.Fatalf("xm %s did not finish in %s", strings.Join(args, " "), hostileBudget)
			}
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			// Under -race sync.Pool drops items on purpose, so the count
			// means nothing there.
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 2<<30 && !raceEnabled {
				t.Errorf("allocated %d MiB", alloc>>20)
			}
			if code != exit {
				t.Errorf("exit %d, want %d", code, exit)
			}
			for _, re := range wantOut {
				if !re.Match(stdout.Bytes()) {
					t.Errorf("stdout lacks %q", re)
				}
			}
			for _, re := range wantErr {
				if !re.Match(stderr.Bytes()) {
					t.Errorf("stderr lacks %q", re)
				}
			}
			if t.Failed() {
				t.Logf("stdout:\n%s\nstderr:\n%s", clip(stdout.String()), clip(stderr.String()))
			}
		})
	}
}

func clip(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}

var errSkip = fmt.Errorf("skip")

// generate makes the inputs too big or too strange to commit.
func generate(dir string, a []string) error {
	p := func(i int) string { return filepath.Join(dir, a[i]) }
	n := func(i int) int { v, _ := strconv.Atoi(a[i]); return v }
	write := func(path string, data []byte) error {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		return os.WriteFile(path, data, 0o644)
	}
	var b bytes.Buffer
	switch a[0] {
	case "big": // big FILE BYTES: a YAML file of comments that large
		b.WriteString("scripts: []\n")
		line := "# " + strings.Repeat("填充", 30) + "\n"
		for b.Len() < n(2) {
			b.WriteString(line)
		}
		return write(p(1), b.Bytes())
	case "lines": // lines FILE N: a valid scripts file of N lines
		b.WriteString("scripts:\n")
		for i := 0; 1+5*i < n(2); i++ {
			fmt.Fprintf(&b, "  - id: s%d\n    topic: other\n    keywords: [词k%d号]\n    examples: [词k%d号怎么样]\n    reply: 亲,这是第 %d 条回复\n", i, i, i, i)
		}
		return write(p(1), b.Bytes())
	case "samekw": // samekw DIR N: N scripts sharing one keyword and one example
		for f := 0; f*10000 < n(2); f++ {
			b.Reset()
			b.WriteString("scripts:\n")
			for i := f * 10000; i < min(n(2), f*10000+10000); i++ {
				fmt.Fprintf(&b, "  - id: s%d\n    topic: size\n    keywords: [M码]\n    examples: [M码多大]\n    reply: 亲,M 码适合 100-110 斤\n", i)
			}
			if err := write(filepath.Join(p(1), fmt.Sprintf("f%d.yaml", f)), b.Bytes()); err != nil {
				return err
			}
		}
		return nil
	case "deep": // deep FILE DEPTH
		return write(p(1), []byte("scripts: "+strings.Repeat("[", n(2))+strings.Repeat("]", n(2))+"\n"))
	case "manyfiles": // manyfiles DIR N
		for i := 0; i < n(2); i++ {
			if err := write(filepath.Join(p(1), fmt.Sprintf("f%06d.yaml", i)), []byte("scripts: []\n")); err != nil {
				return err
			}
		}
		return nil
	case "keywords": // keywords FILE N: one script with N keywords
		b.WriteString("scripts:\n  - id: many\n    topic: other\n    examples: [词1号怎么样]\n    reply: 亲,好的\n    keywords:\n")
		for i := 0; i < n(2); i++ {
			fmt.Fprintf(&b, "      - 词k%d号\n", i)
		}
		return write(p(1), b.Bytes())
	case "bigreply": // bigreply FILE BYTES
		return write(p(1), []byte("scripts:\n  - id: long\n    topic: other\n    keywords: [长回复]\n    examples: [长回复是什么]\n    reply: "+strings.Repeat("很长", n(2)/6)+"\n"))
	case "longline": // longline FILE BYTES: a JSONL log with one huge line
		fmt.Fprintf(&b, "{\"text\":\"M码多大\"}\n{\"text\":\"%s\"}\n{\"text\":\"有货吗\"}\n", strings.Repeat("长", n(2)/3))
		return write(p(1), b.Bytes())
	case "quadratic": // quadratic FILE: one big anchor referenced many times
		b.WriteString("a: &a [")
		for i := 0; i < 20000; i++ {
			b.WriteString("x, ")
		}
		b.WriteString("x]\nb: [")
		for i := 0; i < 200; i++ {
			b.WriteString("*a, ")
		}
		b.WriteString("*a]\n")
		return write(p(1), b.Bytes())
	case "encode": // encode SRC gbk|gb18030|utf16le|utf16be|bom-crlf DST
		src, err := os.ReadFile(p(1))
		if err != nil {
			return err
		}
		var out []byte
		switch a[2] {
		case "gbk":
			out, err = simplifiedchinese.GBK.NewEncoder().Bytes(src)
		case "gb18030":
			out, err = simplifiedchinese.GB18030.NewEncoder().Bytes(src)
		case "utf16le":
			out, err = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(src)
		case "utf16be":
			out, err = unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes(src)
		case "utf16le-nobom":
			out, err = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().Bytes(src)
		case "bom-crlf":
			out = append([]byte("\xef\xbb\xbf"), bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n"))...)
		}
		if err != nil {
			return err
		}
		return write(p(3), out)
	case "bytes": // bytes FILE OFFSET HEX: overwrite bytes (invalid UTF-8, NUL)
		data, err := os.ReadFile(p(1))
		if err != nil {
			return err
		}
		raw, err := strconv.Unquote(`"` + a[3] + `"`)
		if err != nil {
			return err
		}
		copy(data[n(2):], raw)
		return os.WriteFile(p(1), data, 0o644)
	case "fifo": // fifo FILE
		if err := os.MkdirAll(filepath.Dir(p(1)), 0o755); err != nil {
			return err
		}
		if err := syscall.Mkfifo(p(1), 0o644); err != nil {
			return errSkip
		}
		return nil
	case "symlink": // symlink LINK TARGET
		if err := os.MkdirAll(filepath.Dir(p(1)), 0o755); err != nil {
			return err
		}
		return os.Symlink(a[2], p(1))
	case "bigkey": // bigkey FILE BYTES: a script with an unknown key that long
		return write(p(1), []byte("scripts:\n  - id: a\n    topic: size\n    "+strings.Repeat("k", n(2))+": 1\n    keywords: [M码]\n    reply: 亲,M 码适合 100-110 斤\n"))
	case "zeros": // zeros FILE BYTES: a sparse file of zeros
		f, err := os.Create(p(1))
		if err != nil {
			return err
		}
		defer f.Close()
		return f.Truncate(int64(n(2)))
	case "mkdir": // mkdir DIR
		return os.MkdirAll(p(1), 0o755)
	case "bundle": // bundle FILE: compile the case's project
		var out, errb bytes.Buffer
		wd, _ := os.Getwd()
		defer os.Chdir(wd)
		if code := run([]string{"-C", dir, "compile", "-o", p(1)}, strings.NewReader(""), &out, &errb, func(string) string { return "" }); code != 0 {
			return fmt.Errorf("compile: %s", errb.String())
		}
		return nil
	case "corrupt": // corrupt FILE truncate|flip|newer|empty
		data, err := os.ReadFile(p(1))
		if err != nil {
			return err
		}
		switch a[2] {
		case "truncate":
			data = data[:len(data)/2]
		case "flip":
			data[len(data)/2] ^= 0x01
		case "newer":
			data[8]++
		case "older":
			data[8]--
		case "empty":
			data = nil
		}
		return os.WriteFile(p(1), data, 0o644)
	}
	return fmt.Errorf("unknown generator %q", a[0])
}
