package schema

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xm-dev/xm/bot"
)

func TestPackOf(t *testing.T) {
	for _, c := range []struct{ path, want string }{
		{"xm:commerce@1/logistics.yaml", "commerce@1"},
		{"xm:commerce@1/sub/a.yaml", "commerce@1"},
		{"scripts/xm:commerce@1/a.yaml", ""},
		{"scripts/a.yaml", ""},
	} {
		if got := PackOf(c.path); got != c.want {
			t.Errorf("PackOf(%q) = %q, want %q", c.path, got, c.want)
		}
		if got := bot.PackOf(c.path); got != c.want {
			t.Errorf("bot.PackOf(%q) = %q, want %q", c.path, got, c.want)
		}
	}
}

func TestPacksShipped(t *testing.T) {
	ps, err := Packs()
	if err != nil || len(ps) == 0 {
		t.Fatalf("packs: %v, %d", err, len(ps))
	}
	for _, p := range ps {
		if len(p.Files()) == 0 {
			t.Errorf("pack %s has no script files", p.ID())
		}
		seen := map[string]bool{}
		for _, id := range p.ScriptIDs() {
			if id == "" || seen[id] {
				t.Errorf("pack %s: script id %q empty or repeated", p.ID(), id)
			}
			seen[id] = true
		}
		if len(seen) == 0 {
			t.Errorf("pack %s has no scripts", p.ID())
		}
	}
}

func TestLoadPack(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, s string) { writeFile(t, dir, rel, s) }
	write("xm.yaml", "xm: 1\nshop: {name: a, category: general}\npacks:\n  - {name: commerce, version: 1, disable: [logistics]}\nvars: {ship_hours: 12}\n")
	write("scripts/a.yaml", "scripts:\n  - {id: refund, topic: refund, keywords: [退款], reply: 好的}\n")
	p := loadClean(t, dir)
	ids := map[string]string{}
	for _, s := range p.Scripts {
		if _, dup := ids[s.ID]; dup {
			t.Errorf("script %s loaded twice", s.ID)
		}
		ids[s.ID] = s.File.Path
	}
	if ids["refund"] != "scripts/a.yaml" {
		t.Errorf("refund comes from %q, want the project's own", ids["refund"])
	}
	if _, ok := ids["logistics"]; ok {
		t.Error("disabled logistics was loaded")
	}
	if f := ids["shipping-time"]; f != "xm:commerce@1/insale.yaml" && PackOf(f) != "commerce@1" {
		t.Errorf("shipping-time comes from %q", f)
	}
	if len(p.Packs) != 1 || p.Packs[0].Node == nil {
		t.Fatalf("packs: %+v", p.Packs)
	}
	if v := p.Manifest.Vars["ship_hours"]; v != float64(12) {
		t.Errorf("ship_hours = %v, the project's value must win", v)
	}
	if _, ok := p.PackVars["ship_hours"]; ok {
		t.Error("ship_hours is marked as a pack default")
	}
	for k, pk := range p.PackVars {
		if p.Manifest.Vars[k] != pk.Vars[k] {
			t.Errorf("var %s = %v, want the pack default %v", k, p.Manifest.Vars[k], pk.Vars[k])
		}
	}
}

// TestExtends: extensions add to the pack script they name, after its own
// items and in file and declaration order, without repeating an item the
// script has; Item says where each item was written.
func TestExtends(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, s string) { writeFile(t, dir, rel, s) }
	write("xm.yaml", "xm: 1\nshop: {name: a, category: general}\npacks: [commerce@1]\n")
	write("scripts/b.yaml", "scripts:\n  - extends: shipping-time\n    keywords: [寄走了吗]\n    examples: [几号寄走]\n")
	write("scripts/a.yaml", "scripts:\n  - extends: shipping-time\n    keywords: [催发货, 几时寄走]\n    exclude: [预售款]\n")
	p := loadClean(t, dir)
	var s *Script
	for _, x := range p.Scripts {
		if x.ID == "shipping-time" {
			s = x
		}
	}
	if s == nil || s.File.Pack != "commerce@1" || s.Reply == "" || len(s.Extensions) != 2 {
		t.Fatalf("shipping-time: %+v", s)
	}
	kw := s.Keywords
	// 催发货 is the pack's own already: not repeated.
	if n := len(kw); n < 3 || kw[n-2] != "几时寄走" || kw[n-1] != "寄走了吗" {
		t.Fatalf("keywords end %v, want a.yaml's then b.yaml's", kw)
	}
	for i, want := range map[int]string{len(kw) - 2: "scripts/a.yaml:3 scripts[0].keywords[1]", len(kw) - 1: "scripts/b.yaml:3 scripts[0].keywords[0]", 0: "xm:commerce@1/insale.yaml:"} {
		f, n, path := s.Item("keywords", i)
		got := f.Path + ":" + strconv.Itoa(n.Line) + " " + path
		if !strings.HasPrefix(got, want) {
			t.Errorf("Item(keywords, %d) = %s, want %s", i, got, want)
		}
	}
	if f, _, path := s.Item("exclude", len(s.Exclude)-1); f.Path != "scripts/a.yaml" || path != "scripts[0].exclude[0]" || s.Exclude[len(s.Exclude)-1] != "预售款" {
		t.Errorf("exclude: %v at %s %s", s.Exclude, f.Path, path)
	}
	if len(p.Extensions) != 2 || p.Extensions[0].File.Path != "scripts/a.yaml" || p.Extensions[0].Target != s {
		t.Errorf("extensions: %+v", p.Extensions)
	}
}

