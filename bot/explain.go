package bot

import (
	"cmp"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
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
	// SimLead is the lead over the runner-up (a share of the winner's
	// score) a similarity answer to this question needs: SimAskMargin
	// when it asks something, SimMargin when not. SimBrief is true when
	// it asks nothing and has at most SimBrief content characters
	// (SimContent): it then needs SimBriefScore at least (Needs says so).
	SimLead    float32
	SimContent int
	SimBrief   bool
	// Ranking names the keys candidates are ranked by, in order.
	Ranking []string
	Answer  Answer
	Outcome string // a script id, handoff, urgent, smalltalk or fallback
	Reply   string
	// ReplyFrom is "file:line" of the extension that wrote the reply of
	// a pack's script, the place a seller edits it; "" when the script
	// wrote its own reply (its file and line are the candidate's).
	ReplyFrom string `json:",omitempty"`
	Notices   []TraceNotice
	Entities  []TraceEntity
}

// TraceHit is one keyword occurrence.
type TraceHit struct {
	Keyword    string // normalised
	Text       string // as written in the question
	Start, End int    // character (rune) offsets in the question, 0-based, End exclusive
	// Shielded is true when the hit lies inside (or across) a longer word
	// of the shield lexicon and does not count; Negated when it follows
	// a negator.
	Shielded bool `json:",omitempty"`
	Negated  bool `json:",omitempty"`
	Owners   []TraceOwner
}

// TraceOwner says whose keyword a hit is, and in which role: a script's
// keyword, require or exclude word, a handoff keyword, a member of a
// concept, or the first term of a pattern.
type TraceOwner struct {
	Script  string // a script id, or "" for the handoff keywords and concepts
	Role    string
	Concept string `json:",omitempty"` // role concept: the concept's name
	Pattern string `json:",omitempty"` // role pattern: the pattern as written
}

// TraceCandidate is one script a hit touched, with its ranking keys or
// why it was dropped.
type TraceCandidate struct {
	Script   string
	File     string
	Line     int
	Priority int32
	// Score is the evidence candidates are ranked by after priority: the
	// characters of each distinct keyword hit (at most 8 a keyword) and of
	// each matched pattern's terms, plus a point a term.
	Score    int32
	Keywords []string // the distinct keywords that hit
	Patterns []string // the patterns that matched
	Longest  int32    // characters in its longest matched keyword
	Distinct int32    // distinct keywords and patterns matched
	Order    int32    // declaration order
	// Dropped is empty for a candidate, else why it is not one:
	// "require" (Missing lists the words), "exclude" (Excluded lists them),
	// or "dates" (outside valid).
	Dropped  string
	Missing  []string
	Excluded []string
	Winner   bool
}

