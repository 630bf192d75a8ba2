package bot

import (
	"cmp"
	"slices"
	"time"
)

// Trace is everything `xm explain` shows for one question: how the text
// was normalised, which keywords hit where, how each script fared, and
// what the bot answers. Building it allocates; the serving path (Answer)
// does not build it.
type Trace struct {
	Question   string
	Normalized string
	Hits       []TraceHit
	Candidates []TraceCandidate
	Similar    []TraceSimilar
	Answer     Answer
	Outcome    string // a script id, handoff, urgent or fallback
	Reply      string
	Notices    []TraceNotice
	Entities   []TraceEntity
}

// TraceHit is one keyword occurrence.
type TraceHit struct {
	Keyword    string // normalised
	Text       string // as written in the question
	Start, End int    // byte offsets in the question
	Owners     []TraceOwner
}

// TraceOwner says whose keyword a hit is, and in which role.
type TraceOwner struct {
	Script string // a script id, or "" for the handoff keywords
	Role   string
}

// TraceCandidate is one script a hit touched, with its ranking keys or
// why it was dropped.
type TraceCandidate struct {
	Script   string
	File     string
	Line     int
	Priority int32
	Longest  int32 // characters in its longest matched keyword
	Distinct int32 // distinct keywords matched
	Order    int32 // declaration order
	// Dropped is empty for a candidate, else why it is not one:
	// "require" (Missing lists the words), "exclude" (Excluded lists them),
	// or "dates" (outside valid).
	Dropped  string
	Missing  []string
	Excluded []string
	Winner   bool
}

// TraceSimilar is an example question close to the asked one.
type TraceSimilar struct {
	Script     string
	Example    string
	Confidence float32
}

// TraceNotice is a trigger that fired.
type TraceNotice struct {
	Trigger string
	Why     string // "window" or "event"
	Reply   string
}

// TraceEntity is an entity found in the question.
type TraceEntity struct {
	Kind string
	Text string
	Num  int32 `json:",omitempty"`
}

