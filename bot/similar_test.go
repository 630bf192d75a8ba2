package bot

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// simShop is a shop whose scripts answer only by similarity: their
// keywords are nothing a buyer types. Made-up phrasings.
func simShop(t *testing.T, threshold float32) *Bundle {
	t.Helper()
	return simShopWith(t, threshold, nil)
}

// simShopQ is simShop with question markers: it tells a question from a
// statement.
func simShopQ(t *testing.T, threshold float32) *Bundle {
	t.Helper()
	return simShopWith(t, threshold, []string{"吗", "什么", "怎么", "多久", "哪"})
}

func simShopWith(t testing.TB, threshold float32, question []string) *Bundle {
	t.Helper()
	spec := &Spec{
		Shop: "测试店", HandoffKeywords: []string{"转人工"}, HandoffReply: "转接中", FallbackReply: "还在学习",
		Threshold: threshold,
		Concepts: map[string][]string{
			ConceptStopword: {"的", "了", "吗", "呢", "我", "是", "有", "能", "亲", "这个", "请问", "可以", "怎么", "什么"},
			"ship":          {"发货", "寄出", "发出"},
			"refund":        {"退款", "退钱"},
			"invoice":       {"发票", "开票"},
			"arrive":        {"到账", "到了"},
		},
		Scripts: []ScriptSpec{
			{ID: "ship", Topic: "shipping-time", Keywords: []string{"zzship"}, Reply: "48 小时内发货",
				Examples: []string{"什么时候发货", "今天能寄出吗", "多久能发出", "下单后几天发货", "周末发货吗", "预售款什么时候寄出"}},
			{ID: "refund", Topic: "refund", Keywords: []string{"zzrefund"}, Reply: "原路退回",
				Examples: []string{"退款多久到账", "钱什么时候退回来", "申请退款了还没到账", "退钱退到哪里", "退款进度在哪看", "取消订单后退款吗"}},
			{ID: "invoice", Topic: "invoice", Keywords: []string{"zzinvoice"}, Reply: "可以开电子发票",
				Examples: []string{"能开发票吗", "发票怎么开", "开票要提供税号吗", "电子发票在哪看", "发票抬头写公司", "专用发票能开吗"}},
		},
	}
	if question != nil {
		spec.Concepts[ConceptQuestion] = question
	}
	b, err := New(spec)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSimilarAnswers: questions no keyword takes go to the script whose
// examples they resemble, or to the fallback.
func TestSimilarAnswers(t *testing.T) {
	b := simShop(t, 0)
	for _, tc := range []struct{ q, want, why string }{
		{"请问今天可以寄出吗亲", "ship", "worded like one example, fillers aside"},
		{"退款什么时候到账呢", "refund", "the words several refund examples share"},
		{"电子发票怎么开", "invoice", "two invoice examples' words together"},
		{"好的我知道了", "fallback", "nothing in common"},
		{"发货退款开票", "fallback", "one word of each: too little in common, and no script leads"},
	} {
		a := b.Answer(tc.q, Context{})
		if got := b.OutcomeName(a); got != tc.want {
			t.Errorf("%s → %s (confidence %.2f), want %s (%s)", tc.q, got, a.Confidence, tc.want, tc.why)
		}
		if tc.want != "fallback" && !a.Similar {
			t.Errorf("%s: answered by keywords, want by similarity", tc.q)
		}
	}
}

// TestSimilarConfidenceIsTheScore: the confidence an answer reports is
// the score that decided it: the mean of the profile's and the nearest
// two examples' cosines, as explain shows them.
func TestSimilarConfidenceIsTheScore(t *testing.T) {
	b := simShop(t, 0)
	for _, q := range []string{"请问今天可以寄出吗亲", "退款什么时候到账呢", "电子发票怎么开"} {
		tr := b.Explain(q, Context{}, Order{})
		a := tr.Answer
		if !a.Similar || len(tr.Similar) == 0 {
			t.Fatalf("%s: not answered by similarity", q)
		}
		s := tr.Similar[0]
		if s.Script != b.Scripts[a.Script].ID {
			t.Errorf("%s: explain's best is %s, the answer %s", q, s.Script, b.Scripts[a.Script].ID)
		}
		if s.Confidence != a.Confidence {
			t.Errorf("%s: explain says %v, the answer %v", q, s.Confidence, a.Confidence)
		}
		if want := (s.Profile + s.Nearest) / 2; math.Abs(float64(s.Confidence-want)) > 1e-6 {
			t.Errorf("%s: score %v is not (profile %v + nearest %v) / 2", q, s.Confidence, s.Profile, s.Nearest)
		}
		if s.Needs != b.SimThreshold(s.Shared) || a.Confidence < s.Needs {
			t.Errorf("%s: needs %v with %d in common, threshold %v, confidence %v", q, s.Needs, s.Shared, b.Threshold, a.Confidence)
		}
		if s.Example == "" || !strings.ContainsAny(s.Example, q) {
			t.Errorf("%s: nearest example %q", q, s.Example)
		}
	}
}

// TestSimilarNearestExamples: a question worded like one example of a
// script whose other examples say other things is close to that example
// (the nearest part) even where the profile, diluted by the rest, is not.
func TestSimilarNearestExamples(t *testing.T) {
	b := simShop(t, 0)
	tr := b.Explain("预售款什么时候寄出", Context{}, Order{})
	if len(tr.Similar) == 0 || tr.Similar[0].Script != "ship" {
		t.Fatalf("similar: %+v", tr.Similar)
	}
	s := tr.Similar[0]
	if s.Example != "预售款什么时候寄出" || s.Nearest <= s.Profile {
		t.Errorf("nearest example %q, nearest %.2f, profile %.2f: want the example itself, nearer than the profile", s.Example, s.Nearest, s.Profile)
	}
}

// TestSimilarFewShared: a question sharing one word and its concept (two
// pairs or concepts) with a script needs more than the threshold; one
// sharing more words needs the threshold.
func TestSimilarFewShared(t *testing.T) {
	probe := simShop(t, 0)
	for _, tc := range []struct {
		q    string
		few  bool
		want string
	}{
		{"寄出", true, "ship"},
		{"退款到账", false, "refund"},
	} {
		tr := probe.Explain(tc.q, Context{}, Order{})
		if len(tr.Similar) == 0 || tr.Similar[0].Script != tc.want {
			t.Fatalf("%s: similar %+v", tc.q, tr.Similar)
		}
		s := tr.Similar[0]
		if few := s.Shared < SimFewShared; few != tc.few {
			t.Fatalf("%s: %d in common", tc.q, s.Shared)
		}
		// Just under the score: answers only when enough is shared.
		b := simShop(t, s.Confidence-0.02)
		want := tc.want
		if tc.few {
			want = "fallback"
		}
		if got := b.OutcomeName(b.Answer(tc.q, Context{})); got != want {
			t.Errorf("%s, threshold %.2f under its score %.2f with %d in common: %s, want %s", tc.q, b.Threshold, s.Confidence, s.Shared, got, want)
		}
		// Far enough under it, both answer.
		b = simShop(t, s.Confidence-simFewExtra-0.01)
		if got := b.OutcomeName(b.Answer(tc.q, Context{})); got != tc.want {
			t.Errorf("%s, threshold %.2f: %s, want %s", tc.q, b.Threshold, got, tc.want)
		}
	}
}

// TestSimilarSurvivesEncode: a decoded bundle answers by similarity as
// the built one does, to the same confidence.
func TestSimilarSurvivesEncode(t *testing.T) {
	b := simShop(t, 0)
	d, err := Decode(b.Encode())
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"请问今天可以寄出吗亲", "退款什么时候到账呢", "电子发票怎么开", "好的我知道了", "预售款什么时候寄出"} {
		x, y := b.Answer(q, Context{}), d.Answer(q, Context{})
		if x.Outcome != y.Outcome || x.Script != y.Script || x.Confidence != y.Confidence || x.Margin != y.Margin {
			t.Errorf("%s: built %+v, decoded %+v", q, x, y)
		}
	}
}

