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
)

var roleNames = [...]string{"", "keyword", "require", "exclude", "handoff", "urgent"}

func (r Role) String() string {
	if int(r) < len(roleNames) {
		return roleNames[r]
	}
	return "unknown"
}

// owner ties a pattern to a script (or -1 for the handoff keywords).
type owner struct {
	script int32
	role   Role
	_      [3]byte // explicit padding: the bundle stores 8 bytes an owner
}

// Script is a compiled script: what the bundle needs to answer with it and
// to say where it came from.
type Script struct {
	ID       string
	Topic    string
	File     string
	Line     int
	Priority int32
	Handoff  bool
	Require  int32 // distinct require words that must all appear
	From     int32 // first valid day (days since 1970-01-01 in the shop's timezone), 0 none
	Until    int32 // last valid day, 0 none
	Reply    Template
	Examples []string
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
	// Threshold is the similarity confidence at or above which a question
	// no keyword hits is answered from the examples.
	Threshold float32

	ac       *Automaton
	patterns []string // normalised text of each pattern
	ownOff   []uint32 // pattern → owners[ownOff[p]:ownOff[p+1]]
	owners   []owner
	sim      *simIndex
	loc      *time.Location
	pool     scratchPool
}

// NumPatterns is the number of distinct normalised keywords.
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
