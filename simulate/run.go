package simulate

import (
	"runtime"
	"time"

	"github.com/xm-dev/xm/bot"
)

// Result is one replayed record.
type Result struct {
	Rec      Record
	Answer   bot.Answer
	Outcome  string // script id, handoff, urgent, smalltalk or fallback; "" for an event alone
	Topic    string // the answer's topic (the script's, dispute for a complaint), or ""
	Script   string // the answering script's id, "" when none answered
	Pack     string // the knowledge pack the script came from ("commerce@1"), or ""
	Reply    string
	Notices  []Notice
	Met      bool // the expectation holds (when there is one)
	HasQuery bool // false for an order event with no text
}

// Notice is a trigger message sent with (or instead of) an answer.
type Notice struct {
	Trigger string
	Text    string
}

// Options tune a replay.
type Options struct {
	// At is the time for records without one; zero leaves them timeless
	// (no time windows, no promotion dates).
	At       time.Time
	FollowUp time.Duration // a buyer writing again within this after an automatic reply is a follow-up
	Workers  int           // 0: every core
	Strict   bool          // a malformed line stops the replay
}

// Handlers receive results in input order, and problems as they come.
type Handlers struct {
	Result  func(*Result) error
	Problem func(*Problem) error
}

const batchSize = 256

type batch struct {
	seq      int
	recs     []Record
	res      []Result
	problems []*Problem // malformed lines met while filling this batch
}

// MaxWorkers is the most goroutines Run answers on: four per core (more
// only cost a scratch each; --workers 1000000 ran out of memory).
func MaxWorkers() int { return 4 * runtime.GOMAXPROCS(0) }

// Run replays every record of the readers against b, in order, on
// opt.Workers goroutines, and returns the figures. Memory stays bounded
// whatever the input size: at most a few batches are in flight.
func Run(b *bot.Bundle, readers []Reader, opt Options, h Handlers) (*Figures, error) {
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, MaxWorkers())
	figs := newFigures(b, opt.FollowUp)
	jobs := make(chan *batch, workers*2)
	done := make(chan *batch, workers*2)
	stop := make(chan struct{})
	readErr := make(chan error, 1)

	go func() { // reader
		var rerr error
		defer func() {
			close(jobs)
			readErr <- rerr
		}()
		seq := 0
		cur := &batch{seq: seq}
		flush := func() bool {
			if len(cur.recs) == 0 && len(cur.problems) == 0 {
				return true
			}
			select {
			case jobs <- cur:
			case <-stop:
				return false
			}
			seq++
			cur = &batch{seq: seq}
			return true
		}
		loc := b.Location()
		rerr = each(readers, func(rec Record) error {
			rec.localize(loc)
			cur.recs = append(cur.recs, rec)
			if len(cur.recs) == batchSize && !flush() {
				return errStop // the consumer stopped
			}
			return nil
		}, func(p *Problem) error {
			cur.problems = append(cur.problems, p)
			if opt.Strict {
				return p
			}
			return nil
		})
		flush()
	}()

	var wdone = make(chan struct{})
	for w := 0; w < workers; w++ {
		go func() {
			defer func() { wdone <- struct{}{} }()
			sc := b.NewScratch()
			for bt := range jobs {
				bt.res = make([]Result, len(bt.recs))
				for i := range bt.recs {
					answerOne(b, sc, &bt.recs[i], &bt.res[i], opt)
				}
				done <- bt
			}
		}()
	}
	go func() {
		for w := 0; w < workers; w++ {
			<-wdone
		}
		close(done)
	}()

	pending := map[int]*batch{}
	next := 0
	var herr error
	for bt := range done {
		pending[bt.seq] = bt
		for {
			cur, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			for _, p := range cur.problems {
				figs.addProblem()
				if herr == nil && h.Problem != nil {
					if herr = h.Problem(p); herr != nil {
						close(stop)
					}
				}
			}
			for i := range cur.res {
				r := &cur.res[i]
				figs.add(r)
				if herr == nil && h.Result != nil {
					if herr = h.Result(r); herr != nil {
						close(stop)
					}
				}
			}
		}
	}
	if herr != nil {
		return figs.finish(), herr
	}
	if err := <-readErr; err != nil {
		return figs.finish(), err
	}
	return figs.finish(), nil
}

func answerOne(b *bot.Bundle, sc *bot.Scratch, rec *Record, res *Result, opt Options) {
	res.Rec = *rec
	now := rec.Time
	if now.IsZero() {
		now = opt.At
	}
	ctx := bot.Context{Now: now, Event: rec.Event}
	a := b.AnswerWith(sc, rec.Text, ctx)
	res.Answer = a
	order := bot.Order(rec.Order)
	if rec.Text != "" {
		res.HasQuery = true
		res.Outcome = b.OutcomeName(a)
		res.Topic, res.Pack = b.Topic(a), b.Pack(a)
		if a.Outcome == bot.Reply {
			res.Script = res.Outcome
		}
		res.Reply = string(b.Render(nil, &a, order, now))
		if rec.Expected != "" {
			res.Met = Meets(rec.Expected, res.Outcome)
		}
	}
	if a.Outcome == bot.Event && a.Trigger >= 0 {
		// An event alone: its trigger's message is the whole answer.
		res.Notices = append(res.Notices, Notice{Trigger: b.Triggers[a.Trigger].ID, Text: string(b.Render(nil, &a, order, now))})
	}
	for _, n := range a.Notices[:a.NumNotices] {
		res.Notices = append(res.Notices, Notice{Trigger: b.Triggers[n].ID, Text: string(b.RenderTrigger(nil, n, order, now))})
	}
}

// Meets reports whether an outcome satisfies an expectation: "handoff"
// accepts an urgent handoff too; anything else must match exactly.
func Meets(expected, outcome string) bool {
	return expected == outcome || expected == "handoff" && outcome == "urgent"
}
