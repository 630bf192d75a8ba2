package schema

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v4"
	"go.yaml.in/yaml/v4/plugin/loaderlimits"

	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

// Load reads the project whose xm.yaml is in root. It returns an error only
// when the project cannot be read at all (no xm.yaml, an unreadable root);
// everything wrong inside the files becomes a diagnostic in Project.Diags,
// and whatever is valid is loaded.
func Load(root string) (*Project, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, err
	}
	mpath := filepath.Join(abs, ManifestName)
	if fi, err := os.Stat(mpath); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w in %s", ErrNoProject, abs)
		}
		return nil, err
	} else if fi.IsDir() {
		return nil, fmt.Errorf("%s is a directory, not a file", mpath)
	} else if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", mpath)
	}
	l := &loader{p: &Project{Root: abs, Limits: DefaultLimits}, real: real}
	l.loadManifest(mpath)
	l.loadContent()
	l.loadPacks()
	l.mergeExtensions()
	diag.Sort(l.p.Diags)
	return l.p, nil
}

type loader struct {
	p    *Project
	real string // the root with symlinks resolved, for escape checks
	// order numbers the scripts across files; keywords counts them against
	// the limit, and full is set once it is reached.
	order, keywords int
	full            bool
}

func (l *loader) report(d diag.Diagnostic) { l.p.Diags = append(l.p.Diags, d) }

func (l *loader) problem(f *File, n *yaml.Node, rule string, msg, hint i18n.Text) {
	d := Pos(f, n)
	d.Rule, d.Severity, d.Message, d.Hint = rule, diag.Error, msg, hint
	l.report(d)
}

// readFile reads, decodes and parses one file. The File is returned even
// when broken, so that later findings can name it.
func (l *loader) readFile(abs, rel string) (*File, any) {
	f := &File{Path: rel, Abs: abs}
	lim := l.p.Limits
	fail := func(line, col int, rule string, msg, hint i18n.Text) (*File, any) {
		f.Broken = true
		l.report(diag.Diagnostic{File: rel, Line: line, Column: col, Rule: rule, Severity: diag.Error, Message: msg, Hint: hint})
		return f, nil
	}
	fi, err := os.Stat(abs)
	switch {
	case err != nil:
		return fail(0, 0, "include", i18n.F("无法读取：%v", "cannot read: %v", errText(err)), i18n.T("检查文件是否存在以及读权限", "check that the file exists and is readable"))
	case fi.IsDir():
		return fail(0, 0, "include", i18n.T("这是一个目录，不是文件", "this is a directory, not a file"), i18n.T("让 include 的 glob 只匹配 .yaml 文件", "make the include glob match .yaml files only"))
	case !fi.Mode().IsRegular():
		// A named pipe or a device would block the read, or never end.
		return fail(0, 0, "include", i18n.T("这不是普通文件（是管道、设备或套接字），没有读取", "not a regular file (a pipe, device or socket); not read"),
			i18n.T("把它移出项目目录，或换成普通的 YAML 文件", "move it out of the project, or replace it with a plain YAML file"))
	case fi.Size() > lim.MaxFileBytes:
		return fail(0, 0, "limits",
			i18n.F("文件太大：%d 字节，上限 %d 字节", "file too large: %d bytes, the limit is %d", fi.Size(), lim.MaxFileBytes),
			i18n.T("把话术拆成多个文件；确实需要时在 xm.yaml 的 lint.limits.max_file_bytes 调大上限", "split the scripts into several files; if you really need it, raise lint.limits.max_file_bytes in xm.yaml"))
	}
	fh, err := os.Open(abs)
	if err != nil {
		return fail(0, 0, "include", i18n.F("无法读取：%v", "cannot read: %v", errText(err)), i18n.T("检查文件的读权限", "check the file's read permission"))
	}
	raw, err := io.ReadAll(io.LimitReader(fh, lim.MaxFileBytes+1))
	fh.Close()
	if err != nil {
		return fail(0, 0, "include", i18n.F("无法读取：%v", "cannot read: %v", errText(err)), i18n.Text{})
	}
	if int64(len(raw)) > lim.MaxFileBytes {
		return fail(0, 0, "limits", i18n.F("文件太大，上限 %d 字节", "file too large: the limit is %d bytes", lim.MaxFileBytes),
			i18n.T("拆分文件，或调大 lint.limits.max_file_bytes", "split the file, or raise lint.limits.max_file_bytes"))
	}
	return f, l.parse(f, raw)
}

