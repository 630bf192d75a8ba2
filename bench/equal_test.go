package bench

import (
	"cmp"
	"fmt"
	"slices"
	"testing"
)

// TestSameHits checks that every library finds exactly what xm finds on
// the same normalised questions, so that the benchmarks compare equal
// work. Pattern numbers are compared by text. cloudflare reports distinct
// patterns without positions and is compared on that set.
func TestSameHits(t *testing.T) {
	for _, n := range []int{1_000, 10_000} {
		c := Generate(7, n, 2_000)
		ins := Inputs(c)
		ref := buildXM(c.Patterns)
		for _, b := range Builders[1:] {
			t.Run(fmt.Sprintf("%s/%d", b.Name, n), func(t *testing.T) {
				m := b.Build(c.Patterns)
				for i := range ins {
					want := norm(ref.Found(&ins[i]), c.Patterns, b.Name == "cloudflare")
					got := norm(m.Found(&ins[i]), c.Patterns, b.Name == "cloudflare")
					if !slices.Equal(got, want) {
						t.Fatalf("question %q:\n got %v\nwant %v", c.Normed[i], got, want)
					}
				}
			})
		}
	}
}

func norm(fs []Found, pats []string, distinct bool) []string {
	type key struct {
		p string
		s int
	}
	var ks []key
	for _, f := range fs {
		k := key{pats[f.Pattern], f.Start}
		if distinct {
			k.s = -1
		}
		ks = append(ks, k)
	}
	slices.SortFunc(ks, func(a, b key) int { return cmp.Or(cmp.Compare(a.s, b.s), cmp.Compare(a.p, b.p)) })
	ks = slices.Compact(ks)
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = fmt.Sprintf("%s@%d", k.p, k.s)
	}
	return out
}

func TestCorpusShape(t *testing.T) {
	c := Generate(2026, 10_000, 50_000)
	lo, med, hi := c.Stats()
	if lo < 5 || hi > 90 || med < 20 || med > 30 {
		t.Fatalf("question lengths %d/%d/%d, want 5 to 60 (80 with an order number) and a median near 25", lo, med, hi)
	}
	if len(c.Keywords) != 10_000 {
		t.Fatalf("%d keywords", len(c.Keywords))
	}
}
