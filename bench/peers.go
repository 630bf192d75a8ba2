package bench

import (
	"github.com/xm-dev/xm/compile"
	"github.com/xm-dev/xm/schema"

	"runtime"
	"strconv"
	"sync"
	"time"

	bobu "github.com/BobuSumisu/aho-corasick"
	anknown "github.com/anknown/ahocorasick"
	cloudflare "github.com/cloudflare/ahocorasick"
	coregx "github.com/coregx/ahocorasick"
	petar "github.com/petar-dambovaliev/aho-corasick"

	"github.com/xm-dev/xm/bot"
)

// Input is one question in every form the peers take.
type Input struct {
	S string
	B []byte
	R []rune
}

// Found is one occurrence: the pattern's index and its start, in bytes.
type Found struct{ Pattern, Start int }

// Matcher is one library under test, built over the normalised patterns
// and run on normalised questions, reporting every occurrence, overlapping
// ones included.
type Matcher interface {
	Name() string
	// Count runs one question and returns the number of occurrences.
	Count(in *Input) int
	// Found lists the occurrences, for the equal-work check.
	Found(in *Input) []Found
}

// Builders lists the libraries; each builds a Matcher over patterns.
var Builders = []struct {
	Name  string
	Build func(patterns []string) Matcher
}{
	{"xm", buildXM},
	{"coregx", buildCoregx},
	{"bobusumisu", buildBobu},
	{"anknown", buildAnknown},
	{"petar", buildPetar},
	{"cloudflare", buildCloudflare},
}

type xmMatcher struct {
	ac  *bot.Automaton
	buf []bot.Hit
}

func buildXM(p []string) Matcher {
	ac, err := bot.BuildAutomaton(p)
	if err != nil {
		panic(err)
	}
	return &xmMatcher{ac: ac, buf: make([]bot.Hit, 0, 64)}
}
func (m *xmMatcher) Name() string { return "xm" }
func (m *xmMatcher) Count(in *Input) int {
	m.buf = m.ac.FindAll(in.S, m.buf[:0])
	return len(m.buf)
}
func (m *xmMatcher) Found(in *Input) []Found {
	var out []Found
	for _, h := range m.ac.FindAll(in.S, nil) {
		out = append(out, Found{int(h.Pattern), int(h.Start)})
	}
	return out
}

type coregxMatcher struct{ ac *coregx.Automaton }

func buildCoregx(p []string) Matcher {
	ac, err := coregx.NewBuilder().AddStrings(p).SetMatchKind(coregx.LeftmostFirst).Build()
	if err != nil {
		panic(err)
	}
	return coregxMatcher{ac}
}
func (m coregxMatcher) Name() string        { return "coregx" }
func (m coregxMatcher) Count(in *Input) int { return len(m.ac.FindAllOverlapping(in.B)) }
func (m coregxMatcher) Found(in *Input) []Found {
	var out []Found
	for _, x := range m.ac.FindAllOverlapping(in.B) {
		out = append(out, Found{x.PatternID, x.Start})
	}
	return out
}

type bobuMatcher struct{ t *bobu.Trie }

func buildBobu(p []string) Matcher        { return bobuMatcher{bobu.NewTrieBuilder().AddStrings(p).Build()} }
func (m bobuMatcher) Name() string        { return "bobusumisu" }
func (m bobuMatcher) Count(in *Input) int { return len(m.t.Match(in.B)) }
func (m bobuMatcher) Found(in *Input) []Found {
	var out []Found
	for _, x := range m.t.Match(in.B) {
		out = append(out, Found{int(x.Pattern()), int(x.Pos())})
	}
	return out
}

type anknownMatcher struct {
	m     *anknown.Machine
	index map[string]int
}

func buildAnknown(p []string) Matcher {
	rs := make([][]rune, len(p))
	idx := make(map[string]int, len(p))
	for i, s := range p {
		rs[i] = []rune(s)
		idx[s] = i
	}
	m := new(anknown.Machine)
	if err := m.Build(rs); err != nil {
		panic(err)
	}
	return anknownMatcher{m, idx}
}
func (m anknownMatcher) Name() string        { return "anknown" }
func (m anknownMatcher) Count(in *Input) int { return len(m.m.MultiPatternSearch(in.R, false)) }
func (m anknownMatcher) Found(in *Input) []Found {
	var out []Found
	for _, t := range m.m.MultiPatternSearch(in.R, false) {
		out = append(out, Found{m.index[string(t.Word)], len(string(in.R[:t.Pos]))})
	}
	return out
}

type petarMatcher struct{ ac petar.AhoCorasick }

