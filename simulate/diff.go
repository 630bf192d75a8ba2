package simulate

import (
	"cmp"
	"slices"
	"time"

	"github.com/xm-dev/xm/bot"
)

// Change is one question whose outcome differs between two versions.
type Change struct {
	Rec      Record
	Old, New string
}

// Transition groups the changes from one outcome to another.
type Transition struct {
	Old      string   `json:"old"`
	New      string   `json:"new"`
	Count    int      `json:"count"`
	Examples []string `json:"examples"`
}

// DiffReport sums up a diff.
type DiffReport struct {
	Version     int          `json:"version"`
	Questions   int          `json:"questions"`
	Changed     int          `json:"changed"`
	Malformed   int          `json:"malformed"`
	Transitions []Transition `json:"transitions"`
}

// Diff replays the same questions against two bundles and reports every
// question whose outcome changed, in input order, then the transitions
// grouped with their counts ("37 questions now go to refund-rules").
func Diff(old, new *bot.Bundle, readers []Reader, at time.Time, onChange func(*Change) error, onProblem func(*Problem) error) (*DiffReport, error) {
	rep := &DiffReport{Version: 1}
	trans := map[[2]string]*Transition{}
	oldSc, newSc := old.NewScratch(), new.NewScratch()
	err := each(readers, func(rec Record) error {
		rec.localize(new.Location())
		if rec.Text == "" {
			return nil
		}
		now := rec.Time
		if now.IsZero() {
			now = at
		}
		ctx := bot.Context{Now: now}
		o := old.OutcomeName(old.AnswerWith(oldSc, rec.Text, ctx))
		n := new.OutcomeName(new.AnswerWith(newSc, rec.Text, ctx))
		rep.Questions++
		if o == n {
			return nil
		}
		rep.Changed++
		k := [2]string{o, n}
		t, ok := trans[k]
		if !ok {
			t = &Transition{Old: o, New: n}
			trans[k] = t
		}
		t.Count++
		if len(t.Examples) < 3 {
			t.Examples = append(t.Examples, rec.Text)
		}
		if onChange != nil {
			return onChange(&Change{Rec: rec, Old: o, New: n})
		}
		return nil
	}, func(p *Problem) error {
		rep.Malformed++
		if onProblem != nil {
			return onProblem(p)
		}
		return nil
	})
	if err != nil {
		return rep, err
	}
	rep.Transitions = []Transition{}
	for _, t := range trans {
		rep.Transitions = append(rep.Transitions, *t)
	}
	slices.SortFunc(rep.Transitions, func(a, b Transition) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.New, b.New), cmp.Compare(a.Old, b.Old))
	})
	return rep, nil
}
