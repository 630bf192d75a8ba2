package bot

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"unicode/utf8"
)

// The similarity index answers a question no keyword hits. Each script
// with examples is one profile: the terms of its examples (characters,
// character pairs and concepts: 寄出 and 发货 are both ~ship), each weighed
// by how many of the script's examples have it (sublinearly) and by how
// few scripts do (inverse script frequency), scaled to unit length. Each
// example is also a vector of its own (each term once, at its weight in a
// question, scaled to unit length). A question is scored against every profile and
// every example by cosine; a script's score is half its profile's and
// half the mean of its two nearest examples' (simNear), so a question
// worded like two of a script's examples counts, and so does one that
// shares the words many of its examples have. Terms that no example has
// still count in the question's length, so what the question says that
// no example mentions counts against the match. Fillers weigh nothing: a
// character of the stopword concept is no term, nor a pair of two, and a
// pair inside a longer stopword is known but weightless. Concepts weigh
// double: they are what generalises from one phrasing to the next. A
// profile must share a pair or a concept with the question, not just
// characters, and the best script must lead the runner-up by a share of
// its score.
//
// Profiles and nearest examples together: a profile alone misses the
// question worded like one or two examples among many; nearest examples
// alone are fooled by one look-alike. On real buyer messages (examples
// from one part of the labelled ones, asked the others), the two
// together, with the stricter rule for one word in common, answered
// 13–16% more questions right than the profile alone at about the same
// rate of wrong answers (odd ids); on the held-out even ids, 35.7% →
// 36.7% right and 4.3% → 3.1% wrong, but chit-chat answered 6.5% → 8.7%.
// The smaller lead for a question and the bar for a brief statement
// then gave, on 8-fold cross-validation over the odd ids, 40.7% → 44.0%
// right, 2.6% → 3.5% wrong, 3.9% → 2.2% of chit-chat answered; on the
// held-out even ids, 41.4% right, 5.0% wrong, 6.5% of chit-chat.

func unigram(r rune) uint64      { return uint64(r) }
func bigram(a, b rune) uint64    { return 1<<63 | uint64(a)<<21 | uint64(b) }
func conceptTerm(c int32) uint64 { return 1<<62 | uint64(uint32(c)) }
func strongTerm(t uint64) bool   { return t>>62 != 0 }

// contentTerm reports whether t is a character that says what a message
// is about: not a pair, not a concept, not a digit (a number is a value:
// a real phone number says no more than a masked [电话x]).
func contentTerm(t uint64) bool { return t < '0' || t > '9' && t>>62 == 0 }

// stopSet answers "is this character a stopword" with one bit test for
// the Basic Multilingual Plane, where every Chinese stopword lies.
type stopSet struct {
	bmp    [1 << 16 / 64]uint64
	astral []rune // sorted
}

func newStopSet(stop []rune) *stopSet {
	s := &stopSet{}
	for _, r := range stop {
		if r < 1<<16 {
			s.bmp[r>>6] |= 1 << (r & 63)
		} else {
			s.astral = append(s.astral, r)
		}
	}
	return s
}

func (s *stopSet) has(r rune) bool {
	if r >= 0 && r < 1<<16 {
		return s.bmp[r>>6]&(1<<(r&63)) != 0
	}
	_, ok := slices.BinarySearch(s.astral, r)
	return ok
}

// Similarity tuning: an answer needs Bundle.Threshold, a lead of
// SimMargin of the winner's score over the runner-up (SimAskMargin when
// the message asks something: 吗, 什么, 怎么), and simMinShared
// pairs or concepts in common (one shared word is often chance); with
// fewer than SimFewShared in common (one word and its concept, 电话 and
// ~phone-number), simFewExtra more than the threshold. A script's score
// is simProfile of its profile's cosine plus the rest of the mean of its
// simNear nearest examples' (a script with one example has half the
// nearest-example part: a lone look-alike is weak evidence). A message
// that asks nothing and says little (at most SimBrief content
// characters: characters that weigh something or that no example has,
// small talk, placeholders, fillers and digits aside) needs a score of
// SimBriefScore, or the threshold where that is higher: 已付款, 我点错了
// and 我的电话 are the step a buyer just took, not a question, while
// 我要退货 and 电子发票 still pass.
// Calibrated on real buyer messages: examples from one part of the
// labelled ones, asked the others.
const (
	simMinShared = 2
	simFewExtra  = 0.07
	simProfile   = 0.5
	simNear      = 2
)

