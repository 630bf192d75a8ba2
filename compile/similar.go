package compile

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
// of postings; each posting is an example (doc) and the term's count in it.
type simIndex struct {
	terms    []uint64
	idf      []float32
	postOff  []uint32 // len(terms)+1
	postDoc  []uint32
	postTF   []uint16
	docLen   []uint16 // terms in each example
	docSelf  []float32
	docOwner []int32 // example → script
	avgLen   float32
}

// queryTerms appends the distinct terms of normalised text.
func queryTerms(dst []uint64, norm []rune) []uint64 {
	for i, r := range norm {
		dst = append(dst, unigram(r))
		if i+1 < len(norm) {
			dst = append(dst, bigram(r, norm[i+1]))
		}
	}
	slices.Sort(dst)
	return slices.Compact(dst)
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
	for i := 0; i < len(posts); {
		j := i
		for j < len(posts) && posts[j].term == posts[i].term {
			j++
		}
		df := float64(j - i)
		ix.terms = append(ix.terms, posts[i].term)
		ix.idf = append(ix.idf, float32(math.Log(1+(n-df+0.5)/(df+0.5))))
		ix.postOff = append(ix.postOff, uint32(i))
		for _, p := range posts[i:j] {
			ix.postDoc = append(ix.postDoc, p.doc)
			ix.postTF = append(ix.postTF, p.tf)
		}
		i = j
	}
	ix.postOff = append(ix.postOff, uint32(len(posts)))
	if len(examples) > 0 {
		ix.avgLen = float32(total) / float32(len(examples))
	}
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

// selfScore is the query's BM25 score against itself as if it were an
// example, with terms no example has at the highest idf. Dividing by the
// geometric mean of this and the example's own self score makes the
// confidence symmetric, like a cosine: what the question says that no
// example mentions counts against the match.
func (ix *simIndex) selfScore(q []uint64) float32 {
	n := float64(len(ix.docLen))
	idfMax := float32(math.Log(1 + (n+0.5)/0.5))
	norm := bm25K1 * (1 - bm25B + bm25B*float32(len(q))/ix.avgLen)
	var s float32
	for _, t := range q {
		idf := idfMax
		if i, ok := slices.BinarySearch(ix.terms, t); ok {
			idf = ix.idf[i]
		}
		s += idf * (bm25K1 + 1) / (1 + norm)
	}
	return s
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
	score   []float32
	epoch   []uint32
	touched []int32
	cur     uint32
}

// score accumulates BM25 scores of the query terms into sc, for the
// examples that share at least one term.
func (ix *simIndex) score(q []uint64, sc *simScratch) {
	if len(sc.score) < len(ix.docLen) {
		sc.score = make([]float32, len(ix.docLen))
		sc.epoch = make([]uint32, len(ix.docLen))
	}
	sc.cur++
	sc.touched = sc.touched[:0]
	for _, t := range q {
		i, ok := slices.BinarySearch(ix.terms, t)
		if !ok {
			continue
		}
		idf := ix.idf[i]
		for p := ix.postOff[i]; p < ix.postOff[i+1]; p++ {
			d := ix.postDoc[p]
			tf := float32(ix.postTF[p])
			norm := bm25K1 * (1 - bm25B + bm25B*float32(ix.docLen[d])/ix.avgLen)
			s := idf * tf * (bm25K1 + 1) / (tf + norm)
			if sc.epoch[d] != sc.cur {
				sc.epoch[d] = sc.cur
				sc.score[d] = 0
				sc.touched = append(sc.touched, int32(d))
			}
			sc.score[d] += s
		}
	}
}