// parse decodes and parses the bytes of f, reporting what is wrong, and
// returns the plain value tree, or nil when the file is broken.
func (l *loader) parse(f *File, raw []byte) any {
	lim := l.p.Limits
	fail := func(line, col int, rule string, msg, hint i18n.Text) any {
		f.Broken = true
		l.report(diag.Diagnostic{File: f.Path, Line: line, Column: col, Rule: rule, Severity: diag.Error, Message: msg, Hint: hint})
		return nil
	}
	text, prob := decodeText(raw, f.Path)
	if prob != nil {
		f.Lines = splitLines(prob.shown)
		rule := "encoding"
		if prob.rule != "" {
			rule = prob.rule
		}
		return fail(prob.line, prob.col, rule, prob.msg, prob.hint)
	}
	f.Src = text
	f.Lines = splitLines(text)
	if isBlank(f.Lines) {
		f.Root = &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode, Tag: "!!map", Line: 1, Column: 1}}}
		return map[string]any{}
	}
	var root yaml.Node
	depthErr := false
	err := yaml.Load(parserText(text), &root, yaml.WithPlugin(loaderlimits.New(
		loaderlimits.DepthFunc(func(depth int, _ *loaderlimits.DepthContext) error {
			if depth > lim.MaxDepth {
				depthErr = true
				return fmt.Errorf("nesting deeper than %d levels", lim.MaxDepth)
			}
			return nil
		}),
	)))
	if err != nil {
		if depthErr {
			line, col := errPos(err)
			return fail(line, col, "limits",
				i18n.F("嵌套超过 %d 层", "nesting deeper than %d levels", lim.MaxDepth),
				i18n.T("话术文件只需要几层嵌套；检查缩进，或调大 lint.limits.max_depth", "script files need only a few levels; check the indentation, or raise lint.limits.max_depth"))
		}
		if strings.Contains(err.Error(), "expected single document") {
			line := secondDocLine(f.Lines)
			return fail(line, 1, "yaml-shape", i18n.T("一个文件里有多个 YAML 文档（---）：xm 每个文件只读一个文档", "more than one YAML document (---) in one file: xm reads one document a file"),
				i18n.T("删除多余的 ---，或把后面的内容移到新文件（scripts/ 里可以放任意多个文件）", "remove the extra ---, or move what follows into a new file (scripts/ takes any number of files)"))
		}
		line, col := errPos(err)
		msg, hint := yamlMessage(err, f, line)
		return fail(line, col, "yaml-syntax", msg, hint)
	}
	f.Root = &root
	if _, err := expandedSize(&root, lim.MaxNodes); err != nil {
		if errors.Is(err, errRecursive) {
			return fail(1, 1, "yaml-syntax", i18n.T("别名（*名字）引用了包含它自己的节点", "an alias (*name) refers to a node that contains it"), i18n.T("去掉递归的别名", "remove the recursive alias"))
		}
		return fail(1, 1, "limits",
			i18n.F("文件展开后超过 %d 个节点（多半是别名 *名字 层层嵌套）", "the file expands to more than %d nodes (most likely aliases, *name, nested inside each other)", lim.MaxNodes),
			i18n.T("不要用层层嵌套的别名；确实需要时调大 lint.limits.max_nodes", "do not nest aliases; if you really need it, raise lint.limits.max_nodes"))
	}
	duplicateKeys(&root, func(dup, first *yaml.Node) {
		l.problem(f, dup, "yaml-syntax",
			i18n.F("重复的字段 %q，第 %d 行已经写过", "duplicate key %q, already set on line %d", dup.Value, first.Line),
			i18n.T("删除其中一个；YAML 只会保留最后一个", "delete one of them; YAML keeps only the last"))
	})
	v, err := toValue(&root)
	if err != nil {
		var ke *keyError
		if errors.As(err, &ke) {
			return fail(ke.node.Line, ke.node.Column, "yaml-shape", i18n.T("复杂的键（用 ? 写的键，或用列表、映射作键）：xm 的字段名只能是普通文字", "a complex key (? or a list or mapping as a key): xm's keys are plain text only"),
				i18n.T("把键写成普通文字，例如 keywords:", "write the key as plain text, e.g. keywords:"))
		}
		return fail(1, 1, "yaml-syntax", i18n.F("无法读取：%v", "cannot read: %v", err), i18n.Text{})
	}
	if v == nil {
		v = map[string]any{}
	}
	return v
}