// simIndex is the stored index: sorted terms, each with its weight and a
// range of postings; each posting is a profile (a script with examples)
// and the term's unit-scaled weight in it, and likewise for the examples
// one by one. Terms in more than half the profiles (and in more than 8)
// are known but weightless.
type simIndex struct {
	terms    []uint64
	idf      []float32 // the term's weight in a question
	postOff  []uint32  // len(terms)+1
	postDoc  []uint32  // profile
	postW    []float32 // the term's weight in the profile
	exOff    []uint32  // len(terms)+1: the term's range in exDoc and exW
	exDoc    []uint32  // example (in the order indexed)
	exW      []float32 // the term's weight in the example
	exProf   []uint32  // example → profile
	docLen   []uint16  // distinct terms of each profile
	docSelf  []float32 // examples of each profile
	docOwner []int32   // profile → script
	slots    []int32   // open-addressing hash table over terms: term index or -1
	stop     []rune    // stopword characters, sorted
	stopSet  *stopSet  // the same, for lookups
	avgLen   float32   // the largest weight a term no example has gets in a question
	// chars is derived when built or loaded, never stored: the BMP
	// characters some term (a character or either side of a pair) has, so
	// that most of a question's terms are known absent without a probe.
	chars *[1 << 16 / 64]uint64
	// fold and info are derived with chars, from the terms and the
	// matcher's character table: what mayShare reads of each character
	// of a question in one look-up. fold is laid out as Automaton.codes
	// (a 1024-entry index, then blocks of 64) and maps a BMP character to
	// codeSkip when the table ignores it, else to an entry of info: 0
	// when no term has its folded form (info[0] is 0), else one whose
	// info is that form with simIn, and simStop for a stopword. nil when
	// the entries would not fit 16 bits.
	fold []uint16
	info []uint32
}

// A character as mayShare sees it (simIndex.info): its folded form in the
// low 21 bits, simIn when some term has it, simStop when it is a
// stopword; simSkip for an ignored character.
const (
	simIn    = 1 << 31
	simStop  = 1 << 30
	simSkip  = 1 << 29
	simRunes = 1<<21 - 1
)

// deriveFilter fills ix.chars from the terms, and ix.fold and ix.info
// from them and t, the matcher's character table.
func (ix *simIndex) deriveFilter(t *charTable) {
	ix.deriveChars()
	ix.deriveFold(t)
}

// deriveFold fills ix.fold and ix.info (ix.chars must be derived). The
// BMP characters of the filter take the entries of info by rank (1 + how
// many filter characters lie below); a character that folds out of the
// BMP (the traditional form of a rare character) takes an entry of its
// own after them. Each quarter of a full block of t (64 characters) is
// converted once with the characters that fold to themselves left out; a
// quarter of the BMP that has such a character in the filter gets a copy
// with it put in. Blocks with no entry share the all-zero block.
func (ix *simIndex) deriveFold(t *charTable) {
	ix.fold, ix.info = nil, nil
	chars := ix.chars
	var rank [len(chars)]uint32
	n, own := uint32(1), 0
	for w, x := range chars {
		rank[w] = n
		n += uint32(bits.OnesCount64(x))
		if x != 0 {
			own++
		}
	}
	info := make([]uint32, 1, n)
	for w, x := range chars {
		for ; x != 0; x &= x - 1 {
			info = append(info, ix.charInfo(rune(w<<6|bits.TrailingZeros64(x))))
		}
	}
	quarters := len(t.blocks) >> 6
	byQuarter := make([]uint16, quarters) // quarter of t.blocks → fold block + 1 (identity folds left out), 0 not yet
	fold := make([]uint16, 1024+64, (1024>>6+1+quarters+own)<<6)
	for hi := range 1024 {
		q := int(t.index[hi>>2])<<2 | hi&3
		ents := t.blocks[q<<6 : q<<6+64]
		if byQuarter[q] == 0 {
			var blk [64]uint16
			byQuarter[q] = codeZero + 1
			if info = ix.foldQuarter(t, ents, &blk, &rank, info); blk != [64]uint16{} {
				byQuarter[q] = uint16(len(fold)>>6) + 1
				fold = append(fold, blk[:]...)
			}
		}
		nb := byQuarter[q] - 1
		// The filter's characters here that fold to themselves.
		var blk []uint16
		for x := chars[hi]; x != 0; x &= x - 1 {
			lo := bits.TrailingZeros64(x)
			if ents[lo] != 0 {
				continue
			}
			if blk == nil {
				fold = append(fold, fold[int(nb)<<6:int(nb)<<6+64]...)
				nb = uint16(len(fold)>>6 - 1)
				blk = fold[len(fold)-64:]
			}
			blk[lo] = uint16(rank[hi] + uint32(bits.OnesCount64(chars[hi]&(uint64(1)<<lo-1))))
		}
		fold[hi] = nb
	}
	if len(info) <= codeSkip { // entries below codeSkip
		ix.fold, ix.info = slices.Clone(fold), info // fold's capacity was a bound
	}
}

