package schema

import (
	"os"
	"path/filepath"
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
	write := func(rel, s string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("xm.yaml", "xm: 1\nshop: {name: a, category: general}\npacks:\n  - {name: commerce, version: 1, disable: [logistics]}\nvars: {ship_hours: 12}\n")
	write("scripts/a.yaml", "scripts:\n  - {id: refund, topic: refund, keywords: [退款], reply: 好的}\n")
	p, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Diags) > 0 {
		t.Fatalf("diags: %v", p.Diags)
	}
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
