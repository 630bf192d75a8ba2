package schema

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v4"

	"github.com/xm-dev/xm/examples"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/internal/suggest"
)

// Knowledge packs are folders of ordinary script files that ship inside
// xm (examples/packs/NAME/, with a pack.yaml naming the pack, its version,
// its title and the defaults of the vars its replies use). xm.yaml
// includes one by name and version (packs: [commerce@1]); the loader reads
// its files after the project's own, under paths no seller file can have
// (xm:commerce@1/logistics.yaml). A project script with a pack script's id
// replaces it, packs[].disable drops pack scripts, and the project's vars
// win over the pack's defaults. The seller's edits live in their own files
// and vars, so an xm upgrade that improves a pack's phrasings never
// overwrites them, and nothing generated goes stale.

// PackPrefix begins the path of every file of a knowledge pack.
const PackPrefix = "xm:"

// PackManifestName is the file in a pack's folder that describes it.
const PackManifestName = "pack.yaml"

// PackOf returns "name@version" for the path of a pack's file, or "" for a
// project's own file.
func PackOf(p string) string {
	if !strings.HasPrefix(p, PackPrefix) {
		return ""
	}
	id, _, _ := strings.Cut(strings.TrimPrefix(p, PackPrefix), "/")
	return id
}

// PackRef is one entry of xm.yaml's packs: "commerce@1", or a mapping
// with name, version and the pack scripts to leave out.
type PackRef struct {
	Name    string   `json:"name"`
	Version int      `json:"version"`
	Disable []string `json:"disable"`
}

// UnmarshalJSON accepts the short form "name@version" and the mapping.
func (r *PackRef) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil // an entry the schema rejected: reported there
	}
	var s string
	if json.Unmarshal(b, &s) == nil {
		name, v, ok := strings.Cut(s, "@")
		n, err := strconv.Atoi(v)
		if !ok || err != nil {
			return fmt.Errorf("pack %q: want name@version", s)
		}
		*r = PackRef{Name: name, Version: n}
		return nil
	}
	type plain PackRef
	return json.Unmarshal(b, (*plain)(r))
}

// Pack is one of xm's knowledge packs.
type Pack struct {
	Name    string         `json:"pack"`
	Version int            `json:"version"`
	Title   string         `json:"title"`
	Vars    map[string]any `json:"vars"`
	// Dir is the pack's folder in examples.FS.
	Dir string `json:"-"`
	// Node is the entry of xm.yaml's packs that included it, in a loaded
	// project.
	Node *yaml.Node `json:"-"`
}

// ID is "name@version", as xm.yaml names the pack.
func (p *Pack) ID() string { return p.Name + "@" + strconv.Itoa(p.Version) }

// Files lists the pack's content files (every .yaml but pack.yaml), in
// path order, relative to its folder.
func (p *Pack) Files() []string {
	var out []string
	_ = fs.WalkDir(examples.FS, p.Dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel := strings.TrimPrefix(name, p.Dir+"/")
		if rel != PackManifestName && (strings.HasSuffix(rel, ".yaml") || strings.HasSuffix(rel, ".yml")) {
			out = append(out, rel)
		}
		return nil
	})
	slices.Sort(out)
	return out
}

// ScriptIDs lists the ids of the pack's scripts, in file and declaration
// order, whatever a project replaces or disables.
func (p *Pack) ScriptIDs() []string {
	var ids []string
	for _, rel := range p.Files() {
		raw, err := fs.ReadFile(examples.FS, path.Join(p.Dir, rel))
		if err != nil {
			continue
		}
		var doc struct {
			Scripts []struct {
				ID string `yaml:"id"`
			} `yaml:"scripts"`
		}
		if yaml.Unmarshal(raw, &doc) != nil {
			continue
		}
		for _, s := range doc.Scripts {
			ids = append(ids, s.ID)
		}
	}
	return ids
}

var builtin struct {
	once  sync.Once
	packs []*Pack
	err   error
}

