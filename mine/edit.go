package mine

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/xm-dev/xm/layout"
	"github.com/xm-dev/xm/schema"
)

// Editing keeps the seller's layout: the new lines are text inserted at
// positions read from the loaded yaml.Node tree, nothing else in the file
// moves. A block list gets new items after its last one, each marked with
// a trailing "# xm mine DATE"; a one-line flow list ([a, b]) gets them
// before its ]; a missing key is added after the script's first key; flow
// lists and flow keys get a comment line above the key; a file that was in
// xm fmt's canonical layout is put back in it. A script written
// as a flow mapping ({id: x, ...}), a flow list over several lines or a
// multi-line last item is not edited: the suggestion is reported as one
// to make by hand.

// Change is what one suggestion adds to one script.
type Change struct {
	Script   *schema.Script
	Examples []string
	Keywords []string
	Patterns []string
}

// errLayout says a script's layout is one Apply does not edit.
var errLayout = errors.New("layout not editable")

// lineOp is what happens around one original line.
type lineOp struct {
	before, after []string
	replace       *string
}

// site is one mapping a change is written into: the script's own, or an
// extension of a pack script.
type site struct {
	node   *yaml.Node
	change Change
}

// editFile returns the text of f with the changes at their sites (all in
// f) applied and, when add is not empty, new extension entries appended
// to its scripts list; stamp is the marker comment without "# ".
func editFile(f *schema.File, sites []site, add []Change, stamp string) ([]byte, error) {
	src := f.Src
	eol := "\n"
	if bytes.Contains(src, []byte("\r\n")) {
		eol = "\r\n"
	}
	text := strings.ReplaceAll(string(src), "\r\n", "\n")
	lines := strings.Split(text, "\n")
	ops := map[int]*lineOp{}
	for _, st := range sites {
		c := st.change
		for _, kv := range c.lists() {
			if len(kv.items) == 0 {
				continue
			}
			if err := addItems(lines, ops, st.node, kv.key, kv.items, stamp); err != nil {
				return nil, err
			}
		}
	}
	if len(add) > 0 {
		if err := appendEntries(f, lines, ops, add, stamp); err != nil {
			return nil, err
		}
	}
	var out strings.Builder
	for i, l := range lines {
		o := ops[i]
		if o == nil {
			out.WriteString(l)
		} else {
			for _, b := range o.before {
				out.WriteString(b + eol)
			}
			if o.replace != nil {
				l = *o.replace
			}
			out.WriteString(l)
			for _, a := range o.after {
				out.WriteString(eol + a)
			}
		}
		if i < len(lines)-1 {
			out.WriteString(eol)
		}
	}
	edited := []byte(out.String())
	// A file in xm fmt's canonical layout stays in it: the new lines are
	// placed and aligned as xm fmt would (a new key in its place).
	if canon, err := layout.Format(src); err == nil && bytes.Equal(canon, src) {
		if f, err := layout.Format(edited); err == nil {
			return f, nil
		}
	}
	return edited, nil
}

func addItems(lines []string, ops map[int]*lineOp, m *yaml.Node, key string, items []string, stamp string) error {
	op := func(i int) *lineOp {
		if ops[i] == nil {
			ops[i] = &lineOp{}
		}
		return ops[i]
	}
	if m == nil || m.Kind != yaml.MappingNode || m.Style&yaml.FlowStyle != 0 || len(m.Content) < 2 {
		return errLayout
	}
	var k, v *yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			k, v = m.Content[i], m.Content[i+1]
		}
	}
	if k == nil {
		// A new key after the first key of the script, whose value must be
		// on its line.
		k0, v0 := m.Content[0], m.Content[1]
		if v0.Kind != yaml.ScalarNode || v0.Line != k0.Line || v0.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			return errLayout
		}
		indent := strings.Repeat(" ", k0.Column-1)
		o := op(k0.Line - 1)
		o.after = append(o.after, indent+key+":  # "+stamp)
		for _, it := range items {
			o.after = append(o.after, indent+"  - "+scalar(it))
		}
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		return errLayout
	}
	if v.Style&yaml.FlowStyle != 0 {
		for _, it := range v.Content {
			if it.Line != v.Line {
				return errLayout
			}
		}
		li := v.Line - 1
		l := lines[li]
		if o := ops[li]; o != nil && o.replace != nil {
			l = *o.replace
		}
		body := l
		if c := strings.Index(l, " #"); c >= 0 {
			body = l[:c]
		}
		end := strings.LastIndex(body, "]")
		if end < 0 {
			return errLayout
		}
		var add []string
		for _, it := range items {
			add = append(add, scalar(it))
		}
		sep := ", "
		if len(v.Content) == 0 {
			sep = ""
		}
		nl := l[:end] + sep + strings.Join(add, ", ") + l[end:]
		o := op(li)
		o.replace = &nl
		ko := op(k.Line - 1)
		ko.before = append(ko.before, strings.Repeat(" ", k.Column-1)+"# "+stamp+": + "+strings.Join(add, ", "))
		return nil
	}
	if len(v.Content) == 0 {
		return errLayout
	}
	last := v.Content[len(v.Content)-1]
	if last.Kind != yaml.ScalarNode || last.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return errLayout
	}
	l := lines[last.Line-1]
	dash := strings.Index(l, "- ")
	if dash < 0 || strings.TrimSpace(l[:dash]) != "" {
		return errLayout
	}
	// A plain item continued on the next line is not one line.
	if last.Line < len(lines) {
		next := lines[last.Line]
		if t := strings.TrimSpace(next); t != "" && !strings.HasPrefix(t, "#") && !strings.HasPrefix(t, "-") && indentOf(next) > dash {
			return errLayout
		}
	}
	o := op(last.Line - 1)
	for _, it := range items {
		o.after = append(o.after, l[:dash]+"- "+scalar(it)+"  # "+stamp)
	}
	return nil
}

