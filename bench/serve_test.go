package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/serve"
)

// cpuTime is the CPU time this process has used (user and system, every
// thread): on a machine others share, the CPU an answer costs is steadier
// than the wall-clock rate.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// conns is how many client connections drive the server at once.
const conns = 64

// BenchmarkServe: xm serve answering POST /v1/answer over loopback, 64
// keep-alive connections at once, against the in-process cost of the same
// answers (Answer and Render on every core) on the same 10k-keyword
// bundle and questions. Client and server share the machine's cores.
// Reported: answers/s, the client-side p50 and p99 latency, and the CPU
// time (client and server together) per answer.
func BenchmarkServe(b *testing.B) {
	c := CorpusOf(10_000)
	bundle, err := bot.New(Spec(c))
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "bench.xmb")
	if _, err := bundle.WriteFile(path); err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 11, 25, 21, 0, 0, 0, time.UTC)
	bodies := make([][]byte, len(c.Questions))
	for i, q := range c.Questions {
		bodies[i], _ = json.Marshal(map[string]string{"text": q})
	}

	b.Run("in-process", func(b *testing.B) {
		start, cpu0 := time.Now(), cpuTime()
		b.RunParallel(func(pb *testing.PB) {
			var buf []byte
			i := 0
			for pb.Next() {
				a := bundle.Answer(c.Questions[i%len(c.Questions)], bot.Context{Now: now})
				buf = bundle.Render(buf[:0], &a, nil, now)
				i += 7
			}
		})
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "answers/s")
		b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/1000/float64(b.N), "cpu-µs/answer")
	})
	for _, tc := range []struct {
		name string
		log  *slog.Logger
	}{
		{"loopback-64", nil},
		{"loopback-64-jsonlog", slog.New(slog.NewJSONHandler(io.Discard, nil))},
	} {
		b.Run(tc.name, func(b *testing.B) {
			s, err := serve.New(serve.Config{Bundle: path, Now: func() time.Time { return now }, Poll: -1, Log: tc.log})
			if err != nil {
				b.Fatal(err)
			}
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error)
			go func() { done <- s.Run(ctx, ln) }()
			defer func() { cancel(); <-done }()
			// The client is as light as wrk: one keep-alive connection per
			// worker writing pre-built requests and reading each response,
			// so the CPU measured is mostly the server's.
			addr := ln.Addr().String()
			reqs := make([][]byte, len(bodies))
			for i, body := range bodies {
				reqs[i] = fmt.Appendf(nil, "POST /v1/answer HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", addr, len(body), body)
			}

			var next atomic.Int64
			lat := make([][]time.Duration, conns)
			var wg sync.WaitGroup
			var failed atomic.Int64
			b.ResetTimer()
			start, cpu0 := time.Now(), cpuTime()
			for w := 0; w < conns; w++ {
				wg.Add(1)
				go func(w int) {
					defer wg.Done()
					c, err := net.Dial("tcp", addr)
					if err != nil {
						failed.Add(1)
						return
					}
					defer c.Close()
					r := bufio.NewReader(c)
					for {
						i := next.Add(1) - 1
						if i >= int64(b.N) {
							return
						}
						t0 := time.Now()
						if _, err := c.Write(reqs[i%int64(len(reqs))]); err != nil {
							failed.Add(1)
							return
						}
						resp, err := http.ReadResponse(r, nil)
						if err != nil {
							failed.Add(1)
							return
						}
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						if resp.StatusCode != 200 {
							failed.Add(1)
						}
						lat[w] = append(lat[w], time.Since(t0))
					}
				}(w)
			}
			wg.Wait()
			elapsed, cpu := time.Since(start), cpuTime()-cpu0
			b.StopTimer()
			if n := failed.Load(); n > 0 {
				b.Fatalf("%d requests failed", n)
			}
			all := slices.Concat(lat...)
			slices.Sort(all)
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "answers/s")
			b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(cpu.Nanoseconds())/1000/float64(b.N), "cpu-µs/answer")
		})
	}
}
