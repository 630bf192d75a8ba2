package bot

import (
	"math"
	"math/bits"
	"slices"
	"sync"
	"time"
)

// Outcome is what the bot does with a question.
type Outcome uint8

const (
	Fallback  Outcome = iota // nothing matched: the fallback reply
	Reply                    // a script answers
	Handoff                  // a handoff keyword or a complaint: to a human
	Urgent                   // an urgent keyword: to a human, first in line
	Smalltalk                // only greetings, thanks, acknowledgements: the small-talk reply, or silence
	Event                    // an order event with no question: its trigger answers (Answer.Trigger), or nothing does
	numOutcomes
)

var outcomeNames = [numOutcomes]string{"fallback", "reply", "handoff", "urgent", "smalltalk", "event"}

// IsOutcomeName reports whether s names an outcome that is no script:
// fallback, handoff, urgent, smalltalk or event (what tests expect
// besides script ids).
func IsOutcomeName(s string) bool {
	for o, n := range outcomeNames {
		if n == s && Outcome(o) != Reply {
			return true
		}
	}
	return false
}

func (o Outcome) String() string {
	if o < numOutcomes {
		return outcomeNames[o]
	}
	return "unknown"
}

// Context is what the platform knows besides the question.
type Context struct {
	// Now is when the buyer asked; zero skips time windows and promotion
	// dates.
	Now time.Time
	// Event is an order event that arrived with (or instead of) the
	// question, such as order.shipped.
	Event string
}

// maxNotices bounds the triggers one answer carries.
const maxNotices = 4

// Answer is the bundle's decision for one question. It has a fixed size
// and holds no pointers into scratch memory, so answering allocates
// nothing.
type Answer struct {
	Outcome Outcome
	// Script is the answering script's index in Bundle.Scripts, or -1.
	Script int32
	// Keyword is the winner's longest matched keyword pattern, or -1.
	Keyword int32
	// Pattern is the winner's first matched pattern in Bundle.Patterns,
	// or -1.
	Pattern int32
	// Score is the winner's evidence: the characters of its distinct
	// keyword hits and matched pattern terms, plus a point a term.
	Score int32
	// RunnerUp is the best other candidate script, or -1; Margin is how
	// far the winner is ahead of it: for keyword answers the share of the
	// winner's score it lacks (1 with no runner-up), for similarity
	// answers the confidence difference.
	RunnerUp int32
	Margin   float32
	// Confidence is 1 for a keyword or pattern match, the similarity
	// (0..1) for an answer from the examples, 0 otherwise.
	Confidence float32
	// Similar is true when the answer came from the examples, not keywords.
	Similar bool
	// HandsOver is true when a human takes over: Handoff, Urgent, a
	// complaint, or a script with handoff: true.
	HandsOver bool
	// Complaint is true when the message reads as a complaint or a
	// defect report and was routed to a human for it.
	Complaint bool
	// Greeting is true for small talk that greets.
	Greeting bool
	// Question is true when the message has a question marker (吗, 什么,
	// 怎么, ...).
	Question bool
	// Trigger is, for an Event answer, the index in Bundle.Triggers of
	// the trigger whose message is the reply; -1 when no trigger takes
	// the event (the bot then sends nothing) and for every other outcome.
	Trigger int32
	// Candidates is how many scripts qualified.
	Candidates int32
	Notices    [maxNotices]int32 // triggers whose time window is open, then those the event fired
	NumNotices int32
	Entities   [maxEntities]Entity
	NumEnt     int32
}

// Scratch is one goroutine's working memory for answering, for callers
// that answer many questions in a row (a worker, a lint pass): Answer
// takes one from a pool, AnswerWith uses the caller's. A Scratch belongs
// to the bundle that made it and to one goroutine at a time.
type Scratch = scratch

// scratch is one goroutine's working memory for answering.
type scratch struct {
	hits     []Hit
	pos      []int32 // hit → end, in normalised characters
	hflag    []uint8 // hit → h* bits
	spans    []span
	shields  []span
	owned    uint64 // of the first 64 hits, those with an owner besides concepts (pinfoOwned)
	small    uint64 // of the first 64 hits, those of small talk (flagSmall)
	seen     uint32 // the pinfo of every hit, or-ed
	marked   bool   // some hit is shielded or negated
	norm     []rune
	terms    []uint64
	cur      uint32
	patSeen  []uint32
	tally    []tally // script → its tally for the question, when its epoch is cur
	touched  []int32
	rules    []int32 // patterns whose first term hit
	ruleSeen []uint32
	ctxMask  uint64 // characters (of the first 64) context words cover
	// The offset of the shop's time zone from UTC, in seconds, and the
	// Unix seconds from and before which it holds (day).
	zoneOff          int64
	zoneFrom, zoneTo int64
	matched          []int32 // patterns that matched
	sim              simScratch
}

// tally is what one question gives one script: its evidence and how its
// require and exclude words stand. One struct a script, not a slice a
// field: starting a script's tally is one bounds check and a few stores.
type tally struct {
	epoch    uint32 // the question (scratch.cur) this tally is for
	longest  int32
	keyword  int32 // the script's longest keyword hit (the first of those), or -1
	distinct int32
	plain    int32 // hits and pattern matches with no negated word (没退, 不能换 are none)
	score    int32 // evidence: covered characters + extra + a point a pattern term
	extra    int32 // evidence beyond the first 64 characters
	points   int32 // terms of the script's longest matched pattern
	excluded bool
	cover    uint64 // characters (of the first 64) the script's evidence covers
	reqHave  uint64
}

// span is a hit (or a number) as patterns see it: its pattern, or
// termNumber, and its range in normalised characters.
type span struct {
	pat        int32
	start, end int32
	neg        bool
}

