package simulate

import (
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xm-dev/xm/compile"
	"github.com/xm-dev/xm/schema"
)

// logGen streams n generated chat-log lines: buyers asking the apparel
// shop's questions (and others), a minute or two apart, some following up.
type logGen struct {
	n, i int
	r    *rand.Rand
	buf  []byte
	t    time.Time
}

var genQuestions = []string{"M码适合多少斤", "什么时候发货", "我的快递到哪了", "有优惠券吗", "退款多久到账", "可以七天无理由退货吗", "这件是什么面料", "能开发票吗", "转人工", "你们老板是谁", "那L码呢", "地址填错了能改吗", "这款还有货吗", "请問Ｍ碼適合多少斤😊", "订单123456789012改地址"}

func (g *logGen) Read(p []byte) (int, error) {
	for len(g.buf) == 0 {
		if g.i >= g.n {
			return 0, io.EOF
		}
		g.i++
		g.t = g.t.Add(time.Duration(g.r.IntN(3000)) * time.Millisecond)
		g.buf = fmt.Appendf(g.buf[:0], `{"time":%q,"buyer":"b%d","text":%q}`+"\n",
			g.t.Format(time.RFC3339), g.r.IntN(50000), genQuestions[g.r.IntN(len(genQuestions))])
	}
	n := copy(p, g.buf)
	g.buf = g.buf[n:]
	return n, nil
}

func replayLines(b *testing.B, n int) {
	p, err := schema.Load("../examples/apparel")
	if err != nil {
		b.Fatal(err)
	}
	bundle, err := compile.Build(p)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		gen := &logGen{n: n, r: rand.New(rand.NewPCG(1, 2)), t: time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)}
		r, _ := NewReader(gen, "gen.jsonl", JSONL, 0)
		var peak atomic.Uint64
		stop := make(chan struct{})
		sampled := make(chan struct{})
		runtime.GC()
		go func() {
			defer close(sampled)
			var m runtime.MemStats
			for {
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		}()
		start := time.Now()
		f, err := Run(bundle, []Reader{r}, Options{}, Handlers{})
		elapsed := time.Since(start)
		close(stop)
		<-sampled
		if err != nil {
			b.Fatal(err)
		}
		if f.Questions != n {
			b.Fatalf("%d questions", f.Questions)
		}
		b.ReportMetric(float64(n)/elapsed.Seconds(), "q/s")
		b.ReportMetric(float64(peak.Load())/(1<<20), "peakMiB")
	}
}

// BenchmarkReplay1M replays a generated 1,000,000-line chat log on every core.
func BenchmarkReplay1M(b *testing.B) { replayLines(b, 1_000_000) }

// BenchmarkReplay10M is the same at ten million lines: peak memory must
// stay where it was at one million.
func BenchmarkReplay10M(b *testing.B) { replayLines(b, 10_000_000) }
