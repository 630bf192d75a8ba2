package simulate

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/i18n"
)

// Quality is answer quality measured against expectations, as `rasa test`
// reports it: precision, recall and F1 per script and per topic, the
// confusion matrices, and a histogram of the confidence of answers from
// similar examples. Handoff (urgent included) and fallback are classes of
// their own; expectations that name no script are one class, "?". Memory
// grows with the number of distinct (expected, got) pairs of the bundle's
// scripts, never with the input.
type Quality struct {
	Expected int          `json:"with_expectation"`
	Scripts  []ClassScore `json:"scripts"`
	Topics   []ClassScore `json:"topics"`
	// ScriptMatrix and TopicMatrix count (expected, got) pairs.
	ScriptMatrix Matrix `json:"script_matrix"`
	TopicMatrix  Matrix `json:"topic_matrix"`
	// MacroF1 is the mean F1 over the classes with support; WeightedF1
	// weighs each by its support.
	MacroF1    float64 `json:"macro_f1"`
	WeightedF1 float64 `json:"weighted_f1"`
	// Confidence is the histogram of answers from similar examples.
	Confidence []Bucket `json:"similarity_confidence"`
}

// ClassScore is one class's scores: a script (or handoff, fallback), or a
// topic.
type ClassScore struct {
	Name      string  `json:"name"`
	Topic     string  `json:"topic,omitempty"`
	Support   int     `json:"support"` // questions expected to get it
	Predicted int     `json:"predicted"`
	Correct   int     `json:"correct"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// Matrix is a confusion matrix: Counts[i][j] questions expected to get
// Labels[i] got Labels[j].
type Matrix struct {
	Labels []string `json:"labels"`
	Counts [][]int  `json:"counts"`
}

// Bucket is one tenth of the confidence range [Low, Low+0.1); Right and
// Wrong split the answers whose expectation is known.
type Bucket struct {
	Low   float64 `json:"low"`
	Count int     `json:"count"`
	Right int     `json:"right"`
	Wrong int     `json:"wrong"`
}

// QualityTally accumulates Quality from results; feed it every result in
// order (simulate.Handlers.Result) and call Finish.
type QualityTally struct {
	b        *bot.Bundle
	topic    map[string]string
	pairs    map[[2]string]int
	hist     [10]Bucket
	expected int
}

// NewQualityTally starts a tally for replays against b.
func NewQualityTally(b *bot.Bundle) *QualityTally {
	q := &QualityTally{b: b, topic: map[string]string{"handoff": "handoff", "fallback": "fallback"}, pairs: map[[2]string]int{}}
	for _, s := range b.Scripts {
		q.topic[s.ID] = s.Topic
	}
	for i := range q.hist {
		q.hist[i].Low = float64(i) / 10
	}
	return q
}

// class folds urgent into handoff, as Meets does.
func class(outcome string) string {
	if outcome == "urgent" {
		return "handoff"
	}
	return outcome
}

// Add counts one result.
func (q *QualityTally) Add(r *Result) {
	if !r.HasQuery {
		return
	}
	if r.Answer.Similar {
		i := min(max(int(r.Answer.Confidence*10), 0), 9)
		q.hist[i].Count++
		if r.Rec.Expected != "" {
			if r.Met {
				q.hist[i].Right++
			} else {
				q.hist[i].Wrong++
			}
		}
	}
	if r.Rec.Expected == "" {
		return
	}
	q.expected++
	exp := class(r.Rec.Expected)
	if _, ok := q.topic[exp]; !ok {
		exp = "?" // names no script: one class, so junk in a log cannot grow the tally
	}
	q.pairs[[2]string{exp, class(r.Outcome)}]++
}

func (q *QualityTally) topicOf(label string) string {
	if t, ok := q.topic[label]; ok && t != "" {
		return t
	}
	if _, ok := q.topic[label]; ok {
		return "other"
	}
	return "?" // expectations naming no script
}

// Finish computes the scores.
func (q *QualityTally) Finish() *Quality {
	out := &Quality{Expected: q.expected, Confidence: q.hist[:]}
	topicPairs := map[[2]string]int{}
	for k, n := range q.pairs {
		topicPairs[[2]string{q.topicOf(k[0]), q.topicOf(k[1])}] += n
	}
	out.Scripts, out.ScriptMatrix = scores(q.pairs)
	for i := range out.Scripts {
		out.Scripts[i].Topic = q.topicOf(out.Scripts[i].Name)
	}
	out.Topics, out.TopicMatrix = scores(topicPairs)
	n, sum, wsum := 0, 0.0, 0.0
	for _, c := range out.Scripts {
		if c.Support > 0 {
			n++
			sum += c.F1
			wsum += c.F1 * float64(c.Support)
		}
	}
	out.MacroF1 = rate1(sum, n)
	out.WeightedF1 = rate1(wsum, q.expected)
	return out
}

func rate1(x float64, n int) float64 {
	if n == 0 {
		return 0
	}
	return x / float64(n)
}

// scores turns (expected, got) counts into per-class scores, sorted by
// support, and the matrix over the labels that occur, in the same order.
func scores(pairs map[[2]string]int) ([]ClassScore, Matrix) {
	by := map[string]*ClassScore{}
	get := func(name string) *ClassScore {
		c, ok := by[name]
		if !ok {
			c = &ClassScore{Name: name}
			by[name] = c
		}
		return c
	}
	for k, n := range pairs {
		get(k[0]).Support += n
		get(k[1]).Predicted += n
		if k[0] == k[1] {
			get(k[0]).Correct += n
		}
	}
	list := make([]ClassScore, 0, len(by))
	for _, c := range by {
		c.Precision = rate(c.Correct, c.Predicted)
		c.Recall = rate(c.Correct, c.Support)
		if c.Precision+c.Recall > 0 {
			c.F1 = 2 * c.Precision * c.Recall / (c.Precision + c.Recall)
		}
		list = append(list, *c)
	}
	slices.SortFunc(list, func(a, b ClassScore) int {
		return cmp.Or(cmp.Compare(b.Support, a.Support), cmp.Compare(b.Predicted, a.Predicted), cmp.Compare(a.Name, b.Name))
	})
	m := Matrix{Labels: make([]string, len(list)), Counts: make([][]int, len(list))}
	idx := map[string]int{}
	for i, c := range list {
		m.Labels[i] = c.Name
		idx[c.Name] = i
		m.Counts[i] = make([]int, len(list))
	}
	for k, n := range pairs {
		m.Counts[idx[k[0]]][idx[k[1]]] += n
	}
	return list, m
}

// JSONQuality prints the quality as one JSON line of type "quality".
func JSONQuality(w io.Writer, q *Quality) error {
	return writeJSONLine(w, struct {
		Type string `json:"type"`
		*Quality
	}{"quality", q})
}

// TextQuality prints the per-topic scores, the scripts that were missed or
// answered wrongly, the topic confusion matrix when anything was confused,
// and the confidence histogram of similarity answers.
func TextQuality(w io.Writer, q *Quality, l i18n.Lang) error {
	T := func(zh, en string) string { return i18n.T(zh, en).In(l) }
	var b strings.Builder
	if q.Expected > 0 {
		fmt.Fprintf(&b, "%s %.2f  %s %.2f\n", T("各话术 F1：平均", "F1 over scripts: macro"), q.MacroF1, T("按期望数加权", "weighted"), q.WeightedF1)
		fmt.Fprintf(&b, "%s\n", T("按话题（精确率 召回率 F1 期望数）：", "by topic (precision recall F1 support):"))
		for _, c := range q.Topics {
			fmt.Fprintf(&b, "  %-20s %5.2f %5.2f %5.2f %5d\n", c.Name, c.Precision, c.Recall, c.F1, c.Support)
		}
		var weak []ClassScore
		for _, c := range q.Scripts {
			if c.Correct != c.Support || c.Correct != c.Predicted {
				weak = append(weak, c)
			}
		}
		if len(weak) > 0 {
			fmt.Fprintf(&b, "%s\n", T("有错的话术（精确率 召回率 F1 期望数 答出数）：", "scripts with misses (precision recall F1 support predicted):"))
			for _, c := range weak {
				fmt.Fprintf(&b, "  %-20s %5.2f %5.2f %5.2f %5d %5d\n", c.Name, c.Precision, c.Recall, c.F1, c.Support, c.Predicted)
			}
			fmt.Fprintf(&b, "%s\n", T("话题混淆矩阵（行：期望，列：实际）：", "topic confusion matrix (rows expected, columns got):"))
			writeMatrix(&b, q.TopicMatrix)
		}
	}
	similar := 0
	for _, k := range q.Confidence {
		similar += k.Count
	}
	if similar > 0 {
		fmt.Fprintf(&b, "%s\n", T("相似例句回答的置信度分布：", "confidence of answers from similar examples:"))
		peak := 1
		for _, k := range q.Confidence {
			peak = max(peak, k.Count)
		}
		for _, k := range q.Confidence {
			if k.Count == 0 {
				continue
			}
			fmt.Fprintf(&b, "  %.1f-%.1f %6d %s", k.Low, k.Low+0.1, k.Count, strings.Repeat("█", max(1, k.Count*30/peak)))
			if k.Right+k.Wrong > 0 {
				fmt.Fprintf(&b, "  %s %d %s %d", T("对", "right"), k.Right, T("错", "wrong"), k.Wrong)
			}
			b.WriteString("\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeMatrix prints a matrix with numbered columns and a legend in the
// rows, so long labels do not widen every column.
func writeMatrix(b *strings.Builder, m Matrix) {
	width := 3
	for _, row := range m.Counts {
		for _, n := range row {
			width = max(width, len(fmt.Sprint(n))+1)
		}
	}
	fmt.Fprintf(b, "  %-24s", "")
	for j := range m.Labels {
		fmt.Fprintf(b, "%*d", width, j+1)
	}
	b.WriteString("\n")
	for i, lab := range m.Labels {
		fmt.Fprintf(b, "  %2d %-21s", i+1, clip(lab, 21))
		for _, n := range m.Counts[i] {
			if n == 0 {
				fmt.Fprintf(b, "%*s", width, ".")
			} else {
				fmt.Fprintf(b, "%*d", width, n)
			}
		}
		b.WriteString("\n")
	}
}

// ErrorsWriter writes the missed expectations as a JSON array, one object
// per question, as they come (constant memory), like rasa's
// intent_errors.json.
type ErrorsWriter struct {
	w       io.Writer
	keyword func(int32) string
	n       int
}

// NewErrorsWriter starts the array.
func NewErrorsWriter(w io.Writer, keyword func(int32) string) (*ErrorsWriter, error) {
	_, err := io.WriteString(w, "[")
	return &ErrorsWriter{w: w, keyword: keyword}, err
}

type errorJSON struct {
	File       string  `json:"file"`
	Line       int     `json:"line"`
	Text       string  `json:"text"`
	Expected   string  `json:"expected"`
	Got        string  `json:"got"`
	Confidence float32 `json:"confidence"`
	Similar    bool    `json:"by_similarity,omitempty"`
	Keyword    string  `json:"keyword,omitempty"`
	Reply      string  `json:"reply,omitempty"`
}

// Add writes r when it missed its expectation.
func (e *ErrorsWriter) Add(r *Result) error {
	if !r.HasQuery || r.Rec.Expected == "" || r.Met {
		return nil
	}
	v := errorJSON{File: r.Rec.File, Line: r.Rec.Line, Text: r.Rec.Text, Expected: r.Rec.Expected, Got: r.Outcome,
		Confidence: r.Answer.Confidence, Similar: r.Answer.Similar, Reply: r.Reply}
	if r.Answer.Keyword >= 0 && e.keyword != nil {
		v.Keyword = e.keyword(r.Answer.Keyword)
	}
	var raw bytes.Buffer
	enc := json.NewEncoder(&raw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	sep := "\n  "
	if e.n > 0 {
		sep = ",\n  "
	}
	e.n++
	_, err := io.WriteString(e.w, sep+strings.TrimSuffix(raw.String(), "\n"))
	return err
}

// Close ends the array.
func (e *ErrorsWriter) Close() error {
	_, err := io.WriteString(e.w, "\n]\n")
	return err
}
