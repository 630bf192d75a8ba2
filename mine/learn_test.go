package mine

import (
	"fmt"
	"slices"
	"testing"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/compile"
	"github.com/xm-dev/xm/schema"
)

// TestLearnWords: a message's candidate words are the runs of two and
// three Chinese characters no concept member and no keyword covers, and
// its concepts; small talk, question words and placeholders give none.
// The messages are written for this test.
func TestLearnWords(t *testing.T) {
	lx := newLexicon(compile.Concepts(&schema.Project{}), []string{"when"})
	p := &schema.Project{Scripts: []*schema.Script{{ID: "logistics", Keywords: []string{"邻居", "~courier"}}}}
	l := &learner{lx: lx, covered: coveredBy(p)}
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"电子版的发票什么时候给", []string{"~invoice", "子版", "电子", "电子版"}},
		{"放邻居家可以吗", []string{"居家", "放邻"}}, // 邻居 is a keyword: inside it or holding it, covered
		{"谢谢", nil},
		{"abc 电子", []string{"电子"}},
		{"[数字x]个", nil},
	} {
		got := l.words(bot.Normalize(tc.in))
		if !slices.Equal(got, tc.want) {
			t.Errorf("words(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestLearnCandidates: a word qualifies with at least LearnMinConfident
// confident answers, LearnMinShare of them one script's, and
// LearnMinCollected collected messages; a concept only for a script of
// the topic the library maps it to; never for a handoff script.
func TestLearnCandidates(t *testing.T) {
	b := &bot.Bundle{Scripts: []bot.Script{{ID: "invoice", Topic: "invoice"}, {ID: "logistics", Topic: "logistics"}, {ID: "human", Topic: "handoff", Handoff: true}}}
	for _, tc := range []struct {
		name      string
		word      string
		conf      map[int32]int32
		collected int32
		want      string // the script it is proposed for, "" none
	}{
		{"enough", "电子版", map[int32]int32{0: 4}, 3, "invoice"},
		{"too few confident", "电子版", map[int32]int32{0: 3}, 3, ""},
		{"too few collected", "电子版", map[int32]int32{0: 9}, 2, ""},
		{"share 86%", "邻居家", map[int32]int32{1: 6, 0: 1}, 3, "logistics"},
		{"share 83%", "邻居家", map[int32]int32{1: 5, 0: 1}, 3, ""},
		{"concept of the topic", "~tax-no", map[int32]int32{0: 5}, 3, "invoice"},
		{"concept of another topic", "~refund", map[int32]int32{0: 5}, 3, ""},
		{"concept of no topic", "~pay-method", map[int32]int32{0: 5}, 3, ""},
		{"handoff script", "经理", map[int32]int32{2: 5}, 3, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := &termStat{conf: tc.conf, collected: tc.collected}
			for _, n := range tc.conf {
				st.total += n
			}
			l := &learner{table: map[string]*termStat{tc.word: st}}
			got := ""
			for _, c := range l.candidates(b) {
				got = b.Scripts[c.script].ID
			}
			if got != tc.want {
				t.Fatalf("proposed for %q, want %q", got, tc.want)
			}
		})
	}
}

// TestLearnBounded: the word table never holds more than its limit, and
// a word seen often survives the evictions.
func TestLearnBounded(t *testing.T) {
	lx := newLexicon(compile.Concepts(&schema.Project{}), nil)
	l := &learner{lx: lx, covered: func(string) bool { return false }, max: 50, table: map[string]*termStat{}}
	for i := range 2000 {
		l.add(bot.Normalize(fmt.Sprintf("电子版%c%c", '甲'+rune(i%400), '乙'+rune(i/5%300))), int32(i%2))
		if len(l.table) > 50 {
			t.Fatalf("%d words after %d messages", len(l.table), i+1)
		}
	}
	if s := l.table["电子版"]; s == nil || s.total == 0 {
		t.Fatalf("the frequent word was evicted: %+v", s)
	}
}

// TestLearnCountsPhrasingsOnce: a message repeated (pasted, templated)
// counts once for its words, confident or collected.
func TestLearnCountsPhrasingsOnce(t *testing.T) {
	lx := newLexicon(compile.Concepts(&schema.Project{}), nil)
	l := &learner{lx: lx, covered: func(string) bool { return false }, max: 100, table: map[string]*termStat{}}
	for range 10 {
		l.add(bot.Normalize("电子版在哪"), 0)
		l.add(bot.Normalize("电子版给我"), -1)
	}
	l.add(bot.Normalize("要电子版"), 0)
	if s := l.table["电子版"]; s == nil || s.total != 2 || s.conf[0] != 2 || s.collected != 1 {
		t.Fatalf("电子版 counted %+v, want 2 confident and 1 collected", s)
	}
}
