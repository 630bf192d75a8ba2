package bot

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// bruteForce is the oracle: normalise the text keeping each character's
// byte range, then compare every pattern at every position.
func bruteForce(patterns []string, text string) []Hit {
	type ch struct {
		r          rune
		start, end int
	}
	var chars []ch
	for i, r := range text {
		if f := Fold(r); f >= 0 {
			chars = append(chars, ch{f, i, i + utf8.RuneLen(r)})
		}
	}
	// utf8.RuneLen of RuneError is 3, but an invalid byte is 1 wide.
	for i := range chars {
		if chars[i].r == utf8.RuneError {
			_, size := utf8.DecodeRuneInString(text[chars[i].start:])
			chars[i].end = chars[i].start + size
		}
	}
	var hits []Hit
	for pi, p := range patterns {
		pr := normRunes(p)
		for i := 0; i+len(pr) <= len(chars); i++ {
			ok := true
			for j, r := range pr {
				if chars[i+j].r != r {
					ok = false
					break
				}
			}
			if ok {
				hits = append(hits, Hit{Pattern: int32(pi), Start: int32(chars[i].start), End: int32(chars[i+len(pr)-1].end)})
			}
		}
	}
	return hits
}

func sortHits(h []Hit) {
	slices.SortFunc(h, func(a, b Hit) int {
		return cmp.Or(cmp.Compare(a.End, b.End), cmp.Compare(a.Start, b.Start), cmp.Compare(a.Pattern, b.Pattern))
	})
}

// pieces are what random keywords and questions are made of: shared
// prefixes (看门/看门狗), traditional and full-width forms, Latin sizes,
// digits, punctuation and emoji.
var pieces = []string{"看", "门", "狗", "码", "碼", "M", "Ｍ", "m", "L", "X", "尺", "寸", "多", "少", "斤", "1", "0", "５", "发", "發", "货", "貨", ",", " ", "!", "😊", "退", "款", "a", "b", "ab"}

func randText(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

func TestAutomatonMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 400 {
		var pats []string
		for range 1 + r.IntN(40) {
			p := randText(r, 1+r.IntN(4))
			if Normalize(p) == "" {
				continue
			}
			pats = append(pats, p)
		}
		if len(pats) == 0 {
			continue
		}
		a, err := BuildAutomaton(pats)
		if err != nil {
			t.Fatal(err)
		}
		wide := *a
		wide.codes = nil // the walk an alphabet too large for 16-bit codes takes
		chase := *a
		chase.chase = true // the walk on more states than fit the caches
		for range 20 {
			text := randText(r, r.IntN(30))
			want := bruteForce(pats, text)
			sortHits(want)
			for _, a := range []*Automaton{a, &wide, &chase} {
				got := a.FindAll(text, nil)
				sortHits(got)
				if !slices.Equal(got, want) {
					t.Fatalf("round %d (16-bit codes %v, chase %v): patterns %q text %q\n got %v\nwant %v", round, a.codes != nil, a.chase, pats, text, got, want)
				}
			}
		}
	}
}

// TestLargeAlphabet: with 65,535 characters or more in the patterns the
// codes do not fit 16 bits, and the walk takes the full table.
func TestLargeAlphabet(t *testing.T) {
	var pats []string
	for _, rng := range [][2]rune{{0x4E00, 0x9FFF}, {0x3400, 0x4DBF}, {0x20000, 0x2A6DF}} {
		for r := rng[0]; r <= rng[1]; r++ {
			pats = append(pats, string(r))
		}
	}
	a, err := BuildAutomaton(pats)
	if err != nil {
		t.Fatal(err)
	}
	if a.codes != nil {
		t.Fatalf("%d codes walked on 16 bits", len(a.table.runes)-1)
	}
	text := "码\U0002A6DF😊\U00020000碼"
	got := a.FindAll(text, nil)
	want := bruteForce(pats, text)
	sortHits(got)
	sortHits(want)
	if !slices.Equal(got, want) || len(got) == 0 {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestLeftmostLongest(t *testing.T) {
	a, err := BuildAutomaton([]string{"看门", "看门狗", "门狗", "狗", "L码", "XL码"})
	if err != nil {
		t.Fatal(err)
	}
	text := "看门狗和XL碼"
	var got []string
	for _, h := range a.LeftmostLongest(text, nil) {
		got = append(got, text[h.Start:h.End])
	}
	if want := []string{"看门狗", "XL碼"}; !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestEmptyPattern(t *testing.T) {
	if _, err := BuildAutomaton([]string{"码", "!!😊"}); err != ErrEmptyPattern {
		t.Fatalf("want ErrEmptyPattern, got %v", err)
	}
}

func TestFindAllDoesNotAllocate(t *testing.T) {
	a, err := BuildAutomaton([]string{"m码", "多少斤", "发货"})
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]Hit, 0, 16)
	allocs := testing.AllocsPerRun(100, func() { buf = a.FindAll("請問Ｍ碼適合多少斤,什麼時候發貨", buf[:0]) })
	if allocs != 0 {
		t.Fatalf("FindAll allocates %v times", allocs)
	}
	if len(buf) != 3 {
		t.Fatalf("want 3 hits, got %v", buf)
	}
}

// FuzzAutomaton checks the automaton against the oracle on arbitrary text,
// invalid UTF-8 included.
func FuzzAutomaton(f *testing.F) {
	pats := []string{"看门", "看门狗", "m码", "xl码", "多少斤", "发货", "1", "退款"}
	a, err := BuildAutomaton(pats)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"", "看门狗", "請問Ｍ碼適合多少斤", "\xff\xfe码", "😊退😊款", "XL碼1"} {
		f.Add(s)
	}
	chase := *a
	chase.chase = true
	f.Fuzz(func(t *testing.T, text string) {
		want := bruteForce(pats, text)
		sortHits(want)
		for _, a := range []*Automaton{a, &chase} {
			got := a.FindAll(text, nil)
			sortHits(got)
			if !slices.Equal(got, want) {
				t.Fatalf("text %q (chase %v)\n got %v\nwant %v", text, a.chase, got, want)
			}
		}
	})
}

// FuzzNormalize checks that normalising is idempotent and never yields
// ignored characters or invalid UTF-8.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"請問Ｍ碼適合多少斤?", "😊", "\xff", "ＡＢＣ１２３", "①②"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if !utf8.ValidString(n) {
			t.Fatalf("invalid UTF-8 from %q", s)
		}
		if Normalize(n) != n {
			t.Fatalf("not idempotent: %q → %q → %q", s, n, Normalize(n))
		}
	})
}

// TestAstralAgreesWithFold checks the character table's shortcut for
// characters above the BMP against Fold, over the planes that are assigned.
func TestAstralAgreesWithFold(t *testing.T) {
	a, err := BuildAutomaton([]string{"码"})
	if err != nil {
		t.Fatal(err)
	}
	for r := rune(0x10000); r < 0x40000; r++ {
		e := a.table.lookup(r)
		want := Fold(r)
		got := a.table.folded(r, e)
		if got != want {
			t.Fatalf("U+%04X: table folds to %q, Fold to %q", r, got, want)
		}
	}
}
