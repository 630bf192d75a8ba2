package serve

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The metrics are written in the Prometheus text exposition format
// (version 0.0.4) by hand: a few counters and one histogram do not need a
// client library.

// latencyBuckets are the histogram's upper bounds, in seconds.
var latencyBuckets = []float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1}

// maxSeries bounds the (outcome, script) pairs counted separately; past
// it, answers count under script="(other)". Reloads that rename scripts
// cannot grow the map without bound.
const maxSeries = 10000

type answerKey struct{ outcome, script string }

type metrics struct {
	mu      sync.RWMutex
	answers map[answerKey]*atomic.Uint64

	handlers []string
	hist     []histogram // by route id
	codes    sync.Map    // codeKey → *atomic.Uint64

	badRequests    atomic.Uint64
	reloads        atomic.Uint64
	reloadFailures atomic.Uint64
}

type codeKey struct {
	handler int
	code    int
}

type histogram struct {
	counts [13]atomic.Uint64 // len(latencyBuckets)+1: the last is +Inf
	sumNS  atomic.Uint64
}

func newMetrics() *metrics { return &metrics{answers: map[answerKey]*atomic.Uint64{}} }

func (m *metrics) setHandlers(names []string) {
	m.handlers = names
	m.hist = make([]histogram, len(names))
}

func (m *metrics) countAnswer(outcome, script string) {
	k := answerKey{outcome, script}
	m.mu.RLock()
	c := m.answers[k]
	m.mu.RUnlock()
	if c == nil {
		m.mu.Lock()
		if c = m.answers[k]; c == nil {
			if len(m.answers) >= maxSeries {
				k.script = "(other)"
			}
			if c = m.answers[k]; c == nil {
				c = new(atomic.Uint64)
				m.answers[k] = c
			}
		}
		m.mu.Unlock()
	}
	c.Add(1)
}

func (m *metrics) observe(handler, code int, d time.Duration) {
	h := &m.hist[handler]
	sec := d.Seconds()
	i, _ := slices.BinarySearch(latencyBuckets, sec)
	h.counts[i].Add(1)
	h.sumNS.Add(uint64(d))
	k := codeKey{handler, code}
	c, ok := m.codes.Load(k)
	if !ok {
		c, _ = m.codes.LoadOrStore(k, new(atomic.Uint64))
	}
	c.(*atomic.Uint64).Add(1)
}

func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	s.writeMetrics(w)
}

// writeMetrics writes every metric in the text exposition format.
func (s *Server) writeMetrics(out io.Writer) {
	w := bufio.NewWriter(out)
	defer w.Flush()
	m := s.metrics
	header := func(name, typ, help string) {
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
	}

	header("xm_answers_total", "counter", "Questions answered, by outcome and answering script (script is empty when none answered).")
	m.mu.RLock()
	keys := make([]answerKey, 0, len(m.answers))
	for k := range m.answers {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b answerKey) int {
		return cmp.Or(cmp.Compare(a.outcome, b.outcome), cmp.Compare(a.script, b.script))
	})
	for _, k := range keys {
		fmt.Fprintf(w, "xm_answers_total{outcome=%s,script=%s} %d\n", label(k.outcome), label(k.script), m.answers[k].Load())
	}
	m.mu.RUnlock()

	header("xm_http_requests_total", "counter", "HTTP requests, by route and status code.")
	var codes []codeKey
	m.codes.Range(func(k, _ any) bool { codes = append(codes, k.(codeKey)); return true })
	slices.SortFunc(codes, func(a, b codeKey) int { return cmp.Or(cmp.Compare(a.handler, b.handler), cmp.Compare(a.code, b.code)) })
	for _, k := range codes {
		c, _ := m.codes.Load(k)
		fmt.Fprintf(w, "xm_http_requests_total{handler=%s,code=\"%d\"} %d\n", label(m.handlers[k.handler]), k.code, c.(*atomic.Uint64).Load())
	}

	header("xm_http_request_duration_seconds", "histogram", "Time to serve a request, by route.")
	for i, name := range m.handlers {
		h := &m.hist[i]
		var cum uint64
		for b, le := range latencyBuckets {
			cum += h.counts[b].Load()
			fmt.Fprintf(w, "xm_http_request_duration_seconds_bucket{handler=%s,le=\"%s\"} %d\n", label(name), float(le), cum)
		}
		cum += h.counts[len(latencyBuckets)].Load()
		fmt.Fprintf(w, "xm_http_request_duration_seconds_bucket{handler=%s,le=\"+Inf\"} %d\n", label(name), cum)
		fmt.Fprintf(w, "xm_http_request_duration_seconds_sum{handler=%s} %s\n", label(name), float(float64(h.sumNS.Load())/1e9))
		fmt.Fprintf(w, "xm_http_request_duration_seconds_count{handler=%s} %d\n", label(name), cum)
	}

	header("xm_bad_requests_total", "counter", "Requests refused with 400: bad JSON, a missing or wrong field.")
	fmt.Fprintf(w, "xm_bad_requests_total %d\n", m.badRequests.Load())
	header("xm_reloads_total", "counter", "Successful reloads of the project or bundle after the first load.")
	fmt.Fprintf(w, "xm_reloads_total %d\n", m.reloads.Load())
	header("xm_reload_failures_total", "counter", "Reloads that failed (lint errors, a corrupt bundle); the last good bundle kept answering.")
	fmt.Fprintf(w, "xm_reload_failures_total %d\n", m.reloadFailures.Load())

	st := s.Status()
	header("xm_ready", "gauge", "1 when a bundle is loaded and answering.")
	fmt.Fprintf(w, "xm_ready %d\n", b2i(st.Ready))
	header("xm_lint_findings", "gauge", "The project's lint findings at the latest load, by severity.")
	fmt.Fprintf(w, "xm_lint_findings{severity=\"error\"} %d\nxm_lint_findings{severity=\"warning\"} %d\n", st.Errors, st.Warnings)
	if l := s.cur.Load(); l != nil {
		header("xm_bundle_info", "gauge", "The bundle answering: its source hash, shop and size (value 1).")
		fmt.Fprintf(w, "xm_bundle_info{source_sha256=%s,shop=%s,scripts=\"%d\",triggers=\"%d\",keywords=\"%d\"} 1\n",
			label(l.hash), label(l.b.Shop), len(l.b.Scripts), len(l.b.Triggers), l.b.NumPatterns())
		header("xm_bundle_loaded_timestamp_seconds", "gauge", "When the answering bundle was loaded, in Unix seconds.")
		fmt.Fprintf(w, "xm_bundle_loaded_timestamp_seconds %s\n", float(float64(l.loadedAt.UnixNano())/1e9))
	}
}

// label quotes a label value: backslash, double quote and newline escaped.
func label(v string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range v {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func float(v float64) string {
	if math.IsInf(v, 1) {
		return "+Inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
