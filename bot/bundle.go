// Package bot is what a serving bot imports: it loads a bundle file
// (Load), answers each buyer message (Bundle.Answer) and renders the reply
// (Bundle.Render, Bundle.RenderTrigger). It owns the bundle format, the
// normaliser, the keyword automaton, entities, the similarity index and
// the matching rules. It reads no YAML and judges no content: package
// compile turns a project into a Spec and New turns that into a Bundle.
package bot

import (
	"sync"
	"time"
)

// Role is what a keyword does for the script that owns it.
type Role uint8

const (
	RoleKeyword Role = iota + 1 // a hit makes the script a candidate
	RoleRequire                 // must also appear
	RoleExclude                 // must not appear
	RoleHandoff                 // hands over to a human
	RoleUrgent                  // hands over, flagged urgent
	RoleConcept                 // a member of concept owner.script
	RoleAnchor                  // the first term of pattern owner.script
	roleEnd
)

var roleNames = [...]string{"", "keyword", "require", "exclude", "handoff", "urgent", "concept", "pattern"}

func (r Role) String() string {
	if int(r) < len(roleNames) {
		return roleNames[r]
	}
	return "unknown"
}

// owner ties a keyword (an automaton pattern) to a script (or -1 for the
// handoff keywords), a concept (RoleConcept) or a pattern (RoleAnchor).
// group is the require group of a RoleRequire owner: ~name in require is
// one group that any member satisfies.
type owner struct {
	script int32
	role   Role
	_      uint8
	group  uint16
}

// Script is a compiled script: what the bundle needs to answer with it and
// to say where it came from.
type Script struct {
	ID    string
	Topic string
	File  string
	Line  int
	// ReplyFile and ReplyLine say where the reply is written when an
	// extension set it (a pack's script whose reply the shop replaced):
	// the place a seller edits it. "" and 0 when the script wrote it.
	ReplyFile string
	ReplyLine int
	Priority  int32
	Handoff   bool
	// SkipNegated is true when a negated hit (不发货) does not count for
	// this script.
	SkipNegated bool
	Require     int32 // require groups (a word, or ~name) that must all appear
	From        int32 // first valid day (days since 1970-01-01 in the shop's timezone), 0 none
	Until       int32 // last valid day, 0 none
	Reply       Template
	Examples    []string
}

// Trigger is a compiled trigger.
type Trigger struct {
	ID      string
	File    string
	Line    int
	Event   string // order event, or ""
	From    int32  // window start, minutes after midnight; -1 without a window
	To      int32  // window end (exclusive); may be less than From (crosses midnight)
	Days    uint8  // bit 0 Sunday ... bit 6 Saturday; 0 every day
	ValidFr int32
	ValidTo int32
	Reply   Template
}

// Bundle is a compiled project, immutable and safe for concurrent use.
type Bundle struct {
	Shop       string
	Category   string
	Timezone   string
	SourceHash [32]byte
	Scripts    []Script
	Triggers   []Trigger
	Handoff    Template
	Fallback   Template
	// Smalltalk answers a message of greetings, thanks and acknowledgements
	// only; Greeting, when set, answers one that greets. Empty means stay
	// silent.
	Smalltalk Template
	Greeting  Template
	// Concepts are the names of the concepts compiled in, sorted.
	Concepts []string
	// Gap is how many characters may separate two terms of a pattern.
	Gap int32
	// Complaints routes complaints and defect reports to a human (the
	// first script with topic dispute, else the handoff reply).
	Complaints bool
	// Patterns are the scripts' patterns as written.
	Patterns []PatternRule
	// Threshold is the similarity confidence at or above which a question
	// no keyword hits is answered from the examples.
	Threshold float32

	ac       *Automaton
	patFlags []uint16 // automaton pattern → flag* bits
	// pinfo is derived when the bundle is built or loaded, never stored:
	// what the loops over a question's hits read of automaton pattern p
	// in one word, its flag* bits, its length in characters (<< pinfoLen)
	// and pinfoOwned when a script, a pattern or the handoff owns it.
	pinfo []uint32
	// rankOf is what ranking reads of each script, derived with pinfo.
	rankOf  []scriptRank
	special [numSpecial]int32
	// context marks the concepts all of whose members are context words
	// (time, the kind of question): similarity does not compare by them.
	context []bool
	// noTopic marks the concepts that say how, not what: the context ones
	// and those the matcher reads itself (derived when built or loaded).
	noTopic  []bool
	dispute  int32    // the script complaints go to, or -1
	ruleOff  []uint32 // pattern rule → terms[ruleOff[r]:ruleOff[r+1]]
	terms    []int32  // >= 0 an automaton pattern, termNumber, or -1-concept
	patterns []string // normalised text of each pattern
	ownOff   []uint32 // pattern → owners[ownOff[p]:ownOff[p+1]]
	owners   []owner
	sim      *simIndex
	loc      *time.Location
	pool     scratchPool
	words    wordIndex
}

// wordIndex lists each script's automaton patterns by role, in pattern
// order: what Explain names for a candidate (its keywords, exclude words,
// missing require words). It is built on the first explanation, not by
// New or a loaded bundle: a bot that only answers never pays for it.
type wordIndex struct {
	once sync.Once
	of   map[wordKey][]int32
}

