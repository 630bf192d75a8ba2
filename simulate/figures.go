package simulate

import (
	"cmp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xm-dev/xm/bot"
)

// FiguresVersion is the version of the figures' JSON shape.
const FiguresVersion = 1

// Figures are what a seller steers by.
type Figures struct {
	Version int `json:"version"`
	// Questions counts buyer messages with text; Events, order events
	// replayed without text; Malformed, input lines skipped.
	Questions int `json:"questions"`
	Events    int `json:"events"`
	Malformed int `json:"malformed"`

	// Outcomes partition the questions (see outcomeClasses): their counts
	// add up to Questions. The headline figures below are their groups.
	Outcomes []OutcomeCount `json:"outcomes"`

	AutoReplied int     `json:"auto_replied"` // a script answered and the bot kept the conversation
	HandedOver  int     `json:"handed_over"`  // to a human: handoff words, or a script with handoff: true after its reply
	Urgent      int     `json:"urgent"`       // of HandedOver, by an urgent word
	Fallback    int     `json:"fallback"`
	BySimilar   int     `json:"by_similarity"` // answered from examples, not keywords
	AutoRate    float64 `json:"auto_reply_rate"`
	HandoffRate float64 `json:"handoff_rate"`
	FallbackRte float64 `json:"fallback_rate"`

	Expected   int         `json:"with_expectation"`
	Met        int         `json:"met"`
	Accuracy   float64     `json:"accuracy"`
	Confusions []Confusion `json:"confusions"` // the most frequent ones, at most ShownConfusions
	// OtherMisses counts the missed expectations not in Confusions.
	OtherMisses int `json:"other_misses"`

	Scripts []ScriptCount `json:"scripts"`
	Topics  []TopicCount  `json:"topics"`
	// ByHour counts questions by hour of day in the shop's timezone, for
	// records that carry a time; HasHours says whether any did.
	ByHour   [24]int `json:"by_hour"`
	HasHours bool    `json:"has_hours"`

	// Unanswered groups the most frequent questions that fell to the
	// fallback, by normalised text and then by shared character pairs:
	// the next scripts to write.
	Unanswered []Group `json:"unanswered"`

	tally *tally
}

// Confusion is a missed expectation: expected X, got Y.
type Confusion struct {
	Expected string   `json:"expected"`
	Got      string   `json:"got"`
	Count    int      `json:"count"`
	Examples []string `json:"examples"`
}

// ScriptCount is one script's hits and follow-ups.
type ScriptCount struct {
	ID    string `json:"id"`
	Topic string `json:"topic"`
	Hits  int    `json:"hits"`
	// Timed counts the hits whose buyer and time are known (logs); of
	// those, FollowUps were followed by the same buyer writing again within
	// the follow-up window: the seller's own measure of a reply that did
	// not work.
	Timed        int     `json:"timed"`
	FollowUps    int     `json:"follow_ups"`
	FollowUpRate float64 `json:"follow_up_rate"`
}

// TopicCount is the hits of one topic.
type TopicCount struct {
	Topic string `json:"topic"`
	Hits  int    `json:"hits"`
}

// Group is a cluster of similar unanswered questions.
type Group struct {
	Text     string   `json:"text"` // the most frequent normalised form
	Count    int      `json:"count"`
	Examples []string `json:"examples"`
}

type tally struct {
	b         *bot.Bundle
	window    time.Duration
	hits      []int
	timed     []int
	followUps []int
	conf      map[[2]string]*Confusion
	last      map[string]lastReply // buyer → last automatic reply
	newest    time.Time
	sinceGC   int
	unans     *heavyHitters
	classes   []int // questions per outcome class
}

type lastReply struct {
	script int32
	at     time.Time
}

func newFigures(b *bot.Bundle, window time.Duration) *Figures {
	if window <= 0 {
		window = 3 * time.Minute
	}
	n := len(b.Scripts)
	return &Figures{Version: FiguresVersion, tally: &tally{b: b, window: window, hits: make([]int, n), timed: make([]int, n), followUps: make([]int, n),
		conf: map[[2]string]*Confusion{}, last: map[string]lastReply{}, unans: newHeavyHitters(2000), classes: make([]int, len(outcomeClasses))}}
}

// Bounds that keep a replay's memory constant whatever its input: the
// distinct (expected, got) pairs tracked, the confusions reported, the
// buyers remembered for follow-ups, and the bytes kept of any one text
// (an unanswered question, an example, an expectation, a buyer id).
const (
	maxConfusions   = 1000
	ShownConfusions = 20
	maxBuyers       = 1 << 20
	maxKeptBytes    = 256
)

// keep returns s cut to at most maxKeptBytes bytes at a character
// boundary, with "…" when cut; the copy does not pin a long line.
func keep(s string) string {
	if len(s) <= maxKeptBytes {
		return s
	}
	i := maxKeptBytes
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return strings.Clone(s[:i]) + "…"
}

