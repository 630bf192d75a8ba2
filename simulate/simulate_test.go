package simulate

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/compile"
	"github.com/xm-dev/xm/schema"
)

func bundleOf(t testing.TB, scripts string) *bot.Bundle {
	t.Helper()
	dir := t.TempDir()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "scripts"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "xm.yaml"), []byte("xm: 1\nshop: {name: 店, category: apparel}\nhandoff: {keywords: [转人工], urgent: [紧急], reply: 转接}\nfallback: {reply: 还在学习}\n"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "scripts", "a.yaml"), []byte(scripts), 0o644))
	p, err := schema.Load(dir)
	must(err)
	b, err := compile.Build(p)
	must(err)
	return b
}

const twoScripts = "scripts:\n  - {id: size-m, topic: size, keywords: [M码], reply: \"M 码适合 100-110 斤\"}\n  - {id: stock, topic: stock, keywords: [有货], reply: 有货}\n"

func readAll(t *testing.T, f Format, in string) (recs []Record, probs []string) {
	t.Helper()
	r, err := NewReader(strings.NewReader(in), "in", f, 64)
	if err != nil {
		var p *Problem
		if errors.As(err, &p) {
			return nil, []string{fmt.Sprintf("%d %s", p.Line, p.Msg.EN)}
		}
		t.Fatal(err)
	}
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return
		}
		var p *Problem
		if errors.As(err, &p) {
			probs = append(probs, fmt.Sprintf("%d %s", p.Line, p.Msg.EN))
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
}

func TestReaders(t *testing.T) {
	long := strings.Repeat("很长", 40)
	recs, probs := readAll(t, TXT, "\xef\xbb\xbf# comment\r\nM码多大 => size-m\r\n\r\n"+long+"\n=> x\n有货吗\nbad \xff utf8\n")
	if len(recs) != 2 || recs[0].Text != "M码多大" || recs[0].Expected != "size-m" || recs[0].Line != 2 || recs[1].Line != 6 {
		t.Errorf("txt records: %+v", recs)
	}
	want := []string{"4 line longer than 64 bytes, skipped", "5 no question before =>", "7 this line is not valid UTF-8; skipped"}
	if strings.Join(probs, "|") != strings.Join(want, "|") {
		t.Errorf("txt problems:\n got %q\nwant %q", probs, want)
	}

	recs, probs = readAll(t, JSONL, `{"time":"2026-11-25T21:00:00+08:00","buyer":"b","text":"M码"}`+"\n{nope\n"+`{"time":"yesterday","text":"x"}`+"\n"+`{"buyer":"b"}`+"\n"+`{"event":"order.shipped","order":{"item":"裙","n":2}}`+"\n")
	if len(recs) != 2 || recs[0].Buyer != "b" || recs[0].Time.Hour() != 21 || recs[1].Order["n"] != "2" {
		t.Errorf("jsonl records: %+v", recs)
	}
	if len(probs) != 3 || !strings.HasPrefix(probs[0], "2 not valid JSON") || !strings.HasPrefix(probs[1], "3 time \"yesterday\"") || probs[2] != "4 neither text nor event" {
		t.Errorf("jsonl problems: %q", probs)
	}

	recs, probs = readAll(t, CSV, "问题,期望\n\"M码,多大\",size-m\n有货吗\n\"unclosed\n")
	if len(recs) != 2 || recs[0].Text != "M码,多大" || recs[0].Line != 2 || recs[1].Expected != "" {
		t.Errorf("csv records: %+v", recs)
	}
	if len(probs) != 1 {
		t.Errorf("csv problems: %q", probs)
	}
	recs, probs = readAll(t, CSV, "question\n"+strings.Repeat("长", 40)+"\n有货吗\n")
	if len(recs) != 1 || recs[0].Text != "有货吗" || len(probs) != 1 || !strings.Contains(probs[0], "longer than 64 bytes") {
		t.Errorf("csv long line: %+v %q", recs, probs)
	}
	_, probs = readAll(t, TSV, "a\tb\nx\ty\n")
	if len(probs) != 1 || !strings.Contains(probs[0], "no question column (it has: a, b)") {
		t.Errorf("tsv header: %q", probs)
	}
}