// h* mark a hit.
const (
	hShielded = 1 << iota // inside (or across) a longer word of the shield lexicon
	hNegated              // right after a negator

	hNegatedBit = 1 // hNegated == 1<<hNegatedBit
)

type scratchPool struct{ p sync.Pool }

func (b *Bundle) getScratch() *scratch {
	if s, ok := b.pool.p.Get().(*scratch); ok {
		return s
	}
	return b.NewScratch()
}

// NewScratch makes working memory for AnswerWith.
func (b *Bundle) NewScratch() *Scratch {
	n := len(b.Scripts)
	return &scratch{
		hits: make([]Hit, 0, 32), pos: make([]int32, 0, 32), hflag: make([]uint8, 0, 32),
		spans: make([]span, 0, 32), shields: make([]span, 0, 8),
		norm: make([]rune, 0, 64), terms: make([]uint64, 0, 128),
		patSeen: make([]uint32, len(b.patterns)),
		tally:   make([]tally, n), touched: make([]int32, 0, 16),
		rules: make([]int32, 0, 8), ruleSeen: make([]uint32, len(b.Patterns)), matched: make([]int32, 0, 8),
	}
}

// Answer decides what the bot replies to question q, following the
// matching rules: handoff keywords first; then complaints, when routed to
// a human; then scripts whose keyword or pattern hit, with all their
// require words and none of their exclude words, ranked by priority, then
// evidence, then declaration order; a message of small talk only gets the
// small-talk reply; with no candidate, the most similar examples above
// the threshold and ahead of the runner-up; else the fallback. Open time
// windows and the context's event add notices.
func (b *Bundle) Answer(q string, ctx Context) (a Answer) {
	sc := b.getScratch()
	b.answer(&a, q, ctx, sc)
	b.pool.p.Put(sc)
	return a
}

// AnswerWith is Answer with the caller's working memory, made by this
// bundle's NewScratch.
func (b *Bundle) AnswerWith(sc *Scratch, q string, ctx Context) (a Answer) {
	b.answer(&a, q, ctx, sc)
	return a
}

// scan finds every hit in q and marks the shielded and negated ones; it
// returns the normalised length.
func (b *Bundle) scan(q string, sc *scratch) int {
	sc.cur++
	if sc.cur == 0 { // wrapped: forget every stamp
		clear(sc.patSeen)
		clear(sc.tally)
		clear(sc.ruleSeen)
		sc.cur = 1
	}
	var n int
	sc.hits, sc.pos, n = b.ac.find(q, sc.hits[:0], sc.pos[:0])
	// One pass: Latin letters and digits match whole words only (hi is not
	// in this, 618 not in an order number), but a letter-edged keyword may
	// touch a digit (ml in 500ml, iphone in iphone13); collect the shield words; note
	// which kinds of word the question holds, so the passes below run only
	// when they have something to do.
	// Most hits are Chinese words of no shield and no owner but concepts:
	// for them the pass only or-s their pinfo together (sc.seen) and notes
	// nothing, without a branch that depends on the hit. Of the first 64
	// hits, those with an owner besides concepts and those of small talk
	// are marked in sc.owned and sc.small, so answer reads those alone.
	hits := sc.hits
	sc.hflag = slices.Grow(sc.hflag[:0], len(hits))[:len(hits)]
	clear(sc.hflag)
	sc.shields = sc.shields[:0]
	sc.marked = false
	var seen uint32
	var owned, small uint64
	for i, h := range hits {
		f := b.pinfo[h.Pattern]
		seen |= f
		if i < 64 {
			owned |= uint64(f>>pinfoOwnedBit&1) << (i & 63)
			small |= uint64(f>>flagSmallBit&1) << (i & 63)
		}
		if f&(flagASCIIStart|flagASCIIEnd|flagShield) != 0 {
			b.edges(q, i, f, sc)
		}
	}
	sc.owned, sc.small, sc.seen = owned, small, seen
	// The shield lexicon, leftmost-longest: a hit that cuts through one of
	// its words, or lies inside one, does not count (单号 in 订单号).
	if len(sc.shields) > 0 {
		sc.shields = leftmostLongest(sc.shields)
		for i, h := range sc.hits {
			e := sc.pos[i]
			s := e - b.ac.patLen[h.Pattern]
			for _, w := range sc.shields {
				if s < w.end && w.start < e && !(s <= w.start && w.end <= e) {
					if e > w.end && s == w.end-int32(repeatTail(b.patterns[w.pat])) {
						continue // 能上 in 能不能上: the second 能 asks it
					}
					sc.hflag[i] |= hShielded
					sc.marked = true
					break
				}
			}
		}
	}
	// Characters of context words (什么时候, 怎么) are no evidence of a topic.
	sc.ctxMask = 0
	if seen&flagContextWord != 0 {
		for i, h := range sc.hits {
			if b.patFlags[h.Pattern]&flagContextWord != 0 && sc.hflag[i]&hShielded == 0 {
				sc.ctxMask |= b.hitMask(i, sc)
			}
		}
	}
	if seen&(flagNegator|flagHedge) == 0 {
		return n
	}
	// A hit right after a negator (not inside a shield word) is negated;
	// so is a defect right after a hedge: 会漏水吗 asks whether it might
	// leak, it does not say it does. A hedge that asks (会不会, 是否) asks
	// about a defect a few words on too: 会不会用几天就坏了.
	for i, h := range sc.hits {
		f := b.patFlags[h.Pattern]
		if f&(flagNegator|flagHedge) == 0 || sc.hflag[i]&hShielded != 0 {
			continue
		}
		ne := sc.pos[i]
		asks := f&flagHedge != 0 && f&flagQuestion != 0
		for j, g := range sc.hits {
			gf := b.patFlags[g.Pattern]
			gs := sc.pos[j] - b.ac.patLen[g.Pattern]
			next := gs == ne || asks && gf&flagDefect != 0 && gs > ne && gs-ne <= hedgeReach
			if next && gf&flagNegator == 0 && (f&flagNegator != 0 || gf&flagDefect != 0) {
				sc.hflag[j] |= hNegated
				sc.marked = true
			}
		}
	}
	// A complaint or defect word that begins inside a negated one is part
	// of what is negated: 差评 in 不会给差评 (给差评 is negated, 差评 begins
	// inside it), 坏了 in 别压坏了 (压坏 is hedged). Only such words pass
	// it on and take it: 送什么 after 还没 in 还没送 什么速度 is negated by
	// chance, and 什么速度 still complains.
	if seen&(flagComplaint|flagDefect) != 0 {
		const kind = flagComplaint | flagDefect
		for i, h := range sc.hits {
			if sc.hflag[i]&(hNegated|hShielded) != hNegated || b.patFlags[h.Pattern]&kind == 0 {
				continue
			}
			e := sc.pos[i]
			s := e - b.ac.patLen[h.Pattern]
			for j, g := range sc.hits {
				gs := sc.pos[j] - b.ac.patLen[g.Pattern]
				if gs > s && gs < e && b.patFlags[g.Pattern]&kind != 0 {
					sc.hflag[j] |= hNegated
				}
			}
		}
	}
	return n
}

