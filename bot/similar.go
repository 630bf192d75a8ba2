package bot

import (
	"cmp"
	"math"
	"slices"
)

// The similarity index answers a question no keyword hits: BM25 over the
// scripts' example questions, with characters and character pairs (uni-
// and bigrams of the normalised text) as terms. Chinese has no spaces, so
// characters are the natural terms and pairs carry word order.

const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// term packs a unigram (one rune) or a bigram (two) into a sortable key.
func unigram(r rune) uint64   { return uint64(r) }
func bigram(a, b rune) uint64 { return 1<<63 | uint64(a)<<21 | uint64(b) }

// simIndex is the stored index: sorted terms, each with its idf and a range
// of postings; each posting is an example (doc) and the term's BM25 weight
// in it, computed at build time, so scoring a question is one addition a
// posting. Terms in more than one example in sixteen (and in more than
// 32) are left out: their idf is close to nothing and their postings are
// the longest, so they cost the most and decide the least.
type simIndex struct {
	terms    []uint64
	idf      []float32
	postOff  []uint32 // len(terms)+1
	postDoc  []uint32
	postW    []float32 // BM25 weight of the term in the example
	docLen   []uint16  // terms in each example
	docSelf  []float32
	docOwner []int32 // example → script
	slots    []int32 // open-addressing hash table over terms: term index or -1
	avgLen   float32
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

// queryTerms appends the terms of normalised text, repeats included
// (score counts each known term once).
func queryTerms(dst []uint64, norm []rune) []uint64 {
	for i, r := range norm {
		dst = append(dst, unigram(r))
		if i+1 < len(norm) {
			dst = append(dst, bigram(r, norm[i+1]))
		}
	}
	return dst
}

func buildSimIndex(examples [][]rune, owners []int32) *simIndex {
	ix := &simIndex{docOwner: owners}
	type post struct {
		term uint64
		doc  uint32
		tf   uint16
	}
	var posts []post
	total := 0
	for d, ex := range examples {
		terms := make([]uint64, 0, 2*len(ex))
		for i, r := range ex {
			terms = append(terms, unigram(r))
			if i+1 < len(ex) {
				terms = append(terms, bigram(r, ex[i+1]))
			}
		}
		ix.docLen = append(ix.docLen, uint16(min(len(terms), math.MaxUint16)))
		total += len(terms)
		slices.Sort(terms)
		for i := 0; i < len(terms); {
			j := i
			for j < len(terms) && terms[j] == terms[i] {
				j++
			}
			posts = append(posts, post{terms[i], uint32(d), uint16(min(j-i, math.MaxUint16))})
			i = j
		}
	}
	slices.SortFunc(posts, func(a, b post) int { return cmp.Or(cmp.Compare(a.term, b.term), cmp.Compare(a.doc, b.doc)) })
	n := float64(len(examples))
	if len(examples) > 0 {
		ix.avgLen = float32(total) / float32(len(examples))
	}
	stopDF := max(32, len(examples)/16)
	for i := 0; i < len(posts); {
		j := i
		for j < len(posts) && posts[j].term == posts[i].term {
			j++
		}
		df := float64(j - i)
		idf := float32(math.Log(1 + (n-df+0.5)/(df+0.5)))
		ix.terms = append(ix.terms, posts[i].term)
		ix.postOff = append(ix.postOff, uint32(len(ix.postDoc)))
		if j-i > stopDF {
			// Known, but weightless: no postings, and no weight in the
			// question's self score either.
			ix.idf = append(ix.idf, 0)
			i = j
			continue
		}
		ix.idf = append(ix.idf, idf)
		for _, p := range posts[i:j] {
			tf := float32(p.tf)
			norm := bm25K1 * (1 - bm25B + bm25B*float32(ix.docLen[p.doc])/ix.avgLen)
			ix.postDoc = append(ix.postDoc, p.doc)
			ix.postW = append(ix.postW, idf*tf*(bm25K1+1)/(tf+norm))
		}
		i = j
	}
	ix.postOff = append(ix.postOff, uint32(len(ix.postDoc)))
	ix.buildSlots()
	// Each example's score against itself, the scale confidence is read on.
	ix.docSelf = make([]float32, len(examples))
	var sc simScratch
	for d, ex := range examples {
		q := queryTerms(nil, ex)
		ix.score(q, &sc)
		ix.docSelf[d] = sc.score[d]
	}
	return ix
}

// confidence of example d for a query whose self score is qself.
func (ix *simIndex) confidence(score float32, d int32, qself float32) float32 {
	den := float32(math.Sqrt(float64(ix.docSelf[d]) * float64(qself)))
	if !(den > 0) {
		return 0
	}
	return min(score/den, 1)
}

// simScratch is per-question working memory, reused between questions.
type simScratch struct {
	score    []float32
	epoch    []uint32
	termSeen []uint32
	touched  []int32
	cur      uint32
}

// score accumulates the BM25 scores of the query's distinct known terms
// into sc, for the examples that share at least one, and returns the
// query's score against itself as if it were an example, with terms no
// example has at the highest idf. Dividing by the geometric mean of that
// and an example's own self score makes the confidence symmetric, like a
// cosine: what the question says that no example mentions counts against
// the match.
func (ix *simIndex) score(q []uint64, sc *simScratch) (qself float32) {
	if len(sc.score) < len(ix.docLen) {
		sc.score = make([]float32, len(ix.docLen))
		sc.epoch = make([]uint32, len(ix.docLen))
	}
	if len(sc.termSeen) < len(ix.terms) {
		sc.termSeen = make([]uint32, len(ix.terms))
	}
	sc.cur++
	if sc.cur == 0 {
		clear(sc.epoch)
		clear(sc.termSeen)
		sc.cur = 1
	}
	sc.touched = sc.touched[:0]
	if len(ix.slots) == 0 {
		return 0
	}
	n := float64(len(ix.docLen))
	idfMax := float32(math.Log(1 + (n+0.5)/0.5))
	qnorm := bm25K1 * (1 - bm25B + bm25B*float32(len(q))/ix.avgLen)
	for _, t := range q {
		i := ix.find(t)
		if i < 0 {
			qself += idfMax * (bm25K1 + 1) / (1 + qnorm)
			continue
		}
		if sc.termSeen[i] == sc.cur {
			continue
		}
		sc.termSeen[i] = sc.cur
		qself += ix.idf[i] * (bm25K1 + 1) / (1 + qnorm)
		lo, hi := ix.postOff[i], ix.postOff[i+1]
		docs, ws := ix.postDoc[lo:hi], ix.postW[lo:hi]
		for k, d := range docs {
			if sc.epoch[d] != sc.cur {
				sc.epoch[d] = sc.cur
				sc.score[d] = 0
				sc.touched = append(sc.touched, int32(d))
			}
			sc.score[d] += ws[k]
		}
	}
	return qself
}