// TestRunKeepsOrder replays many records on several workers: results come
// back in input order and the figures add up.
func TestRunKeepsOrder(t *testing.T) {
	b := bundleOf(t, twoScripts)
	var in strings.Builder
	for i := 0; i < 5000; i++ {
		switch i % 3 {
		case 0:
			fmt.Fprintf(&in, "M码 %d => size-m\n", i)
		case 1:
			fmt.Fprintf(&in, "有货吗 %d => stock\n", i)
		default:
			fmt.Fprintf(&in, "随便问问 %d\n", i)
		}
	}
	r, _ := NewReader(strings.NewReader(in.String()), "q", TXT, 0)
	line := 0
	f, err := Run(b, []Reader{r}, Options{Workers: 8}, Handlers{Result: func(r *Result) error {
		if r.Rec.Line != line+1 {
			return fmt.Errorf("line %d after %d", r.Rec.Line, line)
		}
		line = r.Rec.Line
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if f.Questions != 5000 || f.Expected != 3334 || f.Met != 3334 || f.Fallback != 1666 || f.Accuracy != 1 {
		t.Fatalf("figures: %+v", f)
	}
}

func TestFollowUpsAndHours(t *testing.T) {
	b := bundleOf(t, twoScripts)
	at := func(m int) string {
		return time.Date(2026, 11, 25, 21, m, 0, 0, time.FixedZone("CST", 8*3600)).Format(time.RFC3339)
	}
	log := strings.Join([]string{
		`{"time":"` + at(0) + `","buyer":"a","text":"M码"}`,
		`{"time":"` + at(1) + `","buyer":"a","text":"那L码呢"}`, // follow-up to size-m
		`{"time":"` + at(2) + `","buyer":"b","text":"M码"}`,
		`{"time":"` + at(9) + `","buyer":"b","text":"M码"}`, // too late: not a follow-up
		`{"time":"` + at(10) + `","buyer":"c","text":"有货吗"}`,
	}, "\n")
	r, _ := NewReader(strings.NewReader(log), "log", JSONL, 0)
	f, err := Run(b, []Reader{r}, Options{FollowUp: 3 * time.Minute}, Handlers{})
	if err != nil {
		t.Fatal(err)
	}
	var sm ScriptCount
	for _, s := range f.Scripts {
		if s.ID == "size-m" {
			sm = s
		}
	}
	if sm.Hits != 3 || sm.FollowUps != 1 || sm.Timed != 3 {
		t.Errorf("size-m: %+v", sm)
	}
	if !f.HasHours || f.ByHour[21] != 5 {
		t.Errorf("by hour: %v", f.ByHour)
	}
}

func TestUnansweredGroups(t *testing.T) {
	h := newHeavyHitters(100)
	for i := 0; i < 5; i++ {
		h.add("可以开发票吗", "可以开发票吗?")
	}
	for i := 0; i < 3; i++ {
		h.add("能开发票吗", "能开发票吗")
	}
	h.add("你们老板是谁", "你们老板是谁")
	g := h.groups(10)
	if len(g) != 2 || g[0].Count != 8 || g[1].Count != 1 || len(g[0].Examples) != 2 {
		t.Fatalf("groups: %+v", g)
	}
	// Bounded: a stream of distinct keys never holds more than k entries.
	h = newHeavyHitters(50)
	for i := 0; i < 10000; i++ {
		h.add(fmt.Sprint(i), "x")
	}
	if len(h.entries) > 50 {
		t.Fatalf("%d entries", len(h.entries))
	}
}

func TestMeets(t *testing.T) {
	for _, c := range []struct {
		exp, got string
		want     bool
	}{{"handoff", "urgent", true}, {"urgent", "handoff", false}, {"size-m", "size-m", true}, {"fallback", "size-m", false}} {
		if Meets(c.exp, c.got) != c.want {
			t.Errorf("Meets(%q, %q)", c.exp, c.got)
		}
	}
}

func fuzzReader(f *testing.F, format Format, seeds ...string) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		r, err := NewReader(strings.NewReader(in), "f", format, 256)
		if err != nil {
			return
		}
		for i := 0; i < 10000; i++ {
			rec, err := r.Next()
			if err == io.EOF {
				return
			}
			var p *Problem
			if err != nil && !errors.As(err, &p) {
				return
			}
			if err == nil && rec.Line < 1 {
				t.Fatalf("record without a line: %+v", rec)
			}
		}
	})
}

func FuzzTXT(f *testing.F) {
	fuzzReader(f, TXT, "M码 => size-m\n# c\n\n", "=>\n", "\xef\xbb\xbfa\r\n")
}

func FuzzJSONL(f *testing.F) {
	fuzzReader(f, JSONL, `{"text":"M码","time":"2026-11-25T21:00:00Z"}`+"\n", "{\n", `{"order":{"a":[1,{}]},"event":"x"}`)
}

func FuzzCSV(f *testing.F) {
	fuzzReader(f, CSV, "question,expected\nM码,size-m\n", "question\n\"a\n", "\xef\xbb\xbfquestion,time\nx,bad\n")
}
