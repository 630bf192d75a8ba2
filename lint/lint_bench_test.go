package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xm-dev/xm/schema"
)

// writeBigProject writes a shop of n scripts (100 a file), each with five
// keywords, two examples and a concrete reply, as an agency's largest
// project might be.
func writeBigProject(tb testing.TB, n int) string {
	tb.Helper()
	dir := tb.TempDir()
	must := func(err error) {
		if err != nil {
			tb.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(dir, "xm.yaml"), []byte("xm: 1\nshop: {name: 大店, category: general}\n"+
		"handoff: {keywords: [转人工], urgent: [紧急], reply: 正在转接}\nfallback: {reply: 还在学习}\n"), 0o644))
	must(os.MkdirAll(filepath.Join(dir, "scripts"), 0o755))
	word := func(i, salt int) string {
		var b strings.Builder
		for k := 0; k < 3; k++ {
			b.WriteRune(rune(0x4E00 + (i*7919+salt*104729+k*31)%20000))
		}
		return b.String()
	}
	topics := []string{"stock", "discount", "shipping-time", "logistics", "address-change", "refund", "return-policy", "freight-insurance"}
	for f := 0; f*100 < n; f++ {
		var b strings.Builder
		b.WriteString("scripts:\n")
		for i := f * 100; i < min(n, f*100+100); i++ {
			fmt.Fprintf(&b, "  - id: s%d\n    topic: %s\n    keywords: [%s, %s, %s, %s, %s]\n    examples: [%s怎么样, 请问%s]\n    reply: 亲,第 %d 号商品 48 小时内发货\n",
				i, topics[i%len(topics)], word(i, 1), word(i, 2), word(i, 3), word(i, 4), word(i, 5), word(i, 1), word(i, 2), i)
		}
		must(os.WriteFile(filepath.Join(dir, "scripts", fmt.Sprintf("f%03d.yaml", f)), []byte(b.String()), 0o644))
	}
	return dir
}

// BenchmarkLint10k loads and lints a 10,000-script project, every rule on.
func BenchmarkLint10k(b *testing.B) {
	dir := writeBigProject(b, 10_000)
	now := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	for i := 0; i < b.N; i++ {
		p, err := schema.Load(dir)
		if err != nil {
			b.Fatal(err)
		}
		if len(p.Scripts) != 10_000 {
			b.Fatalf("%d scripts loaded", len(p.Scripts))
		}
		Run(p, Options{Now: now})
	}
}

// BenchmarkLint1k is the same at a tenth of the size, to see the growth.
func BenchmarkLint1k(b *testing.B) {
	dir := writeBigProject(b, 1_000)
	now := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	for i := 0; i < b.N; i++ {
		p, err := schema.Load(dir)
		if err != nil {
			b.Fatal(err)
		}
		Run(p, Options{Now: now})
	}
}

// BenchmarkLintStarter loads and lints the general starter with its pack:
// what a seller's editor or pre-commit hook runs on every save. The pack's
// hundreds of patterns each ask the matcher whether they can match
// (dead-pattern), so the matcher's explanation is on this path.
func BenchmarkLintStarter(b *testing.B) {
	now := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		p, err := schema.Load("../examples/general")
		if err != nil {
			b.Fatal(err)
		}
		Run(p, Options{Now: now})
	}
}
