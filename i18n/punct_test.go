package i18n_test

import (
	"encoding/json"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

var fix = flag.Bool("fix", false, "rewrite the Chinese texts with Chinese punctuation")

// asciiPunct maps the ASCII marks Chinese text writes full-width.
var asciiPunct = map[rune]rune{',': '，', ';': '；', ':': '：', '!': '！', '?': '？', '(': '（', ')': '）'}

// isCJK reports a Chinese character or a full-width Chinese mark.
func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFF65
}

// badPunct returns the ASCII marks in s that touch Chinese text, and s
// with them made full-width (and the space after one dropped): a comma,
// semicolon, exclamation or question mark with Chinese right before it or
// after it (spaces skipped); a colon or an opening parenthesis with
// Chinese right before or after it; the closing parenthesis of a converted
// opening one. "xm: " and "%s:%d" stay as compilers write them.
func badPunct(s string) (bad []string, fixed string) {
	rs := []rune(s)
	conv := make([]bool, len(rs))
	var open []int // positions of unclosed '('
	for i, r := range rs {
		prev, next := i > 0 && isCJK(rs[i-1]), i+1 < len(rs) && isCJK(rs[i+1])
		switch r {
		case ',', ';', '!', '?':
			j := i + 1
			for j < len(rs) && rs[j] == ' ' {
				j++
			}
			conv[i] = prev || j < len(rs) && isCJK(rs[j]) && (i == 0 || rs[i-1] != ' ')
		case ':':
			conv[i] = prev || next
		case '(':
			conv[i] = prev || next
			open = append(open, i)
		case '（':
			conv[i] = true // an opening already full-width: its ')' follows
			open = append(open, i)
		case ')':
			if n := len(open); n > 0 {
				conv[i] = conv[open[n-1]] || prev
				open = open[:n-1]
			} else {
				conv[i] = prev
			}
		}
		// A mark right after a converted one (）:) is Chinese too.
		if !conv[i] && i > 0 && conv[i-1] && (rs[i-1] == ')' || rs[i-1] == '）') && (r == ':' || r == ',' || r == ';') {
			conv[i] = true
		}
	}
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		if conv[i] && rs[i] < 0x80 {
			bad = append(bad, string(rs[max(0, i-6):min(len(rs), i+7)]))
			b.WriteRune(asciiPunct[rs[i]])
			if rs[i] != '(' && i+1 < len(rs) && rs[i+1] == ' ' {
				i++
			}
			continue
		}
		b.WriteRune(rs[i])
	}
	return bad, b.String()
}

// edit replaces a byte range of a file.
type edit struct {
	from, to int
	text     string
}

