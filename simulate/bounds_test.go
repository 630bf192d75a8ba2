package simulate

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xm-dev/xm/i18n"
)

// genReader makes n lines on the fly, line(i) each, without holding them.
type genReader struct {
	n, i int
	line func(int) string
	buf  []byte
}

func (g *genReader) Read(p []byte) (int, error) {
	for len(g.buf) == 0 {
		if g.i == g.n {
			return 0, io.EOF
		}
		g.buf = []byte(g.line(g.i) + "\n")
		g.i++
	}
	n := copy(p, g.buf)
	g.buf = g.buf[n:]
	return n, nil
}

func heapAfter(f func()) uint64 {
	f()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestMemoryBounds: what a replay keeps does not grow with its input:
// long distinct unanswered lines are kept cut, distinct expectations are
// tracked up to a bound and reported as the top pairs and a count, and
// --workers past four a core runs on four a core.
func TestMemoryBounds(t *testing.T) {
	b := bundleOf(t, twoScripts)
	base := heapAfter(func() {})
	var figs *Figures
	// 64 distinct unanswered lines of 256 KiB each (kept whole before:
	// 300 lines of 1 MB took 1.2 GB).
	in := &genReader{n: 64, line: func(i int) string { return fmt.Sprintf("%03d", i) + strings.Repeat("天", 256<<10/3-2) }}
	r, _ := NewReader(in, "big.txt", TXT, 1<<20)
	held := heapAfter(func() {
		var err error
		figs, err = Run(b, []Reader{r}, Options{At: time.Now()}, Handlers{})
		if err != nil {
			t.Fatal(err)
		}
	})
	if figs.Fallback != 64 {
		t.Fatalf("fallback %d, want 64", figs.Fallback)
	}
	if grown := int64(held) - int64(base); grown > 4<<20 {
		t.Errorf("the figures keep %d KiB after 16 MB of unanswered questions", grown>>10)
	}
	for _, g := range figs.Unanswered {
		if len(g.Text) > maxKeptBytes+3 {
			t.Errorf("unanswered text kept whole: %d bytes", len(g.Text))
		}
	}

	// 50,000 lines, each expecting a different script.
	in = &genReader{n: 50_000, line: func(i int) string { return fmt.Sprintf("M码多大 => s%d", i) }}
	r, _ = NewReader(in, "q.txt", TXT, 0)
	figs, err := Run(b, []Reader{r}, Options{At: time.Now(), Workers: 1_000_000}, Handlers{})
	if err != nil {
		t.Fatal(err)
	}
	if len(figs.Confusions) != ShownConfusions || figs.OtherMisses != 50_000-ShownConfusions {
		t.Fatalf("confusions %d, other misses %d", len(figs.Confusions), figs.OtherMisses)
	}
	if n := len(figs.tally.conf); n > maxConfusions {
		t.Fatalf("tracked %d pairs", n)
	}
	var out strings.Builder
	if err := TextFigures(&out, figs, i18n.EN); err != nil {
		t.Fatal(err)
	}
	if want := "  … and 49980 more missed question(s), outside the 20 most frequent pairs above\n"; !strings.Contains(out.String(), want) {
		t.Fatalf("report lacks %q:\n%s", want, out.String())
	}
}