func indentOf(l string) int { return len(l) - len(strings.TrimLeft(l, " ")) }

// scalar writes s as a YAML scalar that reads back as the same string in a
// block or a flow list: plain when that holds, else double-quoted.
func scalar(s string) string {
	var got []any
	if len(s) <= 200 && !strings.ContainsAny(s, "\"'#\t\r\n") && strings.TrimSpace(s) == s &&
		yaml.Unmarshal([]byte("["+s+"]"), &got) == nil && len(got) == 1 && got[0] == s {
		var blk []any
		if yaml.Unmarshal([]byte("- "+s), &blk) == nil && len(blk) == 1 && blk[0] == s {
			return s
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimRight(buf.String(), "\n")
}

// ExtendFile is where Apply writes additions to a knowledge pack's script
// when the project extends no pack script yet (else the file of its first
// extension): a file of the seller's own, under the default include.
const ExtendFile = "scripts/packs.yaml"

// errNotLoaded says the project's include would not load the file new
// extensions go to.
var errNotLoaded = errors.New("extension file not loaded")

// extendFile is the project-relative file new extensions of pack scripts
// go to.
func extendFile(p *schema.Project) (string, error) {
	if len(p.Extensions) > 0 {
		return p.Extensions[0].File.Path, nil
	}
	patterns := schema.DefaultInclude
	if p.Manifest != nil && len(p.Manifest.Include) > 0 {
		patterns = p.Manifest.Include
	}
	for _, pat := range patterns {
		if schema.MatchGlob(strings.TrimPrefix(pat, "./"), ExtendFile) {
			return ExtendFile, nil
		}
	}
	return "", errNotLoaded
}

// into says which of the project's files a change to script s is written
// into: its own, the last extension of it (a pack script), or the file new
// extensions go to.
func into(p *schema.Project, s *schema.Script) (path string, ext *schema.Extension, err error) {
	if s.File.Pack == "" {
		return s.File.Path, nil, nil
	}
	if n := len(s.Extensions); n > 0 {
		e := s.Extensions[n-1]
		return e.File.Path, e, nil
	}
	path, err = extendFile(p)
	return path, nil, err
}

// render returns the text of every file the changes edit or create, by
// project-relative path. A change to a pack script goes into an extension
// of it (extends: ID) in the seller's files, never into the pack.
func render(p *schema.Project, changes []Change, stamp string) (map[string][]byte, error) {
	merged := mergeChanges(changes)
	slices.SortStableFunc(merged, func(a, b Change) int { return a.Script.Order - b.Script.Order })
	sites := map[string][]site{}
	adds := map[string][]Change{}
	var paths []string
	for _, c := range merged {
		path, ext, err := into(p, c.Script)
		if err != nil {
			return nil, err
		}
		if _, ok := sites[path]; !ok {
			if _, ok := adds[path]; !ok {
				paths = append(paths, path)
			}
		}
		switch {
		case c.Script.File.Pack == "":
			sites[path] = append(sites[path], site{c.Script.Node, c})
		case ext != nil:
			sites[path] = append(sites[path], site{ext.Node, c})
		default:
			adds[path] = append(adds[path], c)
		}
	}
	out := map[string][]byte{}
	for _, path := range paths {
		var f *schema.File
		for _, g := range p.Files {
			if g.Path == path && g.Pack == "" {
				f = g
			}
		}
		if f == nil {
			src, err := newExtendFile(p, path, adds[path], stamp)
			if err != nil {
				return nil, err
			}
			out[path] = src
			continue
		}
		if f.Broken || f.Root == nil {
			return nil, errLayout
		}
		src, err := editFile(f, sites[path], adds[path], stamp)
		if err != nil {
			return nil, err
		}
		out[path] = src
	}
	return out, nil
}

// lists are the change's additions under their YAML keys, in the order
// they are written.
func (c Change) lists() []struct {
	key   string
	items []string
} {
	return []struct {
		key   string
		items []string
	}{{"keywords", c.Keywords}, {"patterns", c.Patterns}, {"examples", c.Examples}}
}

// entryLines writes a new extension of c's pack script, the first line
// marked, at indent.
func entryLines(c Change, indent, stamp string) []string {
	out := []string{indent + "- extends: " + c.Script.ID + "  # " + stamp}
	for _, kv := range c.lists() {
		if len(kv.items) == 0 {
			continue
		}
		out = append(out, indent+"  "+kv.key+":")
		for _, it := range kv.items {
			out = append(out, indent+"    - "+scalar(it))
		}
	}
	return out
}

// newExtendFile is a new file of extensions, in xm fmt's layout.
func newExtendFile(p *schema.Project, path string, add []Change, stamp string) ([]byte, error) {
	var b strings.Builder
	if _, err := os.Stat(filepath.Join(p.Root, ".xm", "xm.schema.json")); err == nil {
		b.WriteString("# yaml-language-server: $schema=" + strings.Repeat("../", strings.Count(path, "/")) + ".xm/xm.schema.json\n")
	}
	b.WriteString("# 本店买家的说法，加在 xm 知识包的话术上（extends）：回复仍用知识包的，随 xm 升级。可以自由修改。\n")
	b.WriteString("# The shop's buyers' phrasings, added to xm's knowledge-pack scripts (extends):\n")
	b.WriteString("# their replies stay the pack's and improve as xm is upgraded. Edit freely.\n")
	b.WriteString("scripts:\n")
	for i, c := range add {
		if i > 0 {
			b.WriteString("\n")
		}
		for _, l := range entryLines(c, "  ", stamp) {
			b.WriteString(l + "\n")
		}
	}
	src := []byte(b.String())
	if f, err := layout.Format(src); err == nil {
		return f, nil
	}
	return src, nil
}

// appendEntries adds new extension entries at the end of f's block
// scripts list (or a new scripts key at the end of the file).
func appendEntries(f *schema.File, lines []string, ops map[int]*lineOp, add []Change, stamp string) error {
	root := f.Root
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode || root.Style&yaml.FlowStyle != 0 {
		return errLayout
	}
	op := func(i int) *lineOp {
		if ops[i] == nil {
			ops[i] = &lineOp{}
		}
		return ops[i]
	}
	// New lines go after the list's last line: before the next key, or
	// the end of the file, and before the blank lines and the comments
	// at the list's level or shallower there (they belong to what
	// follows).
	var seq *yaml.Node
	end := len(lines)
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "scripts" {
			seq = root.Content[i+1]
			if i+2 < len(root.Content) {
				end = root.Content[i+2].Line - 1
			}
		}
	}
	var entry []string
	dash := 0
	if seq == nil {
		end = len(lines)
		entry = append(entry, "scripts:")
		for _, c := range add {
			entry = append(entry, entryLines(c, "  ", stamp)...)
		}
	} else {
		if seq.Kind != yaml.SequenceNode || seq.Style&yaml.FlowStyle != 0 || len(seq.Content) == 0 {
			return errLayout
		}
		l := lines[seq.Content[0].Line-1]
		dash = strings.Index(l, "- ")
		if dash < 0 || strings.TrimSpace(l[:dash]) != "" {
			return errLayout
		}
		for _, c := range add {
			entry = append(entry, entryLines(c, l[:dash], stamp)...)
		}
	}
	last := end - 1
	for last > 0 {
		t := strings.TrimSpace(lines[last])
		if t != "" && !(strings.HasPrefix(t, "#") && indentOf(lines[last]) <= dash) {
			break
		}
		last--
	}
	o := op(last)
	o.after = append(o.after, entry...)
	return nil
}

// mergeChanges joins the changes to one script, in first-seen order.
func mergeChanges(cs []Change) []Change {
	var out []Change
	at := map[*schema.Script]int{}
	for _, c := range cs {
		i, ok := at[c.Script]
		if !ok {
			at[c.Script] = len(out)
			out = append(out, Change{Script: c.Script})
			i = len(out) - 1
		}
		out[i].Examples = append(out[i].Examples, c.Examples...)
		out[i].Keywords = append(out[i].Keywords, c.Keywords...)
		out[i].Patterns = append(out[i].Patterns, c.Patterns...)
	}
	return out
}
