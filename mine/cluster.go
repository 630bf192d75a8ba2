package mine

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xm-dev/xm/bot"
)

// Clustering, deterministic by construction:
//   - each phrasing's terms: scanning its normalised text from the left,
//     the longest concept member at each place stands for its concepts
//     (~ship for 发货, 寄出 and 出库 alike); members of the small-talk,
//     question, negator, stopword, placeholder and context concepts
//     (什么时候, 怎么, 吗) are skipped; what no concept covers gives its
//     character pairs (a lone character itself);
//   - the similarity of two phrasings is the weighted Jaccard of their
//     terms, a concept weighing 3, a pair 1, a lone character ½;
//   - leader clustering: phrasings in order of frequency (ties by text)
//     join the cluster whose leader is most similar, at least
//     JoinSimilarity (ties to the older cluster), else lead a new one,
//     up to MaxClusterTable clusters.
const (
	JoinSimilarity  = 0.5
	MaxClusterTable = 500
)

// termless concepts carry no topic: they are skipped in terms.
var termless = []string{bot.ConceptGreeting, bot.ConceptThanks, bot.ConceptAck, bot.ConceptBye, bot.ConceptFiller,
	bot.ConceptPlaceholder, bot.ConceptNegator, bot.ConceptQuestion, bot.ConceptStopword, bot.ConceptContext}

// reserved concepts the matcher reads: not topics either.
var reserved = map[string]bool{bot.ConceptShield: true, bot.ConceptComplaint: true, bot.ConceptDefect: true}

// lexicon maps concept members to the concepts they stand for.
type lexicon struct {
	members map[string][]string // member → concept names, sorted; nil for a termless member
	context map[string][]string // member of a context concept (什么时候) → its concepts (when)
	maxLen  int                 // runes in the longest member
}

// newLexicon builds the lexicon from resolved concepts (compile.Concepts).
// Topical members of one character are left out: the library uses them
// inside patterns only.
func newLexicon(concepts map[string][]string, contextNames []string) *lexicon {
	lx := &lexicon{members: map[string][]string{}, context: map[string][]string{}}
	for _, name := range contextNames {
		for _, m := range concepts[name] {
			if m = bot.Normalize(m); m != "" && !slices.Contains(lx.context[m], name) {
				lx.context[m] = append(lx.context[m], name)
			}
		}
	}
	skip := map[string]bool{}
	for _, name := range termless {
		skip[name] = true
		for _, m := range concepts[name] {
			m = bot.Normalize(m)
			if m == "" {
				continue
			}
			lx.members[m] = nil
			lx.maxLen = max(lx.maxLen, utf8.RuneCountInString(m))
		}
	}
	names := make([]string, 0, len(concepts))
	for n := range concepts {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, name := range names {
		if skip[name] || reserved[name] {
			continue
		}
		for _, m := range concepts[name] {
			m = bot.Normalize(m)
			n := utf8.RuneCountInString(m)
			if n < 2 {
				continue
			}
			if cs, ok := lx.members[m]; ok && cs == nil {
				continue // a termless word wins: 多久 is context, not a topic
			}
			if !slices.Contains(lx.members[m], name) {
				lx.members[m] = append(lx.members[m], name)
			}
			lx.maxLen = max(lx.maxLen, n)
		}
	}
	return lx
}

// term is one clustering term with its weight.
type term struct {
	text string // ~concept, a character pair, or one character
	w    float64
}

// terms returns a phrasing's terms, sorted by text, each once.
func (lx *lexicon) terms(key string) []term {
	rs := []rune(key)
	var out []term
	add := func(t string, w float64) {
		out = append(out, term{t, w})
	}
	run := []rune{}
	flush := func() {
		switch {
		case len(run) == 1:
			add(string(run), 0.5)
		case len(run) > 1:
			for i := 0; i+1 < len(run); i++ {
				add(string(run[i:i+2]), 1)
			}
		}
		run = run[:0]
	}
	for i := 0; i < len(rs); {
		n, cs := lx.longest(rs, i)
		if n == 0 {
			run = append(run, rs[i])
			i++
			continue
		}
		flush()
		for _, c := range cs {
			add("~"+c, 3)
		}
		i += n
	}
	flush()
	slices.SortFunc(out, func(a, b term) int { return strings.Compare(a.text, b.text) })
	return slices.CompactFunc(out, func(a, b term) bool { return a.text == b.text })
}

// similarity is the weighted Jaccard of two sorted term lists.
func similarity(a, b []term) float64 {
	var inter, union float64
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || i < len(a) && a[i].text < b[j].text:
			union += a[i].w
			i++
		case i == len(a) || b[j].text < a[i].text:
			union += b[j].w
			j++
		default:
			inter += a[i].w
			union += a[i].w
			i++
			j++
		}
	}
	if union == 0 {
		return 0
	}
	return inter / union
}

// group is a cluster while it is built.
type group struct {
	leader  []term
	members []*phrasing
	terms   [][]term
}