// foldQuarter converts the entries ents of t (a quarter of a full block)
// into blk, as deriveFold describes, characters that fold to themselves
// left out; a character folding out of the BMP is appended to info.
func (ix *simIndex) foldQuarter(t *charTable, ents []uint32, blk *[64]uint16, rank *[1 << 16 / 64]uint32, info []uint32) []uint32 {
	chars := ix.chars
	for lo, e := range ents[:64] {
		switch e & tagMask {
		case 0:
		case tagSkip:
			blk[lo] = codeSkip
		default:
			f := t.folded(0, e)
			if f >= 1<<16 {
				blk[lo] = uint16(len(info))
				info = append(info, ix.charInfo(f))
			} else if w, bit := f>>6, uint64(1)<<(f&63); chars[w]&bit != 0 {
				blk[lo] = uint16(rank[w] + uint32(bits.OnesCount64(chars[w]&(bit-1))))
			}
		}
	}
	return info
}

// charInfo is the info of folded character f that some term has.
func (ix *simIndex) charInfo(f rune) uint32 {
	x := uint32(f) | simIn
	if ix.stopSet.has(f) {
		x |= simStop
	}
	return x
}

// deriveChars fills ix.chars from the terms.
func (ix *simIndex) deriveChars() {
	ix.chars = new([1 << 16 / 64]uint64)
	set := func(r uint64) {
		if r < 1<<16 {
			ix.chars[r>>6] |= 1 << (r & 63)
		}
	}
	for _, t := range ix.terms {
		switch {
		case t>>63 != 0:
			set(t >> 21 & (1<<21 - 1))
			set(t & (1<<21 - 1))
		case t>>62 == 0:
			set(t)
		}
	}
}

// absent reports whether term t is surely not in the index: a character,
// or a pair with a character, of the BMP that no term has.
func (ix *simIndex) absent(t uint64) bool {
	if ix.chars == nil {
		return false
	}
	has := func(r uint64) bool { return r >= 1<<16 || ix.chars[r>>6]&(1<<(r&63)) != 0 }
	switch {
	case t>>63 != 0:
		return !has(t>>21&(1<<21-1)) || !has(t&(1<<21-1))
	case t>>62 == 0:
		return !has(t)
	}
	return false
}

func slotOf(t uint64, mask int) int { return int((t * 0x9E3779B97F4A7C15) >> 40 & uint64(mask)) }

// find returns the index of term t, or -1. The probe is bounded by the
// table's size, so even a table with no empty slot cannot loop.
func (ix *simIndex) find(t uint64) int32 {
	mask := len(ix.slots) - 1
	h := slotOf(t, mask)
	for range ix.slots {
		i := ix.slots[h]
		if i < 0 || ix.terms[i] == t {
			return i
		}
		h = (h + 1) & mask
	}
	return -1
}

func (ix *simIndex) buildSlots() {
	size := 16
	for size < 2*len(ix.terms) {
		size *= 2
	}
	ix.slots = make([]int32, size)
	for i := range ix.slots {
		ix.slots[i] = -1
	}
	mask := size - 1
	for i, t := range ix.terms {
		h := slotOf(t, mask)
		for ix.slots[h] >= 0 {
			h = (h + 1) & mask
		}
		ix.slots[h] = int32(i)
	}
}

// textTerms appends the terms of normalised text, repeats included
// (score counts each known term once): characters and pairs that are not
// stopwords, then the concepts of the unshielded hits in sc (scanned from
// the same text), except the ones the matcher reads itself.
func (b *Bundle) textTerms(dst []uint64, norm []rune, stop *stopSet, sc *scratch, small uint64) []uint64 {
	// Small talk and placeholders ([订单x]) say nothing of the topic: their
	// characters (small, from smallMask) are no terms.
	for i, r := range norm {
		if i < 64 && small&(1<<i) != 0 {
			continue
		}
		rs := stop.has(r)
		if !rs {
			dst = append(dst, unigram(r))
		}
		if i+1 < len(norm) && !(i+1 < 64 && small&(1<<(i+1)) != 0) && !(rs && stop.has(norm[i+1])) {
			dst = append(dst, bigram(r, norm[i+1]))
		}
	}
	if sc == nil {
		return dst
	}
	for i, h := range sc.hits {
		if sc.hflag[i]&hShielded != 0 || !b.simTopical(h.Pattern) {
			continue
		}
		for _, o := range b.owners[b.ownOff[h.Pattern]:b.ownOff[h.Pattern+1]] {
			if b.simConcept(o) {
				dst = append(dst, conceptTerm(o.script))
			}
		}
	}
	return dst
}