// Packs lists the knowledge packs built into xm, by name then version. An
// error means a shipped pack.yaml is broken, which tests catch.
func Packs() ([]*Pack, error) {
	b := &builtin
	b.once.Do(func() {
		dirs, err := fs.ReadDir(examples.FS, "packs")
		if err != nil {
			return // no packs shipped
		}
		for _, d := range dirs {
			if !d.IsDir() {
				continue
			}
			dir := "packs/" + d.Name()
			raw, err := fs.ReadFile(examples.FS, dir+"/"+PackManifestName)
			if err != nil {
				b.err = fmt.Errorf("%s: %w", dir, err)
				return
			}
			var n yaml.Node
			if err := yaml.Unmarshal(raw, &n); err != nil {
				b.err = fmt.Errorf("%s/%s: %w", dir, PackManifestName, err)
				return
			}
			v, err := toValue(&n)
			if err != nil {
				b.err = fmt.Errorf("%s/%s: %w", dir, PackManifestName, err)
				return
			}
			if err := validPack(v); err != nil {
				b.err = fmt.Errorf("%s/%s: %w", dir, PackManifestName, err)
				return
			}
			p := &Pack{Dir: dir}
			if err := roundTrip(v, p); err != nil {
				b.err = fmt.Errorf("%s/%s: %w", dir, PackManifestName, err)
				return
			}
			b.packs = append(b.packs, p)
		}
		slices.SortFunc(b.packs, func(x, y *Pack) int {
			if c := strings.Compare(x.Name, y.Name); c != 0 {
				return c
			}
			return x.Version - y.Version
		})
	})
	return b.packs, b.err
}

// loadPacks reads the packs xm.yaml includes, after the project's own
// files.
func (l *loader) loadPacks() {
	m := l.p.Manifest
	if len(m.Packs) == 0 {
		return
	}
	avail, err := Packs()
	if err != nil {
		l.problem(m.File, KeyNode(m.Node, "packs"), "include", i18n.F("内部错误：xm 自带的知识包损坏：%v", "internal error: a pack shipped with xm is broken: %v", err), i18n.T("请报告这个问题", "please report this"))
		return
	}
	var seq []*yaml.Node
	if n := fieldOr(m.Node, "packs"); n != nil && n.Kind == yaml.SequenceNode {
		seq = n.Content
	}
	own := map[string]bool{}
	for _, s := range l.p.Scripts {
		own[s.ID] = true
	}
	ownConcepts := map[string]bool{}
	for _, c := range l.p.Concepts {
		ownConcepts[c.Name] = true
	}
	var ids []string
	for _, p := range avail {
		ids = append(ids, p.ID())
	}
	seen := map[string]bool{}
	for i, ref := range m.Packs {
		if ref.Name == "" {
			continue // rejected by the schema, which said why
		}
		node := KeyNode(m.Node, "packs")
		if i < len(seq) {
			node = seq[i]
		}
		pk := l.findPack(avail, ref, ids, node)
		if pk == nil {
			continue
		}
		if seen[ref.Name] {
			l.problem(m.File, node, "include", i18n.F("知识包 %s 包含了两次", "pack %s is included twice", ref.Name),
				i18n.T("只保留一项；要关掉包里的话术用 disable", "keep one entry; to leave pack scripts out, use disable"))
			continue
		}
		seen[ref.Name] = true
		inc := *pk
		inc.Node = node
		l.p.Packs = append(l.p.Packs, &inc)
		l.loadPack(&inc, ref, node, own, ownConcepts)
	}
}

// findPack returns the pack ref names, or reports what is available.
func (l *loader) findPack(avail []*Pack, ref PackRef, ids []string, node *yaml.Node) *Pack {
	var versions []string
	var names []string
	for _, p := range avail {
		if p.Name == ref.Name && p.Version == ref.Version {
			return p
		}
		if p.Name == ref.Name {
			versions = append(versions, p.ID())
		}
		if !slices.Contains(names, p.Name) {
			names = append(names, p.Name)
		}
	}
	list := strings.Join(ids, ", ")
	if list == "" {
		list = "-"
	}
	m := l.p.Manifest
	if len(versions) > 0 {
		if node != nil && node.Kind == yaml.MappingNode {
			node = fieldOr(node, "version")
		}
		l.problem(m.File, node, "include",
			i18n.F("知识包 %s 没有版本 %d", "pack %s has no version %d", ref.Name, ref.Version),
			i18n.F("这个版本的 xm 有：%s", "this xm has: %s", strings.Join(versions, ", ")))
		return nil
	}
	if node != nil && node.Kind == yaml.MappingNode {
		node = fieldOr(node, "name")
	}
	msg := i18n.F("没有叫 %q 的知识包", "there is no pack %q", ref.Name)
	if near := suggest.Nearest(ref.Name, names); near != "" {
		msg = i18n.F("没有叫 %q 的知识包，是不是 %s？", "there is no pack %q; did you mean %s?", ref.Name, near)
	}
	l.problem(m.File, node, "include", msg, i18n.F("可用的知识包：%s", "the packs available: %s", list))
	return nil
}

