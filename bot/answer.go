package bot

import (
	"cmp"
	"sync"
	"time"
)

// Outcome is what the bot does with a question.
type Outcome uint8

const (
	Fallback Outcome = iota // nothing matched: the fallback reply
	Reply                   // a script answers
	Handoff                 // a handoff keyword: to a human
	Urgent                  // an urgent keyword: to a human, first in line
)

var outcomeNames = [...]string{"fallback", "reply", "handoff", "urgent"}

func (o Outcome) String() string { return outcomeNames[o] }

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
	// Keyword is the winning (longest) keyword pattern, or -1.
	Keyword int32
	// Confidence is 1 for a keyword match, the similarity (0..1) for an
	// answer from the examples, 0 for handoff and fallback.
	Confidence float32
	// Similar is true when the answer came from the examples, not keywords.
	Similar bool
	// HandsOver is true when a human takes over: Handoff, Urgent, or a
	// script with handoff: true.
	HandsOver bool
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
	norm     []rune
	terms    []uint64
	cur      uint32
	patSeen  []uint32
	sEpoch   []uint32
	longest  []int32
	distinct []int32
	reqHave  []int32
	excluded []bool
	touched  []int32
	sim      simScratch
}

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
		hits: make([]Hit, 0, 32), norm: make([]rune, 0, 64), terms: make([]uint64, 0, 128),
		patSeen: make([]uint32, len(b.patterns)),
		sEpoch:  make([]uint32, n), longest: make([]int32, n), distinct: make([]int32, n),
		reqHave: make([]int32, n), excluded: make([]bool, n), touched: make([]int32, 0, 16),
	}
}

// Answer decides what the bot replies to question q, following the
// matching rules: handoff keywords first; then scripts whose keyword hit,
// with all their require words and none of their exclude words, ranked by
// priority, longest keyword, distinct hits and declaration order; with no
// candidate, the most similar example question above the threshold; else
// the fallback. Open time windows and the context's event add notices.
func (b *Bundle) Answer(q string, ctx Context) Answer {
	sc := b.getScratch()
	a := b.answer(q, ctx, sc)
	b.pool.p.Put(sc)
	return a
}

// AnswerWith is Answer with the caller's working memory, made by this
// bundle's NewScratch.
func (b *Bundle) AnswerWith(sc *Scratch, q string, ctx Context) Answer {
	return b.answer(q, ctx, sc)
}

func (b *Bundle) answer(q string, ctx Context, sc *scratch) Answer {
	a := Answer{Script: -1, Keyword: -1}
	sc.cur++
	if sc.cur == 0 { // wrapped: forget every stamp
		clear(sc.patSeen)
		clear(sc.sEpoch)
		sc.cur = 1
	}
	sc.touched = sc.touched[:0]
	sc.hits = b.ac.FindAll(q, sc.hits[:0])
	handoff, urgent := false, false
	for _, h := range sc.hits {
		p := h.Pattern
		if sc.patSeen[p] == sc.cur {
			continue // each distinct keyword counts once
		}
		sc.patSeen[p] = sc.cur
		plen := b.ac.patLen[p]
		for _, o := range b.owners[b.ownOff[p]:b.ownOff[p+1]] {
			switch o.role {
			case RoleHandoff:
				handoff = true
				continue
			case RoleUrgent:
				urgent = true
				continue
			}
			s := o.script
			if sc.sEpoch[s] != sc.cur {
				sc.sEpoch[s] = sc.cur
				sc.longest[s], sc.distinct[s], sc.reqHave[s], sc.excluded[s] = 0, 0, 0, false
				sc.touched = append(sc.touched, s)
			}
			switch o.role {
			case RoleKeyword:
				sc.distinct[s]++
				if plen > sc.longest[s] {
					sc.longest[s] = plen
				}
			case RoleRequire:
				sc.reqHave[s]++
			case RoleExclude:
				sc.excluded[s] = true
			}
		}
	}
	a.NumEnt = int32(extract(q, &a.Entities))
	// The clock in the shop's timezone, once: windows and promotion dates
	// both read it.
	var local time.Time
	day := int32(-1)
	if !ctx.Now.IsZero() {
		local = ctx.Now.In(b.loc)
		day = localDay(local)
	}
	b.notices(&a, ctx.Event, local, day)
	switch {
	case urgent:
		a.Outcome, a.HandsOver = Urgent, true
		return a
	case handoff:
		a.Outcome, a.HandsOver = Handoff, true
		return a
	}
	best := int32(-1)
	for _, s := range sc.touched {
		if !b.qualifies(s, sc, day) {
			continue
		}
		a.Candidates++
		if best < 0 || b.better(s, best, sc) {
			best = s
		}
	}
	if best >= 0 {
		a.Outcome, a.Script, a.Confidence = Reply, best, 1
		a.HandsOver = b.Scripts[best].Handoff
		a.Keyword = b.winningKeyword(best, sc)
		return a
	}
	if s, conf := b.similar(q, sc, day); s >= 0 {
		a.Outcome, a.Script, a.Confidence, a.Similar = Reply, s, conf, true
		a.HandsOver = b.Scripts[s].Handoff
		return a
	}
	a.Outcome = Fallback
	return a
}

