package mine

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/xm-dev/xm/compile"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/schema"
	"github.com/xm-dev/xm/simulate"
)

// Buyer messages written for these tests.
var (
	arrivals = []string{"几天能送到", "明天能送到吗", "后天能送到吗", "多久能送到呀", "什么时候能送到"}
	invoices = []string{"能开发票吗", "可以开发票吗", "要开发票的", "发票怎么开"}
	ships    = []string{"什么时候寄出", "啥时候发货", "今天能寄出吗", "几时出库"}
	chatter  = []string{"谢谢", "好的", "嗯嗯"}
)

// testManifest is the xm.yaml of the test projects.
const testManifest = `-- xm.yaml --
xm: 1
shop: {name: 测试店, category: general}
handoff: {keywords: [转人工], urgent: [紧急], reply: 正在为您转接人工客服}
fallback: {reply: 这个问题我还在学习，已记录}
lint: {disable: [missing-topic]}
`

const testProject = testManifest + `-- scripts/a.yaml --
scripts:
  - id: shipping-time
    topic: shipping-time
    keywords: [什么时候发货, 几天发货]
    examples:
      - 什么时候发货
      - 几天发货呀
    reply: 亲，付款后 48 小时内发货~

  - id: logistics
    topic: logistics
    keywords: [物流, 快递到哪]
    examples:
      - 物流到哪了
      - 快递到哪了呢
    reply: 亲，江浙沪 1-2 天送达，其他地区 2-4 天~
`

// project writes testProject into a temporary directory and loads it.
func project(t testing.TB) *schema.Project {
	t.Helper()
	return projectOf(t, testProject)
}

