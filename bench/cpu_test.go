package bench

import (
	"runtime"
	"testing"
)

// timed runs f b.N times on one locked thread and reports, beside ns/op,
// cpu-ns/op: the thread's CPU time per op, which a busy shared machine
// disturbs far less than wall time.
func timed(b *testing.B, f func(i int)) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	start := threadCPU()
	for i := 0; i < b.N; i++ {
		f(i)
	}
	if start > 0 {
		b.ReportMetric(float64(threadCPU()-start)/float64(b.N), "cpu-ns/op")
	}
}
