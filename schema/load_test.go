package schema

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"

	"github.com/xm-dev/xm/i18n"
)

const manifest = "xm: 1\nshop: {name: 测试店, category: apparel}\n"

func writeProject(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files[ManifestName]; !ok {
		files[ManifestName] = manifest
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestPositions pins where each kind of problem is reported: the file, the
// line and column, the document path, the rule and the gist of the message.
func TestPositions(t *testing.T) {
	for _, tc := range []struct {
		name, file, body string
		line, col        int
		path, rule, msg  string
	}{
		{"unknown key points at the key", "scripts/a.yaml",
			"scripts:\n  - id: a\n    topic: size\n    keywords: [M码]\n    reply: 亲\n    examples: [x]\n    replly: y\n",
			7, 5, "scripts[0].replly", "schema", `unknown key "replly" in scripts[0]`},
		{"missing key points at the mapping", "scripts/a.yaml",
			"scripts:\n  - id: a\n    topic: size\n    keywords: [M码]\n",
			2, 5, "scripts[0]", "schema", "missing the required key reply"},
		{"wrong type points at the value", "scripts/a.yaml",
			"scripts:\n  - id: a\n    topic: size\n    keywords: [M码]\n    reply: 亲\n    priority: [1]\n",
			6, 15, "scripts[0].priority", "schema", "must be a whole number"},
		{"nested list item", "scripts/a.yaml",
			"scripts:\n  - id: a\n    topic: size\n    keywords: [M码, \"\"]\n    reply: 亲\n",
			4, 20, "scripts[0].keywords[1]", "schema", "must not be empty"},
		{"bad enum in second item", "scripts/a.yaml",
			"scripts:\n  - id: a\n    topic: size\n    keywords: [M码]\n    reply: 亲\n  - id: b\n    topic: refnud\n    keywords: [退款]\n    reply: 亲\n",
			7, 12, "scripts[1].topic", "schema", `"refnud" is not an allowed value`},
		{"columns count characters, not bytes", "scripts/a.yaml",
			"scripts:\n  - {keywords: [尺码], id: X码, topic: size, reply: 亲}\n",
			2, 26, "scripts[0].id", "schema", "wrong form"},
		{"manifest unknown top-level key", ManifestName,
			manifest + "handof: {}\n",
			3, 1, "handof", "schema", `unknown key "handof" in (top level) | did you mean "handoff"?`},
		{"duplicate key", "scripts/a.yaml",
			"scripts:\n  - id: a\n    id: b\n    topic: size\n    keywords: [M码]\n    reply: 亲\n",
			3, 5, "", "yaml-syntax", `duplicate key "id", already set on line 2`},
		{"tab indentation", "scripts/a.yaml",
			"scripts:\n\t- id: a\n",
			2, 1, "", "yaml-syntax", "tab"},
		{"unclosed bracket", "scripts/a.yaml",
			"scripts:\n  - id: a\n    keywords: [M码, 中码\n    reply: x\n",
			4, 10, "", "yaml-syntax", "never closed"},
		{"two documents", "scripts/a.yaml",
			"scripts: []\n---\ntriggers: []\n",
			2, 1, "", "yaml-shape", "more than one YAML document"},
		{"trigger needs on or when", "triggers/t.yaml",
			"triggers:\n  - id: t\n    reply: hi\n",
			2, 5, "triggers[0]", "schema", "exactly one of on"},
		{"reserved id", "scripts/a.yaml",
			"scripts:\n  - {id: fallback, topic: size, keywords: [M码], reply: 亲}\n",
			2, 10, "scripts[0].id", "schema", "reserved word"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{tc.file: tc.body}
			p, err := Load(writeProject(t, files))
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range p.Diags {
				if d.File == tc.file && d.Line == tc.line && d.Column == tc.col && d.Rule == tc.rule &&
					d.Path == tc.path && strings.Contains(d.Message.EN+" | "+d.Hint.EN, tc.msg) && d.Message.ZH != "" {
					return
				}
			}
			t.Errorf("want %s:%d:%d [%s] %s %q; got:", tc.file, tc.line, tc.col, tc.rule, tc.path, tc.msg)
			for _, d := range p.Diags {
				t.Errorf("  %s:%d:%d [%s] %s %q", d.File, d.Line, d.Column, d.Rule, d.Path, d.Message.EN)
			}
		})
	}
}

func TestInvalidItemsAreSkippedOthersLoad(t *testing.T) {
	p, err := Load(writeProject(t, map[string]string{"scripts/a.yaml": "scripts:\n" +
		"  - {id: good, topic: size, keywords: [M码], reply: 亲}\n" +
		"  - {id: bad, topic: nope, keywords: [L码], reply: 亲}\n"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Scripts) != 1 || p.Scripts[0].ID != "good" || p.Scripts[0].Node.Line != 2 {
		t.Fatalf("want only the valid script, with its position; got %+v", p.Scripts)
	}
}

func TestEncodings(t *testing.T) {
	body := "scripts:\n  - {id: a, topic: size, keywords: [尺码], reply: 亲}\n"
	gbk := []byte{0x73, 0x63, 0x72, 0x69, 0x70, 0x74, 0x73, 0x3a, 0x20, 0xb3, 0xdf, 0xc2, 0xeb, 0x0a} // "scripts: 尺码\n" in GBK
	utf16le := []byte{0xff, 0xfe}
	for _, r := range "scripts: []\n" {
		utf16le = append(utf16le, byte(r), 0)
	}
	for _, tc := range []struct {
		name string
		raw  []byte
		rule string
		msg  string
	}{
		{"utf-8", []byte(body), "", ""},
		{"utf-8 with BOM and CRLF", append([]byte("\xef\xbb\xbf"), strings.ReplaceAll(body, "\n", "\r\n")...), "", ""},
		{"gbk", gbk, "encoding", "GBK/GB18030"},
		{"utf-16le", utf16le, "encoding", "UTF-16LE"},
		{"nul byte", []byte("scripts: [a\x00]\n"), "encoding", "NUL byte"},
		{"latin-1", []byte("scripts: caf\xe9\n"), "encoding", "invalid byte 0xE9"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeProject(t, map[string]string{})
			if err := os.MkdirAll(filepath.Join(dir, "scripts"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "scripts", "a.yaml"), tc.raw, 0o644); err != nil {
				t.Fatal(err)
			}
			p, err := Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			if tc.rule == "" {
				if len(p.Diags) != 0 || len(p.Scripts) != 1 {
					t.Fatalf("want a clean load, got %v", p.Diags)
				}
				return
			}
			if len(p.Diags) != 1 || p.Diags[0].Rule != tc.rule || !strings.Contains(p.Diags[0].Message.EN, tc.msg) || p.Diags[0].Hint.IsZero() {
				t.Fatalf("want one %s finding with %q and a fix, got %+v", tc.rule, tc.msg, p.Diags)
			}
		})
	}
}

func TestAliasBombFailsFast(t *testing.T) {
	var b strings.Builder
	b.WriteString("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i < 12; i++ {
		prev, cur := string(rune('a'+i-1)), string(rune('a'+i))
		b.WriteString(cur + ": &" + cur + " [" + strings.Repeat("*"+prev+", ", 9) + "*" + prev + "]\n")
	}
	p, err := Load(writeProject(t, map[string]string{"scripts/bomb.yaml": b.String()}))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Diags) != 1 || p.Diags[0].Rule != "limits" || !strings.Contains(p.Diags[0].Message.EN, "expands to more than") {
		t.Fatalf("got %+v", p.Diags)
	}
}

func TestDeepNesting(t *testing.T) {
	body := "scripts: " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "\n"
	p, err := Load(writeProject(t, map[string]string{"scripts/deep.yaml": body}))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Diags) != 1 || p.Diags[0].Rule != "limits" || !strings.Contains(p.Diags[0].Message.EN, "nesting deeper than 64") {
		t.Fatalf("got %+v", p.Diags)
	}
}