// smallMask is the mask of the normalised characters (of the first 64)
// that the unshielded small-talk words of sc's scan cover. answer finds
// the same mask in its own pass over the hits and hands it to similar.
func (b *Bundle) smallMask(sc *scratch) uint64 {
	var small uint64
	for i, h := range sc.hits {
		if sc.hflag[i]&hShielded == 0 && b.patFlags[h.Pattern]&flagSmall != 0 {
			small |= b.hitMask(i, sc)
		}
	}
	return small
}

// simTopical reports whether a hit of pattern p may be a concept term
// for similarity: small talk, question words, negators and context words
// are no topic, even where a topical concept lists them too.
func (b *Bundle) simTopical(p int32) bool {
	return b.patFlags[p]&^(flagShield|flagDigit|flagComplaint|flagDefect) == 0
}

// simConcept reports whether owner o makes a topical hit a concept term
// for similarity: a concept that names a topic.
func (b *Bundle) simConcept(o owner) bool { return o.role == RoleConcept && !b.noTopic[o.script] }

// stopRunes and stopPairs read the stopword concept: its one-character
// members, and the pairs inside its longer ones.
func (b *Bundle) stopWords(members []string) (runes []rune, pairs []uint64) {
	for _, m := range members {
		r := normRunes(m)
		if len(r) == 1 {
			runes = append(runes, r[0])
		}
		for i := 0; i+1 < len(r); i++ {
			pairs = append(pairs, bigram(r[i], r[i+1]))
		}
	}
	slices.Sort(runes)
	return slices.Compact(runes), pairs
}

// buildSim indexes the examples (normalised), with the stopwords given.
func (b *Bundle) buildSim(examples [][]rune, owners []int32, stopMembers []string) *simIndex {
	stop, pairs := b.stopWords(stopMembers)
	docs := make([][]uint64, len(examples))
	sc := b.NewScratch()
	set := newStopSet(stop)
	for d, ex := range examples {
		b.scan(string(ex), sc)
		docs[d] = b.textTerms(nil, ex, set, sc, b.smallMask(sc))
	}
	ix := buildSimIndex(docs, owners, stop, pairs)
	ix.deriveFilter(b.ac.table)
	return ix
}

// termWeight is how much a kind of term counts: concepts double.
func termWeight(t uint64) float32 {
	if t>>62 == 1 {
		return 2
	}
	return 1
}