// TestRefusesBadExampleIndex: a crafted bundle whose example index points
// outside its profiles or examples is refused on load.
func TestRefusesBadExampleIndex(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mangle func(ix *simIndex)
		want   string
	}{
		{"profile", func(ix *simIndex) { ix.exProf[0] = uint32(len(ix.docLen)) }, "example profile out of range"},
		{"posting", func(ix *simIndex) { ix.exDoc[0] = uint32(len(ix.exProf)) }, "example posting out of range"},
		{"offsets", func(ix *simIndex) { ix.exOff = ix.exOff[:len(ix.exOff)-1] }, "example index malformed"},
	} {
		b := simShop(t, 0)
		tc.mangle(b.sim)
		if _, err := Decode(b.Encode()); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}

// TestSimilarAllocatesNothing: answering by similarity allocates nothing
// once the working memory has grown.
func TestSimilarAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	b := simShop(t, 0)
	sc := b.NewScratch()
	qs := []string{"请问今天可以寄出吗亲", "退款什么时候到账呢", "好的我知道了"}
	for _, q := range qs {
		b.AnswerWith(sc, q, Context{})
	}
	n := testing.AllocsPerRun(100, func() {
		for _, q := range qs {
			b.AnswerWith(sc, q, Context{})
		}
	})
	if n != 0 {
		t.Errorf("%v allocations a run", n)
	}
}