// edges marks hit i, whose pinfo is f, shielded when it is a Latin or
// digit word that continues past its edges in q, and lists it among the
// shield words when it is one.
func (b *Bundle) edges(q string, i int, f uint32, sc *scratch) {
	h := sc.hits[i]
	var hf uint8
	if f&flagASCIIStart != 0 && h.Start > 0 {
		if c := q[h.Start-1]; sameWord(c, q[h.Start]) {
			hf |= hShielded
		}
	}
	if f&flagASCIIEnd != 0 && int(h.End) < len(q) {
		if c := q[h.End]; sameWord(c, q[h.End-1]) {
			hf |= hShielded
		}
	}
	if hf != 0 {
		sc.hflag[i] = hf
		sc.marked = true
	}
	if f&flagShield != 0 {
		e := sc.pos[i]
		sc.shields = append(sc.shields, span{pat: h.Pattern, start: e - b.ac.patLen[h.Pattern], end: e})
	}
}

// sameWord reports whether the ASCII byte c, next to the keyword's edge
// byte k, continues the keyword's word. A letter edge is continued only by
// letters: a unit or a model name beside a number is a word of its own
// (ml in 500ml, iphone in iphone13). A digit edge is continued by letters
// and digits: a number inside a code is no number (12315 in k12315, 618 in
// an order number). A byte of a multi-byte character continues nothing.
func sameWord(c, k byte) bool {
	if asciiLetter(k) {
		return asciiLetter(c)
	}
	return asciiAlnum(c)
}

func asciiLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func asciiAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// sortSpans orders spans by start, the longest first at each start. They
// are few (a question's hits): an insertion sort, allocating nothing.
func sortSpans(ws []span) {
	for i := 1; i < len(ws); i++ {
		for j := i; j > 0 && (ws[j].start < ws[j-1].start || ws[j].start == ws[j-1].start && ws[j].end > ws[j-1].end); j-- {
			ws[j], ws[j-1] = ws[j-1], ws[j]
		}
	}
}

// hitMask is the mask of the normalised characters hit i covers, for the
// first 64 characters (0 beyond them).
func (b *Bundle) hitMask(i int, sc *scratch) uint64 {
	return spanMask(sc.pos[i], b.ac.patLen[sc.hits[i].Pattern])
}

// spanMask is the mask of the l normalised characters ending at e, for
// the first 64 characters (0 beyond them). A hit has 1 <= l <= e: past
// the test both shifts are under 64, and said so (&63), so each is one
// instruction.
func spanMask(e, l int32) uint64 {
	if uint(e) > 64 {
		return 0
	}
	return ^uint64(0) >> (uint(64-l) & 63) << (uint(e-l) & 63)
}

// leftmostLongest keeps, scanning from the left, the longest of the words
// that start at each place, skipping those that overlap a kept one. ws is
// small; it sorts in place.
func leftmostLongest(ws []span) []span {
	sortSpans(ws)
	out := ws[:0]
	end := int32(-1)
	for _, w := range ws {
		if w.start >= end {
			out = append(out, w)
			end = w.end
		}
	}
	return out
}