// projectOf writes a txtar-like text into a temporary directory and loads it.
func projectOf(t testing.TB, text string) *schema.Project {
	t.Helper()
	dir := t.TempDir()
	var name string
	for _, line := range bytes.SplitAfter([]byte(text), []byte("\n")) {
		if n, ok := bytes.CutPrefix(line, []byte("-- ")); ok {
			name = string(bytes.TrimSuffix(bytes.TrimSpace(n), []byte(" --")))
			if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		f.Write(line)
		f.Close()
	}
	p, err := schema.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// mineRun builds the project and mines log (one message a line) with it.
func mineRun(t testing.TB, p *schema.Project, log string, workers int) *Report {
	t.Helper()
	b, err := compile.Build(p)
	if err != nil {
		t.Fatal(err)
	}
	r, err := simulate.NewReader(bytes.NewReader([]byte(log)), "log.txt", simulate.TXT, 0)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(p, b, []simulate.Reader{r}, Options{Now: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func mineText(t testing.TB, p *schema.Project, log string, workers int) []byte {
	t.Helper()
	rep := mineRun(t, p, log, workers)
	var out bytes.Buffer
	if err := WriteJSON(&out, rep, i18n.EN); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestConceptTerms: members of one concept are one term, so 寄出 and 发货
// cluster together; question words weigh nothing.
func TestConceptTerms(t *testing.T) {
	lx := newLexicon(compile.Concepts(&schema.Project{}), []string{"when"})
	a, b := lx.terms("什么时候寄出"), lx.terms("啥时候发货")
	if len(a) != 1 || a[0].text != "~ship" || similarity(a, b) < JoinSimilarity {
		t.Fatalf("terms %v and %v, similarity %.2f", a, b, similarity(a, b))
	}
	if s := similarity(lx.terms("什么时候寄出"), lx.terms("发票怎么开")); s >= JoinSimilarity {
		t.Fatalf("shipping and invoices join at %.2f", s)
	}
	if ts := lx.terms("谢谢"); len(ts) != 0 {
		t.Fatalf("small talk has terms %v", ts)
	}
}

// TestDeterministic: the same log gives the same bytes, whatever the
// number of workers; the arrival questions form one cluster, small talk
// none.
func TestDeterministic(t *testing.T) {
	p := project(t)
	var log bytes.Buffer
	for i := 0; i < 40; i++ {
		for _, set := range [][]string{arrivals, invoices, ships, chatter} {
			fmt.Fprintln(&log, set[i%len(set)])
		}
	}
	one := mineText(t, p, log.String(), 1)
	two := mineText(t, p, log.String(), 2)
	if !bytes.Equal(one, two) {
		t.Fatalf("outputs differ:\n%s\n----\n%s", one, two)
	}
	if !bytes.Contains(one, []byte(`"term": "~arrive"`)) || bytes.Contains(one, []byte(`"text": "谢谢"`)) {
		t.Fatalf("unexpected report:\n%s", one)
	}
}

// million yields n log lines: the test phrasings with a number in most,
// so the table of distinct phrasings fills and evicts.
type million struct {
	n, i int
	buf  []byte
}

func (m *million) Read(p []byte) (int, error) {
	all := [][]string{arrivals, invoices, ships, chatter, {"物流到哪了", "这个颜色和图片一样吗", "能便宜点吗 我买[数字x]件"}}
	for len(m.buf) < len(p) && m.i < m.n {
		set := all[m.i%len(all)]
		s := set[(m.i/len(all))%len(set)]
		if m.i%3 != 0 {
			s = fmt.Sprintf("%s %d号", s, (m.i*7919)%100003)
		}
		m.buf = append(m.buf, s...)
		m.buf = append(m.buf, '\n')
		m.i++
	}
	if len(m.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, m.buf)
	m.buf = m.buf[n:]
	return n, nil
}

// BenchmarkMine1M mines a million generated log lines; it reports the
// peak of memory obtained from the system (go test -bench Mine1M
// -benchtime 1x ./mine).
func BenchmarkMine1M(b *testing.B) {
	p := project(b)
	bd, err := compile.Build(p)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		r, _ := simulate.NewReader(&million{n: 1_000_000}, "log.txt", simulate.TXT, 0)
		rep, err := Run(p, bd, []simulate.Reader{r}, Options{Now: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			b.Fatal(err)
		}
		if rep.Messages != 1_000_000 {
			b.Fatalf("read %d messages", rep.Messages)
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.Sys)/(1<<20), "MiB-sys")
}

// TestExamplesAsk: an existing script gets as examples only the
// cluster's phrasings that ask something; a statement (我明天要送到) as
// an example would have it answer statements like it. The messages are
// written for this test.
func TestExamplesAsk(t *testing.T) {
	p := project(t)
	var log bytes.Buffer
	for _, m := range []struct {
		text string
		n    int
	}{{"我明天要送到", 4}, {"明天能送到吗", 3}, {"今天送到家里", 3}, {"后天能送到吗", 2}, {"什么时候能送到", 2}} {
		for range m.n {
			fmt.Fprintln(&log, m.text)
		}
	}
	rep := mineRun(t, p, log.String(), 1)
	var got []string
	for _, c := range rep.Clusters {
		if s := c.Suggestion; s.Kind == "attach" && s.Script == "logistics" {
			got = append(got, s.Examples...)
		}
	}
	want := []string{"明天能送到吗", "什么时候能送到", "后天能送到吗"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("examples for logistics %q, want %q; clusters:\n%s", got, want, mineText(t, p, log.String(), 1))
	}
}

// TestPatternOnlyConcept: a concept the script uses only inside patterns
// (~address ~change) is not offered as a keyword of its own, however much
// of a cluster it covers: buyers name an address in statements (地址是…,
// 发前一个地址) far more often than they ask to change it. The pattern form
// stays on offer.
func TestPatternOnlyConcept(t *testing.T) {
	p := projectOf(t, testManifest+`-- scripts/a.yaml --
scripts:
  - id: address-change
    topic: address-change
    keywords: [改地址]
    patterns: ["~change ~address", "~address ~change"]
    examples:
      - 地址能改吗
      - 收货地址写错了怎么改
    reply: 亲，发货前可以在订单里修改地址~
`)
	var log bytes.Buffer
	for _, m := range []string{"地址是北京[地址x]", "发前一个地址", "收货地址写的公司", "地址是学校宿舍", "我的地址在上海", "地址对的"} {
		for range 3 {
			fmt.Fprintln(&log, m)
		}
	}
	rep := mineRun(t, p, log.String(), 1)
	for _, c := range rep.Clusters {
		if s := c.Suggestion; slices.Contains(s.Keywords, "~address") {
			t.Fatalf("~address offered as a keyword of %s:\n%s", s.Script, mineText(t, p, log.String(), 1))
		}
	}
	for _, l := range rep.Learned {
		if l.Word == "~address" && l.Status == "ok" && l.Pattern == "" {
			t.Fatalf("~address learned as a keyword of %s", l.Script)
		}
	}
}
