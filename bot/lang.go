package bot

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The matching language: keywords, concepts and patterns.
//
// A keyword is literal text, or ~name for any member of a concept. A
// pattern is terms separated by spaces that must appear in this order,
// without overlapping, each starting at most Spec.Gap characters (of
// normalised text) after the previous one ends: a term is literal text,
// ~name, {n} for a number in Arabic or Chinese numerals, or a choice of
// those written with | between them (元|块, 还要|~also).

// TermKind is what a pattern term stands for.
type TermKind uint8

const (
	TermText    TermKind = iota // literal text
	TermConcept                 // ~name: any member of a concept
	TermNumber                  // {n}: a number, 300, 三百, 两, 1.5
	TermChoice                  // a|b: any one of Alts
)

// Term is one term of a pattern as written.
type Term struct {
	Kind TermKind
	// Text is the literal text, or the concept's name without ~.
	Text string
	// Offset is the term's byte offset in the pattern.
	Offset int
	// Alts are a choice's alternatives, each text, a concept or a number.
	Alts []Term
}

// Choices returns what the term may stand for: a choice's alternatives,
// or the term itself.
func (t Term) Choices() []Term {
	if t.Kind == TermChoice {
		return t.Alts
	}
	return []Term{t}
}

// MaxPatternTerms bounds the terms of one pattern.
const MaxPatternTerms = 8

// MaxPatternExpansions bounds the plain patterns one pattern stands for:
// the product of its choices' sizes ("{n} 元|块 件|个" stands for 4).
const MaxPatternExpansions = 64

// DefaultGap is how many characters may stand between two terms of a
// pattern when the project does not say.
const DefaultGap = 6

// MaxGap bounds Spec.Gap.
const MaxGap = 32

// PatternError says what is wrong with a pattern and where. Reason is one
// of "empty" (no terms), "too-many" (more than MaxPatternTerms),
// "concept-name" (~ without a valid name after it), "braces" (a { that is
// not {n}), "choice-empty" (a | with nothing on one side),
// "too-many-choices" (more than MaxPatternExpansions plain patterns);
// callers word it.
type PatternError struct {
	Offset int
	Reason string
	Term   string
}

func (e *PatternError) Error() string {
	return "pattern: " + e.Reason + " at byte " + itoa(e.Offset) + " (" + e.Term + ")"
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for ; n > 0; n /= 10 {
		i--
		b[i] = byte('0' + n%10)
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// ParsePattern splits a pattern into its terms.
func ParsePattern(s string) ([]Term, error) {
	var terms []Term
	plain := 1
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		j := i
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if unicode.IsSpace(r) {
				break
			}
			j += size
		}
		word := s[i:j]
		t, err := parseTerm(word, i)
		if err != nil {
			return nil, err
		}
		if len(terms) == MaxPatternTerms {
			return nil, &PatternError{Offset: i, Reason: "too-many", Term: word}
		}
		if plain *= len(t.Choices()); plain > MaxPatternExpansions {
			return nil, &PatternError{Offset: i, Reason: "too-many-choices", Term: word}
		}
		terms = append(terms, t)
		i = j
	}
	if len(terms) == 0 {
		return nil, &PatternError{Reason: "empty"}
	}
	return terms, nil
}

func parseTerm(w string, off int) (Term, error) {
	if !strings.ContainsAny(w, ChoiceSeparators) {
		return parseAlt(w, off)
	}
	t := Term{Kind: TermChoice, Text: w, Offset: off}
	for i := 0; ; {
		j := strings.IndexAny(w[i:], ChoiceSeparators)
		end := len(w)
		if j >= 0 {
			end = i + j
		}
		if end == i {
			return Term{}, &PatternError{Offset: off + i, Reason: "choice-empty", Term: w}
		}
		a, err := parseAlt(w[i:end], off+i)
		if err != nil {
			return Term{}, err
		}
		t.Alts = append(t.Alts, a)
		if j < 0 {
			return t, nil
		}
		_, size := utf8.DecodeRuneInString(w[end:])
		i = end + size
		if i == len(w) {
			return Term{}, &PatternError{Offset: off + i, Reason: "choice-empty", Term: w}
		}
	}
}

// parseAlt reads a term that is not a choice.
func parseAlt(w string, off int) (Term, error) {
	switch {
	case strings.HasPrefix(w, "~") || strings.HasPrefix(w, "～"):
		name := strings.TrimPrefix(strings.TrimPrefix(w, "~"), "～")
		if !ValidConceptName(name) {
			return Term{}, &PatternError{Offset: off, Reason: "concept-name", Term: w}
		}
		return Term{Kind: TermConcept, Text: name, Offset: off}, nil
	case strings.ContainsAny(w, "{}｛｝"):
		if w == "{n}" || w == "｛n｝" {
			return Term{Kind: TermNumber, Text: "{n}", Offset: off}, nil
		}
		return Term{}, &PatternError{Offset: off, Reason: "braces", Term: w}
	}
	return Term{Kind: TermText, Text: w, Offset: off}, nil
}