// answer writes the answer to q into a, which is the zero Answer (every
// caller's is fresh: clearing its 200-odd bytes again would cost a tenth
// of extraction).
func (b *Bundle) answer(a *Answer, q string, ctx Context, sc *scratch) {
	a.Script, a.Keyword, a.Pattern, a.RunnerUp, a.Trigger = -1, -1, -1, -1, -1
	n := b.scan(q, sc) // even for an event alone: Explain reads this question's hits, not a pooled scratch's last ones
	sc.touched = sc.touched[:0]
	sc.rules = sc.rules[:0]
	if ctx.Event != "" && blank(q) {
		// An order event alone is not a question nobody answered: its
		// trigger is the reply, and time windows (notices to questions)
		// do not apply.
		a.Outcome = Event
		day := int32(-1)
		if !ctx.Now.IsZero() {
			day = localDay(ctx.Now.In(b.loc))
		}
		for i := range b.Triggers {
			if tr := &b.Triggers[i]; tr.Event == ctx.Event && activeOn(tr.ValidFr, tr.ValidTo, day) {
				a.Trigger = int32(i)
				break
			}
		}
		return
	}
	handoff, urgent := false, false
	var covered uint64 // normalised characters small talk covers
	var human uint64   // normalised characters the request for a human covers
	// The flags of the unshielded hits, and of those not negated, or-ed
	// together: no branch on what kind of word each hit is. With no hit
	// shielded or negated, both are those of all the hits, which scan
	// or-ed already.
	flags, unnegated := sc.seen, sc.seen
	if sc.marked {
		flags, unnegated = 0, 0
		for i, h := range sc.hits {
			if sc.hflag[i]&hShielded != 0 {
				continue
			}
			info := b.pinfo[h.Pattern]
			flags |= info
			unnegated |= info & (uint32(sc.hflag[i]>>hNegatedBit&1) - 1)
		}
	}
	// The hit slices cut to one length: indexing one checks the others'
	// bounds too.
	hits := sc.hits
	hflag, pos := sc.hflag[:len(hits)], sc.pos[:len(hits)]
	patLen := b.ac.patLen
	// Past the first 64 hits, scan marked none: the pinfo says.
	owned, small := sc.owned, sc.small
	for i := 64; i < len(hits); i++ {
		info := b.pinfo[hits[i].Pattern]
		if info&flagSmall != 0 {
			if hflag[i]&hShielded == 0 {
				covered |= spanMask(pos[i], patLen[hits[i].Pattern])
			}
		}
	}
	for m := small; m != 0; m &= m - 1 {
		if i := bits.TrailingZeros64(m); hflag[i]&hShielded == 0 {
			covered |= spanMask(pos[i], patLen[hits[i].Pattern])
		}
	}
	// Only the hits with an owner besides concepts, in order: a concept
	// member only is read by nothing below.
	for i := -1; ; {
		if owned != 0 {
			i = bits.TrailingZeros64(owned)
			owned &= owned - 1
		} else {
			for i = max(i+1, 64); i < len(hits) && b.pinfo[hits[i].Pattern]&pinfoOwned == 0; i++ {
			}
			if i >= len(hits) {
				break
			}
		}
		if hflag[i]&hShielded != 0 {
			continue
		}
		p := hits[i].Pattern
		if sc.patSeen[p] == sc.cur {
			continue // each distinct keyword counts once
		}
		sc.patSeen[p] = sc.cur
		plen, end := patLen[p], pos[i]
		neg := hflag[i]&hNegated != 0
		for _, o := range b.owners[b.ownOff[p]:b.ownOff[p+1]] {
			switch o.role {
			case RoleHandoff:
				handoff = true
				human |= rangeMask(end-plen, end)
				continue
			case RoleUrgent:
				urgent = true
				continue
			case RoleConcept:
				continue
			case RoleAnchor:
				if sc.ruleSeen[o.script] != sc.cur {
					sc.ruleSeen[o.script] = sc.cur
					sc.rules = append(sc.rules, o.script)
				}
				continue
			}
			s := o.script
			t := sc.touch(s)
			switch o.role {
			case RoleKeyword:
				// The winner's keyword: its longest, the first of those.
				if k := t.keyword; k < 0 || plen > patLen[k] {
					t.keyword = p
				}
				if neg && b.Scripts[s].SkipNegated {
					continue
				}
				t.distinct++
				if !neg {
					t.plain++
				}
				t.credit(end-plen, end, sc.ctxMask)
				if plen > t.longest {
					t.longest = plen
				}
			case RoleRequire:
				t.reqHave |= 1 << o.group
			case RoleExclude:
				// A defect word negated or under a hedge (没漏水吧, 会不会
				// 起球) is asked about, not reported: it excludes nothing.
				if neg && b.patFlags[p]&flagDefect != 0 {
					continue
				}
				t.excluded = true
			}
		}
	}
	a.Question = flags&flagQuestion != 0
	a.Greeting = n <= 64 && flags&flagGreeting != 0 // greetings are small talk too
	complaint, defect := unnegated&flagComplaint != 0, unnegated&flagDefect != 0
	if len(sc.rules) > 0 {
		b.matchRules(sc, a.Question)
	}
	a.NumEnt = int32(extract(q, &a.Entities))
	// The clock in the shop's timezone, once: windows and promotion dates
	// both read it.
	var local time.Time
	day := int32(-1)
	if !ctx.Now.IsZero() {
		local = ctx.Now.In(b.loc)
		day = sc.day(local)
	}
	if len(b.Triggers) > 0 {
		b.notices(a, ctx.Event, local, day)
	}
	switch {
	case urgent:
		a.Outcome, a.HandsOver = Urgent, true
		return
	}
	if handoff {
		// A request for a human with a question a script answers clearly
		// (我要转人工 快点派送啊): that script's reply, then the human. With
		// no such script, or a complaint, the handoff reply.
		a.HandsOver = true
		if s := b.handoffAnswer(sc, day, complaint, human); s >= 0 {
			a.Score = sc.tally[s].score
			b.replyBy(a, s, sc)
			return
		}
		a.Outcome = Handoff
		return
	}
	if n == 0 && q != "" || n > 0 && n <= 64 && covered == full(n) && !b.wordBeyondSmalltalk(sc) {
		// Only greetings, thanks, acknowledgements, fillers, emoji.
		a.Outcome = Smalltalk
		return
	}
	// A complaint goes to a human; so does a defect report, unless it asks
	// a question or names the remedy the buyer wants (a candidate script of
	// a remedy topic): 坏了要保修 is a warranty request.
	if b.Complaints && (complaint || defect && !a.Question && !b.remedyAsked(sc, day)) {
		b.toHuman(a, day)
		return
	}
	if n <= 64 && !a.Question && covered != 0 && b.stepReported(sc, covered) {
		// A step done, told with other words (都已经到账了 速度真快):
		// small talk, not a question for the script whose word it holds.
		a.Outcome = Smalltalk
		return
	}
	best, second, nc := b.rank(sc, day)
	a.Candidates = nc
	if best >= 0 {
		a.Score, a.RunnerUp, a.Margin = sc.tally[best].score, second, b.margin(best, second, sc)
		if b.closeCall(best, second, sc) {
			// A close call between two topics, each with words of its own
			// (a runner-up whose words all lie inside the winner's is
			// explained by them): the fallback, and a human, is better than
			// a confident wrong answer. A defect report asked as such a
			// question (怎么就给我发了一盒 on a gift offer's words) is a case
			// for a human, as when no script answers it.
			if b.Complaints && defect {
				b.toHuman(a, day)
			}
			return
		}
		b.replyBy(a, best, sc)
		a.HandsOver = b.Scripts[best].Handoff
		return
	}
	if s, conf, margin, runner := b.similar(q, sc, day, a.Question, covered, flags); s >= 0 {
		a.Outcome, a.Script, a.Confidence, a.Similar = Reply, s, conf, true
		a.HandsOver = b.Scripts[s].Handoff
		a.Margin, a.RunnerUp = margin, runner
		return
	}
	if b.Complaints && defect {
		// A defect asked as a question that no script and no example
		// answers (坏了怎么办): a human, rather than the fallback.
		b.toHuman(a, day)
		return
	}
	a.Outcome = Fallback
}