// qualifies reports whether touched script s is a candidate.
func (b *Bundle) qualifies(s int32, sc *scratch, day int32) bool {
	sp := &b.Scripts[s]
	return sc.distinct[s] > 0 && sc.reqHave[s] == sp.Require && !sc.excluded[s] && activeOn(sp.From, sp.Until, day)
}

// better reports whether script x outranks y: priority, then the longest
// matched keyword, then distinct hits, then declaration order.
func (b *Bundle) better(x, y int32, sc *scratch) bool {
	c := cmp.Or(
		cmp.Compare(b.Scripts[x].Priority, b.Scripts[y].Priority),
		cmp.Compare(sc.longest[x], sc.longest[y]),
		cmp.Compare(sc.distinct[x], sc.distinct[y]),
		cmp.Compare(y, x),
	)
	return c > 0
}

func (b *Bundle) winningKeyword(s int32, sc *scratch) int32 {
	best := int32(-1)
	for _, h := range sc.hits {
		for _, o := range b.owners[b.ownOff[h.Pattern]:b.ownOff[h.Pattern+1]] {
			if o.script == s && o.role == RoleKeyword && (best < 0 || b.ac.patLen[h.Pattern] > b.ac.patLen[best]) {
				best = h.Pattern
			}
		}
	}
	return best
}

func activeOn(from, until, day int32) bool {
	if day < 0 {
		return true
	}
	return (from == 0 || day >= from) && (until == 0 || day <= until)
}

func localDay(t time.Time) int32 {
	y, m, d := t.Date()
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// similar finds the example most like q; it returns the script and the
// confidence, or -1 when nothing reaches the threshold.
func (b *Bundle) similar(q string, sc *scratch, day int32) (int32, float32) {
	if b.sim == nil || len(b.sim.docLen) == 0 {
		return -1, 0
	}
	sc.norm = sc.norm[:0]
	tab := b.ac.table
	for _, r := range q {
		if f := tab.folded(r, tab.lookup(r)); f >= 0 {
			sc.norm = append(sc.norm, f)
		}
	}
	if len(sc.norm) == 0 {
		return -1, 0
	}
	sc.terms = queryTerms(sc.terms[:0], sc.norm)
	qself := b.sim.score(sc.terms, &sc.sim)
	bestS, bestC := int32(-1), float32(0)
	for _, d := range sc.sim.touched {
		s := b.sim.docOwner[d]
		// A script whose exclude words the question holds, or that is out
		// of its dates, cannot win by similarity either.
		if sc.sEpoch[s] == sc.cur && sc.excluded[s] || !activeOn(b.Scripts[s].From, b.Scripts[s].Until, day) {
			continue
		}
		c := b.sim.confidence(sc.sim.score[d], d, qself)
		if c > bestC || c == bestC && s < bestS {
			bestS, bestC = s, c
		}
	}
	if bestS < 0 || bestC < b.Threshold {
		return -1, bestC
	}
	return bestS, bestC
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
// handoff or fallback reply), filled in from the order and the clock.
// Names with no value stay visible as {{name}}. It does not include the
// notices; RenderTrigger renders those.
func (b *Bundle) Render(dst []byte, a *Answer, order Order, now time.Time) []byte {
	var t Template
	switch a.Outcome {
	case Reply:
		t = b.Scripts[a.Script].Reply
	case Handoff, Urgent:
		t = b.Handoff
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
