package bot

import (
	"strings"
	"sync"
	"testing"
	"time"
)

func TestEntities(t *testing.T) {
	for _, tc := range []struct{ q, want string }{
		{"订单123456789012改地址", "order:123456789012"},
		{"我105斤穿多大", "weight:105斤=105"},
		{"身高165cm体重50kg", "height:165cm=165 weight:50kg=100"},
		{"1米65,穿M还是L", "height:1米65=165 size:M size:L"},
		{"手机13812345678", "phone:13812345678"},
		{"ＸＬ码有吗", "size:ＸＬ"},
		{"2XL和均码", "size:2XL size:均码"},
		{"SMALL和XLarge不是尺码", ""},
		{"订单１２３４５６", "order:１２３４５６"},
		{"100斤", "weight:100斤=100"},
		{"", ""},
		// After Chinese text and punctuation, at every byte of the
		// eight-byte pre-scan, and 均码 after a Latin letter or late.
		{"请问这个衣服什么时候发货。s码呢", "size:s"},
		{"这件，m", "size:m"},
		{"亲亲这件衣服有没有l的…xl呢", "size:l size:xl"},
		{"请问一下这款衣服是不是均码的", "size:均码"},
		{"a这款是均码吗", "size:均码"},
		{"这款一百斤能穿吗？我１２０斤", "weight:１２０斤=120"},
		{"号码还是碼数，公斤千克厘米", ""},
	} {
		var ents [len(Answer{}.Entities)]Entity
		n := extract(tc.q, &ents)
		var got []string
		for _, e := range ents[:n] {
			s := e.Kind.String() + ":" + tc.q[e.Start:e.End]
			if e.Kind == EntityWeight || e.Kind == EntityHeight {
				s += "=" + itoa(int(e.Num))
			}
			got = append(got, s)
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%q: got %q, want %q", tc.q, strings.Join(got, " "), tc.want)
		}
	}
}

func TestAnswerDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are meaningless under the race detector")
	}
	b := loadExample(t)
	now := time.Date(2026, 11, 25, 21, 0, 0, 0, time.UTC)
	for _, q := range []string{"請問Ｍ碼適合多少斤", "订单123456789012改地址", "你们老板是谁", "转人工", "这件衣服会不会起球呀😊"} {
		b.Answer(q, Context{Now: now}) // warm the pool
		if n := testing.AllocsPerRun(200, func() { b.Answer(q, Context{Now: now}) }); n != 0 {
			t.Errorf("Answer(%q) allocates %v times", q, n)
		}
	}
}

// FuzzEntities feeds arbitrary text to the entity scanner: no panic, the
// entities the character-by-character scan finds, and every entity's
// range inside the question.
func FuzzEntities(f *testing.F) {
	for _, s := range []string{"订单123456789012", "1米65", "2XL", "50kg", "\xff1米", "9999999999999999999999斤", "请问这件衣服的均码合适吗", "请问这件衣服的均\x9d码合适", "请问这件衣服的尺寸是ＸＬ吗", "身高1米65体重100斤穿L码还是2XL呢", "订单号１２３４５６７８发货了吗abc 均码", "我要m码的，不是xl码"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		// From every byte, as extract asks after each token: the first
		// byte at or after it where startsEntity holds.
		want := -1
		for from := len(q); from >= 0; from-- {
			if from < len(q) && startsEntity(q, from) {
				want = from
			}
			if got := firstEntity(q, from); got != want {
				t.Fatalf("first entity byte of %q from %d: %d, want %d", q, from, got, want)
			}
		}
		var ents, ref [len(Answer{}.Entities)]Entity
		n := extract(q, &ents)
		if m := extractRef(q, &ref); m != n || ents != ref {
			t.Fatalf("entities of %q: %v, want %v", q, ents[:n], ref[:m])
		}
		for _, e := range ents[:n] {
			if e.Start < 0 || e.End > int32(len(q)) || e.Start >= e.End {
				t.Fatalf("entity %+v outside %q", e, q)
			}
		}
	})
}

// TestConcurrentAnswers shares one loaded bundle across 64 goroutines:
// every goroutine must get the answers a lone caller gets (run with -race).
func TestConcurrentAnswers(t *testing.T) {
	built := loadExample(t)
	b, err := Decode(built.Encode())
	if err != nil {
		t.Fatal(err)
	}
	qs := []string{"請問Ｍ碼適合多少斤", "订单123456789012改地址", "你们老板是谁", "转人工", "有便宜一点的吗", "紧急", "XL码适合多少斤"}
	now := time.Date(2026, 11, 25, 21, 0, 0, 0, time.UTC)
	want := make([]Answer, len(qs))
	for i, q := range qs {
		want[i] = b.Answer(q, Context{Now: now})
	}
	errs := make(chan string, 64)
	var wg sync.WaitGroup
	for g := 0; g < 64; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				k := (g + i) % len(qs)
				if a := b.Answer(qs[k], Context{Now: now}); a != want[k] {
					errs <- qs[k]
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for q := range errs {
		t.Errorf("a concurrent answer to %q differs", q)
	}
}

// TestExplainEventAfterQuestion: an event alone, explained with a pooled
// scratch that last answered a question, shows no stale hits (it used to
// slice the empty question with the last one's offsets).
func TestExplainEventAfterQuestion(t *testing.T) {
	b := loadExample(t)
	for range 3 {
		b.Explain("M码适合多少斤，什么时候发货", Context{}, nil)
		tr := b.Explain("", Context{Event: "order.shipped"}, Order{"item": "连衣裙"})
		if len(tr.Hits) != 0 || tr.Answer.Outcome != Event {
			t.Fatalf("event alone: %d hits, outcome %v", len(tr.Hits), tr.Answer.Outcome)
		}
	}
}

// TestMasks: spanMask and rangeMask against the characters counted one
// by one, for every span a hit or a pattern can have.
func TestMasks(t *testing.T) {
	want := func(start, end int32) uint64 {
		var m uint64
		for c := start; c < end && c < 64; c++ {
			m |= 1 << c
		}
		return m
	}
	for e := int32(0); e < 140; e++ {
		for l := int32(1); l <= e; l++ {
			if got := rangeMask(e-l, e); got != want(e-l, e) {
				t.Errorf("rangeMask(%d, %d) = %#x, want %#x", e-l, e, got, want(e-l, e))
			}
			w := want(e-l, e)
			if e > 64 {
				w = 0 // spanMask: nothing for a span ending past the first 64
			}
			if got := spanMask(e, l); got != w {
				t.Errorf("spanMask(%d, %d) = %#x, want %#x", e, l, got, w)
			}
		}
	}
}
