package bench

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xm-dev/xm/bot"
)

var sizes = func() []int {
	// XM_BENCH_SIZES=1000 runs one size, for a quick before/after.
	if env := os.Getenv("XM_BENCH_SIZES"); env != "" {
		var out []int
		for _, f := range strings.Split(env, ",") {
			if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && n > 0 {
				out = append(out, n)
			}
		}
		return out
	}
	return []int{1_000, 10_000, 100_000}
}()

func name(n int) string { return fmt.Sprintf("%dk", n/1000) }

// BenchmarkMatch: one normalised question, all occurrences reported
// (overlapping included), per library. ns/op is per question.
func BenchmarkMatch(b *testing.B) {
	for _, n := range sizes {
		c := CorpusOf(n)
		ins := Inputs(c)
		for _, lib := range Builders {
			// Built once, outside the timed function, which the testing
			// package calls several times while it calibrates b.N.
			m, heap := HeapOf(func() Matcher { return lib.Build(c.Patterns) })
			b.Run(name(n)+"/"+lib.Name, func(b *testing.B) {
				hits := 0
				timed(b, func(i int) { hits += m.Count(&ins[i%len(ins)]) })
				b.ReportMetric(float64(hits)/float64(b.N), "hits/q")
				b.ReportMetric(float64(heap)/float64(len(c.Patterns)), "heapB/kw")
			})
		}
	}
}

// BenchmarkAnswer: xm's whole question on raw buyer text. "hit" is the
// questions a keyword answers (normalise, match, rank, extract entities);
// "miss" those no keyword answers, which go through the similarity index
// before the fallback; "all" is the corpus as generated. ns/op is per
// question; none may allocate.
func BenchmarkAnswer(b *testing.B) {
	now := time.Date(2026, 11, 25, 21, 0, 0, 0, time.UTC)
	for _, n := range sizes {
		c := CorpusOf(n)
		bundle, err := bot.New(Spec(c))
		if err != nil {
			b.Fatal(err)
		}
		var hit, miss []string
		for _, q := range c.Questions {
			a := bundle.Answer(q, bot.Context{Now: now})
			if a.Outcome == bot.Fallback || a.Similar {
				miss = append(miss, q)
			} else {
				hit = append(hit, q)
			}
		}
		for _, set := range []struct {
			name string
			qs   []string
		}{{"hit", hit}, {"miss", miss}, {"all", c.Questions}} {
			b.Run(name(n)+"/"+set.name, func(b *testing.B) {
				b.ReportAllocs()
				b.ReportMetric(float64(len(set.qs))/float64(len(c.Questions)), "share")
				timed(b, func(i int) { bundle.Answer(set.qs[i%len(set.qs)], bot.Context{Now: now}) })
			})
		}
	}
}

// BenchmarkAnswerLanguage: BenchmarkAnswer's questions with the matching
// language compiled in (LangSpec: the built-in concepts, a pattern a
// script): the shield, negation and small-talk marks, the complaint check
// and pattern matching all run. "all" is the corpus as generated. None may
// allocate.
func BenchmarkAnswerLanguage(b *testing.B) {
	now := time.Date(2026, 11, 25, 21, 0, 0, 0, time.UTC)
	for _, n := range sizes {
		c := CorpusOf(n)
		bundle, err := bot.New(LangSpec(c))
		if err != nil {
			b.Fatal(err)
		}
		patterns := 0
		for _, q := range c.Questions {
			if a := bundle.Answer(q, bot.Context{Now: now}); a.Pattern >= 0 {
				patterns++
			}
		}
		b.Run(name(n)+"/all", func(b *testing.B) {
			b.ReportAllocs()
			b.ReportMetric(float64(patterns)/float64(len(c.Questions)), "by-pattern")
			timed(b, func(i int) { bundle.Answer(c.Questions[i%len(c.Questions)], bot.Context{Now: now}) })
		})
	}
}

// BenchmarkBuild: building each library's automaton from the keywords.
func BenchmarkBuild(b *testing.B) {
	for _, n := range sizes {
		c := CorpusOf(n)
		for _, lib := range Builders {
			b.Run(name(n)+"/"+lib.Name, func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					lib.Build(c.Patterns)
				}
			})
		}
		b.Run(name(n)+"/xm-bundle", func(b *testing.B) {
			p := Spec(c)
			for i := 0; i < b.N; i++ {
				if _, err := bot.New(p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLoad: decoding a bundle file's bytes (checksum, slicing,
// validation), as a serving bot does at start-up.
func BenchmarkLoad(b *testing.B) {
	for _, n := range sizes {
		c := CorpusOf(n)
		bundle, err := bot.New(Spec(c))
		if err != nil {
			b.Fatal(err)
		}
		data := bundle.Encode()
		b.Run(name(n), func(b *testing.B) {
			b.ReportMetric(float64(len(data)), "bundleB")
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				if _, err := bot.Decode(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