// buildSimIndex builds the profiles from the examples' terms and owners
// (scripts, ascending).
func buildSimIndex(docs [][]uint64, owners []int32, stop []rune, stopPairs []uint64) *simIndex {
	ix := &simIndex{stop: stop, stopSet: newStopSet(stop)}
	type post struct {
		term uint64
		doc  uint32
		n    uint32 // examples of the profile with the term
	}
	var posts []post
	prof := int32(-1)
	for d, doc := range docs {
		if len(ix.docOwner) == 0 || ix.docOwner[len(ix.docOwner)-1] != owners[d] {
			ix.docOwner = append(ix.docOwner, owners[d])
			ix.docSelf = append(ix.docSelf, 0)
			prof++
		}
		ix.docSelf[prof]++
		ix.exProf = append(ix.exProf, uint32(prof))
		terms := slices.Clone(doc)
		slices.Sort(terms)
		for _, t := range slices.Compact(terms) {
			posts = append(posts, post{t, uint32(prof), 1})
		}
	}
	// Stopword pairs are known but weightless: a posting-less entry each,
	// so a question's filler pairs neither score nor count against it.
	slices.Sort(stopPairs)
	for _, t := range slices.Compact(stopPairs) {
		posts = append(posts, post{term: t, doc: ^uint32(0)})
	}
	slices.SortFunc(posts, func(a, b post) int { return cmp.Or(cmp.Compare(a.term, b.term), cmp.Compare(a.doc, b.doc)) })
	np := len(ix.docOwner)
	n := float64(np)
	ix.avgLen = float32(math.Log((n + 1) / 0.5))
	stopDF := max(8, np/2)
	norms := make([]float64, np)
	type entry struct {
		doc uint32
		w   float32
	}
	var entries [][]entry
	for i := 0; i < len(posts); {
		j := i
		for j < len(posts) && posts[j].term == posts[i].term {
			j++
		}
		t := posts[i].term
		// Merge the term's postings per profile.
		var es []entry
		for _, p := range posts[i:j] {
			if p.doc == ^uint32(0) {
				continue
			}
			if len(es) > 0 && es[len(es)-1].doc == p.doc {
				es[len(es)-1].w++
				continue
			}
			es = append(es, entry{p.doc, 1})
		}
		ix.terms = append(ix.terms, t)
		if len(es) == 0 || len(es) > stopDF {
			ix.idf = append(ix.idf, 0) // a stopword pair, or in most profiles
			entries = append(entries, nil)
			i = j
			continue
		}
		idf := float32(math.Log((n+1)/(float64(len(es))+0.5))) * termWeight(t)
		ix.idf = append(ix.idf, idf)
		for k := range es {
			es[k].w = (1 + float32(math.Log(float64(es[k].w)))) * idf
			norms[es[k].doc] += float64(es[k].w) * float64(es[k].w)
		}
		entries = append(entries, es)
		i = j
	}
	for _, es := range entries {
		ix.postOff = append(ix.postOff, uint32(len(ix.postDoc)))
		for _, e := range es {
			ix.postDoc = append(ix.postDoc, e.doc)
			ix.postW = append(ix.postW, float32(float64(e.w)/math.Sqrt(norms[e.doc])))
		}
	}
	ix.postOff = append(ix.postOff, uint32(len(ix.postDoc)))
	ix.buildExamples(docs)
	ix.docLen = make([]uint16, np)
	for _, d := range ix.postDoc {
		if ix.docLen[d] < math.MaxUint16 {
			ix.docLen[d]++
		}
	}
	ix.buildSlots()
	return ix
}

// buildExamples indexes each example as a vector of its own: the terms
// it has (each once) at their question weight, scaled to unit length.
// The terms' weights and exProf must be built.
func (ix *simIndex) buildExamples(docs [][]uint64) {
	type post struct {
		term int32
		ex   uint32
		w    float32
	}
	var posts []post
	for e, doc := range docs {
		terms := slices.Clone(doc)
		slices.Sort(terms)
		terms = slices.Compact(terms)
		var norm float64
		first := len(posts)
		for _, t := range terms {
			i, ok := slices.BinarySearch(ix.terms, t)
			if !ok || ix.idf[i] == 0 {
				continue
			}
			posts = append(posts, post{int32(i), uint32(e), ix.idf[i]})
			norm += float64(ix.idf[i]) * float64(ix.idf[i])
		}
		for k := first; k < len(posts); k++ {
			posts[k].w = float32(float64(posts[k].w) / math.Sqrt(norm))
		}
	}
	slices.SortStableFunc(posts, func(a, b post) int { return cmp.Compare(a.term, b.term) })
	ix.exOff = make([]uint32, 0, len(ix.terms)+1)
	k := 0
	for i := range ix.terms {
		ix.exOff = append(ix.exOff, uint32(len(ix.exDoc)))
		for ; k < len(posts) && posts[k].term == int32(i); k++ {
			ix.exDoc = append(ix.exDoc, posts[k].ex)
			ix.exW = append(ix.exW, posts[k].w)
		}
	}
	ix.exOff = append(ix.exOff, uint32(len(ix.exDoc)))
}

// simScratch is per-question working memory, reused between questions.
type simScratch struct {
	score     []float32          // profile → the question's dot product with it
	near      [][simNear]float32 // profile → its nearest examples' dot products, best first
	epoch     []uint32
	strong    []uint8 // pairs and concepts the profile shares with the question
	termSeen  []uint32
	touched   []int32
	exScore   []float32 // example → the question's dot product with it
	exEpoch   []uint32
	exTouched []int32
	found     []int32  // the pairs and concepts mayShare found, distinct
	shareN    []uint8  // profile → how many of them it has
	shareAt   []uint32 // profile → the question shareN counts for
	shareCur  uint32
	content   int // the question's content characters (contentTerm) that weigh something or that no example has
	cur       uint32
}