// replyBy makes a the reply of script s, a candidate by its keywords or
// patterns: the keyword and the first pattern of s that matched.
func (b *Bundle) replyBy(a *Answer, s int32, sc *scratch) {
	a.Outcome, a.Script, a.Confidence = Reply, s, 1
	a.Keyword = sc.tally[s].keyword
	for _, r := range sc.matched {
		if b.Patterns[r].Script == s {
			a.Pattern = r
			break
		}
	}
}

// rank returns the best candidate, and the runner-up: the best candidate
// of another topic than the best's (a script of the same topic would
// answer much the same), in one pass; -1 for none; and how many scripts
// qualified.
func (b *Bundle) rank(sc *Scratch, day int32) (best, second, n int32) {
	best, second = -1, -1
	for _, s := range sc.touched {
		if !b.qualifies(s, sc, day) {
			continue
		}
		n++
		switch {
		case best < 0:
			best = s
		case b.better(s, best, sc):
			if b.rankOf[s].topic != b.rankOf[best].topic {
				second = best // the best of all before, of another topic than s
			}
			best = s
		case b.rankOf[s].topic != b.rankOf[best].topic && (second < 0 || b.better(s, second, sc)):
			second = s
		}
	}
	return best, second, n
}

// margin is how far best is ahead of second, a share of best's evidence
// (1 with no runner-up).
func (b *Bundle) margin(best, second int32, sc *Scratch) float32 {
	if second < 0 || sc.tally[best].score <= 0 {
		return 1
	}
	return float32(sc.tally[best].score-sc.tally[second].score) / float32(sc.tally[best].score)
}

// closeCall reports whether best and second, of two topics and the same
// priority, are too close to answer: second has words of its own and is
// within minEvidenceMargin of best.
func (b *Bundle) closeCall(best, second int32, sc *Scratch) bool {
	return second >= 0 && b.Scripts[second].Priority == b.Scripts[best].Priority &&
		b.margin(best, second, sc) < minEvidenceMargin && sc.tally[second].cover&^sc.tally[best].cover != 0
}

// handoffAnswer is the script that answers a message asking for a human
// alongside a question: the best candidate when it is a topic's script
// (not the dispute script, not one that hands over anyway) with two
// characters or more of its words outside the request (human: the
// characters the request covers; 能换 overlapping 换个人 asks for no
// exchange), no complaint is in the message, and it is no close
// call; else -1.
func (b *Bundle) handoffAnswer(sc *Scratch, day int32, complaint bool, human uint64) int32 {
	if complaint {
		return -1
	}
	best, second, _ := b.rank(sc, day)
	if best < 0 || best == b.dispute || b.Scripts[best].Handoff || bits.OnesCount64(sc.tally[best].cover&^human) < 2 && sc.tally[best].extra == 0 || b.closeCall(best, second, sc) {
		return -1
	}
	return best
}

// toHuman routes a complaint or defect report: the dispute script when
// one is active (its handoff hands over), else the handoff reply.
func (b *Bundle) toHuman(a *Answer, day int32) {
	a.Complaint, a.HandsOver = true, true
	if b.dispute >= 0 && activeOn(b.Scripts[b.dispute].From, b.Scripts[b.dispute].Until, day) {
		a.Outcome, a.Script, a.Confidence = Reply, b.dispute, 1
		return
	}
	a.Outcome = Handoff
}

// hedgeReach is how many characters a hedge that asks (会不会, 是否) may
// stand before the defect it asks about: 会不会 + 用几天就 + 坏了.
const hedgeReach = 4

// minEvidenceMargin is how far (a share of its evidence) the winner must be
// ahead of the best candidate of another topic, at equal priority; closer
// calls get the fallback. On real buyer messages, answers closer than a
// quarter were wrong more often than right.
const minEvidenceMargin = 0.25

// wordBeyondSmalltalk reports whether a word with a topic (a script's
// keyword, a member of a topic concept) lies in no small-talk hit at
// least as long: 没收到 is not 没 + 收到. When a question word stands
// outside the small talk, any word with a topic counts: 退款到账了没 asks
// whether the step is done, though 退款到账了 tells that it is (and 没, said
// alone, is an answer). A question word that is small talk too (呢, 么), or
// lies inside a small-talk word (还在吗), asks nothing of the topic.
func (b *Bundle) wordBeyondSmalltalk(sc *scratch) bool {
	topic := false
	for i, h := range sc.hits {
		if sc.hflag[i]&hShielded != 0 || b.pinfo[h.Pattern]&(flagSmall|pinfoTopic) != pinfoTopic {
			continue
		}
		if !b.inSmalltalk(sc, i, false) {
			return true
		}
		topic = true
	}
	return topic && b.askedBeyondSmalltalk(sc)
}