// cluster groups phrasings (already in frequency order) by leader
// clustering; phrasings with no term, or that fit no cluster once the
// table is full, are left out and counted.
func (lx *lexicon) cluster(ps []*phrasing) (gs []*group, left int) {
	for _, p := range ps {
		ts := lx.terms(p.key)
		p.terms = ts
		if len(ts) == 0 {
			left += p.count
			continue
		}
		var home *group
		best := 0.0
		for _, g := range gs {
			if s := similarity(g.leader, ts); s >= JoinSimilarity && s > best {
				home, best = g, s
			}
		}
		if home == nil {
			if len(gs) == MaxClusterTable {
				left += p.count
				continue
			}
			home = &group{leader: ts}
			gs = append(gs, home)
		}
		p.group = home
		home.members = append(home.members, p)
		home.terms = append(home.terms, ts)
	}
	return gs, left
}

// counts sums a group's messages and buyers.
func (g *group) counts() (messages, buyers int) {
	for _, p := range g.members {
		messages += p.count
		buyers += p.buyers
	}
	return
}

// sortGroups ranks groups by buyers, then messages, then the leader's text.
func sortGroups(gs []*group) {
	slices.SortStableFunc(gs, func(x, y *group) int {
		xm, xb := x.counts()
		ym, yb := y.counts()
		return cmp.Or(cmp.Compare(yb, xb), cmp.Compare(ym, xm), strings.Compare(x.members[0].key, y.members[0].key))
	})
}

// coverage returns each term's share of the group's messages (a term
// counts for every message of a phrasing that has it), best first, ties
// by text.
func (g *group) coverage() []termShare {
	total, _ := g.counts()
	byTerm := map[string]int{}
	for i, p := range g.members {
		for _, t := range g.terms[i] {
			byTerm[t.text] += p.count
		}
	}
	out := make([]termShare, 0, len(byTerm))
	for t, n := range byTerm {
		out = append(out, termShare{t, float64(n) / float64(total)})
	}
	slices.SortFunc(out, func(a, b termShare) int {
		return cmp.Or(cmp.Compare(b.share, a.share), strings.Compare(a.term, b.term))
	})
	return out
}

type termShare struct {
	term  string
	share float64
}

// sequence returns the concepts of a phrasing in order, context concepts
// included: one set of names a place.
func (lx *lexicon) sequence(key string) [][]string {
	rs := []rune(key)
	var out [][]string
	for i := 0; i < len(rs); {
		n := 0
		var cs []string
		for l := min(lx.maxLen, len(rs)-i); l >= 1; l-- {
			if c, ok := lx.members[string(rs[i:i+l])]; ok {
				n, cs = l, c
				if c == nil {
					cs = lx.context[string(rs[i:i+l])]
				}
				break
			}
		}
		if n == 0 {
			i++
			continue
		}
		if len(cs) > 0 {
			out = append(out, cs)
		}
		i += n
	}
	return out
}

// pattern proposes a two-term pattern for a group explained by concept:
// the concept with the asking context concept (~when, ~how-long, ~can ...) that
// most of the group's messages have before or after it, at least half of
// them; "" when none. A second topical concept is no partner: it would
// take the other topic's questions (~change ~deliver is address-change's).
func (lx *lexicon) pattern(g *group, concept string) string {
	total, _ := g.counts()
	by := map[string]int{}
	for _, p := range g.members {
		seq := lx.sequence(p.key)
		seen := map[string]bool{}
		for i, names := range seq {
			if !slices.Contains(names, concept) {
				continue
			}
			for j, other := range seq {
				if j == i {
					continue
				}
				for _, x := range other {
					if x == concept || !asks[x] {
						continue
					}
					pat := "~" + x + " ~" + concept
					if j > i {
						pat = "~" + concept + " ~" + x
					}
					if !seen[pat] {
						seen[pat] = true
						by[pat] += p.count
					}
				}
			}
		}
	}
	best := ""
	for pat, n := range by {
		if best == "" || n > by[best] || n == by[best] && pat < best {
			best = pat
		}
	}
	if best == "" || by[best]*2 < total {
		return ""
	}
	return best
}

// asks are the context concepts that ask (when, how long, can ...): a
// pattern's partner. Time words (today, now) are as often statements.
var asks = map[string]bool{"how-long": true, "when": true, "where": true, "how": true, "how-much": true, "how-many": true,
	"can": true, "why": true, "which": true, "what": true, "whether": true}

// longest returns the length of the longest concept member at rs[i:] and
// its concepts; 0 when no member starts there.
func (lx *lexicon) longest(rs []rune, i int) (int, []string) {
	for l := min(lx.maxLen, len(rs)-i); l >= 1; l-- {
		if c, ok := lx.members[string(rs[i:i+l])]; ok {
			return l, c
		}
	}
	return 0, nil
}

// runs returns a phrasing's topical concepts (~name) and the runs of text
// no concept member covers, in order; termless members only split runs.
func (lx *lexicon) runs(key string) []string {
	rs := []rune(key)
	var out []string
	start := 0
	for i := 0; i < len(rs); {
		n, cs := lx.longest(rs, i)
		if n == 0 {
			i++
			continue
		}
		if i > start {
			out = append(out, string(rs[start:i]))
		}
		for _, c := range cs {
			out = append(out, "~"+c)
		}
		i += n
		start = i
	}
	if start < len(rs) {
		out = append(out, string(rs[start:]))
	}
	return out
}