// score accumulates the question's dot product with every profile and
// every example that shares a known term into sc, keeps each profile's
// nearest examples, and returns the question's length.
func (ix *simIndex) score(q []uint64, sc *simScratch) (qlen float32) {
	if len(sc.score) < len(ix.docLen) {
		sc.score = make([]float32, len(ix.docLen))
		sc.near = make([][simNear]float32, len(ix.docLen))
		sc.epoch = make([]uint32, len(ix.docLen))
		sc.strong = make([]uint8, len(ix.docLen))
		sc.touched = make([]int32, 0, len(ix.docLen))
	}
	if len(sc.exScore) < len(ix.exProf) {
		sc.exScore = make([]float32, len(ix.exProf))
		sc.exEpoch = make([]uint32, len(ix.exProf))
		sc.exTouched = make([]int32, 0, len(ix.exProf))
	}
	if len(sc.termSeen) < len(ix.terms) {
		sc.termSeen = make([]uint32, len(ix.terms))
	}
	sc.cur++
	if sc.cur == 0 {
		clear(sc.epoch)
		clear(sc.exEpoch)
		clear(sc.termSeen)
		sc.cur = 1
	}
	sc.touched = sc.touched[:0]
	sc.exTouched = sc.exTouched[:0]
	sc.content = 0
	if len(ix.slots) == 0 {
		return 0
	}
	var sq float32
	for _, t := range q {
		i := int32(-1)
		if !ix.absent(t) {
			i = ix.find(t)
		}
		if i < 0 {
			w := ix.avgLen * termWeight(t)
			sq += w * w
			if contentTerm(t) {
				sc.content++
			}
			continue
		}
		if sc.termSeen[i] == sc.cur {
			continue
		}
		sc.termSeen[i] = sc.cur
		qw := ix.idf[i]
		if qw == 0 {
			continue
		}
		if contentTerm(t) {
			sc.content++
		}
		sq += qw * qw
		lo, hi := ix.postOff[i], ix.postOff[i+1]
		docs, ws := ix.postDoc[lo:hi], ix.postW[lo:hi]
		strong := strongTerm(t)
		for k, d := range docs {
			if sc.epoch[d] != sc.cur {
				sc.epoch[d] = sc.cur
				sc.score[d] = 0
				sc.near[d] = [simNear]float32{}
				sc.strong[d] = 0
				sc.touched = append(sc.touched, int32(d))
			}
			sc.score[d] += qw * ws[k]
			if strong && sc.strong[d] < 255 {
				sc.strong[d]++
			}
		}
		lo, hi = ix.exOff[i], ix.exOff[i+1]
		exs, ws := ix.exDoc[lo:hi], ix.exW[lo:hi]
		for k, e := range exs {
			if sc.exEpoch[e] != sc.cur {
				sc.exEpoch[e] = sc.cur
				sc.exScore[e] = 0
				sc.exTouched = append(sc.exTouched, int32(e))
			}
			sc.exScore[e] += qw * ws[k]
		}
	}
	// Every example a term reaches, that term reaches its profile too: the
	// profile's near list was reset when it was first reached.
	for _, e := range sc.exTouched {
		v, n := sc.exScore[e], &sc.near[ix.exProf[e]]
		for j := range n {
			if v > n[j] {
				copy(n[j+1:], n[j:len(n)-1])
				n[j] = v
				break
			}
		}
	}
	return float32(math.Sqrt(float64(sq)))
}

// parts returns profile d's score for a question of length qlen (as
// scored into sc) and its two parts: the cosine with the profile and the
// mean cosine with its simNear nearest examples.
func (sc *simScratch) parts(d int32, qlen float32) (v, profile, near float32) {
	profile = sc.score[d] / qlen
	for _, x := range sc.near[d] {
		near += x
	}
	near /= simNear * qlen
	return simProfile*profile + (1-simProfile)*near, profile, near
}