func TestIncludeEscapes(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.yaml"), []byte("scripts: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := writeProject(t, map[string]string{ManifestName: manifest + "include: [../x/*.yaml, /etc/*.yaml, scripts/*.yaml]\n"})
	if err := os.MkdirAll(filepath.Join(dir, "scripts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret.yaml"), filepath.Join(dir, "scripts", "link.yaml")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	p, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range p.Diags {
		got = append(got, d.File+" "+d.Message.EN)
	}
	want := []string{
		`scripts/link.yaml a symbolic link leads outside the project; it was not loaded`,
		`xm.yaml include "../x/*.yaml" reaches outside the project`,
		`xm.yaml include "/etc/*.yaml" reaches outside the project`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, f := range p.Files {
		if f.Path == "scripts/link.yaml" {
			t.Fatal("the link out of the project was loaded")
		}
	}
}

func TestGlob(t *testing.T) {
	for _, tc := range []struct {
		pat, name string
		want      bool
	}{
		{"scripts/**/*.yaml", "scripts/a.yaml", true},
		{"scripts/**/*.yaml", "scripts/x/y/a.yaml", true},
		{"scripts/**/*.yaml", "scripts/a.yml", false},
		{"scripts/*.yaml", "scripts/x/a.yaml", false},
		{"**/*.yaml", "a.yaml", true},
		{"triggers/[a-c].yaml", "triggers/b.yaml", true},
	} {
		if got := matchGlob(tc.pat, tc.name); got != tc.want {
			t.Errorf("matchGlob(%q, %q) = %v", tc.pat, tc.name, got)
		}
	}
}

func TestFind(t *testing.T) {
	dir := writeProject(t, map[string]string{"scripts/a.yaml": "scripts: []\n"})
	got, err := Find(filepath.Join(dir, "scripts", "a.yaml"))
	if err != nil || got != dir {
		t.Fatalf("Find = %q, %v; want %q", got, err, dir)
	}
	if _, err := Find(t.TempDir()); err == nil {
		t.Fatal("want ErrNoProject outside any project")
	}
}

// TestShippedFilesValidate checks every YAML file the repository ships
// against the schema, as `xm schema` prints it, and that each starts with
// the yaml-language-server modeline.
func TestShippedFilesValidate(t *testing.T) {
	n := 0
	err := filepath.WalkDir("../examples", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yaml") {
			return err
		}
		n++
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !strings.HasPrefix(string(raw), "# yaml-language-server: $schema=") {
			t.Errorf("%s: does not start with the yaml-language-server modeline", path)
		}
		var node yaml.Node
		if err := yaml.Load(raw, &node); err != nil {
			t.Errorf("%s: %v", path, err)
			return nil
		}
		v, err := toValue(&node)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			return nil
		}
		if filepath.Base(path) == PackManifestName {
			if err := validPack(v); err != nil {
				t.Errorf("%s: %v", path, err)
			}
			return nil
		}
		if err := Valid(v, filepath.Base(path) == ManifestName); err != nil {
			t.Errorf("%s: %v", path, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no shipped YAML found")
	}
}

func TestSchemaEnumsMatchCatalog(t *testing.T) {
	if _, _, err := schemas(); err != nil {
		t.Fatal(err)
	}
	enum := func(def string) []string {
		var out []string
		for _, v := range schemaAt(schemaURL + "#/$defs/" + def)["enum"].([]any) {
			out = append(out, v.(string))
		}
		return out
	}
	var topics, cats []string
	for _, tp := range Topics {
		topics = append(topics, tp.ID)
	}
	for _, c := range Categories {
		cats = append(cats, c.ID)
		for _, tp := range c.Topics {
			if _, ok := TopicByID(tp); !ok {
				t.Errorf("category %s names unknown topic %s", c.ID, tp)
			}
		}
	}
	if strings.Join(enum("topic"), ",") != strings.Join(topics, ",") {
		t.Errorf("schema topics %v != catalog %v", enum("topic"), topics)
	}
	if strings.Join(enum("category"), ",") != strings.Join(cats, ",") {
		t.Errorf("schema categories %v != catalog %v", enum("category"), cats)
	}
	var events, offered []string
	for _, e := range Events {
		events = append(events, e.ID)
	}
	for _, v := range schemaAt(schemaURL + "#/$defs/event")["examples"].([]any) {
		offered = append(offered, v.(string))
	}
	if strings.Join(events, ",") != strings.Join(offered, ",") {
		t.Errorf("the schema offers events %v for completion, the catalog has %v", offered, events)
	}
}

func TestExampleLoadsClean(t *testing.T) {
	p, err := Load("../examples/apparel")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Diags) != 0 {
		t.Fatalf("example has findings: %+v", p.Diags)
	}
	if len(p.Scripts) < 10 || len(p.Triggers) < 3 || p.Manifest.Shop.Category != "apparel" || p.Manifest.Handoff == nil {
		t.Fatalf("example loaded incompletely: %d scripts, %d triggers, %+v", len(p.Scripts), len(p.Triggers), p.Manifest.Shop)
	}
	var s *Script
	for _, x := range p.Scripts {
		if x.ID == "size" {
			s = x
		}
	}
	if s == nil || s.File.Path != "scripts/presale.yaml" || s.Node == nil || s.Node.Line != 15 {
		t.Fatalf("size not loaded with its position: %+v", s)
	}
}

// FuzzLoad feeds arbitrary bytes to the loader as a script file and as a
// manifest: it must never panic, and every finding must name a rule, a
// severity and a message in both languages.
func FuzzLoad(f *testing.F) {
	for _, s := range []string{
		"scripts:\n  - {id: a, topic: size, keywords: [M码], reply: 亲}\n",
		"triggers:\n  - {id: t, when: {from: \"20:00\", to: \"22:00\"}, reply: 忙}\n",
		"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
		"scripts:\n\t- id: a\n",
		"\xef\xbb\xbfscripts: []\r\n",
		"<<: {a: 1}\nscripts: []\n",
		"a: *nope\n",
		"x: &x [*x]\n",
		"? [a, b]\n: c\n",
		"scripts: !!binary aGVsbG8=\n",
		manifest + "include: ['../**']\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, asManifest := range []bool{false, true} {
			l := &loader{p: &Project{Limits: DefaultLimits}}
			file := &File{Path: "scripts/f.yaml"}
			if asManifest {
				file.Path = ManifestName
			}
			v := l.parse(file, data)
			if v != nil {
				m, c, err := schemas()
				if err != nil {
					t.Fatal(err)
				}
				sch := c
				if asManifest {
					sch = m
				}
				ds, _ := validate(file, sch, v)
				l.p.Diags = append(l.p.Diags, ds...)
			}
			for _, d := range l.p.Diags {
				if d.Rule == "" || d.Severity == 0 || d.Message.In(i18n.EN) == "" || d.Message.ZH == "" {
					t.Fatalf("incomplete finding %+v", d)
				}
			}
		}
	})
}

