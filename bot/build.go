package bot

import (
	"fmt"
	"strings"
	"time"
)

// DefaultThreshold is the similarity confidence below which a question no
// keyword hits goes to the fallback reply.
const DefaultThreshold = 0.35

// DefaultTimezone is the shop's timezone when the project names none.
const DefaultTimezone = "Asia/Shanghai"

// Spec is a bot described in plain values: what the compile package
// derives from a project's YAML, and what New turns into a Bundle. Tools
// that keep their scripts elsewhere can fill it in directly.
type Spec struct {
	Shop, Category string
	// Timezone is an IANA name; "" means DefaultTimezone.
	Timezone string
	// Threshold is the similarity confidence to answer from examples; 0
	// means DefaultThreshold.
	Threshold  float32
	SourceHash [32]byte

	HandoffKeywords []string // hand over to a human
	UrgentKeywords  []string // hand over, first in line
	HandoffReply    string
	FallbackReply   string

	Scripts  []ScriptSpec
	Triggers []TriggerSpec

	// Values resolves the names the project defines itself ({{ship_hours}},
	// {{shop.name}}) when replies are compiled; nil resolves none.
	Values func(name string) (string, bool)
}

// ScriptSpec is one reply script.
type ScriptSpec struct {
	ID, Topic string
	File      string
	Line      int
	Priority  int
	Handoff   bool
	Keywords  []string
	Require   []string
	Exclude   []string
	Examples  []string
	Reply     string
	// ValidFrom and ValidUntil are YYYY-MM-DD days in the shop's timezone,
	// or "".
	ValidFrom, ValidUntil string
}

// TriggerSpec is one trigger: an order event or a time window.
type TriggerSpec struct {
	ID    string
	File  string
	Line  int
	Event string // order.shipped, ...; "" for a time window
	// From and To are HH:MM; a window is skipped when either is invalid or
	// they are equal.
	From, To string
	Days     []string // sun, mon, ...; none means every day
	// ValidFrom and ValidUntil are YYYY-MM-DD days, or "".
	ValidFrom, ValidUntil string
	Reply                 string
}

// New compiles a spec. Keywords that are empty once normalised are
// skipped. The same spec gives the same bundle, byte for byte once
// encoded.
func New(spec *Spec) (*Bundle, error) {
	b := &Bundle{Threshold: DefaultThreshold, Shop: spec.Shop, Category: spec.Category, Timezone: spec.Timezone, SourceHash: spec.SourceHash}
	if spec.Threshold > 0 {
		b.Threshold = spec.Threshold
	}
	if b.Timezone == "" {
		b.Timezone = DefaultTimezone
	}
	loc, err := loadLocation(b.Timezone)
	if err != nil {
		return nil, fmt.Errorf("unknown timezone %q", b.Timezone)
	}
	b.loc = loc
	static := spec.Values
	if static == nil {
		static = func(string) (string, bool) { return "", false }
	}

	pb := newPatternBuilder()
	for _, k := range spec.HandoffKeywords {
		pb.add(k, -1, RoleHandoff)
	}
	for _, k := range spec.UrgentKeywords {
		pb.add(k, -1, RoleUrgent)
	}
	b.Handoff = compileTemplate(spec.HandoffReply, static)
	b.Fallback = compileTemplate(spec.FallbackReply, static)
	var examples [][]rune
	var exOwner []int32
	for i := range spec.Scripts {
		s := &spec.Scripts[i]
		si := int32(i)
		cs := Script{ID: s.ID, Topic: s.Topic, File: s.File, Line: s.Line, Priority: int32(s.Priority),
			Handoff: s.Handoff, Reply: compileTemplate(s.Reply, static), Examples: s.Examples,
			From: parseDay(s.ValidFrom), Until: parseDay(s.ValidUntil)}
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
	for i := range spec.Triggers {
		t := &spec.Triggers[i]
		ct := Trigger{ID: t.ID, File: t.File, Line: t.Line, Event: t.Event, From: -1, Reply: compileTemplate(t.Reply, static),
			ValidFr: parseDay(t.ValidFrom), ValidTo: parseDay(t.ValidUntil)}
		if t.From != "" || t.To != "" {
			from, ok1 := parseClock(t.From)
			to, ok2 := parseClock(t.To)
			if !ok1 || !ok2 || from == to {
				continue // lint's time-window rule says why
			}
			ct.From, ct.To, ct.Days = from, to, parseDays(t.Days)
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

// Fill returns reply with the names values resolves filled in, exactly as
// New fills them; other names stay as {{name}}.
func Fill(reply string, values func(string) (string, bool)) string {
	if values == nil {
		values = func(string) (string, bool) { return "", false }
	}
	return string(compileTemplate(reply, values).render(nil, nil))
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
