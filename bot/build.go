package bot

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// DefaultThreshold is the similarity confidence below which a question no
// keyword hits goes to the fallback reply, for scripts with many examples
// (25 or more on average); see defaultThreshold.
const DefaultThreshold = 0.13

// defaultThreshold is the threshold of a project that sets none: a
// script of few examples is a poor estimate of how buyers ask, so it
// must agree more closely: DefaultThreshold with 18 examples a script or
// more, DefaultThreshold × 18 / examples a script with fewer, at most
// 0.35. Calibrated on real buyer messages (examples from part of the
// labelled ones, asked the others): at 20 to 27 examples a script, 0.13
// answered about 40% right at 2–3% wrong; at 14, 0.16 to 0.17 did about
// as well where 0.13 fired on twice as much chit-chat; with 5, a starter's
// few examples, 0.35 kept chit-chat out.
func defaultThreshold(examples, profiles int) float32 {
	if profiles == 0 {
		return DefaultThreshold
	}
	avg := float64(examples) / float64(profiles)
	return float32(min(0.33, max(DefaultThreshold, DefaultThreshold*18/avg)))
}

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
	// means a default that depends on how many examples the scripts have
	// (DefaultThreshold for 25 a script, up to 0.35 for a few).
	Threshold  float32
	SourceHash [32]byte

	HandoffKeywords []string // hand over to a human
	UrgentKeywords  []string // hand over, first in line
	HandoffReply    string
	FallbackReply   string

	Scripts  []ScriptSpec
	Triggers []TriggerSpec

	// Concepts are named sets of literal terms (members are text: any
	// ~name inside was expanded by the caller). Keywords and patterns
	// name them as ~name; the matcher itself reads the names in
	// SpecialConcepts.
	Concepts map[string][]string
	// Gap is how many characters may stand between two terms of a
	// pattern; 0 means DefaultGap.
	Gap int
	// Complaints routes complaints and defect reports (the concept
	// complaint) to a human before topical scripts.
	Complaints bool
	// SmalltalkReply answers a message of greetings, thanks and
	// acknowledgements only ("" stays silent); GreetingReply, when set,
	// answers one that greets.
	SmalltalkReply, GreetingReply string

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
	// Patterns are terms in order with bounded gaps: "~when ~ship",
	// "满 {n} 减 {n}". Patterns that do not parse, or name a concept
	// Spec.Concepts lacks, are skipped (lint reports them).
	Patterns []string
	// SkipNegated: a negated hit (不发货, 没有发票) does not count for
	// this script.
	SkipNegated bool
	Reply       string
	// ReplyFile and ReplyLine say where the reply is written when that is
	// not the script itself: an extension in the project's own files that
	// set the reply of a pack's script. "" and 0 otherwise.
	ReplyFile string
	ReplyLine int
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
	// Window is true for a time-window trigger; From and To are its HH:MM
	// bounds, and the trigger is skipped when either is invalid or they
	// are equal.
	Window   bool
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
	b := &Bundle{Threshold: spec.Threshold, Shop: spec.Shop, Category: spec.Category, Timezone: spec.Timezone, SourceHash: spec.SourceHash}
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

	b.Gap = int32(spec.Gap)
	if b.Gap <= 0 {
		b.Gap = DefaultGap
	}
	b.Gap = min(b.Gap, MaxGap)
	b.Complaints = spec.Complaints
	b.Smalltalk = compileTemplate(spec.SmalltalkReply, static)
	if spec.GreetingReply != "" {
		b.Greeting = compileTemplate(spec.GreetingReply, static)
	}

	// Every concept is compiled in, in name order: the scripts name some,
	// the matcher reads some, and similarity compares by all of them.
	parsed := make([][][]Term, len(spec.Scripts))
	for i := range spec.Scripts {
		for _, p := range spec.Scripts[i].Patterns {
			terms, _ := ParsePattern(p) // nil when it does not parse: skipped below
			parsed[i] = append(parsed[i], terms)
		}
	}
	for name := range spec.Concepts {
		b.Concepts = append(b.Concepts, name)
	}
	slices.Sort(b.Concepts)
	conceptIdx := map[string]int32{}
	for i, name := range b.Concepts {
		conceptIdx[name] = int32(i)
	}
	for i := range b.special {
		b.special[i] = -1
		if c, ok := conceptIdx[SpecialConcepts[i]]; ok {
			b.special[i] = c
		}
	}

	// words expands a keyword: a ~name into its concept's members.
	words := func(k string) []string {
		if name, ok := ConceptRef(k); ok {
			return spec.Concepts[name]
		}
		return []string{k}
	}
	pb := newPatternBuilder()
	for _, k := range spec.HandoffKeywords {
		for _, w := range words(k) {
			pb.add(w, owner{script: -1, role: RoleHandoff})
		}
	}
	for _, k := range spec.UrgentKeywords {
		for _, w := range words(k) {
			pb.add(w, owner{script: -1, role: RoleUrgent})
		}
	}
	for ci, name := range b.Concepts {
		for _, m := range spec.Concepts[name] {
			pb.add(m, owner{script: int32(ci), role: RoleConcept})
		}
	}
	b.Handoff = compileTemplate(spec.HandoffReply, static)
	b.Fallback = compileTemplate(spec.FallbackReply, static)
	b.dispute = -1
	b.ruleOff = []uint32{0}
	var examples [][]rune
	var exOwner []int32
	usesNumbers := false
	for i := range spec.Scripts {
		s := &spec.Scripts[i]
		si := int32(i)
		cs := Script{ID: s.ID, Topic: s.Topic, File: s.File, Line: s.Line, ReplyFile: s.ReplyFile, ReplyLine: s.ReplyLine, Priority: int32(s.Priority),
			Handoff: s.Handoff, SkipNegated: s.SkipNegated, Reply: compileTemplate(s.Reply, static), Examples: s.Examples,
			From: parseDay(s.ValidFrom), Until: parseDay(s.ValidUntil)}
		if s.Topic == "dispute" && b.dispute < 0 {
			b.dispute = si
		}
		for _, k := range s.Keywords {
			for _, w := range words(k) {
				pb.add(w, owner{script: si, role: RoleKeyword})
			}
		}
		for _, k := range s.Require {
			if cs.Require >= maxRequire {
				break
			}
			got := false
			for _, w := range words(k) {
				got = pb.add(w, owner{script: si, role: RoleRequire, group: uint16(cs.Require)}) || got
			}
			if got {
				cs.Require++
			}
		}
		for _, k := range s.Exclude {
			for _, w := range words(k) {
				pb.add(w, owner{script: si, role: RoleExclude})
			}
		}
		for pi, parsedTerms := range parsed[i] {
			if parsedTerms == nil {
				continue // it does not parse: lint's pattern-syntax says why
			}
			// A choice (元|块) stands for a plain pattern each way of
			// picking: the rules share the pattern as written.
			for _, terms := range ExpandPattern(parsedTerms) {
				b.addRule(si, s.Patterns[pi], terms, pb, conceptIdx, spec.Concepts, &usesNumbers)
			}
		}
		for _, ex := range s.Examples {
			if r := normRunes(ex); len(r) > 0 {
				examples = append(examples, r)
				exOwner = append(exOwner, si)
			}
		}
		b.Scripts = append(b.Scripts, cs)
	}
	if usesNumbers {
		for _, d := range numeralRunes {
			pb.id(string(d))
		}
	}
	for i := range spec.Triggers {
		t := &spec.Triggers[i]
		ct := Trigger{ID: t.ID, File: t.File, Line: t.Line, Event: t.Event, From: -1, Reply: compileTemplate(t.Reply, static),
			ValidFr: parseDay(t.ValidFrom), ValidTo: parseDay(t.ValidUntil)}
		if t.Window {
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
	b.context = contextConcepts(b.Concepts, spec.Concepts)
	b.deriveNoTopic()
	b.patFlags = b.computeFlags()
	b.derivePinfo()
	b.deriveRank()
	b.sim = b.buildSim(examples, exOwner, spec.Concepts[ConceptStopword])
	if b.Threshold <= 0 {
		b.Threshold = defaultThreshold(len(examples), len(b.sim.docOwner))
	}
	return b, nil
}

// contextConcepts marks the concepts whose members are all members of the
// context concept (and that concept itself).
func contextConcepts(names []string, defs map[string][]string) []bool {
	ctx := map[string]bool{}
	for _, m := range defs[ConceptContext] {
		ctx[Normalize(m)] = true
	}
	out := make([]bool, len(names))
	if len(ctx) == 0 {
		return out
	}
	for i, name := range names {
		all := len(defs[name]) > 0
		for _, m := range defs[name] {
			if !ctx[Normalize(m)] {
				all = false
				break
			}
		}
		out[i] = all
	}
	return out
}

// deriveNoTopic marks the concepts that name no topic: context concepts
// and those the matcher reads itself.
func (b *Bundle) deriveNoTopic() {
	b.noTopic = slices.Clone(b.context)
	for _, c := range b.special {
		if c >= 0 && int(c) < len(b.noTopic) {
			b.noTopic[c] = true
		}
	}
}

// maxRequire bounds a script's require groups (a bit each).
const maxRequire = 32

// ruleTerms codes a parsed pattern's terms; ok is false when a term is
// empty once normalised or names a concept that is not compiled in.
func (b *Bundle) ruleTerms(terms []Term, pb *patternBuilder, conceptIdx map[string]int32) ([]int32, bool) {
	if terms == nil {
		return nil, false
	}
	codes := make([]int32, 0, len(terms))
	for _, t := range terms {
		switch t.Kind {
		case TermText:
			id, ok := pb.id(t.Text)
			if !ok {
				return nil, false
			}
			codes = append(codes, id)
		case TermConcept:
			c, ok := conceptIdx[t.Text]
			if !ok {
				return nil, false
			}
			codes = append(codes, -1-c)
		case TermNumber:
			codes = append(codes, termNumber)
		default:
			return nil, false // a choice: ExpandPattern picks its alternatives first
		}
	}
	return codes, true
}

// computeFlags marks each automaton pattern with what the matcher reads
// from it besides its owners.
func (b *Bundle) computeFlags() []uint16 {
	flags := make([]uint16, len(b.patterns))
	bit := map[int32]uint16{}
	set := func(sp int, f uint16) {
		if c := b.special[sp]; c >= 0 {
			bit[c] |= f
		}
	}
	set(spShield, flagShield)
	for _, sp := range []int{spGreeting, spThanks, spAck, spBye, spFiller, spPlaceholder} {
		set(sp, flagSmall)
	}
	set(spGreeting, flagGreeting)
	set(spNegator, flagNegator)
	set(spQuestion, flagQuestion)
	set(spComplaint, flagComplaint)
	set(spDefect, flagDefect)
	if c, ok := slices.BinarySearch(b.Concepts, ConceptHedge); ok {
		bit[int32(c)] |= flagHedge
	}
	for p := range b.patterns {
		for _, o := range b.owners[b.ownOff[p]:b.ownOff[p+1]] {
			if o.role == RoleConcept {
				flags[p] |= bit[o.script]
				if b.context[o.script] {
					flags[p] |= flagContextWord
				}
			}
		}
		if r := []rune(b.patterns[p]); len(r) == 1 && strings.ContainsRune(numeralRunes, r[0]) {
			flags[p] |= flagDigit
			continue // a numeral is a piece of a number, not a word
		}
		if pat := b.patterns[p]; asciiAlnum(pat[0]) {
			flags[p] |= flagASCIIStart
		}
		if pat := b.patterns[p]; asciiAlnum(pat[len(pat)-1]) {
			flags[p] |= flagASCIIEnd
		}
	}
	return flags
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
	seen   map[ownerKey]bool // one entry an owner of a pattern, however often added
}

type ownerKey struct {
	id int32
	o  owner
}

func newPatternBuilder() *patternBuilder {
	return &patternBuilder{ids: map[string]int32{}, seen: map[ownerKey]bool{}}
}

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

// add gives keyword k the owner o; false when k is empty once normalised
// (or too long).
func (pb *patternBuilder) add(k string, o owner) bool {
	id, ok := pb.id(k)
	if !ok {
		return false
	}
	// A map, not a scan of the pattern's owners: 50,000 scripts sharing
	// one keyword made the scan quadratic.
	if key := (ownerKey{id, o}); !pb.seen[key] {
		pb.seen[key] = true
		pb.owners[id] = append(pb.owners[id], o)
	}
	return true
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

// addRule compiles one plain pattern (no choices) of script si, written
// as text; a pattern with a term that does not compile is left out.
func (b *Bundle) addRule(si int32, text string, terms []Term, pb *patternBuilder, conceptIdx map[string]int32, concepts map[string][]string, usesNumbers *bool) {
	codes, ok := b.ruleTerms(terms, pb, conceptIdx)
	if !ok {
		return
	}
	r := int32(len(b.Patterns))
	b.Patterns = append(b.Patterns, PatternRule{Script: si, Text: text})
	b.terms = append(b.terms, codes...)
	b.ruleOff = append(b.ruleOff, uint32(len(b.terms)))
	anchor := owner{script: r, role: RoleAnchor}
	switch t := terms[0]; t.Kind {
	case TermText:
		pb.add(t.Text, anchor)
	case TermConcept:
		for _, m := range concepts[t.Text] {
			pb.add(m, anchor)
		}
	case TermNumber:
		for _, d := range numeralRunes {
			pb.add(string(d), anchor)
		}
	}
	for _, t := range terms {
		*usesNumbers = *usesNumbers || t.Kind == TermNumber
	}
}
