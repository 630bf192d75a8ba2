//go:build !linux

package bench

// threadCPU is 0 where xm does not read a thread's CPU time.
func threadCPU() int64 { return 0 }