// similar finds the script whose examples are most like q; it returns the
// script, its score (the confidence: profile and nearest examples
// together), its lead over the runner-up and the runner-up, or -1 when
// nothing reaches the threshold with the margin. asks says whether q has
// a question marker. sc holds q's scan; small and hitInfo are what answer
// found in it: the characters small talk covers (smallMask) and the pinfo
// words of the unshielded hits, or-ed.
func (b *Bundle) similar(q string, sc *scratch, day int32, asks bool, small uint64, hitInfo uint32) (int32, float32, float32, int32) {
	if b.sim == nil || len(b.sim.docLen) == 0 {
		return -1, 0, 0, -1
	}
	if !b.mayShare(q, sc, small, hitInfo) {
		return -1, 0, 0, -1
	}
	sc.norm = b.ac.table.foldText(sc.norm[:0], q)
	sc.terms = b.textTerms(sc.terms[:0], sc.norm, b.sim.stopSet, sc, small)
	qlen := b.sim.score(sc.terms, &sc.sim)
	if !(qlen > 0) {
		return -1, 0, 0, -1
	}
	ss := &sc.sim
	win, run := int32(-1), int32(-1)
	var wv, rv float32
	var shared uint8
	for _, d := range ss.touched {
		s := b.sim.docOwner[d]
		// A script whose exclude words the question holds, or that is out
		// of its dates, cannot win by similarity either.
		if sc.tally[s].epoch == sc.cur && sc.tally[s].excluded || !activeOn(b.Scripts[s].From, b.Scripts[s].Until, day) {
			continue
		}
		v, _, _ := ss.parts(d, qlen)
		if ss.strong[d] < simMinShared {
			v = 0 // characters in common, but no pair and no concept
		}
		switch {
		case win < 0 || v > wv || v == wv && s < win:
			win, run, wv, rv, shared = s, win, v, wv, ss.strong[d]
		case run < 0 || v > rv || v == rv && s < run:
			run, rv = s, v
		}
	}
	if win < 0 || wv == 0 {
		return -1, 0, 0, -1
	}
	margin := (wv - rv) / wv
	if wv < b.simNeeds(shared, asks, ss.content) || margin < simMarginFor(asks) {
		return -1, wv, margin, run
	}
	return win, wv, margin, run
}

// mayShare reports whether some profile shares simMinShared pairs or
// concepts of weight with question q (sc holds its scan; small and
// hitInfo are as similar has them): without one, every script's score is
// 0 and similar answers nothing, so q need not be folded into sc.norm nor
// its terms listed and scored. It reads q's characters as foldText folds
// them, looks up only the pairs and concepts textTerms would list, and
// counts each profile's postings among them, as score's strong counts do.
// On the benchmark corpus nine in ten questions that reach similarity stop
// here.
func (b *Bundle) mayShare(q string, sc *scratch, small uint64, hitInfo uint32) bool {
	ix, ss := b.sim, &sc.sim
	ss.found = ss.found[:0]
	// A pair is looked up when both its characters are in some term (the
	// filter absent reads), neither is small talk, and not both are
	// stopwords: each character's info says the first and the last.
	if fold, info := ix.fold, ix.info; fold != nil {
		_ = fold[1023]
		var prev uint32 // the previous character's info
		for i := 0; i < len(q); {
			var x uint32
			c0 := q[i]
			var w uint // the next two bytes
			if i < len(q)-2 {
				w = uint(q[i+1])<<8 | uint(q[i+2])
			}
			if c0 < utf8.RuneSelf {
				i++
				k := fold[int(fold[c0>>6])<<6|int(c0&63)]
				if k == codeSkip {
					continue
				}
				x = info[k]
			} else if uint8(c0-0xE1) < 0xEF-0xE1+1 && c0 != 0xED && w&0xC0C0 == 0x8080 {
				// Three bytes but the overlong (E0) and surrogate (ED)
				// leads, as the walk decodes them.
				i += 3
				k := fold[int(fold[(uint(c0&0x0F)<<6|w>>8&0x3F)&1023])<<6|int(w&0x3F)]
				if k == codeSkip {
					continue
				}
				x = info[k]
			} else {
				var size int
				x, size = b.simChar(q, i)
				i += size
				if x == simSkip {
					continue
				}
			}
			x &= uint32(small&1) - 1 // small talk is in no pair
			small >>= 1
			if x&prev&simIn != 0 && x&prev&simStop == 0 {
				ss.found = ix.addShared(ss.found, bigram(rune(prev&simRunes), rune(x&simRunes)))
			}
			prev = x
		}
	} else {
		var prev uint32
		for i := 0; i < len(q); {
			x, size := b.simChar(q, i)
			i += size
			if x == simSkip {
				continue
			}
			x &= uint32(small&1) - 1
			small >>= 1
			if x&prev&simIn != 0 && x&prev&simStop == 0 {
				ss.found = ix.addShared(ss.found, bigram(rune(prev&simRunes), rune(x&simRunes)))
			}
			prev = x
		}
	}
	found := ss.found
	if hitInfo&pinfoSimConcept != 0 {
		for i, h := range sc.hits {
			if sc.hflag[i]&hShielded != 0 || b.pinfo[h.Pattern]&pinfoSimConcept == 0 {
				continue
			}
			for _, o := range b.owners[b.ownOff[h.Pattern]:b.ownOff[h.Pattern+1]] {
				if b.simConcept(o) {
					found = ix.addShared(found, conceptTerm(o.script))
				}
			}
		}
	}
	ss.found = found
	if len(found) < simMinShared {
		return false
	}
	if len(ss.shareN) < len(ix.docLen) {
		ss.shareN = make([]uint8, len(ix.docLen))
		ss.shareAt = make([]uint32, len(ix.docLen))
	}
	ss.shareCur++
	if ss.shareCur == 0 {
		clear(ss.shareAt)
		ss.shareCur = 1
	}
	for _, i := range found {
		for _, d := range ix.postDoc[ix.postOff[i]:ix.postOff[i+1]] {
			if ss.shareAt[d] != ss.shareCur {
				ss.shareAt[d], ss.shareN[d] = ss.shareCur, 0
			}
			if ss.shareN[d]++; ss.shareN[d] >= simMinShared {
				return true
			}
		}
	}
	return false
}

