package mine

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/schema"
)

// Learning words from the log itself (distant supervision): the messages
// a keyword answers confidently (no close runner-up, not from the
// examples) label the words around the keyword. Over the whole log, each
// candidate word — a run of two or three Chinese characters no concept
// and no keyword covers, or a concept no topic claims — counts the
// confident answers of each script it appears in, and the collected
// messages (fallbacks, close calls, low confidence) it appears in. A word
// that is nearly always with one script, often enough, and that several
// collected messages have, is proposed as a keyword of that script, and
// checked like every suggestion (lint, the matcher, no confident answer
// or small talk taken) before it is applied.
const (
	// MaxLearnTerms bounds the table of candidate words; when it is full
	// the least seen go (Misra-Gries), as in the phrasing table.
	MaxLearnTerms = 50000
	// LearnMinConfident is how many confident answers a word needs.
	LearnMinConfident = 4
	// LearnMinShare is the share of them that must be one script's.
	LearnMinShare = 0.85
	// LearnMinCollected is how many collected messages must have it.
	LearnMinCollected = 3
	// LearnMaxTried bounds the words checked (each check builds and lints
	// a copy of the project).
	LearnMaxTried = 60
	// maxSmalltalk is how many distinct small-talk messages are kept to
	// check that no change makes a script answer them.
	maxSmalltalk = 2000
)

// termStat counts one candidate word.
type termStat struct {
	conf      map[int32]int32 // confident answers by script
	total     int32           // confident answers
	collected int32           // collected messages
}

func (s *termStat) weight() int32 { return s.total + s.collected }

// learner gathers the candidate words in bounded memory.
type learner struct {
	lx      *lexicon
	covered func(string) bool // inside a keyword or pattern word of a script
	max     int
	table   map[string]*termStat
	seen    keySet // the phrasings counted: each counts once
}

// keySet is a fixed-size set of phrasing hashes (open addressing): a
// phrasing repeated in the log counts once, so a pasted or templated
// message does not pass for many. Past three quarters full, new phrasings
// are counted without being remembered (each message counts).
type keySet struct {
	slots []uint64
	n     int
}

// learnSeenSlots is the size of the set: 2^19 slots, 4 MiB.
const learnSeenSlots = 1 << 19

// first reports whether h is new, remembering it while there is room.
func (s *keySet) first(h uint64) bool {
	if s.slots == nil {
		s.slots = make([]uint64, learnSeenSlots)
	}
	if h == 0 {
		h = 1
	}
	mask := uint64(len(s.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case h:
			return false
		case 0:
			if s.n < len(s.slots)*3/4 {
				s.slots[i] = h
				s.n++
			}
			return true
		}
	}
}