// askedBeyondSmalltalk reports whether a question word that is not small
// talk lies in no small-talk hit at least as long.
func (b *Bundle) askedBeyondSmalltalk(sc *scratch) bool {
	for i, h := range sc.hits {
		if sc.hflag[i]&hShielded == 0 && b.patFlags[h.Pattern]&(flagQuestion|flagSmall) == flagQuestion && !b.inSmalltalk(sc, i, false) {
			return true
		}
	}
	return false
}

// stepReported reports whether a statement tells of a step done, not a
// question about it: it has words with a topic, every one inside a
// small-talk word at least as long (已经到账 around 到账, 有物流了 around
// 物流), and every negator inside a longer one (没 in 没问题了), whatever
// else it says (速度真快). 没有显示已到账 says the step is not done.
// covered is the characters the unshielded small-talk hits cover (the
// question has 64 or fewer): a hit with a character outside is inside no
// small-talk word, known without looking for one.
func (b *Bundle) stepReported(sc *scratch, covered uint64) bool {
	some := false
	for i, h := range sc.hits {
		if sc.hflag[i]&hShielded != 0 {
			continue
		}
		f := b.pinfo[h.Pattern]
		neg := f&flagNegator != 0
		if !neg && f&(flagSmall|pinfoTopic) != pinfoTopic {
			continue
		}
		if b.hitMask(i, sc)&^covered != 0 || !b.inSmalltalk(sc, i, neg) {
			return false
		}
		some = some || !neg
	}
	return some
}

// inSmalltalk reports whether hit i lies inside an unshielded small-talk
// hit at least as long as it, or longer when longer is set.
func (b *Bundle) inSmalltalk(sc *scratch, i int, longer bool) bool {
	n := b.ac.patLen[sc.hits[i].Pattern]
	e, s := sc.pos[i], sc.pos[i]-n
	for j, g := range sc.hits {
		gn := b.ac.patLen[g.Pattern]
		if b.patFlags[g.Pattern]&flagSmall != 0 && sc.hflag[j]&hShielded == 0 && sc.pos[j]-gn <= s && e <= sc.pos[j] && (!longer || gn > n) {
			return true
		}
	}
	return false
}

// hasTopic reports whether automaton pattern p is a script's word or a
// member of a topic concept (not one the matcher reads, not context). A
// pattern's first term counts unless it is a context concept: 今天 opens
// ~today ~receive, and says when, not what (今天已经收到货了 tells of a
// step done, as 已经收到货了 does).
func (b *Bundle) hasTopic(p int32) bool {
	for _, o := range b.owners[b.ownOff[p]:b.ownOff[p+1]] {
		switch o.role {
		case RoleConcept:
			if !b.noTopic[o.script] {
				return true
			}
		case RoleKeyword, RoleRequire:
			return true
		case RoleAnchor:
			if !b.contextTerm(b.terms[b.ruleOff[o.script]]) {
				return true
			}
		}
	}
	return false
}

// full is the mask of the first n characters.
func full(n int) uint64 {
	if n >= 64 {
		return ^uint64(0)
	}
	return uint64(1)<<n - 1
}

// RemedyTopics are the topics of what a buyer reporting a defect may ask
// for instead of a human: a repair, a return or exchange, their money.
var RemedyTopics = []string{"warranty", "return-policy", "refund", "installation"}

// remedyAsked reports whether a script of a remedy topic qualifies by a
// word or pattern not negated: 坏了还不能换货 and 破损了也不退款 ask for no
// remedy, they tell of one refused.
func (b *Bundle) remedyAsked(sc *scratch, day int32) bool {
	for _, s := range sc.touched {
		if s != b.dispute && slices.Contains(RemedyTopics, b.Scripts[s].Topic) && b.qualifies(s, sc, day) && sc.tally[s].plain > 0 {
			return true
		}
	}
	return false
}

// touch starts script s's tally for this question, and returns it.
func (sc *scratch) touch(s int32) *tally {
	t := &sc.tally[s]
	if t.epoch != sc.cur {
		*t = tally{epoch: sc.cur, keyword: -1}
		sc.touched = append(sc.touched, s)
	}
	return t
}

// credit adds the characters start..end (normalised) to the script's
// evidence: characters count once however many of its words cover them,
// and those of context words (ctx: 怎么 in 怎么操作) not at all.
func (t *tally) credit(start, end int32, ctx uint64) {
	t.cover |= rangeMask(start, end) &^ ctx
	t.extra += max(0, end-max(start, 64))
	t.rescore()
}

// rangeMask is the mask of the normalised characters start..end-1 among
// the first 64; start is not negative, so past the test its shift is
// under 64 (&63 says so: one instruction).
func rangeMask(start, end int32) uint64 {
	if start >= 64 {
		return 0
	}
	return (uint64(1)<<uint(min(end, 64)) - 1) &^ (uint64(1)<<(uint(start)&63) - 1)
}

// rescore sums the script's evidence.
func (t *tally) rescore() {
	t.score = int32(bits.OnesCount64(t.cover)) + t.extra + t.points
}

// contextTerm reports whether pattern term code t is a concept that says
// how rather than what: a context concept or one the matcher reads.
func (b *Bundle) contextTerm(t int32) bool {
	return t < 0 && t != termNumber && b.noTopic[-1-t]
}