type wordKey struct {
	script int32
	role   Role
}

// PatternRule is one pattern of a script.
type PatternRule struct {
	Script int32
	Text   string // as written
}

// flag* mark what an automaton pattern is to the matcher, besides its
// owners.
const (
	flagShield      = 1 << iota // in the shield lexicon
	flagSmall                   // greeting, thanks, ack, bye, filler or placeholder
	flagGreeting                // a greeting
	flagNegator                 // a negator
	flagQuestion                // a question marker
	flagComplaint               // a complaint
	flagDigit                   // one numeral character
	flagDefect                  // a defect report
	flagContextWord             // a member of a context concept (~when, ~how): says how, not what
	flagASCIIStart              // starts with a Latin letter or digit: matches at a word boundary only
	flagASCIIEnd                // ends with one
	flagHedge                   // a hedge (会, 容易, 怕): the defect right after it is no report
)

// pinfo bits beside the flag* bits.
const (
	pinfoLen   = 16                 // the pattern's length in characters, from this bit
	pinfoOwned = 1 << pinfoOwnedBit // an owner besides concepts (a script, a pattern, the handoff)
	pinfoTopic = 1 << 25            // hasTopic
	// pinfoSimConcept: an unshielded hit gives similarity concept terms
	// (textTerms): simTopical, with a simConcept owner.
	pinfoSimConcept = 1 << 26
)

// derivePinfo fills b.pinfo from the flags, lengths and owners.
func (b *Bundle) derivePinfo() {
	b.pinfo = make([]uint32, len(b.patterns))
	for p := range b.pinfo {
		v := uint32(b.patFlags[p]) | uint32(b.ac.patLen[p])<<pinfoLen
		for _, o := range b.owners[b.ownOff[p]:b.ownOff[p+1]] {
			if o.role != RoleConcept {
				v |= pinfoOwned
			}
		}
		if b.hasTopic(int32(p)) {
			v |= pinfoTopic
		}
		if b.simTopical(int32(p)) {
			for _, o := range b.owners[b.ownOff[p]:b.ownOff[p+1]] {
				if b.simConcept(o) {
					v |= pinfoSimConcept
				}
			}
		}
		b.pinfo[p] = v
	}
}

// scriptRank is what ranking reads of a script, in 24 bytes rather than
// a Script's 152: its priority, its topic as a number (the same for
// scripts of the same topic: no string compared), its valid days and the
// mask its require groups must fill.
type scriptRank struct {
	priority, topic int32
	from, until     int32
	require         uint64
}

// deriveRank fills b.rankOf from the scripts.
func (b *Bundle) deriveRank() {
	b.rankOf = make([]scriptRank, len(b.Scripts))
	topics := map[string]int32{}
	for i := range b.Scripts {
		sp := &b.Scripts[i]
		t, ok := topics[sp.Topic]
		if !ok {
			t = int32(len(topics))
			topics[sp.Topic] = t
		}
		b.rankOf[i] = scriptRank{priority: sp.Priority, topic: t, from: sp.From, until: sp.Until, require: uint64(1)<<sp.Require - 1}
	}
}

// pinfoOwnedBit is pinfoOwned's bit number.
const pinfoOwnedBit = 24

// flagSmallBit is flagSmall's bit number.
const flagSmallBit = 1

// Both array lengths are non-negative only when flagSmall is 1<<flagSmallBit.
var (
	_ [flagSmall - 1<<flagSmallBit]struct{}
	_ [1<<flagSmallBit - flagSmall]struct{}
	_ [hNegated - 1<<hNegatedBit]struct{}
	_ [1<<hNegatedBit - hNegated]struct{}
)

// termNumber is a {n} term in Bundle.terms.
const termNumber = int32(-1 << 30)

// NumKeywords is the number of distinct normalised keywords the project
// itself wrote (keywords, require and exclude words, handoff keywords,
// with ~name expanded), not counting concepts no script names.
func (b *Bundle) NumKeywords() int {
	n := 0
	for p := range b.patterns {
		for _, o := range b.owners[b.ownOff[p]:b.ownOff[p+1]] {
			if o.role != RoleConcept && o.role != RoleAnchor {
				n++
				break
			}
		}
	}
	return n
}

// NumPatterns is the number of distinct normalised keywords, concept
// members and pattern terms in the automaton.
func (b *Bundle) NumPatterns() int { return len(b.patterns) }

// Pattern returns the normalised text of pattern p.
func (b *Bundle) Pattern(p int32) string { return b.patterns[p] }

// Automaton exposes the keyword automaton, for benchmarks and tools.
func (b *Bundle) Automaton() *Automaton { return b.ac }

// Location is the shop's timezone.
func (b *Bundle) Location() *time.Location { return b.loc }

// locations caches time zones: LoadLocation reads the zoneinfo database
// from disk on every call.
var locations sync.Map // name → *time.Location

func loadLocation(name string) (*time.Location, error) {
	if l, ok := locations.Load(name); ok {
		return l.(*time.Location), nil
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	locations.Store(name, l)
	return l, nil
}
