package bot

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// rankShop is a small shop with the concepts the ranking rules read.
func rankShop(t *testing.T) *Bundle {
	t.Helper()
	b, err := New(&Spec{
		Shop: "测试店", HandoffKeywords: []string{"转人工"}, HandoffReply: "转接中", FallbackReply: "还在学习",
		Complaints: true,
		Concepts: map[string][]string{
			ConceptDefect:   {"坏了", "质量太差"},
			ConceptQuestion: {"吗", "怎么", "了没", "呢", "会不会"},
			ConceptAck:      {"好的", "已到账", "已到账了", "没"},
			ConceptFiller:   {"了", "呢"},
			ConceptNegator:  {"没有"},
			ConceptHedge:    {"会", "容易", "会不会"},
			ConceptThanks:   {"谢谢"},
		},
		Scripts: []ScriptSpec{
			{ID: "size-m", Topic: "size", Keywords: []string{"M码"}, Reply: "M 码适合 100-110 斤"},
			{ID: "stock", Topic: "stock", Keywords: []string{"有货"}, Reply: "都有现货"},
			{ID: "refund", Topic: "refund", Keywords: []string{"钱什么时候到", "到账"}, Reply: "原路退回"},
			{ID: "logistics", Topic: "logistics", Keywords: []string{"什么时候到"}, Reply: "2-4 天送达"},
			{ID: "warranty", Topic: "warranty", Keywords: []string{"保修"}, Reply: "质保一年"},
			{ID: "dispute", Topic: "dispute", Keywords: []string{"投诉"}, Handoff: true, Reply: "抱歉，转人工处理"},
			{ID: "screen", Topic: "material", Keywords: []string{"屏幕"}, Exclude: []string{"~" + ConceptDefect}, Reply: "6.1 英寸 OLED"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRankingRules: what a seller sees for the rules that decide between
// scripts beyond the longest keyword.
func TestRankingRules(t *testing.T) {
	b := rankShop(t)
	for _, tc := range []struct{ q, want, why string }{
		{"M码还有货", "fallback", "two topics' words, neither ahead: a close call falls back"},
		{"钱什么时候到", "refund", "the runner-up's words all lie inside the winner's: no close call"},
		{"M码", "size-m", "one candidate"},
		{"收到就坏了", "dispute", "a defect statement goes to a human"},
		{"坏了要保修", "warranty", "a defect with the remedy asked goes to the remedy"},
		{"坏了也没有保修", "dispute", "a defect with the remedy negated asks for none: a human (坏了没有保修 would hold 了没, a question word)"},
		{"M码质量太差吗", "size-m", "a defect asked as a question a script answers goes to that script"},
		{"坏了怎么办", "dispute", "a defect asked as a question that nothing answers goes to a human, not the fallback"},
		{"M码还有货坏了吗", "dispute", "a defect asked as a question on a close call goes to a human, not the fallback"},
		{"M码还有货会坏了吗", "fallback", "a hedged defect on a close call reports nothing: the fallback"},
		{"会坏了吗", "fallback", "a defect right after a hedge is asked about, not reported: no human"},
		{"容易质量太差", "fallback", "a hedged defect in a statement is no report either"},
		{"会不会坏了", "fallback", "a hedge that is a question marker too"},
		{"会不会用几天就坏了", "fallback", "a hedge that asks reaches a defect a few characters on"},
		{"会不会用了好多好多天就坏了", "dispute", "but not one further on"},
		{"容易用几天就坏了", "dispute", "a hedge that does not ask reaches only the word right after it"},
		{"会收到就坏了", "dispute", "a hedge hedges the word right after it only: 坏了 further on is reported"},
		{"坏了会保修吗", "warranty", "a hedge before a remedy word changes nothing"},
		{"会 坏了", "fallback", "a hedge and a defect apart in the question are still next to each other once normalised"},
		{"屏幕会坏了吗", "screen", "a hedged defect excludes no script: the buyer asks about the product"},
		{"屏幕没有坏了", "screen", "a negated defect excludes no script either"},
		{"屏幕坏了", "dispute", "a defect reported about the product goes to a human, not to the product's script"},
		{"屏幕坏了吗", "dispute", "a defect asked as a question still excludes the script that does not handle defects"},
		{"好的谢谢", "smalltalk", "small talk only"},
		{"钱已到账 速度真快", "smalltalk", "a step done told with other words: the topic's word lies inside an acknowledgement"},
		{"已到账吗", "refund", "a step asked about is a question"},
		{"已到账了", "smalltalk", "a step told, every character small talk"},
		{"已到账了没", "refund", "every character small talk, but a question word outside the small talk asks about the step"},
		{"已到账了呢", "smalltalk", "a question word that is a filler too asks nothing"},
		{"没有显示已到账", "refund", "a negator outside the acknowledgement: the step is not done"},
		{"到账 速度真快", "refund", "the topic's word outside any acknowledgement"},
		{"转人工", "handoff", "a request for a human alone"},
		{"转人工 M码适合多重", "size-m", "a request for a human with a question a script answers: its reply, then the human"},
		{"转人工 M码还有货", "handoff", "a request for a human with a close call: the human"},
		{"转人工 我要投诉", "handoff", "the dispute script is no topic's answer: the human"},
		{"转人工 坏了", "handoff", "a defect and a request for a human: the human"},
	} {
		a := b.Answer(tc.q, Context{})
		if got := b.OutcomeName(a); got != tc.want {
			t.Errorf("%s → %s, want %s (%s)", tc.q, got, tc.want, tc.why)
		}
		if asked := len(tc.q) >= len("转人工") && tc.q[:len("转人工")] == "转人工"; asked && !a.HandsOver {
			t.Errorf("%s → %s without handing over: a buyer who asks for a human gets one", tc.q, tc.want)
		}
	}
	if a := b.Answer("M码还有货", Context{}); a.Candidates != 2 || a.RunnerUp < 0 || a.Margin != 0 {
		t.Errorf("close call: candidates %d, runner-up %d, margin %v", a.Candidates, a.RunnerUp, a.Margin)
	}
}

// TestNegationReachesInnerWords: a complaint or defect word that begins
// inside a negated one is negated with it (不会给差评 promises no bad
// review; 别压坏了 asks for care), and only those words pass it on.
func TestNegationReachesInnerWords(t *testing.T) {
	b, err := New(&Spec{
		Shop: "测试店", HandoffKeywords: []string{"转人工"}, HandoffReply: "转接中", FallbackReply: "还在学习",
		Complaints: true,
		Concepts: map[string][]string{
			ConceptComplaint: {"给差评", "差评", "什么速度"},
			ConceptDefect:    {"压坏", "坏了"},
			ConceptQuestion:  {"吗", "什么"},
			ConceptNegator:   {"不会", "别", "还没"},
		},
		Scripts: []ScriptSpec{
			{ID: "dispute", Topic: "dispute", Keywords: []string{"投诉"}, Handoff: true, Reply: "抱歉，转人工处理"},
			{ID: "gift", Topic: "discount", Keywords: []string{"送什么"}, Reply: "送收纳袋"},
			{ID: "logistics", Topic: "logistics", Keywords: []string{"没送"}, Reply: "2-4 天送达"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	wantOutcomes(t, b, []outcomeCase{
		{"我不会给差评的", "fallback", "差评 begins inside the negated 给差评: no complaint"},
		{"给差评", "dispute", "a bad review threatened"},
		{"别压坏了", "fallback", "坏了 begins inside the negated 压坏: a request, no report"},
		{"压坏了", "dispute", "a defect reported"},
		{"还没送什么速度", "dispute", "送什么 is negated by chance and is no complaint: 什么速度 still complains"},
	})
}

// outcomeCase is a question, the outcome a seller should see and why.
type outcomeCase struct{ q, want, why string }

// wantOutcomes asks b each question and reports the outcomes that differ.
func wantOutcomes(t *testing.T, b *Bundle, cases []outcomeCase) {
	t.Helper()
	for _, tc := range cases {
		if got := b.OutcomeName(b.Answer(tc.q, Context{})); got != tc.want {
			t.Errorf("%s → %s, want %s (%s)", tc.q, got, tc.want, tc.why)
		}
	}
}

// TestDefaultThreshold: a project that sets no threshold gets one that
// follows how many examples its scripts have.
func TestDefaultThreshold(t *testing.T) {
	for _, tc := range []struct {
		examples, profiles int
		want               float32
	}{
		{0, 0, DefaultThreshold},
		{180, 10, 0.13}, // 18 a script: the calibrated default
		{500, 10, 0.13}, // more is no lower
		{90, 10, 0.26},  // 9 a script: twice as strict
		{20, 10, 0.33},  // 2 a script: at most 0.33
	} {
		if got := defaultThreshold(tc.examples, tc.profiles); got < tc.want-1e-6 || got > tc.want+1e-6 {
			t.Errorf("%d examples, %d scripts: %v, want %v", tc.examples, tc.profiles, got, tc.want)
		}
	}
}

// TestOneCharacterPatterns: a pattern match with one character of content
// counts only when a question asks it with a context word before it.
func TestOneCharacterPatterns(t *testing.T) {
	b, err := New(&Spec{
		Shop: "测试店", HandoffKeywords: []string{"转人工"}, HandoffReply: "转接中", FallbackReply: "还在学习",
		Concepts: map[string][]string{
			"when":          {"什么时候", "多久"},
			"today":         {"今天"},
			"whether":       {"对吗"},
			"ship":          {"发货", "发"},
			"arrive":        {"到", "送"},
			ConceptContext:  {"什么时候", "多久", "对吗", "今天"},
			ConceptQuestion: {"吗", "什么", "多久"},
		},
		Scripts: []ScriptSpec{
			{ID: "shipping-time", Topic: "shipping-time", Patterns: []string{"~when ~ship"}, Reply: "48 小时内发货"},
			{ID: "logistics", Topic: "logistics", Patterns: []string{"~when ~arrive", "~today ~arrive", "~arrive ~whether", "~arrive ~question"}, Reply: "2-4 天送达"},
			{ID: "shelf-life", Topic: "shelf-life", Keywords: []string{"保质期"}, Reply: "12 个月"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	wantOutcomes(t, b, []outcomeCase{
		{"什么时候发", "shipping-time", "a when-question about one character"},
		{"多久到", "logistics", "a how-long question about one character"},
		{"什么时候发货", "shipping-time", "two characters of content"},
		{"到吗", "fallback", "吗 is no context word: chance"},
		{"也是送的对吗", "fallback", "the context word comes after the one character"},
		{"今天到吗", "logistics", "a question with a context word before the one character"},
		{"今天到了", "fallback", "no question marker: a statement"},
		{"保质期多久到什么时候", "shelf-life", "a one-character match adds no points for its terms"},
	})
}

// TestContextAnchorIsNoTopic: a pattern that opens with a context concept
// (~today) makes its opening word no word with a topic, so a step told
// with a time word is small talk, as it is without one; a pattern that
// opens with a word of its own keeps that word topical.
func TestContextAnchorIsNoTopic(t *testing.T) {
	b, err := New(&Spec{
		Shop: "测试店", HandoffKeywords: []string{"转人工"}, HandoffReply: "转接中", FallbackReply: "还在学习",
		Concepts: map[string][]string{
			"today":         {"今天"},
			"receive":       {"收到货"},
			ConceptContext:  {"今天"},
			ConceptQuestion: {"吗"},
			ConceptAck:      {"已经收到货了"},
			ConceptFiller:   {"了"},
		},
		Scripts: []ScriptSpec{
			{ID: "logistics", Topic: "logistics", Patterns: []string{"~today ~receive", "包裹 ~receive"}, Reply: "2-4 天送达"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	wantOutcomes(t, b, []outcomeCase{
		{"已经收到货了", "smalltalk", "a step told"},
		{"今天已经收到货了", "smalltalk", "a step told with a time word that opens a pattern: the time word says when, not what"},
		{"今天已经收到货了吗", "logistics", "a step asked about"},
		{"包裹已经收到货了", "logistics", "a pattern's own opening word is a word with a topic, outside the acknowledgement"},
	})
}

// matchFromRef is matchFrom as it was before it skipped spans: every span
// from the first looked at, for every term.
func (b *Bundle) matchFromRef(terms []int32, spans []span, prevEnd int32, skipNeg bool, budget *int, got []int32) bool {
	for k, t := range spans {
		if *budget--; *budget < 0 {
			return false
		}
		if prevEnd >= 0 && (t.start < prevEnd || t.start-prevEnd > b.Gap) {
			continue
		}
		if skipNeg && t.neg || !b.termMatches(terms[0], t.pat) {
			continue
		}
		if len(terms) == 1 {
			_ = append(got, int32(k))
			return true
		}
		if b.matchFromRef(terms[1:], spans, t.end, skipNeg, budget, append(got, int32(k))) {
			return true
		}
	}
	return false
}

// TestMatchFromSkips: the search that skips the spans before the previous
// term's and stops past the gap finds what looking at every span finds,
// the same spans, even when the budget runs out.
func TestMatchFromSkips(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		b := &Bundle{Gap: int32(r.IntN(4))}
		spans := make([]span, r.IntN(24))
		for i := range spans {
			s := int32(r.IntN(30))
			spans[i] = span{pat: int32(r.IntN(4)), start: s, end: s + 1 + int32(r.IntN(3)), neg: r.IntN(5) == 0}
			if r.IntN(6) == 0 {
				spans[i].pat = termNumber
			}
		}
		sortSpans(spans)
		terms := make([]int32, 1+r.IntN(MaxPatternTerms))
		for i := range terms {
			terms[i] = int32(r.IntN(4))
			if r.IntN(6) == 0 {
				terms[i] = termNumber
			}
		}
		skip := r.IntN(2) == 0
		budget := []int{256, 40, 12, 3}[r.IntN(4)]
		var got, want [MaxPatternTerms]int32
		ok, _ := b.matchFrom(terms, spans, 0, -1, skip, budget, got[:0])
		refBudget := budget
		wantOK := b.matchFromRef(terms, spans, -1, skip, &refBudget, want[:0])
		if ok != wantOK || ok && got != want {
			t.Fatalf("terms %v in %v (gap %d, budget %d): %v %v, want %v %v", terms, spans, b.Gap, budget, ok, got, wantOK, want)
		}
	}
}

// TestDayKeepsZone: the day a scratch computes with the zone's offset
// kept between questions is the local calendar day, across daylight
// saving changes in either direction and jumps back in time.
func TestDayKeepsZone(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, name := range []string{"UTC", "Asia/Shanghai", "America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Sao_Paulo"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Logf("%s: %v", name, err)
			continue
		}
		var sc scratch
		u := time.Date(1965, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
		for range 50000 {
			switch r.IntN(10) {
			case 0: // anywhere
				u = time.Date(1965, 1, 1, 0, 0, 0, 0, time.UTC).Unix() + r.Int64N(80*365*86400)
			case 1: // back a little
				u -= r.Int64N(3 * 86400)
			default: // on by minutes to days: through every transition of some years
				u += r.Int64N(2 * 86400)
			}
			local := time.Unix(u, 0).In(loc)
			y, m, d := local.Date()
			want := int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
			if got := sc.day(local); got != want {
				t.Fatalf("%s %v: day %d, want %d", name, local, got, want)
			}
			if got := localDay(local); got != want {
				t.Fatalf("%s %v: localDay %d, want %d", name, local, got, want)
			}
		}
	}
}

// TestPatternChoices: a pattern with choices (元|块) answers as its plain
// patterns written out would, and explain names it once, as written.
func TestPatternChoices(t *testing.T) {
	spec := func(patterns ...string) *Spec {
		return &Spec{
			Shop: "测试店", HandoffKeywords: []string{"转人工"}, HandoffReply: "转接中", FallbackReply: "还在学习",
			Concepts: map[string][]string{"unit": {"盒", "包"}, ConceptQuestion: {"吗"}},
			Scripts: []ScriptSpec{
				{ID: "discount", Topic: "discount", Patterns: patterns, Reply: "满 199 减 20"},
				{ID: "stock", Topic: "stock", Keywords: []string{"有货"}, Reply: "有货"},
			},
		}
	}
	choice, err := New(spec("{n} 元|块 {n} 件|~unit"))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := New(spec("{n} 元 {n} 件", "{n} 元 {n} ~unit", "{n} 块 {n} 件", "{n} 块 {n} ~unit"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ q, want string }{
		{"50块6包吗", "discount"},
		{"99元3件", "discount"},
		{"三块两盒", "discount"},
		{"50块钱", "fallback"},
		{"99元3个", "fallback"},
		{"3件99元", "fallback"},
		{"有货吗 50元2件", "discount"},
	} {
		a := choice.Answer(tc.q, Context{})
		if got := choice.OutcomeName(a); got != tc.want {
			t.Errorf("%s → %s, want %s", tc.q, got, tc.want)
		}
		if got, want := choice.OutcomeName(a), plain.OutcomeName(plain.Answer(tc.q, Context{})); got != want {
			t.Errorf("%s → %s with the choice, %s written out", tc.q, got, want)
		}
	}
	tr := choice.Explain("3元2件 或者 5块2件", Context{}, nil)
	for _, h := range tr.Hits {
		for i, o := range h.Owners {
			if o.Role == "pattern" && slices.Contains(h.Owners[:i], o) {
				t.Errorf("explain: %q anchors %q twice", h.Text, o.Pattern)
			}
		}
	}
	for _, c := range tr.Candidates {
		if c.Script == "discount" && !slices.Equal(c.Patterns, []string{"{n} 元|块 {n} 件|~unit"}) {
			t.Errorf("explain names the patterns %q, want the one written", c.Patterns)
		}
	}
}

// TestRepeatShield: a shield word that asks A-not-A (能不能, 可不可以) hides
// the negator inside it, but a term that starts at its second A and runs
// on is what the buyer asks about: 能不能上电磁炉 asks 能上电磁炉.
func TestRepeatShield(t *testing.T) {
	b, err := New(&Spec{
		Shop: "测试店", HandoffKeywords: []string{"转人工"}, HandoffReply: "转接中", FallbackReply: "还在学习",
		Concepts: map[string][]string{
			ConceptShield:   {"能不能", "可不可以", "订单号"},
			ConceptNegator:  {"不能", "不可以"},
			ConceptQuestion: {"吗", "能不能", "可不可以"},
		},
		Scripts: []ScriptSpec{
			{ID: "cooker", Topic: "material", Keywords: []string{"能上电磁炉"}, Reply: "可以"},
			{ID: "order", Topic: "order", Keywords: []string{"单号"}, Reply: "单号在订单里"},
			{ID: "oven", Topic: "material", Keywords: []string{"可以放烤箱"}, Reply: "可以"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ q, want string }{
		{"能上电磁炉吗", "cooker"},
		{"能不能上电磁炉", "cooker"},
		{"可不可以放烤箱", "oven"},
		{"订单号", "fallback"}, // 单号 inside 订单号 still does not count
	} {
		if got := b.OutcomeName(b.Answer(tc.q, Context{})); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.q, got, tc.want)
		}
	}
}