// TestSchemaDocumentsEveryProperty makes sure editors have help to show:
// every property has a title or a description, directly or through $ref.
func TestSchemaDocumentsEveryProperty(t *testing.T) {
	if _, _, err := schemas(); err != nil {
		t.Fatal(err)
	}
	var walk func(path string, m map[string]any)
	walk = func(path string, m map[string]any) {
		props, _ := m["properties"].(map[string]any)
		for name, v := range props {
			p, _ := v.(map[string]any)
			documented := p["title"] != nil || p["description"] != nil
			if ref, ok := p["$ref"].(string); ok && !documented {
				r := schemaAt(schemaURL + ref)
				documented = r["title"] != nil || r["description"] != nil
			}
			if !documented {
				t.Errorf("%s.%s has neither title nor description", path, name)
			}
			walk(path+"."+name, p)
		}
		if items, ok := m["items"].(map[string]any); ok {
			walk(path+"[]", items)
		}
	}
	for name, def := range compiled.doc["$defs"].(map[string]any) {
		walk(name, def.(map[string]any))
	}
}

// FuzzLocate follows arbitrary JSON-pointer paths through arbitrary YAML:
// the position mapper must never panic, and always return a node.
func FuzzLocate(f *testing.F) {
	f.Add("scripts:\n  - {id: a, keywords: [x, y]}\n", "scripts/0/keywords/1")
	f.Add("a: &x {b: [1, *x]}\n<<: *x\n", "b/1/b/0")
	f.Add("- - - a\n", "0/0/0/9")
	f.Fuzz(func(t *testing.T, src, ptr string) {
		var n yaml.Node
		if yaml.Load([]byte(src), &n) != nil {
			return
		}
		if _, err := expandedSize(&n, 10000); err != nil {
			return
		}
		_, v, _ := locate(&n, strings.Split(ptr, "/"))
		if v == nil && len(n.Content) > 0 {
			t.Fatalf("no node for %q in %q", ptr, src)
		}
	})
}