func isBlank(lines []string) bool {
	for _, s := range lines {
		t := strings.TrimSpace(s)
		if t != "" && !strings.HasPrefix(t, "#") && t != "---" && t != "..." {
			return false
		}
	}
	return true
}

func secondDocLine(lines []string) int {
	seen := false
	for i, s := range lines {
		t := strings.TrimRight(s, " \t")
		if t == "---" || strings.HasPrefix(t, "--- ") {
			if seen || i > 0 && !isBlank(lines[:i]) {
				return i + 1
			}
			seen = true
		}
	}
	return 1
}

func errPos(err error) (int, int) {
	var le *yaml.LoadError
	if errors.As(err, &le) && le.Mark.Line > 0 {
		return le.Mark.Line, max(le.Mark.Column, 1)
	}
	return 1, 1
}

// yamlMessage translates the YAML parser's message and adds what to do.
func yamlMessage(err error, f *File, line int) (i18n.Text, i18n.Text) {
	raw := err.Error()
	var le *yaml.LoadError
	if errors.As(err, &le) {
		raw = le.Message
		if le.ContextMsg != "" {
			raw = le.ContextMsg + ": " + raw
		}
	}
	src, _ := f.Line(line)
	switch {
	case strings.Contains(src, "\t") && strings.Contains(raw, "cannot start any token"):
		return i18n.T("缩进里有制表符（Tab），YAML 只能用空格缩进", "a tab in the indentation: YAML indents with spaces only"),
			i18n.T("把 Tab 换成空格（每层 2 个空格）", "replace the tab with spaces (2 a level)")
	case strings.Contains(raw, "mapping values are not allowed"):
		return i18n.T("这里不能出现冒号 \": \"：缩进不对，或文字里的冒号没加引号", "a \": \" is not allowed here: the indentation is off, or text with a colon is not quoted"),
			i18n.T("检查这一行的缩进；文字里有冒号时用引号括起来，例如 reply: \"亲：您好\"", "check this line's indentation; quote text that holds a colon, e.g. reply: \"Note: ...\"")
	case strings.Contains(raw, "did not find expected key"):
		return i18n.T("缩进不对齐：这一行和上面的字段对不上", "the indentation does not line up with the keys above"),
			i18n.T("同一层的字段要用同样多的空格缩进", "keys at one level need the same number of spaces")
	case strings.Contains(raw, "unexpected end of stream") && strings.Contains(raw, "quoted"):
		return i18n.T("引号没有闭合", "a quote is never closed"), i18n.T("补上结尾的引号", "add the closing quote")
	case strings.Contains(raw, "did not find expected ',' or ']'") || strings.Contains(raw, "did not find expected ',' or '}'"):
		return i18n.T("方括号或花括号没有闭合", "a bracket or brace is never closed"), i18n.T("补上 ] 或 }，检查逗号", "add the closing ] or }, and check the commas")
	case strings.Contains(raw, "found undefined alias") || strings.Contains(raw, "unknown anchor"):
		return i18n.T("引用了未定义的别名（*名字）", "an alias (*name) that was never defined"), i18n.T("先用 &名字 定义，再用 *名字 引用", "define it with &name before using *name")
	}
	return i18n.F("YAML 语法错误：%s", "YAML syntax error: %s", raw), i18n.T("检查这一行附近的缩进、冒号和引号", "check the indentation, colons and quotes around this line")
}

