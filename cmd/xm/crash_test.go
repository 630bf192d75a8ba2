package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xm-dev/xm/bot"
)

// TestCompileSurvivesSIGKILL kills xm compile at random points while it
// writes a multi-megabyte bundle, 200 times, alternating between two
// versions of the sources. After every kill the bundle path must hold one
// complete bundle, the old or the new, byte for byte; and temporary files
// left by the killed writers must not pile up.
func TestCompileSurvivesSIGKILL(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("kills 200 compiles; run without -short and -race")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "xm")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	proj := filepath.Join(dir, "shop")
	writeVersion := func(v int) {
		t.Helper()
		var b strings.Builder
		b.WriteString("scripts:\n")
		for i := 0; i < 8000; i++ {
			fmt.Fprintf(&b, "  - id: s%d\n    topic: other\n    keywords: [词%d号, 货%d号]\n    examples: [词%d号怎么样]\n    reply: 亲,这是第 %d 条回复,版本 %d\n", i, i, i, i, i, v)
		}
		write(t, proj, "scripts/a.yaml", b.String())
	}
	write(t, proj, "xm.yaml", "xm: 1\nshop: {name: 店, category: general}\nhandoff: {keywords: [转人工], urgent: [紧急], reply: 转接}\nfallback: {reply: 还在学习}\nlint: {disable: [missing-topic]}\n")
	out := filepath.Join(proj, "shop.xmb")
	compileOnce := func() ([]byte, time.Duration) {
		t.Helper()
		start := time.Now()
		cmd := exec.Command(bin, "-C", proj, "compile", "-o", out)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("compile: %v\n%s", err, b)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return data, time.Since(start)
	}
	versions := map[int][]byte{}
	var took time.Duration
	for v := 0; v < 2; v++ {
		writeVersion(v)
		versions[v], took = compileOnce()
	}
	if bytes.Equal(versions[0], versions[1]) {
		t.Fatal("the two versions compile to the same bundle")
	}
	r := rand.New(rand.NewPCG(7, 11))
	killed := 0
	for i := 0; i < 200; i++ {
		writeVersion(i % 2)
		cmd := exec.Command(bin, "-C", proj, "compile", "-o", out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(r.Int64N(int64(took) * 12 / 10)))
		if cmd.Process.Signal(syscall.SIGKILL) == nil {
			killed++
		}
		cmd.Wait()
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatalf("kill %d: the bundle is gone: %v", i, err)
		}
		if !bytes.Equal(data, versions[0]) && !bytes.Equal(data, versions[1]) {
			t.Fatalf("kill %d: the bundle is neither the old nor the new one (%d bytes)", i, len(data))
		}
		if _, err := bot.Decode(data); err != nil {
			t.Fatalf("kill %d: %v", i, err)
		}
		temps, _ := filepath.Glob(filepath.Join(proj, ".shop.xmb.tmp-*"))
		if len(temps) > 1 {
			t.Fatalf("kill %d: %d temporary files piled up", i, len(temps))
		}
	}
	// A compile after the last kill clears what the last killed one left.
	compileOnce()
	if temps, _ := filepath.Glob(filepath.Join(proj, ".shop.xmb.tmp-*")); len(temps) != 0 {
		t.Fatalf("temporary files left: %v", temps)
	}
	t.Logf("%d kills; one compile takes %v", killed, took)
}