// simChar is the info (simIndex.info) of the character at q[i] that
// mayShare does not read from the fold table, and its size: folded by
// the matcher's table, tested against the filter and the stopwords.
//
//go:noinline
func (b *Bundle) simChar(q string, i int) (uint32, int) {
	r, size := utf8.DecodeRuneInString(q[i:])
	f := b.ac.table.folded(r, b.ac.table.lookup(r))
	if f < 0 {
		return simSkip, size
	}
	ix := b.sim
	if f < 1<<16 && ix.chars != nil && ix.chars[f>>6]&(1<<(f&63)) == 0 {
		return 0, size
	}
	x := uint32(f) | simIn
	if ix.stopSet.has(f) {
		x |= simStop
	}
	return x, size
}

// addShared appends term t's index to found when the index has it with a
// weight and found does not have it yet.
func (ix *simIndex) addShared(found []int32, t uint64) []int32 {
	if i := ix.find(t); i >= 0 && ix.idf[i] != 0 && !slices.Contains(found, i) {
		found = append(found, i)
	}
	return found
}

// SimFewShared is how many character pairs and concepts a script must
// share with a question to answer it by similarity at the threshold;
// with fewer (one word and its concept) it needs more.
const SimFewShared = 3

// SimThreshold is the score a similarity answer needs when the winner
// shares this many character pairs and concepts with the question.
func (b *Bundle) SimThreshold(shared int) float32 {
	return b.simThreshold(uint8(min(shared, 255)))
}

func (b *Bundle) simThreshold(shared uint8) float32 {
	if shared < SimFewShared {
		return b.Threshold + simFewExtra
	}
	return b.Threshold
}

// SimMargin is the lead over the runner-up (a share of the winner's
// score) a similarity answer needs when the message asks nothing;
// SimAskMargin when it has a question marker. On real buyer messages, a
// question's closer calls were right three times as often as wrong; a
// statement's answered one chit-chat message for every two topical ones.
const (
	SimMargin    = 0.4
	SimAskMargin = 0.25
)

// SimBrief is the most content characters a message that asks nothing
// may have and still count as brief; a brief statement needs at least
// SimBriefScore to be answered by similarity. The bar is a score, not a
// step over the threshold: a few characters, each weighing much, make a
// high cosine whatever the threshold, and with few examples (a higher
// threshold) the threshold alone is bar enough. On real buyer messages
// it did as well as DefaultThreshold + 0.1 with examples enough, and
// kept right answers a step over a higher threshold lost with few.
const (
	SimBrief      = 8
	SimBriefScore = DefaultThreshold + 0.1
)

// simNeeds is the score a similarity answer needs: the threshold for
// what it shares, and at least SimBriefScore for a brief statement.
func (b *Bundle) simNeeds(shared uint8, asks bool, content int) float32 {
	t := b.simThreshold(shared)
	if b.briefStatement(asks, content) {
		t = max(t, SimBriefScore)
	}
	return t
}

// briefStatement reports whether a message with content characters
// that asks (or not) is a brief statement. A bundle with no question
// concept cannot tell a question from a statement: nothing is.
func (b *Bundle) briefStatement(asks bool, content int) bool {
	return !asks && content <= SimBrief && b.special[spQuestion] >= 0
}

func simMarginFor(asks bool) float32 {
	if asks {
		return SimAskMargin
	}
	return SimMargin
}