func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func (l *loader) loadManifest(abs string) {
	f, v := l.readFile(abs, ManifestName)
	l.p.Files = append(l.p.Files, f)
	m := &Manifest{File: f, Version: 1}
	l.p.Manifest = m
	if v == nil {
		return
	}
	if f.Root != nil && len(f.Root.Content) > 0 {
		m.Node = f.Root.Content[0]
	}
	msch, _, err := schemas()
	if err != nil {
		l.problem(f, nil, "schema", i18n.F("内部错误：%v", "internal error: %v", err), i18n.Text{})
		return
	}
	ds, invalid := validate(f, msch, v)
	l.p.Diags = append(l.p.Diags, ds...)
	f.Invalid = invalid
	for _, ptr := range invalid {
		prune(v, ptr)
	}
	if err := roundTrip(v, m); err != nil {
		// The schema passed what survived pruning, so this is only reached
		// for values JSON cannot carry; keep the defaults.
		l.problem(f, nil, "schema", i18n.F("无法读取清单：%v", "cannot read the manifest: %v", err), i18n.Text{})
	}
	m.File = f
	l.addConcepts(f, m.Concepts)
	if m.Shop.Timezone == "" {
		m.Shop.Timezone = DefaultTimezone
	}
	l.p.Limits = DefaultLimits.with(m.Lint.Limits)
}

// prune removes the value at a JSON pointer (its last token) from v, so the
// rest of a partly invalid file can still be decoded. A pointer to the
// whole document, or to a missing key's parent, removes nothing.
func prune(v any, ptr string) {
	toks := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	if ptr == "/" || ptr == "" || len(toks) == 0 {
		return
	}
	cur := v
	for i, tok := range toks {
		last := i == len(toks)-1
		switch c := cur.(type) {
		case map[string]any:
			if last {
				delete(c, tok)
				return
			}
			cur = c[tok]
		case []any:
			n, err := strconv.Atoi(tok)
			if err != nil || n < 0 || n >= len(c) {
				return
			}
			if last {
				c[n] = nil
				return
			}
			cur = c[n]
		default:
			return
		}
	}
}

// contentFile is a scripts/triggers file as decoded from plain values.
type contentFile struct {
	Scripts  []any `json:"scripts"`
	Triggers []any `json:"triggers"`
}

// addConcepts records a file's concepts (as the schema let them through)
// with their positions, in name order.
func (l *loader) addConcepts(f *File, defs map[string][]string) {
	names := make([]string, 0, len(defs))
	for name := range defs {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		key, val, _ := locate(f.Root, []string{"concepts", name})
		l.p.Concepts = append(l.p.Concepts, &Concept{Name: name, Members: defs[name], File: f, Node: val, Key: key})
	}
}

func (l *loader) loadContent() {
	m := l.p.Manifest
	patterns := m.Include
	var patNodes []*yaml.Node
	if len(patterns) == 0 {
		patterns = DefaultInclude
	} else if m.Node != nil {
		if seq := fieldOr(m.Node, "include"); seq != nil && seq.Kind == yaml.SequenceNode {
			patNodes = seq.Content
		}
	}
	patNode := func(i int) *yaml.Node {
		if i < len(patNodes) {
			return patNodes[i]
		}
		return KeyNode(m.Node, "include")
	}
	var good []string
	for i, p := range patterns {
		p = filepath.ToSlash(strings.TrimPrefix(p, "./"))
		switch {
		case globEscapes(p):
			l.problem(m.File, patNode(i), "include", i18n.F("include %q 指向项目目录之外", "include %q reaches outside the project", p),
				i18n.T("include 只能写项目目录内的相对路径，不能用 .. 或绝对路径", "include takes paths relative to the project, without .. or a leading /"))
		case !validGlob(p):
			l.problem(m.File, patNode(i), "include", i18n.F("include %q 不是有效的 glob", "include %q is not a valid glob", p),
				i18n.T("检查方括号是否成对", "check that brackets are paired"))
		default:
			good = append(good, p)
		}
	}
	files, matched := l.expand(good)
	if len(m.Include) > 0 {
		for i, p := range m.Include {
			p = filepath.ToSlash(strings.TrimPrefix(p, "./"))
			if slices.Contains(good, p) && !matched[p] {
				d := Pos(m.File, patNode(i))
				d.Rule, d.Severity = "include", diag.Warning
				d.Message = i18n.F("include %q 没有匹配到任何文件", "include %q matches no file", p)
				d.Hint = i18n.T("检查目录名和扩展名（.yaml / .yml）", "check the folder name and the extension (.yaml / .yml)")
				l.report(d)
			}
		}
	}
	if len(files) > l.p.Limits.MaxFiles {
		l.problem(m.File, KeyNode(m.Node, "include"), "limits",
			i18n.F("include 匹配到超过 %d 个文件（上限）；只加载了前 %d 个", "include matches more than %d files (the limit); only the first %d were loaded", l.p.Limits.MaxFiles, l.p.Limits.MaxFiles),
			i18n.T("收窄 include 的 glob，或调大 lint.limits.max_files", "narrow the include globs, or raise lint.limits.max_files"))
		files = files[:l.p.Limits.MaxFiles]
	}
	_, csch, err := schemas()
	if err != nil {
		l.problem(m.File, nil, "schema", i18n.F("内部错误：%v", "internal error: %v", err), i18n.Text{})
		return
	}
	for _, rel := range files {
		f, v := l.readFile(filepath.Join(l.p.Root, filepath.FromSlash(rel)), rel)
		l.p.Files = append(l.p.Files, f)
		if v == nil {
			continue
		}
		l.addContent(f, v, csch, nil, nil)
	}
}