func (f *Figures) addProblem() { f.Malformed++ }

func (f *Figures) add(r *Result) {
	t := f.tally
	rec := &r.Rec
	// Follow-ups: this buyer wrote again soon after an automatic reply
	// (an order event is the platform, not the buyer writing).
	buyer := keep(rec.Buyer) // the key the buyer is remembered under
	if r.HasQuery && rec.Buyer != "" && !rec.Time.IsZero() {
		if l, ok := t.last[buyer]; ok && rec.Time.Sub(l.at) <= t.window && !rec.Time.Before(l.at) {
			t.followUps[l.script]++
			delete(t.last, buyer)
		}
		if rec.Time.After(t.newest) {
			t.newest = rec.Time
		}
		if t.sinceGC++; t.sinceGC >= 4096 {
			t.sinceGC = 0
			for k, l := range t.last {
				if t.newest.Sub(l.at) > t.window {
					delete(t.last, k)
				}
			}
		}
	}
	if !r.HasQuery {
		if rec.Event != "" {
			f.Events++
		}
		return
	}
	f.Questions++
	a := &r.Answer
	t.classes[classOf(a)]++
	switch a.Outcome {
	case bot.Reply:
		if !a.HandsOver {
			f.AutoReplied++
		}
		t.hits[a.Script]++
		if a.Similar {
			f.BySimilar++
		}
		if rec.Buyer != "" && !rec.Time.IsZero() {
			t.timed[a.Script]++
			if _, ok := t.last[buyer]; !a.HandsOver && (ok || len(t.last) < maxBuyers) {
				t.last[buyer] = lastReply{a.Script, rec.Time}
			}
		}
	case bot.Fallback:
		f.Fallback++
		t.unans.add(keep(bot.Normalize(rec.Text)), keep(rec.Text))
	case bot.Urgent:
		f.Urgent++
	}
	if a.HandsOver {
		f.HandedOver++
		if rec.Buyer != "" {
			delete(t.last, buyer)
		}
	}
	if !rec.Time.IsZero() {
		f.HasHours = true
		f.ByHour[rec.Time.In(t.b.Location()).Hour()]++
	}
	if rec.Expected != "" {
		f.Expected++
		if r.Met {
			f.Met++
		} else {
			k := [2]string{keep(rec.Expected), r.Outcome}
			c, ok := t.conf[k]
			if !ok {
				if len(t.conf) >= maxConfusions {
					f.OtherMisses++
					return
				}
				c = &Confusion{Expected: k[0], Got: k[1]}
				t.conf[k] = c
			}
			c.Count++
			if len(c.Examples) < 3 {
				c.Examples = append(c.Examples, keep(rec.Text))
			}
		}
	}
}

func rate(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

func (f *Figures) finish() *Figures {
	t := f.tally
	f.AutoRate = rate(f.AutoReplied, f.Questions)
	f.HandoffRate = rate(f.HandedOver, f.Questions)
	f.FallbackRte = rate(f.Fallback, f.Questions)
	f.Accuracy = rate(f.Met, f.Expected)
	f.Outcomes = make([]OutcomeCount, len(outcomeClasses))
	for i, c := range outcomeClasses {
		f.Outcomes[i] = OutcomeCount{Class: c.ID, Group: c.Group.EN, Count: t.classes[i], Rate: rate(t.classes[i], f.Questions)}
	}
	f.Confusions = []Confusion{}
	for _, c := range t.conf {
		f.Confusions = append(f.Confusions, *c)
	}
	slices.SortFunc(f.Confusions, func(a, b Confusion) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Expected, b.Expected), cmp.Compare(a.Got, b.Got))
	})
	if len(f.Confusions) > ShownConfusions {
		for _, c := range f.Confusions[ShownConfusions:] {
			f.OtherMisses += c.Count
		}
		f.Confusions = f.Confusions[:ShownConfusions]
	}
	f.Scripts = []ScriptCount{}
	topics := map[string]int{}
	for i, s := range t.b.Scripts {
		sc := ScriptCount{ID: s.ID, Topic: s.Topic, Hits: t.hits[i], Timed: t.timed[i], FollowUps: t.followUps[i], FollowUpRate: rate(t.followUps[i], t.timed[i])}
		f.Scripts = append(f.Scripts, sc)
		topics[s.Topic] += t.hits[i]
	}
	slices.SortStableFunc(f.Scripts, func(a, b ScriptCount) int { return cmp.Compare(b.Hits, a.Hits) })
	f.Topics = []TopicCount{}
	for k, v := range topics {
		f.Topics = append(f.Topics, TopicCount{k, v})
	}
	slices.SortFunc(f.Topics, func(a, b TopicCount) int { return cmp.Or(cmp.Compare(b.Hits, a.Hits), cmp.Compare(a.Topic, b.Topic)) })
	f.Unanswered = t.unans.groups(10)
	return f
}