// matchRules checks the patterns whose first term hit, and credits the
// scripts of those that match; asks tells whether the message has a
// question marker.
func (b *Bundle) matchRules(sc *scratch, asks bool) {
	sc.matched = sc.matched[:0]
	// The tokens patterns see: unshielded hits that are not numerals, and
	// numbers (runs of numerals). A run of Arabic digits that Chinese
	// numerals follow is also a number on its own, so the unit after it
	// can start with one (99 + 一包 in 99一包, 3 + 两 in 3两). One pinfo
	// load a hit gives its flags and its length (1 to 64: the byte from
	// pinfoLen).
	hits := sc.hits
	hflag, pos := sc.hflag[:len(hits)], sc.pos[:len(hits)]
	spans := sc.spans[:0]
	numStart, numEnd, arabicEnd := int32(-1), int32(-1), int32(-1)
	for i, h := range hits {
		hf := hflag[i]
		if hf&hShielded != 0 {
			continue
		}
		f := b.pinfo[h.Pattern]
		e := pos[i]
		s := e - int32(f>>pinfoLen&0xFF)
		if f&flagDigit != 0 {
			arabic := b.patterns[h.Pattern][0] <= '9'
			if numStart >= 0 && s == numEnd {
				if arabic && arabicEnd == numEnd {
					arabicEnd = e
				}
				numEnd = e
				continue
			}
			spans = appendNumber(spans, numStart, numEnd, arabicEnd)
			numStart, numEnd, arabicEnd = s, e, -1
			if arabic {
				arabicEnd = e
			}
			continue
		}
		spans = append(spans, span{pat: h.Pattern, start: s, end: e, neg: hf&hNegated != 0})
	}
	sc.spans = appendNumber(spans, numStart, numEnd, arabicEnd)
	sortSpans(sc.spans) // by start, the longest first: a pattern takes 发货 before 发
	for _, r := range sc.rules {
		terms := b.terms[b.ruleOff[r]:b.ruleOff[r+1]]
		s := b.Patterns[r].Script
		var got [MaxPatternTerms]int32
		if ok, _ := b.matchFrom(terms, sc.spans, 0, -1, b.Scripts[s].SkipNegated, 256, got[:0]); !ok {
			continue
		}
		// The terms' characters count as evidence, except those of context
		// concepts (~when, ~today) and those the matcher reads (~question):
		// they say how, not what. A match with less than two characters of
		// content (到 + 吗) is chance, not evidence, unless a question asks
		// it with a context word of two characters or more before it
		// (什么时候 + 发, 多久 + 到: not 送 + 对吗), and then it is the one
		// character's evidence alone. The
		// script's best pattern adds a point a term for the structure.
		content, asked, plain := int32(0), false, true
		for k, t := range terms {
			sp := sc.spans[got[k]]
			plain = plain && !sp.neg
			if !b.contextTerm(t) {
				content += sp.end - sp.start
			} else if asks && content == 0 && b.context[-1-t] && sp.end-sp.start >= 2 {
				asked = true
			}
		}
		if content < 2 && !(content == 1 && asked) {
			continue
		}
		ts := sc.touch(s)
		ts.distinct++
		if plain {
			ts.plain++
		}
		for k, t := range terms {
			if !b.contextTerm(t) {
				sp := sc.spans[got[k]]
				ts.credit(sp.start, sp.end, sc.ctxMask)
			}
		}
		if content >= 2 {
			ts.points = max(ts.points, int32(len(terms)))
		}
		ts.rescore()
		sc.matched = append(sc.matched, r)
	}
}

// appendNumber appends to spans the number from start to end, if there is
// one (start >= 0), and its Arabic digits up to arabic alone when Chinese
// numerals follow them.
func appendNumber(spans []span, start, end, arabic int32) []span {
	if start < 0 {
		return spans
	}
	spans = append(spans, span{pat: termNumber, start: start, end: end})
	if arabic > start && arabic < end {
		spans = append(spans, span{pat: termNumber, start: start, end: arabic})
	}
	return spans
}

// matchFrom finds terms in spans in order, the first starting anywhere
// (prevEnd < 0) and each later one within the gap after the previous,
// appending the index of each matched span to got (which has room for
// every term). budget bounds the search: each span looked at costs one;
// matchFrom returns what is left. Spans are sorted by start: the search
// for a later term starts at from, past the previous term's span (those
// before start before prevEnd), and stops at the first span beyond the
// gap, and it charges the spans it skips as if it had looked at each, so
// that it finds what a search of every span from the first finds.
func (b *Bundle) matchFrom(terms []int32, spans []span, from int, prevEnd int32, skipNeg bool, budget int, got []int32) (bool, int) {
	if budget -= from; budget < 0 {
		return false, budget
	}
	for k := from; k < len(spans); k++ {
		t := spans[k]
		if budget--; budget < 0 {
			return false, budget
		}
		if prevEnd >= 0 {
			if t.start < prevEnd {
				continue
			}
			if t.start-prevEnd > b.Gap {
				return false, budget - (len(spans) - 1 - k)
			}
		}
		if skipNeg && t.neg || !b.termMatches(terms[0], t.pat) {
			continue
		}
		if len(terms) == 1 {
			_ = append(got, int32(k))
			return true, budget
		}
		var ok bool
		if ok, budget = b.matchFrom(terms[1:], spans, k+1, t.end, skipNeg, budget, append(got, int32(k))); ok {
			return true, budget
		}
	}
	return false, budget
}

// termMatches reports whether a span's pattern stands for term code.
func (b *Bundle) termMatches(code, pat int32) bool {
	switch {
	case code >= 0:
		return code == pat
	case code == termNumber:
		return pat == termNumber
	case pat < 0:
		return false
	}
	c := -1 - code
	for _, o := range b.owners[b.ownOff[pat]:b.ownOff[pat+1]] {
		if o.role == RoleConcept && o.script == c {
			return true
		}
	}
	return false
}

// qualifies reports whether touched script s is a candidate.
func (b *Bundle) qualifies(s int32, sc *scratch, day int32) bool {
	r, t := &b.rankOf[s], &sc.tally[s]
	return t.distinct > 0 && t.reqHave == r.require && !t.excluded && activeOn(r.from, r.until, day)
}