// addContent validates a content file's value and adds its concepts,
// scripts and triggers to the project. keepScript and keepConcept, when
// not nil, say which to keep (a pack's files leave out what the project
// replaces).
func (l *loader) addContent(f *File, v any, csch *jsonschema.Schema, keepScript func(*Script) bool, keepConcept func(string) bool) {
	ds, invalid := validate(f, csch, v)
	l.p.Diags = append(l.p.Diags, ds...)
	f.Invalid = invalid
	var cf contentFile
	if mv, ok := v.(map[string]any); ok {
		cf.Scripts, _ = mv["scripts"].([]any)
		cf.Triggers, _ = mv["triggers"].([]any)
		if c, ok := mv["concepts"]; ok && !rejected(invalid, "/concepts") {
			var defs map[string][]string
			if roundTrip(c, &defs) == nil {
				if keepConcept != nil {
					for name := range defs {
						if !keepConcept(name) {
							delete(defs, name)
						}
					}
				}
				l.addConcepts(f, defs)
			}
		}
	}
	for i, item := range cf.Scripts {
		if l.full || rejected(invalid, "/scripts/"+strconv.Itoa(i)) {
			continue
		}
		if m, ok := item.(map[string]any); ok && m["extends"] != nil {
			if keepScript != nil {
				continue // a pack extends nothing: only a project does
			}
			e := &Extension{}
			if roundTrip(item, e) != nil {
				continue
			}
			e.File, e.Index = f, i
			_, e.Node, _ = locate(f.Root, []string{"scripts", strconv.Itoa(i)})
			if l.keywords += len(e.Keywords) + len(e.Exclude) + plainPatterns(e.Patterns); l.keywords > l.p.Limits.MaxKeywords {
				l.problem(f, e.Node, "limits",
					i18n.F("项目的关键词和模式超过 %d 个，从这一项起没有加载", "the project has more than %d keywords and patterns; entries from this one on were not loaded", l.p.Limits.MaxKeywords),
					i18n.T("删掉重复或用不上的关键词和模式；确实需要时调大 lint.limits.max_keywords", "remove duplicate or unused keywords and patterns; if you really need more, raise lint.limits.max_keywords"))
				l.full = true
				continue
			}
			l.p.Extensions = append(l.p.Extensions, e)
			continue
		}
		s := &Script{}
		if roundTrip(item, s) != nil {
			continue
		}
		s.File, s.Index = f, i
		_, s.Node, _ = locate(f.Root, []string{"scripts", strconv.Itoa(i)})
		if keepScript != nil && !keepScript(s) {
			continue
		}
		if l.keywords += len(s.Keywords) + len(s.Require) + len(s.Exclude) + plainPatterns(s.Patterns); l.keywords > l.p.Limits.MaxKeywords {
			l.problem(f, s.Node, "limits",
				i18n.F("项目的关键词和模式超过 %d 个，从这条话术起没有加载", "the project has more than %d keywords and patterns; scripts from this one on were not loaded", l.p.Limits.MaxKeywords),
				i18n.T("删掉重复或用不上的关键词和模式；确实需要时调大 lint.limits.max_keywords", "remove duplicate or unused keywords and patterns; if you really need more, raise lint.limits.max_keywords"))
			l.full = true
			continue
		}
		s.Order = l.order
		l.order++
		l.p.Scripts = append(l.p.Scripts, s)
	}
	for i, item := range cf.Triggers {
		if rejected(invalid, "/triggers/"+strconv.Itoa(i)) {
			continue
		}
		t := &Trigger{}
		if roundTrip(item, t) != nil {
			continue
		}
		t.File, t.Index = f, i
		_, t.Node, _ = locate(f.Root, []string{"triggers", strconv.Itoa(i)})
		l.p.Triggers = append(l.p.Triggers, t)
	}
}