// Explain answers q like Answer and records why.
func (b *Bundle) Explain(q string, ctx Context, order Order) *Trace {
	sc := b.getScratch()
	defer b.pool.p.Put(sc)
	a := b.answer(q, ctx, sc)
	tr := &Trace{Question: q, Answer: a}
	tab := b.ac.table
	var norm []rune
	for _, r := range q {
		if f := tab.folded(r, tab.lookup(r)); f >= 0 {
			norm = append(norm, f)
		}
	}
	tr.Normalized = string(norm)
	for _, h := range sc.hits {
		th := TraceHit{Keyword: b.patterns[h.Pattern], Text: q[h.Start:h.End], Start: int(h.Start), End: int(h.End)}
		for _, o := range b.owners[b.ownOff[h.Pattern]:b.ownOff[h.Pattern+1]] {
			id := ""
			if o.script >= 0 {
				id = b.Scripts[o.script].ID
			}
			th.Owners = append(th.Owners, TraceOwner{Script: id, Role: o.role.String()})
		}
		tr.Hits = append(tr.Hits, th)
	}
	day := int32(-1)
	if !ctx.Now.IsZero() {
		day = localDay(ctx.Now.In(b.loc))
	}
	for _, s := range sc.touched {
		sp := &b.Scripts[s]
		c := TraceCandidate{Script: sp.ID, File: sp.File, Line: sp.Line, Priority: sp.Priority,
			Longest: sc.longest[s], Distinct: sc.distinct[s], Order: s, Winner: a.Outcome == Reply && !a.Similar && a.Script == s}
		switch {
		case sc.distinct[s] == 0:
			continue // only its require or exclude words hit: not in the running
		case sc.excluded[s]:
			c.Dropped = "exclude"
			c.Excluded = b.roleWords(s, RoleExclude, sc, true)
		case sc.reqHave[s] != sp.Require:
			c.Dropped = "require"
			c.Missing = b.roleWords(s, RoleRequire, sc, false)
		case !activeOn(sp.From, sp.Until, day):
			c.Dropped = "dates"
		}
		tr.Candidates = append(tr.Candidates, c)
	}
	slices.SortStableFunc(tr.Candidates, func(x, y TraceCandidate) int {
		if (x.Dropped == "") != (y.Dropped == "") {
			if x.Dropped == "" {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(y.Priority, x.Priority), cmp.Compare(y.Longest, x.Longest),
			cmp.Compare(y.Distinct, x.Distinct), cmp.Compare(x.Order, y.Order))
	})
	if a.Outcome == Reply && a.Similar || a.Outcome == Fallback {
		tr.Similar = b.similarTop(q, 3)
	}
	tr.Outcome = b.OutcomeName(a)
	tr.Reply = string(b.Render(nil, &a, order, ctx.Now))
	for _, n := range a.Notices[:a.NumNotices] {
		t := &b.Triggers[n]
		why := "window"
		if t.Event != "" {
			why = "event"
		}
		tr.Notices = append(tr.Notices, TraceNotice{Trigger: t.ID, Why: why, Reply: string(b.RenderTrigger(nil, n, order, ctx.Now))})
	}
	for _, e := range a.Entities[:a.NumEnt] {
		tr.Entities = append(tr.Entities, TraceEntity{Kind: e.Kind.String(), Text: q[e.Start:e.End], Num: e.Num})
	}
	return tr
}

// OutcomeName names an answer as tests write it: a script id, handoff,
// urgent or fallback.
func (b *Bundle) OutcomeName(a Answer) string {
	switch a.Outcome {
	case Reply:
		return b.Scripts[a.Script].ID
	case Handoff:
		return "handoff"
	case Urgent:
		return "urgent"
	}
	return "fallback"
}

// roleWords lists script s's words in role r that hit (hit true) or did
// not hit (hit false) in this question.
func (b *Bundle) roleWords(s int32, r Role, sc *scratch, hit bool) []string {
	var out []string
	for p := range b.patterns {
		for _, o := range b.owners[b.ownOff[p]:b.ownOff[p+1]] {
			if o.script == s && o.role == r && (sc.patSeen[p] == sc.cur) == hit {
				out = append(out, b.patterns[p])
			}
		}
	}
	return out
}

// similarTop returns the n examples most like q, best first.
func (b *Bundle) similarTop(q string, n int) []TraceSimilar {
	if len(b.sim.docLen) == 0 {
		return nil
	}
	var sc simScratch
	terms := queryTerms(nil, normRunes(q))
	qself := b.sim.score(terms, &sc)
	var out []TraceSimilar
	for _, d := range sc.touched {
		s := b.sim.docOwner[d]
		out = append(out, TraceSimilar{Script: b.Scripts[s].ID, Example: b.example(d), Confidence: b.sim.confidence(sc.score[d], d, qself)})
	}
	slices.SortStableFunc(out, func(x, y TraceSimilar) int { return cmp.Compare(y.Confidence, x.Confidence) })
	return out[:min(n, len(out))]
}

// example returns the text of example d (examples are numbered across
// scripts in declaration order, skipping those empty once normalised).
func (b *Bundle) example(d int32) string {
	i := int32(0)
	for _, s := range b.Scripts {
		for _, e := range s.Examples {
			if len(normRunes(e)) == 0 {
				continue
			}
			if i == d {
				return e
			}
			i++
		}
	}
	return ""
}

// At returns today's date in the shop's timezone at the clock time hhmm
// (HH:MM), based on now.
func (b *Bundle) At(now time.Time, hhmm string) (time.Time, bool) {
	m, ok := parseClock(hhmm)
	if !ok {
		return time.Time{}, false
	}
	t := now.In(b.loc)
	return time.Date(t.Year(), t.Month(), t.Day(), int(m/60), int(m%60), 0, 0, b.loc), true
}
