// Package mine is xm's data loop: it replays chat logs through a project,
// collects what the bot could not answer or barely answered (fallbacks,
// close calls between topics, similarity answers of low confidence) and
// the scripts buyers keep asking again after, clusters those messages
// deterministically, and suggests for each cluster either new examples
// (and, where one term explains the cluster, a keyword) for an existing
// script, checked by building the project with the change and running
// lint and the matcher, or a new script for the seller to write. It edits
// YAML text (Apply) but does not load projects or print: schema, compile
// and the command do.
package mine

import (
	"cmp"
	"os"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/simulate"
)

// Limits, documented in docs/mine.md.
const (
	// DefaultMaxPhrasings bounds the table of distinct (normalised)
	// phrasings kept while reading; when it is full the least frequent go
	// (Misra-Gries), so memory does not grow with the log.
	DefaultMaxPhrasings = 20000
	// DefaultMaxClustered is how many of the most frequent phrasings are
	// clustered.
	DefaultMaxClustered = 2000
	// DefaultMaxClusters is how many clusters are reported.
	DefaultMaxClusters = 400
	// MaxRunes is where a message is cut for clustering; the example shown
	// is cut at MaxShown.
	MaxRunes = 64
	MaxShown = 120
	// maxBuyers is how many distinct buyers a phrasing tracks exactly;
	// past it, every message counts as a new buyer.
	maxBuyers = 32
)

// Options tune a run.
type Options struct {
	// Now dates the comments Apply writes and is the clock for lint.
	Now time.Time
	// At is the time for records without one (zero: timeless).
	At time.Time
	// MinConfidence: similarity answers below it are collected (default 0.5).
	MinConfidence float32
	// MinMargin: keyword answers less than this share ahead of another
	// topic's candidate are collected as close calls (default 0.4).
	MinMargin float32
	// FollowUpRate and FollowUpMin: a script whose replies are followed
	// up at least this often, over at least FollowUpMin timed replies, is
	// reported (defaults 0.3 and 5).
	FollowUpRate float64
	FollowUpMin  int
	FollowUp     time.Duration // the follow-up window (default 3 minutes)
	MaxPhrasings int
	MaxClustered int
	MaxClusters  int
	Workers      int
}

func (o *Options) defaults() {
	if o.MinConfidence == 0 {
		o.MinConfidence = 0.5
	}
	if o.MinMargin == 0 {
		o.MinMargin = 0.4
	}
	if o.FollowUpRate == 0 {
		o.FollowUpRate = 0.3
	}
	if o.FollowUpMin == 0 {
		o.FollowUpMin = 5
	}
	if o.MaxPhrasings <= 0 {
		o.MaxPhrasings = DefaultMaxPhrasings
	}
	if o.MaxClustered <= 0 {
		o.MaxClustered = DefaultMaxClustered
	}
	if o.MaxClusters <= 0 {
		o.MaxClusters = DefaultMaxClusters
	}
}

// Reason is why a message was collected.
type Reason uint8

const (
	ReasonFallback  Reason = iota // nothing answered
	ReasonCloseCall               // two topics nearly tied (fallback, or a narrow win)
	ReasonLowConf                 // answered from the examples with low confidence
	numReasons
)

var reasonNames = [numReasons]string{"fallback", "close-call", "low-confidence"}

func (r Reason) String() string { return reasonNames[r] }

// phrasing is one distinct normalised message.
type phrasing struct {
	key     string
	text    string // the first original text, cut at MaxShown
	count   int
	buyers  int
	seen    []uint64 // buyer hashes, at most maxBuyers
	reasons [numReasons]int
	terms   []term // clustering terms, once clustered
	group   *group
	// script is the script that answered (close call or low confidence)
	// most recently, or -1.
	script int32
}

// collector gathers the messages that need a look, in bounded memory.
type collector struct {
	opt      Options
	b        *bot.Bundle
	table    map[string]*phrasing
	read     int
	counts   [numReasons]int
	small    int
	handled  int
	answered answeredSample
	learn    *learner
	// smallTalk keeps distinct small-talk messages (at most
	// maxSmalltalk), to check that no change makes a script answer them.
	smallTalk []string
	smallSeen map[string]bool
}

func newCollector(b *bot.Bundle, opt Options) *collector {
	return &collector{opt: opt, b: b, table: make(map[string]*phrasing, 1024), answered: answeredSample{max: 2000, seen: map[string]bool{}}, smallSeen: map[string]bool{}}
}

// classify says whether an answer needs a look, and why.
func (c *collector) classify(a *bot.Answer) (Reason, bool) {
	switch {
	case a.Outcome == bot.Fallback && a.Candidates > 0:
		return ReasonCloseCall, true
	case a.Outcome == bot.Fallback:
		return ReasonFallback, true
	case a.Outcome == bot.Reply && a.Similar && a.Confidence < c.opt.MinConfidence:
		return ReasonLowConf, true
	case a.Outcome == bot.Reply && !a.Similar && a.RunnerUp >= 0 && a.Margin < c.opt.MinMargin && !a.HandsOver:
		return ReasonCloseCall, true
	}
	return 0, false
}