// TestSimilarBriefStatement: a message that asks nothing and says little
// (the step a buyer just took) needs SimBriefScore; asked as a question,
// or in a shop that cannot tell a question from a statement (no question
// concept), the same words need the threshold.
func TestSimilarBriefStatement(t *testing.T) {
	const threshold = 0.1 // low, as with many examples: the brief bar is above it
	b := simShopQ(t, threshold)
	for _, tc := range []struct {
		q     string
		brief bool
		want  string
	}{
		{"取消订单了", true, "fallback"},
		{"取消订单了吗", false, "refund"},
		{"昨天申请退款了钱还没到账", false, "refund"},
	} {
		tr := b.Explain(tc.q, Context{}, Order{})
		if got := b.OutcomeName(tr.Answer); got != tc.want {
			t.Errorf("%s → %s, want %s", tc.q, got, tc.want)
		}
		if tr.SimBrief != tc.brief || len(tr.Similar) == 0 {
			t.Fatalf("%s: brief %v (%d content characters), want %v; similar %+v", tc.q, tr.SimBrief, tr.SimContent, tc.brief, tr.Similar)
		}
		s := tr.Similar[0]
		if tc.brief {
			if s.Needs != SimBriefScore || s.Confidence >= s.Needs || s.Confidence < b.SimThreshold(s.Shared) {
				t.Errorf("%s: score %.2f, needs %.2f, want %.2f: between the threshold and the brief bar", tc.q, s.Confidence, s.Needs, SimBriefScore)
			}
		} else if want := b.SimThreshold(s.Shared); s.Needs != want {
			t.Errorf("%s: needs %.2f, want the threshold %.2f", tc.q, s.Needs, want)
		}
	}
	plain := simShop(t, threshold)
	if got := plain.OutcomeName(plain.Answer("取消订单了", Context{})); got != "refund" {
		t.Errorf("no question concept: 取消订单了 → %s, want refund", got)
	}
	// With few examples the threshold is above the brief bar: it decides.
	few := simShopQ(t, 0)
	if tr := few.Explain("退款申请了", Context{}, Order{}); !tr.SimBrief || len(tr.Similar) == 0 || tr.Similar[0].Needs != few.SimThreshold(tr.Similar[0].Shared) {
		t.Errorf("threshold %.2f: brief %v, similar %+v: want the threshold", few.Threshold, tr.SimBrief, tr.Similar)
	}
}