// TestChinesePunctuation: the Chinese side of every message xm shows (the
// first argument of i18n.T and i18n.F and of the T helpers, every string
// in a *_zh.go file such as the Chinese help), the rule examples, the Chinese half of the schema's
// titles and descriptions, and the starters' replies and READMEs use Chinese
// punctuation, not ASCII marks inside Chinese text. -fix rewrites them.
func TestChinesePunctuation(t *testing.T) {
	root := ".."
	fset := token.NewFileSet()
	bad := 0
	edits := map[string][]edit{}
	check := func(path string, pos string, from, to int, s string, raw bool) {
		b, fixed := badPunct(s)
		for _, x := range b {
			bad++
			t.Errorf("%s: ASCII punctuation in Chinese text: %q", pos, x)
		}
		if len(b) > 0 && raw {
			edits[path] = append(edits[path], edit{from, to, fixed})
		}
	}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "bench", "testdata", ".git":
				return filepath.SkipDir
			}
			return nil
		}
		switch {
		case strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go"):
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if strings.Contains(string(src), "Code generated") {
				return nil
			}
			f, err := parser.ParseFile(fset, path, src, 0)
			if err != nil {
				return err
			}
			lit := func(e ast.Expr, yamlOnly bool) {
				if c, ok := e.(*ast.CallExpr); ok && isFunc(c.Fun, "fmt", "Sprintf") && len(c.Args) > 0 {
					e = c.Args[0]
				}
				l, ok := e.(*ast.BasicLit)
				if !ok || l.Kind != token.STRING {
					return
				}
				from, to := fset.Position(l.Pos()).Offset, fset.Position(l.End()).Offset
				if !yamlOnly {
					check(path, fset.Position(l.Pos()).String(), from, to, l.Value, true)
					return
				}
				// A YAML excerpt: only the replies are Chinese prose; a
				// flow list's commas are YAML.
				sep := `\n`
				if strings.HasPrefix(l.Value, "`") {
					sep = "\n"
				}
				off := from
				for _, seg := range strings.SplitAfter(l.Value, sep) {
					if j := strings.Index(seg, "reply: "); j >= 0 {
						end := len(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(seg, sep), `"`), "`"))
						check(path, fset.Position(l.Pos()).String(), off+j, off+end, seg[j:end], true)
					}
					off += len(seg)
				}
			}
			zhFile := strings.HasSuffix(path, "_zh.go") // a file of Chinese texts
			ast.Inspect(f, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.BasicLit:
					if zhFile {
						lit(x, false)
					}
				case *ast.CallExpr:
					if (isFunc(x.Fun, "i18n", "T") || isFunc(x.Fun, "i18n", "F") || isFunc(x.Fun, "", "T") || isFunc(x.Fun, "", "zh")) && len(x.Args) > 0 {
						lit(x.Args[0], false)
					}
				case *ast.KeyValueExpr:
					if k, ok := x.Key.(*ast.Ident); ok && (k.Name == "Bad" || k.Name == "Good") {
						lit(x.Value, true)
					} else if ok && k.Name == "ZH" {
						lit(x.Value, false)
					}
				}
				return true
			})
		case strings.HasSuffix(path, ".schema.json"):
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			var doc any
			if err := json.Unmarshal(src, &doc); err != nil {
				return err
			}
			for _, s := range schemaTexts(doc) {
				// Fix the text as the file spells it (quotes escaped).
				raw := strings.TrimSuffix(strings.TrimPrefix(strconv.Quote(s), `"`), `"`)
				if i := strings.Index(string(src), raw); i >= 0 && strings.IndexFunc(s, func(r rune) bool { return r < ' ' }) < 0 {
					check(path, path, i, i+len(raw), raw, true)
				} else {
					check(path, path, 0, 0, s, false)
				}
			}
		case strings.HasSuffix(path, "README.md") && strings.Contains(filepath.ToSlash(path), "examples/"):
			// The starters' Chinese READMEs: prose only, not code blocks
			// or `code`.
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			off, fence := 0, false
			for i, line := range strings.SplitAfter(string(src), "\n") {
				if strings.HasPrefix(line, "```") {
					fence = !fence
				} else if !fence {
					seg := 0
					for k, part := range strings.Split(line, "`") {
						if k%2 == 0 {
							check(path, path+":"+strconv.Itoa(i+1), off+seg, off+seg+len(part), part, true)
						}
						seg += len(part) + 1
					}
				}
				off += len(line)
			}
		case strings.HasSuffix(path, ".yaml") && strings.Contains(filepath.ToSlash(path), "examples/"):
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			off := 0
			for i, line := range strings.SplitAfter(string(src), "\n") {
				if j := strings.Index(line, "reply: "); j >= 0 {
					check(path, path+":"+strconv.Itoa(i+1), off+j, off+len(line), line[j:], true)
				}
				off += len(line)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if bad > 0 && !*fix {
		t.Errorf("%d ASCII marks inside Chinese text; write ，。：；！？（） (go test ./i18n -run TestChinesePunctuation -fix rewrites them)", bad)
	}
	if *fix {
		for path, es := range edits {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			slices.SortFunc(es, func(a, b edit) int { return b.from - a.from })
			last := len(src) + 1
			for _, e := range es {
				if e.to > last {
					continue
				}
				src = append(src[:e.from:e.from], append([]byte(e.text), src[e.to:]...)...)
				last = e.from
			}
			if err := os.WriteFile(path, src, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func isFunc(e ast.Expr, pkg, name string) bool {
	switch f := e.(type) {
	case *ast.Ident:
		return pkg == "" && f.Name == name
	case *ast.SelectorExpr:
		x, ok := f.X.(*ast.Ident)
		return ok && x.Name == pkg && f.Sel.Name == name
	}
	return false
}

var englishStart = regexp.MustCompile(`。\s*[A-Z]`)

// schemaTexts returns the Chinese halves of the schema's titles ("中文 /
// English") and descriptions ("中文。English.").
func schemaTexts(v any) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			s, ok := val.(string)
			switch {
			case ok && k == "title":
				zh, _, _ := strings.Cut(s, " / ")
				out = append(out, zh)
			case ok && k == "description":
				if loc := englishStart.FindStringIndex(s); loc != nil {
					out = append(out, s[:loc[0]])
				}
			default:
				out = append(out, schemaTexts(val)...)
			}
		}
	case []any:
		for _, it := range x {
			out = append(out, schemaTexts(it)...)
		}
	}
	return out
}

func TestBadPunct(t *testing.T) {
	for s, want := range map[string]string{
		"亲,M 码适合":                "亲，M 码适合",
		"注意: 项目":                 "注意：项目",
		"xm: 注意：项目":              "xm: 注意：项目",
		"%s:%d: %s":              "%s:%d: %s",
		"高峰时段(20:00)可能":          "高峰时段（20:00）可能",
		"hello, world":           "hello, world",
		"尺码表:{{chart}}":          "尺码表：{{chart}}",
		"%d 条话术, %d 个":           "%d 条话术，%d 个",
		"改成“包邮”，不写“免邮”":          "改成“包邮”，不写“免邮”",
		"已写入 %s: %d 个，%s, 用时 %s": "已写入 %s: %d 个，%s，用时 %s",
		"（阈值 %.2f):":             "（阈值 %.2f）：",
		"问题(下一批):":               "问题（下一批）：",
		"(a, b) 都行":              "(a, b) 都行",
		"xm: 注意: 项目":             "xm: 注意：项目",
	} {
		if _, got := badPunct(s); got != want {
			t.Errorf("badPunct(%q) = %q, want %q", s, got, want)
		}
	}
}