// writeFile writes s to dir/rel, making its folders.
func writeFile(t *testing.T, dir, rel, s string) {
	t.Helper()
	p := filepath.Join(dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// loadClean loads the project at dir and fails the test on any finding.
func loadClean(t *testing.T, dir string) *Project {
	t.Helper()
	p, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Diags) > 0 {
		t.Fatalf("diags: %v", p.Diags)
	}
	return p
}

// TestExtendSettings: an extension's reply, valid and handoff replace the
// pack script's and keep its triggers; Setting says where each is
// written; a second extension setting one is an extends error at its key,
// and the first one's stays.
func TestExtendSettings(t *testing.T) {
	packDir := t.TempDir()
	writeFile(t, packDir, "xm.yaml", "xm: 1\nshop: {name: a, category: general}\npacks: [commerce@1]\n")
	pack := findScript(t, loadClean(t, packDir), "warranty")
	for _, tc := range []struct {
		name    string
		files   map[string]string
		reply   string // "" : the pack's
		handoff bool
		valid   *Validity
		at      string // where the reply is written: file:line, "" the pack's file
		diags   []string
	}{
		{name: "words only", files: map[string]string{"scripts/a.yaml": "scripts:\n  - extends: warranty\n    keywords: [保修卡丢了]\n"}},
		{name: "reply", files: map[string]string{"scripts/a.yaml": "scripts:\n  - extends: warranty\n    exclude: [延保卡]\n    reply: 亲，保修两年。\n"},
			reply: "亲，保修两年。", at: "scripts/a.yaml:2"},
		{name: "reply, valid and handoff", files: map[string]string{"scripts/a.yaml": "scripts:\n  - extends: warranty\n    reply: 亲，保修两年。\n    valid: {from: 2026-01-01}\n    handoff: true\n"},
			reply: "亲，保修两年。", handoff: true, valid: &Validity{From: "2026-01-01"}, at: "scripts/a.yaml:2"},
		{name: "reply in one extension, words in another", files: map[string]string{
			"scripts/a.yaml": "scripts:\n  - extends: warranty\n    keywords: [保修卡丢了]\n",
			"scripts/b.yaml": "scripts:\n  - extends: warranty\n    reply: 亲，保修两年。\n"},
			reply: "亲，保修两年。", at: "scripts/b.yaml:2"},
		{name: "two replies", files: map[string]string{
			"scripts/a.yaml": "scripts:\n  - extends: warranty\n    reply: 亲，保修两年。\n",
			"scripts/b.yaml": "scripts:\n  - extends: warranty\n    reply: 亲，保修三年。\n    handoff: true\n"},
			reply: "亲，保修两年。", handoff: true, at: "scripts/a.yaml:2", diags: []string{"scripts/b.yaml:3:5 extends"}},
		{name: "two in one file", files: map[string]string{
			"scripts/a.yaml": "scripts:\n  - extends: warranty\n    reply: 亲，保修两年。\n  - extends: warranty\n    reply: 亲，保修三年。\n"},
			reply: "亲，保修两年。", at: "scripts/a.yaml:2", diags: []string{"scripts/a.yaml:5:5 extends"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "xm.yaml", "xm: 1\nshop: {name: a, category: general}\npacks: [commerce@1]\n")
			for rel, s := range tc.files {
				writeFile(t, dir, rel, s)
			}
			p, err := Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			var diags []string
			for _, d := range p.Diags {
				diags = append(diags, d.File+":"+strconv.Itoa(d.Line)+":"+strconv.Itoa(d.Column)+" "+d.Rule)
			}
			if !slices.Equal(diags, tc.diags) {
				t.Errorf("diags %v, want %v", diags, tc.diags)
			}
			s := findScript(t, p, "warranty")
			want := tc.reply
			if want == "" {
				want = pack.Reply
			}
			if s.Reply != want || s.Handoff != (tc.handoff || pack.Handoff) || !reflect.DeepEqual(s.Valid, tc.valid) {
				t.Errorf("reply %q handoff %v valid %+v, want %q %v %+v", s.Reply, s.Handoff, s.Valid, want, tc.handoff, tc.valid)
			}
			if s.ID != "warranty" || s.Topic != pack.Topic || s.File.Pack != "commerce@1" || !slices.Equal(s.Keywords[:len(pack.Keywords)], pack.Keywords) || !slices.Equal(s.Patterns, pack.Patterns) {
				t.Errorf("the pack's id, topic, file and triggers changed: %s %s %s", s.ID, s.Topic, s.File.Path)
			}
			f, entry, _ := s.Setting("reply")
			at := f.Path + ":" + strconv.Itoa(entry.Line)
			if tc.at == "" && f != s.File || tc.at != "" && at != tc.at {
				t.Errorf("reply written at %s, want %q", at, tc.at)
			}
		})
	}
}

// findScript returns the project's script id, or fails the test.
func findScript(t *testing.T, p *Project, id string) *Script {
	t.Helper()
	s := p.Script(id)
	if s == nil {
		t.Fatalf("no script %s", id)
	}
	return s
}