func buildPetar(p []string) Matcher {
	b := petar.NewAhoCorasickBuilder(petar.Opts{MatchKind: petar.StandardMatch, DFA: true})
	return petarMatcher{b.Build(p)}
}
func (m petarMatcher) Name() string { return "petar" }
func (m petarMatcher) Count(in *Input) int {
	n := 0
	it := m.ac.IterOverlapping(in.S)
	for x := it.Next(); x != nil; x = it.Next() {
		n++
	}
	return n
}
func (m petarMatcher) Found(in *Input) []Found {
	var out []Found
	it := m.ac.IterOverlapping(in.S)
	for x := it.Next(); x != nil; x = it.Next() {
		out = append(out, Found{x.Pattern(), x.Start()})
	}
	return out
}

// cloudflareMatcher reports which patterns occur, once each and without
// positions: less work than the others, so its Found is compared on the
// set of distinct patterns only.
type cloudflareMatcher struct{ m *cloudflare.Matcher }

func buildCloudflare(p []string) Matcher {
	return cloudflareMatcher{cloudflare.NewStringMatcher(p)}
}
func (m cloudflareMatcher) Name() string        { return "cloudflare" }
func (m cloudflareMatcher) Count(in *Input) int { return len(m.m.MatchThreadSafe(in.B)) }
func (m cloudflareMatcher) Found(in *Input) []Found {
	var out []Found
	for _, p := range m.m.MatchThreadSafe(in.B) {
		out = append(out, Found{p, -1})
	}
	return out
}

// Inputs prepares the normalised questions in every form.
func Inputs(c *Corpus) []Input {
	in := make([]Input, len(c.Normed))
	for i, q := range c.Normed {
		in[i] = Input{S: q, B: []byte(q), R: []rune(q)}
	}
	return in
}

// HeapOf returns the bytes of live heap that build leaves behind, and
// what it built.
func HeapOf[T any](build func() T) (T, uint64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&before)
	v := build()
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(v)
	if after.HeapAlloc < before.HeapAlloc {
		return v, 0
	}
	return v, after.HeapAlloc - before.HeapAlloc
}

// Spec turns the corpus's keywords into a bot: ten keywords a script,
// with a handoff and a fallback, as a shop at that scale would be.
func Spec(c *Corpus) *bot.Spec {
	topics := []string{"size", "stock", "discount", "logistics", "shipping-time", "refund", "return-policy", "invoice", "material", "other"}
	sp := &bot.Spec{Shop: "基准店", Category: "general", Timezone: "Asia/Shanghai",
		HandoffKeywords: []string{"转人工", "人工客服"}, UrgentKeywords: []string{"紧急"},
		HandoffReply: "正在转接", FallbackReply: "还在学习"}
	for i := 0; i*10 < len(c.Keywords); i++ {
		kw := c.Keywords[i*10 : min(i*10+10, len(c.Keywords))]
		sp.Scripts = append(sp.Scripts, bot.ScriptSpec{
			ID: "s" + strconv.Itoa(i), Topic: topics[i%len(topics)], Keywords: kw, Priority: i % 3,
			Examples: []string{kw[0] + "怎么样", "请问" + kw[len(kw)-1]},
			Reply:    "亲,这是第 " + strconv.Itoa(i) + " 条回复", File: "scripts/generated.yaml", Line: i + 1,
		})
	}
	return sp
}

// LangSpec is Spec with the matching language: xm's built-in concepts (as
// a project with none of its own sees them) and a pattern on every script:
// its first keyword followed by a concept, rotating through question words
// and actions, plus "~when ~ship" and "满 {n} 减 {n}" on the first two.
func LangSpec(c *Corpus) *bot.Spec {
	sp := Spec(c)
	sp.Concepts = compile.Concepts(&schema.Project{})
	sp.Complaints = true
	sp.SmalltalkReply = "亲,不客气~"
	rot := []string{"~when", "~ship", "~how", "~where", "~how-much", "~refund", "~return", "~size"}
	for i := range sp.Scripts {
		s := &sp.Scripts[i]
		s.Patterns = []string{s.Keywords[0] + " " + rot[i%len(rot)]}
		switch i {
		case 0:
			s.Patterns = append(s.Patterns, "~when ~ship")
		case 1:
			s.Patterns = append(s.Patterns, "满 {n} 减 {n}")
		}
	}
	return sp
}

var (
	corpMu sync.Mutex
	corps  = map[int]*Corpus{}
)

// CorpusOf returns the shared corpus for n keywords (50,000 questions),
// generated once per process.
func CorpusOf(n int) *Corpus {
	corpMu.Lock()
	defer corpMu.Unlock()
	if c, ok := corps[n]; ok {
		return c
	}
	c := Generate(2026, n, 50_000)
	corps[n] = c
	return c
}

// Since is time.Since, for the report.
func Since(t time.Time) time.Duration { return time.Since(t) }