// loadPack loads one pack's files. Scripts whose id the project uses, or
// that the entry disables, are left out; concepts the project defines
// stay the project's; vars the project does not set take the pack's
// defaults.
func (l *loader) loadPack(pk *Pack, ref PackRef, node *yaml.Node, own, ownConcepts map[string]bool) {
	_, csch, err := schemas()
	if err != nil {
		return
	}
	id := pk.ID()
	var packIDs []string
	for _, rel := range pk.Files() {
		raw, err := fs.ReadFile(examples.FS, path.Join(pk.Dir, rel))
		if err != nil {
			continue
		}
		f := &File{Path: PackPrefix + id + "/" + rel, Pack: id}
		l.p.Files = append(l.p.Files, f)
		v := l.parse(f, raw)
		if v == nil {
			continue
		}
		l.addContent(f, v, csch, func(s *Script) bool {
			packIDs = append(packIDs, s.ID)
			return !own[s.ID] && !slices.Contains(ref.Disable, s.ID)
		}, func(name string) bool { return !ownConcepts[name] })
	}
	var dis *yaml.Node
	if node != nil && node.Kind == yaml.MappingNode {
		if n := fieldOr(node, "disable"); n != nil && n.Kind == yaml.SequenceNode {
			dis = n
		}
	}
	slices.Sort(packIDs)
	for i, d := range ref.Disable {
		if slices.Contains(packIDs, d) {
			continue
		}
		at := node
		if dis != nil && i < len(dis.Content) {
			at = dis.Content[i]
		}
		msg := i18n.F("知识包 %s 里没有话术 %q", "pack %s has no script %q", id, d)
		if near := suggest.Nearest(d, packIDs); near != "" {
			msg = i18n.F("知识包 %s 里没有话术 %q，是不是 %s？", "pack %s has no script %q; did you mean %s?", id, d, near)
		}
		l.problem(l.p.Manifest.File, at, "include", msg, i18n.F("它的话术：%s", "its scripts: %s", strings.Join(packIDs, ", ")))
	}
	m := l.p.Manifest
	names := make([]string, 0, len(pk.Vars))
	for k := range pk.Vars {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		if _, ok := m.Vars[k]; ok {
			continue
		}
		if m.Vars == nil {
			m.Vars = map[string]any{}
		}
		m.Vars[k] = pk.Vars[k]
		if l.p.PackVars == nil {
			l.p.PackVars = map[string]*Pack{}
		}
		l.p.PackVars[k] = pk
	}
}

// validPack checks a pack.yaml's plain value against the schema's pack
// definition.
func validPack(v any) error {
	if _, _, err := schemas(); err != nil {
		return err
	}
	return compiled.pack.Validate(v)
}

var starters struct {
	sync.Mutex
	vars map[string]map[string]any
}

// StarterVars returns the vars of the starter xm init writes for a
// category, with the values it ships (the seller is meant to replace
// them), or nil for a category without a starter.
func StarterVars(category string) map[string]any {
	starters.Lock()
	defer starters.Unlock()
	if v, ok := starters.vars[category]; ok {
		return v
	}
	if starters.vars == nil {
		starters.vars = map[string]map[string]any{}
	}
	var vars map[string]any
	if raw, err := fs.ReadFile(examples.FS, category+"/"+ManifestName); err == nil && !strings.Contains(category, "/") {
		var n yaml.Node
		if yaml.Unmarshal(raw, &n) == nil {
			if v, err := toValue(&n); err == nil {
				var m struct {
					Vars map[string]any `json:"vars"`
				}
				if roundTrip(v, &m) == nil {
					vars = m.Vars
				}
			}
		}
	}
	starters.vars[category] = vars
	return vars
}
