package schema

import (
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/internal/suggest"
)

// A project extends a knowledge pack's script with an entry of its own
// scripts list that names the script instead of an id:
//
//	scripts:
//	  - extends: shipping-time
//	    keywords: [现货几天发]
//	    examples: [下单后几号能寄出]
//
// The pack's script keeps its id, topic and matching settings; the
// extension's keywords, patterns, examples and exclude words are added to
// it after the pack's own, extensions in file and declaration order. An
// extension may also set the reply-side settings (reply, valid, handoff),
// which replace the pack script's: the shop's own answer on the pack's
// triggers. The words and replies live in the seller's files, so an xm
// upgrade that improves the pack keeps them, and every finding about them
// points there.

// ExtendLists are the lists an extension adds to, in the order they merge.
var ExtendLists = []string{"keywords", "patterns", "examples", "exclude"}

// ExtendSettings are the settings an extension may set, replacing the
// pack script's: one extension of a script each.
var ExtendSettings = []string{"reply", "valid", "handoff"}

// Extension is an entry that adds to a pack script (extends: ID).
type Extension struct {
	Extends  string   `json:"extends"`
	Keywords []string `json:"keywords"`
	Patterns []string `json:"patterns"`
	Examples []string `json:"examples"`
	Exclude  []string `json:"exclude"`
	// The reply-side settings, nil when the extension leaves them the
	// pack's.
	Reply   *string   `json:"reply"`
	Valid   *Validity `json:"valid"`
	Handoff *bool     `json:"handoff"`

	File  *File      `json:"-"`
	Node  *yaml.Node `json:"-"` // the entry's mapping
	Index int        `json:"-"` // position in the file's scripts list
	// Target is the pack script it extends, nil when it names none (the
	// loader reported why).
	Target *Script `json:"-"`
}

// Field returns the value node of key in the extension's mapping, or the
// mapping.
func (e *Extension) Field(key string) *yaml.Node { return fieldOr(e.Node, key) }

// Path is the document path of the extension, like scripts[2].examples.
func (e *Extension) Path(sub ...string) string { return itemPath("scripts", e.Index, sub) }

// List returns the extension's list named key (one of ExtendLists).
func (e *Extension) List(key string) []string {
	switch key {
	case "keywords":
		return e.Keywords
	case "patterns":
		return e.Patterns
	case "examples":
		return e.Examples
	case "exclude":
		return e.Exclude
	}
	return nil
}

// sets reports whether the extension sets the setting key (one of
// ExtendSettings).
func (e *Extension) sets(key string) bool {
	switch key {
	case "reply":
		return e.Reply != nil
	case "valid":
		return e.Valid != nil
	case "handoff":
		return e.Handoff != nil
	}
	return false
}

// SetBy returns the extension whose setting key (reply, valid, handoff)
// the script takes instead of its own, or nil.
func (s *Script) SetBy(key string) *Extension { return s.setBy[key] }

// Setting says where the script's setting key (reply, valid, handoff) is
// written: the file, the entry's mapping and the entry's document path
// (like scripts[2]) of the extension that set it, else the script's own.
// A finding about the reply belongs there.
func (s *Script) Setting(key string) (*File, *yaml.Node, string) {
	if e := s.setBy[key]; e != nil {
		return e.File, e.Node, e.Path()
	}
	return s.File, s.Node, s.Path()
}

// List returns the script's list named key (keywords, patterns, examples,
// exclude, require), with the items extensions added.
func (s *Script) List(key string) []string {
	if l := s.list(key); l != nil {
		return *l
	}
	return nil
}

// list returns a pointer to the script's list named key, or nil.
func (s *Script) list(key string) *[]string {
	switch key {
	case "keywords":
		return &s.Keywords
	case "patterns":
		return &s.Patterns
	case "examples":
		return &s.Examples
	case "exclude":
		return &s.Exclude
	case "require":
		return &s.Require
	}
	return nil
}

// added is one item an extension added to a script's list.
type added struct {
	ext *Extension
	i   int // its index in the extension's list
}

// Item says where item i of the script's list key (keywords, patterns,
// examples, exclude, require) is written: the script's own file, node and
// document path, or, for an item an extension added, the extension's. A
// finding about one item belongs there.
func (s *Script) Item(key string, i int) (*File, *yaml.Node, string) {
	own := len(*s.list(key)) - len(s.added[key])
	if i >= own && i-own < len(s.added[key]) {
		a := s.added[key][i-own]
		return a.ext.File, item(a.ext.Field(key), a.i), a.ext.Path(key, "["+strconv.Itoa(a.i)+"]")
	}
	return s.File, item(s.Field(key), i), s.Path(key, "["+strconv.Itoa(i)+"]")
}

// item returns seq's i-th node, or seq when it has none.
func item(seq *yaml.Node, i int) *yaml.Node {
	if seq != nil && seq.Kind == yaml.SequenceNode && i < len(seq.Content) {
		return seq.Content[i]
	}
	return seq
}