// better reports whether script x outranks y: priority, then evidence,
// then declaration order.
func (b *Bundle) better(x, y int32, sc *scratch) bool {
	// The keys in turn, not cmp.Or of cmp.Compare: that loops over its
	// three results, and kept better from being inlined.
	if px, py := b.rankOf[x].priority, b.rankOf[y].priority; px != py {
		return px > py
	}
	if ex, ey := sc.tally[x].score, sc.tally[y].score; ex != ey {
		return ex > ey
	}
	return x < y
}

// Ranking names the keys candidates are ranked by, in order.
var Ranking = []string{"priority", "evidence", "order"}

func activeOn(from, until, day int32) bool {
	if day < 0 {
		return true
	}
	return (from == 0 || day >= from) && (until == 0 || day <= until)
}

// localDay is the day of t's date in its location, counted from 1 Jan
// 1970: the seconds since then shifted by the zone's offset, in days
// rounded down (what time.Date of t.Date() at midnight UTC gives, at a
// fifth of its cost).
func localDay(t time.Time) int32 {
	_, off := t.Zone()
	return dayOf(t.Unix() + int64(off))
}

// dayOf is the day of local Unix seconds s (shifted by the zone's offset),
// rounded down.
func dayOf(s int64) int32 {
	d := s / 86400
	if s%86400 < 0 {
		d--
	}
	return int32(d)
}

// day is localDay(local), with the zone's offset kept from the last
// question while it holds: looking it up is most of localDay's cost.
func (sc *scratch) day(local time.Time) int32 {
	u := local.Unix()
	if u < sc.zoneFrom || u >= sc.zoneTo {
		_, off := local.Zone()
		from, to := local.ZoneBounds()
		sc.zoneOff, sc.zoneFrom, sc.zoneTo = int64(off), math.MinInt64, math.MaxInt64
		if !from.IsZero() {
			sc.zoneFrom = from.Unix()
		}
		if !to.IsZero() {
			sc.zoneTo = to.Unix()
		}
	}
	return dayOf(u + sc.zoneOff)
}

// notices adds the triggers whose window is open at local (the question's
// time in the shop's timezone; zero when unknown) and those event fires.
func (b *Bundle) notices(a *Answer, event string, local time.Time, day int32) {
	if len(b.Triggers) == 0 || local.IsZero() && event == "" {
		return
	}
	minute := int32(local.Hour()*60 + local.Minute())
	wday := local.Weekday()
	for i := range b.Triggers {
		tr := &b.Triggers[i]
		fire := false
		switch {
		case tr.Event != "":
			fire = tr.Event == event
		case tr.From >= 0 && day >= 0:
			fire = inWindow(minute, tr.From, tr.To) && (tr.Days == 0 || tr.Days&(1<<wday) != 0)
		}
		if fire && activeOn(tr.ValidFr, tr.ValidTo, day) && a.NumNotices < maxNotices {
			a.Notices[a.NumNotices] = int32(i)
			a.NumNotices++
		}
	}
}

func inWindow(m, from, to int32) bool {
	if from < to {
		return m >= from && m < to
	}
	return m >= from || m < to // crosses midnight
}

// Order is what the platform knows of the order a conversation is about,
// by field name without the "order." prefix (item, tracking_no, ...).
type Order map[string]string

// Render appends the reply for a to dst: the script's reply (or the
// handoff or fallback reply, or for an event alone its trigger's message,
// or nothing when no trigger takes the event), filled in from the order
// and the clock.
// Names with no value stay visible as {{name}}. It does not include the
// notices; RenderTrigger renders those.
func (b *Bundle) Render(dst []byte, a *Answer, order Order, now time.Time) []byte {
	var t Template
	switch a.Outcome {
	case Reply:
		t = b.Scripts[a.Script].Reply
	case Handoff, Urgent:
		t = b.Handoff
	case Smalltalk:
		t = b.Smalltalk
		if a.Greeting && len(b.Greeting) > 0 {
			t = b.Greeting
		}
	case Event:
		if a.Trigger < 0 {
			return dst
		}
		t = b.Triggers[a.Trigger].Reply
	default:
		t = b.Fallback
	}
	return t.render(dst, b.valueFunc(order, now))
}

// RenderTrigger appends trigger i's message to dst.
func (b *Bundle) RenderTrigger(dst []byte, i int32, order Order, now time.Time) []byte {
	return b.Triggers[i].Reply.render(dst, b.valueFunc(order, now))
}

func (b *Bundle) valueFunc(order Order, now time.Time) func(string) (string, bool) {
	return func(name string) (string, bool) {
		switch name {
		case "today":
			if now.IsZero() {
				return "", false
			}
			return now.In(b.loc).Format("2006-01-02"), true
		case "now":
			if now.IsZero() {
				return "", false
			}
			return now.In(b.loc).Format("15:04"), true
		}
		if len(name) > 6 && name[:6] == "order." {
			v, ok := order[name[6:]]
			return v, ok
		}
		return "", false
	}
}

// blank reports whether q holds nothing but white space.
func blank(q string) bool {
	for _, r := range q {
		if r != ' ' && r != '\t' && r != '\n' && r != '\r' && r != '\u3000' {
			return false
		}
	}
	return true
}

// repeatTail is the length in characters of X when the shield word w asks
// can-or-cannot, X不X with X 能 or 可以 (能不能, 可不可以), and 0 otherwise.
// A hit that starts at the second X and runs past the word is what the
// buyer asks about (能不能上电磁炉 asks 能上电磁炉), so it counts. Other
// A-not-A words are left out: 有瑕疵 in 有没有瑕疵 is a defect asked about,
// not reported.
func repeatTail(w string) int {
	switch w {
	case "能不能":
		return 1
	case "可不可以", "可以不可以":
		return 2
	}
	return 0
}
