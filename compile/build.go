package compile

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strings"
	"time"

	"github.com/xm-dev/xm/schema"
)

// DefaultThreshold is the similarity confidence below which a question no
// keyword hits goes to the fallback reply.
const DefaultThreshold = 0.35

// Build compiles a loaded project. Scripts and triggers the loader
// rejected are simply absent; keywords that are empty once normalised are
// skipped (lint reports them). The same project gives the same bundle,
// byte for byte once encoded.
func Build(p *schema.Project) (*Bundle, error) {
	m := p.Manifest
	b := &Bundle{Threshold: DefaultThreshold}
	if m != nil {
		b.Shop, b.Category, b.Timezone = m.Shop.Name, m.Shop.Category, m.Shop.Timezone
		if m.Match.Threshold > 0 {
			b.Threshold = float32(m.Match.Threshold)
		}
	}
	if b.Timezone == "" {
		b.Timezone = "Asia/Shanghai"
	}
	loc, err := loadLocation(b.Timezone)
	if err != nil {
		return nil, fmt.Errorf("unknown timezone %q in xm.yaml", b.Timezone)
	}
	b.loc = loc
	b.SourceHash = sourceHash(p)
	static := staticValues(m)

	pb := newPatternBuilder()
	if m != nil && m.Handoff != nil {
		for _, k := range m.Handoff.Keywords {
			pb.add(k, -1, RoleHandoff)
		}
		for _, k := range m.Handoff.Urgent {
			pb.add(k, -1, RoleUrgent)
		}
		b.Handoff = compileTemplate(m.Handoff.Reply, static)
	}
	if m != nil && m.Fallback != nil {
		b.Fallback = compileTemplate(m.Fallback.Reply, static)
	}
	var examples [][]rune
	var exOwner []int32
	for i, s := range p.Scripts {
		si := int32(i)
		cs := Script{ID: s.ID, Topic: s.Topic, File: s.File.Path, Line: s.Node.Line, Priority: int32(s.Priority),
			Handoff: s.Handoff, Reply: compileTemplate(s.Reply, static), Examples: s.Examples}
		if s.Valid != nil {
			cs.From, cs.Until = parseDay(s.Valid.From), parseDay(s.Valid.Until)
		}
		for _, k := range s.Keywords {
			pb.add(k, si, RoleKeyword)
		}
		cs.Require = int32(pb.addDistinct(s.Require, si, RoleRequire))
		for _, k := range s.Exclude {
			pb.add(k, si, RoleExclude)
		}
		for _, ex := range s.Examples {
			if r := normRunes(ex); len(r) > 0 {
				examples = append(examples, r)
				exOwner = append(exOwner, si)
			}
		}
		b.Scripts = append(b.Scripts, cs)
	}
	for _, t := range p.Triggers {
		ct := Trigger{ID: t.ID, File: t.File.Path, Line: t.Node.Line, Event: t.On, From: -1, Reply: compileTemplate(t.Reply, static)}
		if t.When != nil {
			from, ok1 := parseClock(t.When.From)
			to, ok2 := parseClock(t.When.To)
			if !ok1 || !ok2 || from == to {
				continue // lint's time-window rule says why
			}
			ct.From, ct.To, ct.Days = from, to, parseDays(t.When.Days)
		}
		if t.Valid != nil {
			ct.ValidFr, ct.ValidTo = parseDay(t.Valid.From), parseDay(t.Valid.Until)
		}
		b.Triggers = append(b.Triggers, ct)
	}
	b.patterns, b.ownOff, b.owners = pb.finish()
	norm := make([][]rune, len(b.patterns))
	for i, s := range b.patterns {
		norm[i] = []rune(s)
	}
	b.ac = buildNormalized(norm)
	b.sim = buildSimIndex(examples, exOwner)
	return b, nil
}

// patternBuilder dedupes normalised keywords and collects their owners.
type patternBuilder struct {
	ids    map[string]int32
	pats   []string
	owners [][]owner
}

func newPatternBuilder() *patternBuilder { return &patternBuilder{ids: map[string]int32{}} }