// mergeExtensions adds each extension's lists to the pack script it
// names, after the pack's own items and earlier extensions', an item the
// script already has left out. An extension that names no included pack
// script is an error at its extends.
func (l *loader) mergeExtensions() {
	if len(l.p.Extensions) == 0 {
		return
	}
	packScripts := map[string]*Script{}
	var ids []string
	own := map[string]*Script{}
	for _, s := range l.p.Scripts {
		if s.File.Pack == "" {
			if own[s.ID] == nil {
				own[s.ID] = s
			}
			continue
		}
		if packScripts[s.ID] == nil {
			packScripts[s.ID] = s
			ids = append(ids, s.ID)
		}
	}
	for _, e := range l.p.Extensions {
		t := packScripts[e.Extends]
		if t == nil {
			l.unknownExtension(e, own[e.Extends], ids)
			continue
		}
		e.Target = t
		if t.added == nil {
			t.added = map[string][]added{}
		}
		t.Extensions = append(t.Extensions, e)
		l.mergeSettings(t, e)
		for _, key := range ExtendLists {
			dst := t.list(key)
			for i, w := range e.List(key) {
				if slices.Contains(*dst, w) {
					continue // the pack has it already (an upgrade learnt it)
				}
				*dst = append(*dst, w)
				t.added[key] = append(t.added[key], added{e, i})
			}
		}
	}
}

// mergeSettings lets extension e's reply-side settings replace script
// t's. A setting an earlier extension of t already set is an error at
// this one and keeps the earlier's: two replies for one script is a
// mistake to fix, not a silent last-wins.
func (l *loader) mergeSettings(t *Script, e *Extension) {
	for _, key := range ExtendSettings {
		if !e.sets(key) {
			continue
		}
		if prev := t.setBy[key]; prev != nil {
			at := KeyNode(prev.Node, key)
			l.problem(e.File, KeyNode(e.Node, key), "extends",
				i18n.F("知识包话术 %[1]s 的 %[2]s 已经由 %[3]s:%[4]d 的扩展设置了，一条话术的 %[2]s 只能写在一处", "the %[2]s of pack script %[1]s is already set by the extension at %[3]s:%[4]d; a script takes its %[2]s from one place only", t.ID, key, prev.File.Path, at.Line, key),
				i18n.F("只保留一处：删掉这里的 %s，或删掉 %s:%d 的那个", "keep one: delete the %s here, or the one at %s:%d", key, prev.File.Path, at.Line))
			continue
		}
		if t.setBy == nil {
			t.setBy = map[string]*Extension{}
		}
		t.setBy[key] = e
		switch key {
		case "reply":
			t.Reply = *e.Reply
		case "valid":
			t.Valid = e.Valid
		case "handoff":
			t.Handoff = *e.Handoff
		}
	}
}

// unknownExtension reports an extension whose extends names no script of
// an included pack: the project's own script, a disabled one, a typo, or
// no pack at all.
func (l *loader) unknownExtension(e *Extension, own *Script, ids []string) {
	at := e.Field("extends")
	code := "extends"
	if own != nil {
		l.problem(e.File, at, code,
			i18n.F("%s 是你自己的话术（%s:%d），它替换了知识包里的同名话术，不能再扩展", "%s is your own script (%s:%d), which replaces the pack's: there is nothing to extend", e.Extends, own.File.Path, own.Node.Line),
			i18n.F("把这些词直接加到 %s:%d 的话术里，再删掉这一项", "add these words to the script at %s:%d itself, and delete this entry", own.File.Path, own.Node.Line))
		return
	}
	if len(l.p.Packs) == 0 {
		l.problem(e.File, at, code,
			i18n.F("extends 扩展的是知识包里的话术，而 xm.yaml 没有包含知识包（%s 无从扩展）", "extends adds to a knowledge pack's script, and xm.yaml includes no pack (%s extends nothing)", e.Extends),
			i18n.T("在 xm.yaml 里写 packs: [commerce@1]；要写自己的话术，用 id、topic 和 reply", "add packs: [commerce@1] to xm.yaml; to write a script of your own, give it an id, a topic and a reply"))
		return
	}
	for _, pk := range l.p.Packs {
		if slices.Contains(pk.ScriptIDs(), e.Extends) {
			l.problem(e.File, at, code,
				i18n.F("知识包 %s 的话术 %s 在 xm.yaml 的 disable 里，没有加载，无从扩展", "script %s of pack %s is disabled in xm.yaml, so there is nothing to extend", e.Extends, pk.ID()),
				i18n.F("从 disable 里去掉 %s，或删掉这一项", "remove %s from disable, or delete this entry", e.Extends))
			return
		}
	}
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	msg := i18n.F("知识包里没有话术 %q", "no pack script is called %q", e.Extends)
	if near := suggest.Nearest(e.Extends, sorted); near != "" {
		msg = i18n.F("知识包里没有话术 %q，是不是 %s？", "no pack script is called %q; did you mean %s?", e.Extends, near)
	}
	l.problem(e.File, at, code, msg, i18n.F("可以扩展的话术：%s", "the scripts you can extend: %s", strings.Join(sorted, ", ")))
}