// TraceSimilar is a script whose examples are close to the question:
// its score (Confidence, what decides) and the two parts it is made of,
// the cosine with all its examples as one profile and the mean cosine
// with its two nearest examples; the pairs and concepts it shares with
// the question, the score it needs with that many (Needs: the threshold,
// higher with few in common), and its nearest example.
type TraceSimilar struct {
	Script     string
	Example    string
	Confidence float32
	Profile    float32
	Nearest    float32
	Shared     int
	Needs      float32
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
	var a Answer
	b.answer(&a, q, ctx, sc)
	tr := &Trace{Question: q, Answer: a}
	tab := b.ac.table
	var norm []rune
	for _, r := range q {
		if f := tab.folded(r, tab.lookup(r)); f >= 0 {
			norm = append(norm, f)
		}
	}
	tr.Normalized = string(norm)
	for i, h := range sc.hits {
		if b.patFlags[h.Pattern]&flagDigit != 0 && b.ownOff[h.Pattern] == b.ownOff[h.Pattern+1] {
			continue // a numeral only {n} reads
		}
		start := utf8.RuneCountInString(q[:h.Start])
		th := TraceHit{Keyword: b.patterns[h.Pattern], Text: q[h.Start:h.End], Start: start, End: start + utf8.RuneCountInString(q[h.Start:h.End]),
			Shielded: sc.hflag[i]&hShielded != 0, Negated: sc.hflag[i]&hNegated != 0}
		for _, o := range b.owners[b.ownOff[h.Pattern]:b.ownOff[h.Pattern+1]] {
			to := TraceOwner{Role: o.role.String()}
			switch o.role {
			case RoleConcept:
				to.Concept = b.Concepts[o.script]
			case RoleAnchor:
				to.Script, to.Pattern = b.Scripts[b.Patterns[o.script].Script].ID, b.Patterns[o.script].Text
			default:
				if o.script >= 0 {
					to.Script = b.Scripts[o.script].ID
				}
			}
			// a pattern with a choice (少 {n} 块|元) anchors as each plain one
			if o.role != RoleAnchor || !slices.Contains(th.Owners, to) {
				th.Owners = append(th.Owners, to)
			}
		}
		tr.Hits = append(tr.Hits, th)
	}
	day := int32(-1)
	if !ctx.Now.IsZero() {
		day = localDay(ctx.Now.In(b.loc))
	}
	for _, s := range sc.touched {
		sp := &b.Scripts[s]
		c := TraceCandidate{Script: sp.ID, File: sp.File, Line: sp.Line, Priority: sp.Priority, Score: sc.tally[s].score,
			Keywords: b.roleWords(s, RoleKeyword, sc, true), Longest: sc.tally[s].longest, Distinct: sc.tally[s].distinct, Order: s,
			Winner: a.Outcome == Reply && !a.Similar && a.Script == s}
		for _, r := range sc.matched {
			// a pattern with a choice (元|块) may match as two plain ones
			if b.Patterns[r].Script == s && !slices.Contains(c.Patterns, b.Patterns[r].Text) {
				c.Patterns = append(c.Patterns, b.Patterns[r].Text)
			}
		}
		switch {
		case sc.tally[s].distinct == 0:
			continue // only its require or exclude words hit: not in the running
		case sc.tally[s].excluded:
			c.Dropped = "exclude"
			c.Excluded = b.roleWords(s, RoleExclude, sc, true)
		case sc.tally[s].reqHave != uint64(1)<<sp.Require-1:
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
		return cmp.Or(cmp.Compare(y.Priority, x.Priority), cmp.Compare(y.Score, x.Score), cmp.Compare(x.Order, y.Order))
	})
	tr.Ranking = Ranking
	if a.Outcome == Reply && a.Similar || a.Outcome == Fallback {
		tr.Similar, tr.SimContent = b.similarTop(q, 3, a.Question)
		tr.SimLead, tr.SimBrief = simMarginFor(a.Question), b.briefStatement(a.Question, tr.SimContent)
	}
	tr.Outcome = b.OutcomeName(a)
	tr.Reply = string(b.Render(nil, &a, order, ctx.Now))
	if a.Outcome == Reply && b.Scripts[a.Script].ReplyFile != "" {
		sp := &b.Scripts[a.Script]
		tr.ReplyFrom = sp.ReplyFile + ":" + strconv.Itoa(sp.ReplyLine)
	}
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
// urgent, smalltalk or fallback (or event, for an order event with no
// question).
func (b *Bundle) OutcomeName(a Answer) string {
	if a.Outcome == Reply {
		return b.Scripts[a.Script].ID
	}
	return a.Outcome.String()
}

// Topic is the topic of the answer: the script's, "dispute" for a
// complaint routed to a human, "greeting" for small talk that greets, or "".
func (b *Bundle) Topic(a Answer) string {
	switch {
	case a.Outcome == Reply:
		return b.Scripts[a.Script].Topic
	case a.Complaint:
		return "dispute"
	case a.Outcome == Smalltalk && a.Greeting:
		return "greeting"
	}
	return ""
}

// roleWords lists script s's words in role r that hit (hit true) or did
// not hit (hit false) in this question.
func (b *Bundle) roleWords(s int32, r Role, sc *scratch, hit bool) []string {
	b.words.once.Do(func() {
		b.words.of = map[wordKey][]int32{}
		for p := range b.patterns {
			for _, o := range b.owners[b.ownOff[p]:b.ownOff[p+1]] {
				k := wordKey{o.script, o.role}
				b.words.of[k] = append(b.words.of[k], int32(p))
			}
		}
	})
	var out []string
	for _, p := range b.words.of[wordKey{s, r}] {
		if (sc.patSeen[p] == sc.cur) == hit {
			out = append(out, b.patterns[p])
		}
	}
	return out
}

// similarTop returns the n scripts whose examples are most like q, best
// first, with each one's parts and nearest example, and q's content
// characters. asks says whether q has a question marker.
func (b *Bundle) similarTop(q string, n int, asks bool) ([]TraceSimilar, int) {
	if len(b.sim.docLen) == 0 {
		return nil, 0
	}
	full := b.NewScratch()
	b.scan(q, full)
	terms := b.textTerms(nil, normRunes(q), b.sim.stopSet, full, b.smallMask(full))
	var sc simScratch
	qlen := b.sim.score(terms, &sc)
	if !(qlen > 0) {
		return nil, sc.content
	}
	// Each profile's nearest example.
	nearest := make(map[int32]int32)
	for _, e := range sc.exTouched {
		d := int32(b.sim.exProf[e])
		if k, ok := nearest[d]; !ok || sc.exScore[e] > sc.exScore[k] {
			nearest[d] = e
		}
	}
	var out []TraceSimilar
	for _, d := range sc.touched {
		if sc.strong[d] < simMinShared {
			continue
		}
		s := b.sim.docOwner[d]
		v, prof, near := sc.parts(d, qlen)
		ex := ""
		if e, ok := nearest[d]; ok {
			ex = b.exampleText(d, e)
		}
		out = append(out, TraceSimilar{Script: b.Scripts[s].ID, Example: ex, Confidence: v, Profile: prof, Nearest: near,
			Shared: int(sc.strong[d]), Needs: b.simNeeds(sc.strong[d], asks, sc.content)})
	}
	slices.SortStableFunc(out, func(x, y TraceSimilar) int { return cmp.Compare(y.Confidence, x.Confidence) })
	return out[:min(n, len(out))], sc.content
}

// exampleText is the text of example e (an index into the similarity
// index's examples) of profile d: the examples are indexed script by
// script, in order, without the ones that are empty once normalised.
func (b *Bundle) exampleText(d, e int32) string {
	first := e
	for first > 0 && int32(b.sim.exProf[first-1]) == d {
		first--
	}
	k := e - first
	for _, ex := range b.Scripts[b.sim.docOwner[d]].Examples {
		if len(normRunes(ex)) == 0 {
			continue
		}
		if k == 0 {
			return ex
		}
		k--
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