func (c *collector) add(r *simulate.Result) {
	if !r.HasQuery {
		return
	}
	c.read++
	a := &r.Answer
	switch {
	case a.Outcome == bot.Smalltalk:
		c.small++
		if len(c.smallTalk) < maxSmalltalk {
			if k := clusterKey(r.Rec.Text); k != "" && !c.smallSeen[k] {
				c.smallSeen[k] = true
				c.smallTalk = append(c.smallTalk, cut(r.Rec.Text, MaxShown))
			}
		}
		return
	case a.HandsOver && a.Outcome != bot.Reply, a.Complaint:
		c.handled++
		return
	}
	reason, ok := c.classify(a)
	key := clusterKey(r.Rec.Text)
	if !ok {
		if a.Outcome == bot.Reply && !a.Similar {
			c.answered.add(key, r.Rec.Text, a.Script)
			if !a.HandsOver && c.learn != nil {
				c.learn.add(key, a.Script)
			}
		}
		return
	}
	if key == "" {
		return
	}
	c.counts[reason]++
	if c.learn != nil {
		c.learn.add(key, -1)
	}
	p, ok := c.table[key]
	if !ok {
		if len(c.table) >= c.opt.MaxPhrasings {
			// Misra-Gries: every count drops by one, the zeros go. Total
			// decrements never exceed total increments: amortised O(1).
			for k, e := range c.table {
				if e.count--; e.count <= 0 {
					delete(c.table, k)
				}
			}
			if len(c.table) >= c.opt.MaxPhrasings {
				return
			}
		}
		p = &phrasing{key: key, text: cut(r.Rec.Text, MaxShown), script: -1}
		c.table[key] = p
	}
	p.count++
	p.reasons[reason]++
	if a.Outcome == bot.Reply {
		p.script = a.Script
	}
	buyer := r.Rec.Buyer
	if buyer == "" {
		p.buyers++ // no buyer named: each message is its own buyer
		return
	}
	h := fnv64(buyer)
	if slices.Contains(p.seen, h) {
		return
	}
	p.buyers++
	if len(p.seen) < maxBuyers {
		p.seen = append(p.seen, h)
	}
}

// answeredSample keeps the first distinct messages a keyword answered, to
// check that a suggested keyword does not take questions another script
// answers today.
type answeredSample struct {
	max   int
	seen  map[string]bool
	texts []string
	by    []int32
}

func (s *answeredSample) add(key, text string, script int32) {
	if len(s.texts) >= s.max || key == "" || s.seen[key] {
		return
	}
	s.seen[key] = true
	s.texts = append(s.texts, cut(text, MaxShown))
	s.by = append(s.by, script)
}

// clusterKey is the text clusters compare: normalised (width, case,
// traditional → simplified, no punctuation or emoji; entities masked),
// cut at MaxRunes characters.
func clusterKey(s string) string {
	if len(s) > 4*MaxShown {
		s = cut(s, MaxShown)
	}
	return cut(bot.Normalize(s), MaxRunes)
}

// cut keeps the first n characters of s.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	return s
}

// phrasings returns the table's phrasings, most frequent first, ties by
// text: the order clustering reads them in.
func (c *collector) phrasings() []*phrasing {
	out := make([]*phrasing, 0, len(c.table))
	for _, p := range c.table {
		out = append(out, p)
	}
	slices.SortFunc(out, func(x, y *phrasing) int {
		return cmp.Or(cmp.Compare(y.count, x.count), strings.Compare(x.key, y.key))
	})
	return out
}

// fnv64 is FNV-1a: a fixed hash, so runs agree byte for byte.
func fnv64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

var whySingle = i18n.T("只有一条消息，不足以下结论", "one message is no pattern yet")

func mkdirAll(dir string) error { return os.MkdirAll(dir, 0o755) }

// hasTopic reports whether the phrasing names a concept of topic.
func (p *phrasing) hasTopic(topic string) bool {
	for _, t := range p.terms {
		if c, ok := strings.CutPrefix(t.text, "~"); ok && conceptTopic[c] == topic {
			return true
		}
	}
	return false
}

// pureFor reports whether the phrasing names topic and no other topic's
// concept: an example that teaches one thing.
func (p *phrasing) pureFor(topic string) bool {
	has := false
	for _, t := range p.terms {
		c, ok := strings.CutPrefix(t.text, "~")
		if !ok {
			continue
		}
		switch tp := conceptTopic[c]; {
		case tp == topic:
			has = true
		case tp != "":
			return false
		}
	}
	return has
}