func (pb *patternBuilder) id(k string) (int32, bool) {
	n := Normalize(k)
	if n == "" || len([]rune(n)) > maxPatternLen {
		return 0, false
	}
	id, ok := pb.ids[n]
	if !ok {
		id = int32(len(pb.pats))
		pb.ids[n] = id
		pb.pats = append(pb.pats, n)
		pb.owners = append(pb.owners, nil)
	}
	return id, true
}

func (pb *patternBuilder) add(k string, script int32, role Role) {
	id, ok := pb.id(k)
	if !ok {
		return
	}
	for _, o := range pb.owners[id] {
		if o.script == script && o.role == role {
			return
		}
	}
	pb.owners[id] = append(pb.owners[id], owner{script: script, role: role})
}

// addDistinct adds words and returns how many distinct patterns they are.
func (pb *patternBuilder) addDistinct(words []string, script int32, role Role) int {
	seen := map[int32]bool{}
	for _, k := range words {
		if id, ok := pb.id(k); ok && !seen[id] {
			seen[id] = true
			pb.add(k, script, role)
		}
	}
	return len(seen)
}

func (pb *patternBuilder) finish() ([]string, []uint32, []owner) {
	off := make([]uint32, 0, len(pb.pats)+1)
	var all []owner
	for _, os := range pb.owners {
		off = append(off, uint32(len(all)))
		all = append(all, os...)
	}
	off = append(off, uint32(len(all)))
	return pb.pats, off, all
}

// Fill returns a reply as the buyer will read it, with the names the
// project defines (vars, shop.name) filled in exactly as Build fills them;
// names only the platform knows (order fields, the clock) stay as {{name}}.
// Lint judges replies through it.
func Fill(reply string, m *schema.Manifest) string {
	return string(compileTemplate(reply, staticValues(m)).render(nil, nil))
}

// staticValues resolves the names a project defines itself: vars and
// shop.name.
func staticValues(m *schema.Manifest) func(string) (string, bool) {
	return func(name string) (string, bool) {
		if m == nil {
			return "", false
		}
		if name == "shop.name" {
			return m.Shop.Name, true
		}
		if v, ok := m.Vars[name]; ok {
			switch x := v.(type) {
			case string:
				return x, true
			case float64:
				if x == float64(int64(x)) {
					return fmt.Sprint(int64(x)), true
				}
				return fmt.Sprint(x), true
			case bool:
				return fmt.Sprint(x), true
			}
		}
		return "", false
	}
}

// sourceHash identifies the sources: every loaded file's path and bytes.
func sourceHash(p *schema.Project) [32]byte {
	h := sha256.New()
	var n [8]byte
	for _, f := range p.Files {
		binary.LittleEndian.PutUint64(n[:], uint64(len(f.Path)))
		h.Write(n[:])
		h.Write([]byte(f.Path))
		binary.LittleEndian.PutUint64(n[:], uint64(len(f.Src)))
		h.Write(n[:])
		h.Write(f.Src)
	}
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

// parseDay reads YYYY-MM-DD as days since 1970-01-01; 0 when empty or bad.
func parseDay(s string) int32 {
	if s == "" {
		return 0
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return 0
	}
	return int32(t.Unix() / 86400)
}

// ParseClock reads HH:MM (00:00 to 24:00) as minutes after midnight.
func ParseClock(s string) (int32, bool) { return parseClock(s) }

func parseClock(s string) (int32, bool) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(m) != 2 || len(h) < 1 || len(h) > 2 {
		return 0, false
	}
	var hh, mm int32
	for _, c := range h {
		if c < '0' || c > '9' {
			return 0, false
		}
		hh = hh*10 + c - '0'
	}
	for _, c := range m {
		if c < '0' || c > '9' {
			return 0, false
		}
		mm = mm*10 + c - '0'
	}
	if mm > 59 || hh > 24 || hh == 24 && mm != 0 {
		return 0, false
	}
	return hh*60 + mm, true
}

var dayBits = map[string]uint8{"sun": 1, "mon": 2, "tue": 4, "wed": 8, "thu": 16, "fri": 32, "sat": 64}

func parseDays(days []string) uint8 {
	var m uint8
	for _, d := range days {
		m |= dayBits[d]
	}
	return m
}