// ChoiceSeparators separate a choice's alternatives (元|块, 元｜块).
const ChoiceSeparators = "|｜"

// PatternWords splits a pattern into its words, a choice (元|块) into its
// alternatives: the literal text, ~names and {n} it is written with.
func PatternWords(pat string) []string {
	return strings.FieldsFunc(pat, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(ChoiceSeparators, r) })
}

// PlainPatterns is how many plain patterns pat stands for, the product of
// its choices' sizes; 0 when it does not parse (it compiles to nothing).
func PlainPatterns(pat string) int {
	terms, err := ParsePattern(pat)
	if err != nil {
		return 0
	}
	n := 1
	for _, t := range terms {
		n *= len(t.Choices())
	}
	return n
}

// ExpandPattern returns the plain patterns a parsed pattern stands for,
// one for each way of picking an alternative of every choice, in order:
// "{n} 元|块" gives "{n} 元" and "{n} 块". ParsePattern has bounded their
// number by MaxPatternExpansions.
func ExpandPattern(terms []Term) [][]Term {
	out := [][]Term{nil}
	for _, t := range terms {
		alts := t.Choices()
		next := make([][]Term, 0, len(out)*len(alts))
		for _, p := range out {
			for _, a := range alts {
				next = append(next, append(slices.Clip(p), a))
			}
		}
		out = next
	}
	return out
}

// ConceptRef returns the concept a keyword names (~name), if it names one.
func ConceptRef(keyword string) (string, bool) {
	k := strings.TrimSpace(keyword)
	if name, ok := strings.CutPrefix(k, "~"); ok {
		return name, true
	}
	if name, ok := strings.CutPrefix(k, "～"); ok {
		return name, true
	}
	return "", false
}

// ValidConceptName reports whether s is a concept name: lower-case ASCII
// letters, digits and '-', starting with a letter, at most 40 bytes.
func ValidConceptName(s string) bool {
	if s == "" || len(s) > 40 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// The concepts the matcher itself reads, when the project (or xm's
// library) defines them.
const (
	ConceptGreeting    = "greeting"    // small talk: 你好, 在吗
	ConceptThanks      = "thanks"      // small talk: 谢谢
	ConceptAck         = "ack"         // small talk: 好的, 嗯嗯, 知道了
	ConceptBye         = "bye"         // small talk: 再见
	ConceptFiller      = "filler"      // small talk: 啊, 呀, 那个
	ConceptPlaceholder = "placeholder" // masked values a platform writes: [数字x]
	ConceptNegator     = "negator"     // 不, 没, 别: marks the term after it negated
	ConceptQuestion    = "question"    // 吗, 什么, 怎么: the message asks something
	ConceptShield      = "shield"      // longer words whose pieces do not count
	ConceptComplaint   = "complaint"   // a complaint: to a human
	ConceptDefect      = "defect"      // a defect report: to a human unless asked as a question
	ConceptHedge       = "hedge"       // 会, 容易, 怕: a defect right after it is asked about, not reported
	ConceptStopword    = "stopword"    // weighs nothing in similarity
	ConceptContext     = "context"     // time and question-kind words: context, not a topic, for similarity
)

// special indexes the concepts above.
const (
	spGreeting = iota
	spThanks
	spAck
	spBye
	spFiller
	spPlaceholder
	spNegator
	spQuestion
	spShield
	spComplaint
	spDefect
	spStopword
	spContext
	numSpecial
)

// SpecialConcepts lists the concept names the matcher reads, in the order
// of the sp* constants.
var SpecialConcepts = [numSpecial]string{ConceptGreeting, ConceptThanks, ConceptAck, ConceptBye, ConceptFiller,
	ConceptPlaceholder, ConceptNegator, ConceptQuestion, ConceptShield, ConceptComplaint, ConceptDefect, ConceptStopword, ConceptContext}

// Reserved reports whether the matcher reads concept name: one of
// SpecialConcepts, or hedge (read from the pattern flags alone, so a
// bundle keeps its format).
func Reserved(name string) bool {
	return name == ConceptHedge || slices.Contains(SpecialConcepts[:], name)
}

// numeralRunes are the characters a {n} number is made of.
const numeralRunes = "0123456789零〇一二两三四五六七八九十百千万半"