// rejected reports whether the schema rejected the value at ptr or inside it
// (or the whole document).
func rejected(invalid []string, ptr string) bool {
	for _, p := range invalid {
		if p == "/" || p == ptr || strings.HasPrefix(p, ptr+"/") {
			return true
		}
	}
	return false
}

// expand walks the project and returns the files matching any pattern, in
// path order, and which patterns matched something. Symbolic links are
// resolved and refused when they lead outside the project; directories
// behind links are not walked, so a link loop cannot trap the walk.
func (l *loader) expand(patterns []string) ([]string, map[string]bool) {
	matched := map[string]bool{}
	var out []string
	match := func(rel string) bool {
		hit := false
		for _, p := range patterns {
			if matchGlob(p, rel) {
				matched[p] = true
				hit = true
			}
		}
		return hit
	}
	limit := l.p.Limits.MaxFiles * 4
	_ = filepath.WalkDir(l.p.Root, func(path string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(l.p.Root, path)
		rel = filepath.ToSlash(rel)
		if err != nil {
			if rel != "." && match(rel) {
				l.report(diag.Diagnostic{File: rel, Rule: "include", Severity: diag.Error,
					Message: i18n.F("无法读取：%v", "cannot read: %v", errText(err)),
					Hint:    i18n.T("检查读权限", "check the read permission")})
			}
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			name := d.Name()
			if rel != "." && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "dist") {
				return fs.SkipDir
			}
			return nil
		}
		if rel == ManifestName {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			l.checkLink(path, rel, match)
			if match(rel) && l.linkInside(path) {
				if fi, err := os.Stat(path); err == nil && !fi.IsDir() {
					out = append(out, rel)
				}
			}
			return nil
		}
		if match(rel) {
			out = append(out, rel)
			if len(out) > limit {
				return fs.SkipAll
			}
		}
		return nil
	})
	slices.Sort(out)
	return out, matched
}

func (l *loader) linkInside(path string) bool {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return false
	}
	r, err := filepath.Rel(l.real, target)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator))
}

// checkLink reports a symbolic link that an include would load (or descend
// into) when it leads outside the project or nowhere.
func (l *loader) checkLink(path, rel string, match func(string) bool) {
	relevant := match(rel) || match(rel+"/x.yaml") || match(rel+"/x.yml")
	if !relevant {
		return
	}
	if _, err := filepath.EvalSymlinks(path); err != nil {
		l.report(diag.Diagnostic{File: rel, Rule: "include", Severity: diag.Error,
			Message: i18n.T("符号链接无法解析（目标不存在或循环链接）", "a symbolic link that leads nowhere (missing target or a loop)"),
			Hint:    i18n.T("删除或修正这个链接", "delete or fix the link")})
		return
	}
	if !l.linkInside(path) {
		l.report(diag.Diagnostic{File: rel, Rule: "include", Severity: diag.Error,
			Message: i18n.T("符号链接指向项目目录之外，已拒绝加载", "a symbolic link leads outside the project; it was not loaded"),
			Hint:    i18n.T("把文件复制进项目，而不是链接到外面", "copy the file into the project instead of linking outside it")})
	}
}
