package compile

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/schema"
)

func loadExample(t testing.TB) *bot.Bundle {
	t.Helper()
	p, err := schema.Load("../examples/apparel")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Build(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestExampleQuestions replays the example's own test questions: every
// expectation must hold.
func TestExampleQuestions(t *testing.T) {
	b := loadExample(t)
	f, err := os.Open("../examples/apparel/tests/questions.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, b.Location())
	n := 0
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		q, want, _ := strings.Cut(line, "=>")
		q, want = strings.TrimSpace(q), strings.TrimSpace(want)
		a := b.Answer(q, bot.Context{Now: now})
		if got := b.OutcomeName(a); got != want {
			t.Errorf("%s => %s, got %s (conf %.2f, similar %v)", q, want, got, a.Confidence, a.Similar)
		}
		n++
	}
	if n < 60 {
		t.Fatalf("only %d questions", n)
	}
}