// words returns the distinct candidate words of a normalised message.
func (l *learner) words(key string) []string {
	var out []string
	for _, t := range l.lx.runs(key) {
		if strings.HasPrefix(t, "~") {
			out = append(out, t)
			continue
		}
		rs := []rune(t)
		for n := 2; n <= 3; n++ {
			for i := 0; i+n <= len(rs); i++ {
				w := string(rs[i : i+n])
				if han(rs[i:i+n]) && !l.covered(w) {
					out = append(out, w)
				}
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func han(rs []rune) bool {
	for _, r := range rs {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return true
}

// add counts a message's words: confident for script, or collected
// (script < 0).
func (l *learner) add(key string, script int32) {
	if !l.seen.first(fnv64(key)) {
		return
	}
	for _, w := range l.words(key) {
		s, ok := l.table[w]
		if !ok {
			if len(l.table) >= l.max {
				// Misra-Gries: every count drops by one (each script's
				// too, so a share can only fall) and the emptied words go.
				for k, e := range l.table {
					if e.total > 0 {
						e.total--
						for sc := range e.conf {
							if e.conf[sc]--; e.conf[sc] <= 0 {
								delete(e.conf, sc)
							}
						}
					} else {
						e.collected--
					}
					if e.weight() <= 0 {
						delete(l.table, k)
					}
				}
				if len(l.table) >= l.max {
					continue
				}
			}
			s = &termStat{}
			l.table[w] = s
		}
		if script < 0 {
			s.collected++
			continue
		}
		if s.conf == nil {
			s.conf = map[int32]int32{}
		}
		s.conf[script]++
		s.total++
	}
}

// Learned is a word learned from the confident answers, proposed for a
// script.
type Learned struct {
	Word   string `json:"word"`
	Script string `json:"script"`
	Into   string `json:"into,omitempty"`
	// Confident and Collected count distinct phrasings (a message
	// repeated counts once): confidently answered ones with the word, of
	// which Share were the script's, and collected ones with it.
	Confident int     `json:"confident"`
	Share     float64 `json:"share"`
	Collected int     `json:"collected"`
	// Routed is how many of the collected messages the change brings to
	// the script (of those clustered).
	Routed int `json:"routed"`
	// Pattern is set when the word was too broad as a keyword and is
	// proposed inside this pattern instead.
	Pattern string    `json:"pattern,omitempty"`
	Status  string    `json:"status"` // ok or skipped
	Why     i18n.Text `json:"-"`
	WhyText string    `json:"why,omitempty"`
	Applied bool      `json:"applied"`
}

type candidate struct {
	word   string
	script int32
	st     *termStat
}

// candidates are the words that qualify: most collected first, then most
// confident, then the longest (电子版 before 电子 and 子版).
func (l *learner) candidates(b *bot.Bundle) []candidate {
	var out []candidate
	for w, s := range l.table {
		if s.total < LearnMinConfident || s.collected < LearnMinCollected {
			continue
		}
		best, n := int32(-1), int32(0)
		for sc, c := range s.conf {
			if c > n || c == n && sc < best {
				best, n = sc, c
			}
		}
		if float64(n) < LearnMinShare*float64(s.total) {
			continue
		}
		sp := &b.Scripts[best]
		if sp.Handoff || sp.Topic == "dispute" || sp.Topic == "" {
			continue
		}
		// A concept the library maps to no topic is topic-neutral by
		// design (售后, 运费, 银行卡): it keeps company with a script's
		// keyword without naming the script's topic.
		if c, ok := strings.CutPrefix(w, "~"); ok && conceptTopic[c] != sp.Topic {
			continue
		}
		out = append(out, candidate{w, best, s})
	}
	slices.SortFunc(out, func(x, y candidate) int {
		return cmp.Or(cmp.Compare(y.st.collected, x.st.collected), cmp.Compare(y.st.total, x.st.total),
			cmp.Compare(utf8.RuneCountInString(y.word), utf8.RuneCountInString(x.word)), strings.Compare(x.word, y.word))
	})
	return out
}

// learn checks each candidate word as a keyword of its script, in order,
// and keeps those that pass.
func (k *checker) learn(l *learner) []Learned {
	out := []Learned{}
	if k.cur == nil {
		k.accept(k.b)
	}
	kept := map[int32][]string{}
	tried := map[int32][]candidate{}
	for _, c := range l.candidates(k.b) {
		if len(out) == LearnMaxTried {
			break
		}
		// A part or a superstring of a word already kept for the
		// script adds nothing (子版 after 电子版); one with the same
		// counts as a word already tried is the same evidence.
		overlaps := func(w string) bool { return strings.Contains(w, c.word) || strings.Contains(c.word, w) }
		if slices.ContainsFunc(kept[c.script], overlaps) || slices.ContainsFunc(tried[c.script], func(t candidate) bool {
			return overlaps(t.word) && t.st.total == c.st.total && t.st.collected == c.st.collected
		}) {
			continue
		}
		tried[c.script] = append(tried[c.script], c)
		sp := &k.b.Scripts[c.script]
		script := k.script(sp.ID)
		if script == nil || slices.Contains(script.Keywords, c.word) {
			continue
		}
		if cn, ok := strings.CutPrefix(c.word, "~"); ok && (hasKeyword(script, cn) || k.oneCharMember(cn)) {
			continue
		}
		n := c.st.conf[c.script]
		r := Learned{Word: c.word, Script: sp.ID, Confident: int(c.st.total), Share: round3(float64(n) / float64(c.st.total)), Collected: int(c.st.collected), Status: "skipped"}
		if script.File.Pack != "" {
			path, _, err := into(k.p, script)
			if err != nil {
				r.Why = i18n.F("项目的 include 不加载 %s，知识包话术的扩展无处可写", "the project's include does not load %s, so there is nowhere to extend the pack's script", ExtendFile)
				out = append(out, r)
				continue
			}
			r.Into = path
		}
		ch := Change{Script: script, Keywords: []string{c.word}}
		if cn, ok := strings.CutPrefix(c.word, "~"); ok && patternOnly(script, cn) {
			r.Why = i18n.T("这条话术只在模式里用这个概念（要和别的词一起出现），不单独当关键词", "the script uses this concept only inside its patterns (in company), so not as a keyword on its own")
		} else {
			r.Why = k.checkLearned(ch, sp.ID, &r.Routed)
		}
		if cn, ok := strings.CutPrefix(c.word, "~"); ok && !r.Why.IsZero() {
			// Too broad as a keyword (快递 is in every script's
			// questions): with the asking word most of its collected
			// messages have (~which ~courier), if that passes.
			if pat := k.lx.pattern(&group{members: k.having(cn)}, cn); pat != "" && !slices.Contains(script.Patterns, pat) && !k.proposed(script, pat) {
				pc := Change{Script: script, Patterns: []string{pat}}
				routed := 0
				if why := k.checkLearned(pc, sp.ID, &routed); why.IsZero() {
					ch, r.Why, r.Routed, r.Pattern = pc, why, routed, pat
				}
			}
		}
		if r.Why.IsZero() {
			k.applied = append(k.applied, ch)
			k.accept(k.last)
			kept[c.script] = append(kept[c.script], c.word)
			r.Status = "ok"
		}
		out = append(out, r)
	}
	return out
}

// checkLearned builds the project with c and says why it is refused, or
// nothing when it passes (k.last is then the project with it).
func (k *checker) checkLearned(c Change, id string, routed *int) i18n.Text {
	t, err := k.try(c)
	switch {
	case err != nil:
		return failure(err)
	case len(t.worse) > 0:
		return lintWorse(t.worse)
	}
	gain, asks, other := k.moved(t.b, id)
	*routed = gain
	switch {
	case gain < 2:
		return i18n.T("它没有让收集到的问题由这条话术回答", "it brings no collected question to the script")
	case asks*3 < gain:
		return i18n.T("它带来的消息不到三分之一是提问（可能是闲聊或半句话）", "fewer than a third of the messages it brings ask something (chit-chat or fragments, maybe)")
	case other > 0 || k.rerouted(t.b) > 0:
		return i18n.T("它会改变别的话术有把握的回答", "it would change other scripts' confident answers")
	case k.smalltalkTaken(t.b) > 0:
		return i18n.T("它会让话术回答闲聊", "it would make a script answer small talk")
	}
	k.last = t.b
	return i18n.Text{}
}

// having returns the clustered phrasings with concept among their terms.
func (k *checker) having(concept string) []*phrasing {
	var out []*phrasing
	for _, p := range k.all {
		if slices.ContainsFunc(p.terms, func(t term) bool { return t.text == "~"+concept }) {
			out = append(out, p)
		}
	}
	return out
}

// moved compares b's answers to the clustered messages with the project
// as it stands: gain is the messages b newly answers with id (asks, those
// of them that ask something: 吗, 什么, 怎么 ...), other those it takes
// from one script to another (not id) or leaves unanswered.
func (k *checker) moved(b *bot.Bundle, id string) (gain, asks, other int) {
	for i, p := range k.all {
		a, now := answeredBy(b, p.text)
		switch {
		case now == k.curAns[i]:
		case now == id:
			gain += p.count
			if a.Question {
				asks += p.count
			}
		case now != "" || k.curAns[i] != "":
			other += p.count
		}
	}
	return gain, asks, other
}

// smalltalkTaken counts the sampled small-talk messages b answers with a
// script.
func (k *checker) smalltalkTaken(b *bot.Bundle) int {
	n := 0
	for _, q := range k.small {
		if _, id := answeredBy(b, q); id != "" {
			n++
		}
	}
	return n
}

// coveredBy returns whether a word lies inside a literal keyword or
// pattern term of a script, or holds one: the matcher already reads it.
func coveredBy(p *schema.Project) func(string) bool {
	var lits []string
	addLit := func(s string) {
		if _, ok := bot.ConceptRef(s); ok || strings.ContainsAny(s, "{}") {
			return
		}
		if s = bot.Normalize(s); s != "" {
			lits = append(lits, s)
		}
	}
	for _, s := range p.Scripts {
		for _, kw := range s.Keywords {
			addLit(kw)
		}
		for _, pat := range s.Patterns {
			for _, f := range bot.PatternWords(pat) {
				addLit(f)
			}
		}
	}
	// Every word of two or three characters inside one, and the short
	// ones themselves: sets, so the check is a few look-ups a word.
	in, short := map[string]bool{}, map[string]bool{}
	for _, l := range lits {
		rs := []rune(l)
		if len(rs) <= 3 {
			short[l] = true
		}
		for n := 2; n <= 3; n++ {
			for i := 0; i+n <= len(rs); i++ {
				in[string(rs[i:i+n])] = true
			}
		}
	}
	return func(w string) bool {
		if in[w] {
			return true
		}
		// A word holding a keyword (邻居家 over 邻居) adds nothing.
		rs := []rune(w)
		for n := 2; n < len(rs); n++ {
			for i := 0; i+n <= len(rs); i++ {
				if short[string(rs[i:i+n])] {
					return true
				}
			}
		}
		return false
	}
}