// TestSimilarQuestionLead: a question needs a smaller lead over the
// runner-up (SimAskMargin) than a message that asks nothing (SimMargin).
func TestSimilarQuestionLead(t *testing.T) {
	const q = "到账发货吗" // ship, with refund close behind
	b := simShopQ(t, 0)
	tr := b.Explain(q, Context{}, Order{})
	a := tr.Answer
	if got := b.OutcomeName(a); got != "ship" || !a.Question || tr.SimLead != SimAskMargin {
		t.Fatalf("%s → %s (asks %v, lead needed %.2f), want ship as a question", q, got, a.Question, tr.SimLead)
	}
	if a.Margin < SimAskMargin || a.Margin >= SimMargin {
		t.Fatalf("%s: lead %.2f, want between %.2f and %.2f", q, a.Margin, SimAskMargin, SimMargin)
	}
	// The same words where 吗 marks nothing need the larger lead.
	plain := simShop(t, 0)
	if got := plain.OutcomeName(plain.Answer(q, Context{})); got != "fallback" {
		t.Errorf("no question concept: %s → %s, want fallback (lead %.2f under %.2f)", q, got, a.Margin, SimMargin)
	}
}

// TestSimFoldTable: the derived table mayShare reads says of every BMP
// character what folding it with the matcher's table and testing the
// filter and the stopwords says (simChar), built and decoded; and
// mayShare gives the same with the table as without it.
func TestSimFoldTable(t *testing.T) {
	b := simShopWith(t, 0, []string{"吗", "什么"})
	d, err := Decode(b.Encode())
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []*Bundle{b, d} {
		ix := b.sim
		if ix.fold == nil {
			t.Fatal("no fold table")
		}
		for r := rune(0); r < 1<<16; r++ {
			if r >= 0xD800 && r <= 0xDFFF {
				continue // no UTF-8 text holds one
			}
			want, _ := b.simChar(string(r), 0)
			var got uint32 = simSkip
			if k := ix.fold[int(ix.fold[r>>6])<<6|int(r&63)]; k != codeSkip {
				got = ix.info[k]
			}
			if got != want {
				t.Fatalf("U+%04X: table %#x, folded %#x", r, got, want)
			}
		}
		for _, q := range []string{"什么时候發貨", "今天能寄出嗎?", "退款，多久到賬", "ＡＢＣ发票怎么开", "发😀票抬头", "é发票ü开票", "\xff发货\xed\xa0\x80寄出", "周末发货吗亲"} {
			checkMayShare(t, b, q)
		}
	}
}

// checkMayShare fails when mayShare answers q differently with the fold
// table and without it (every character folded by simChar).
func checkMayShare(t *testing.T, b *Bundle, q string) {
	t.Helper()
	sc := b.NewScratch()
	b.scan(q, sc)
	small, info := b.smallMask(sc), uint32(0)
	for i, h := range sc.hits {
		if sc.hflag[i]&hShielded == 0 {
			info |= b.pinfo[h.Pattern]
		}
	}
	with := b.mayShare(q, sc, small, info)
	found := slices.Clone(sc.sim.found)
	fold := b.sim.fold
	b.sim.fold = nil
	without := b.mayShare(q, sc, small, info)
	b.sim.fold = fold
	if with != without || !slices.Equal(found, sc.sim.found) {
		t.Errorf("%q: mayShare %v %v with the table, %v %v without", q, with, found, without, sc.sim.found)
	}
}

// FuzzSimFold: mayShare reads the fold table as simChar folds.
func FuzzSimFold(f *testing.F) {
	for _, q := range []string{"什么时候發貨", "今天能寄出嗎?", "退款，多久到賬", "ＡＢＣ发票怎么开", "发😀票抬头", "é发票ü开票", "\xff发货\xed\xa0\x80寄出"} {
		f.Add(q)
	}
	b := simShopWith(f, 0, []string{"吗", "什么"})
	f.Fuzz(func(t *testing.T, q string) { checkMayShare(t, b, q) })
}
