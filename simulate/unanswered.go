package simulate

import (
	"cmp"
	"slices"
)

// heavyHitters keeps the most frequent keys of a stream in bounded memory
// (Misra-Gries: when full, every count drops by one and the zeros go), so
// millions of distinct unanswered questions cost no more than k entries.
type heavyHitters struct {
	k       int
	entries map[string]*hhEntry
}

type hhEntry struct {
	count    int
	examples []string
}

func newHeavyHitters(k int) *heavyHitters {
	return &heavyHitters{k: k, entries: make(map[string]*hhEntry, k)}
}

func (h *heavyHitters) add(key, example string) {
	if key == "" {
		key = example
	}
	if e, ok := h.entries[key]; ok {
		e.count++
		if len(e.examples) < 3 && !slices.Contains(e.examples, example) {
			e.examples = append(e.examples, example)
		}
		return
	}
	if len(h.entries) >= h.k {
		for k, e := range h.entries {
			if e.count--; e.count == 0 {
				delete(h.entries, k)
			}
		}
		if len(h.entries) >= h.k {
			return
		}
	}
	h.entries[key] = &hhEntry{count: 1, examples: []string{example}}
}

// groups clusters the most frequent keys by the character pairs they share
// (Jaccard ≥ 0.5 with the cluster's first, most frequent member) and
// returns the n largest clusters.
func (h *heavyHitters) groups(n int) []Group {
	keys := make([]string, 0, len(h.entries))
	for k := range h.entries {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		return cmp.Or(cmp.Compare(h.entries[b].count, h.entries[a].count), cmp.Compare(a, b))
	})
	keys = keys[:min(len(keys), 200)]
	type cluster struct {
		g     Group
		pairs map[[2]rune]bool
	}
	var cs []*cluster
	for _, k := range keys {
		e := h.entries[k]
		p := pairsOf(k)
		var home *cluster
		for _, c := range cs {
			if jaccard(c.pairs, p) >= 0.5 {
				home = c
				break
			}
		}
		if home == nil {
			home = &cluster{g: Group{Text: k}, pairs: p}
			cs = append(cs, home)
		}
		home.g.Count += e.count
		for _, ex := range e.examples {
			if len(home.g.Examples) < 3 {
				home.g.Examples = append(home.g.Examples, ex)
			}
		}
	}
	slices.SortStableFunc(cs, func(a, b *cluster) int { return cmp.Compare(b.g.Count, a.g.Count) })
	out := []Group{}
	for _, c := range cs[:min(n, len(cs))] {
		out = append(out, c.g)
	}
	return out
}

func pairsOf(s string) map[[2]rune]bool {
	r := []rune(s)
	m := map[[2]rune]bool{}
	if len(r) == 1 {
		m[[2]rune{r[0], 0}] = true
	}
	for i := 0; i+1 < len(r); i++ {
		m[[2]rune{r[i], r[i+1]}] = true
	}
	return m
}

func jaccard(a, b map[[2]rune]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for k := range a {
		if b[k] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
