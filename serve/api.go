package serve

import (
	_ "embed"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/i18n"
)

// Answer is the reply to one question, as POST /v1/answer returns it.
type Answer struct {
	// Outcome is what the bot does: the names come from bot.Outcome
	// (reply, handoff, urgent, smalltalk, fallback, ...).
	Outcome string `json:"outcome"`
	// Name is the answer as simulate's tests write it: the script id,
	// or the outcome when no script answered (bot.Bundle.OutcomeName).
	Name string `json:"name"`
	// Script is the answering script's id, or "". Topic is the answer's
	// topic (bot.Bundle.Topic): the script's, dispute for a complaint
	// sent to a human, greeting for small talk that greets, or "".
	Script string `json:"script"`
	Topic  string `json:"topic"`
	// Pack is the knowledge pack the script came from ("commerce@1"),
	// or "" for the project's own scripts.
	Pack string `json:"pack,omitempty"`
	// Reply is what to send the buyer; "" means send nothing (small
	// talk the shop answers with silence).
	Reply        string  `json:"reply"`
	Confidence   float32 `json:"confidence"`
	BySimilarity bool    `json:"by_similarity"`
	// HandsOver is true when a human takes over (handoff, urgent, or a
	// script with handoff: true); Urgent when first in line.
	HandsOver bool     `json:"hands_over"`
	Urgent    bool     `json:"urgent"`
	Notices   []Notice `json:"notices"`
	Entities  []Entity `json:"entities"`
	Buyer     string   `json:"buyer,omitempty"`
	// Bundle is the source hash of the bundle that answered.
	Bundle string `json:"bundle"`
}

// Notice is a trigger's message sent with the answer: a time window that
// is open, or the order event's.
type Notice struct {
	Trigger string `json:"trigger"`
	Why     string `json:"why"` // "window" or "event"
	Reply   string `json:"reply"`
}

// Entity is something found in the question.
type Entity struct {
	Kind string `json:"kind"`
	Text string `json:"text"`
	Num  int32  `json:"num,omitempty"`
}

// BatchAnswer is what POST /v1/answer:batch returns, in question order.
type BatchAnswer struct {
	Answers []Answer `json:"answers"`
}

// Explanation is the trace `xm explain --format json` prints and GET
// /v1/explain returns.
type Explanation struct {
	Version    int                  `json:"version"`
	Question   string               `json:"question"`
	Normalized string               `json:"normalized"`
	Hits       []bot.TraceHit       `json:"hits"`
	Candidates []bot.TraceCandidate `json:"candidates"`
	Similar    []bot.TraceSimilar   `json:"similar"`
	Outcome    string               `json:"outcome"`
	Topic      string               `json:"topic,omitempty"`
	Script     string               `json:"script,omitempty"`
	Pack       string               `json:"pack,omitempty"`
	Ranking    []string             `json:"ranking"`
	Score      int32                `json:"score"`
	Margin     float32              `json:"margin"`
	RunnerUp   string               `json:"runner_up,omitempty"`
	Asks       bool                 `json:"asks"`
	Complaint  bool                 `json:"complaint"`
	Similarity bool                 `json:"by_similarity"`
	Confidence float32              `json:"confidence"`
	HandsOver  bool                 `json:"hands_over"`
	Trigger    string               `json:"trigger,omitempty"` // for an event alone: the trigger that answers
	Reply      string               `json:"reply"`
	ReplyFrom  string               `json:"reply_from,omitempty"` // file:line of the extension that wrote a pack script's reply
	Notices    []bot.TraceNotice    `json:"notices"`
	Entities   []bot.TraceEntity    `json:"entities"`
}

// Explain is a trace of b's in its JSON form.
func Explain(tr *bot.Trace, b *bot.Bundle) Explanation {
	a := tr.Answer
	e := Explanation{Version: 1, Question: tr.Question, Normalized: tr.Normalized, Hits: nonNil(tr.Hits), Candidates: nonNil(tr.Candidates),
		Similar: nonNil(tr.Similar), Outcome: tr.Outcome, Topic: b.Topic(a), Ranking: tr.Ranking, Score: a.Score,
		Margin: a.Margin, Asks: a.Question, Complaint: a.Complaint, Similarity: a.Similar, Confidence: a.Confidence,
		HandsOver: a.HandsOver, Reply: tr.Reply, ReplyFrom: tr.ReplyFrom, Notices: nonNil(tr.Notices), Entities: nonNil(tr.Entities)}
	if a.RunnerUp >= 0 {
		e.RunnerUp = b.Scripts[a.RunnerUp].ID
	}
	if a.Outcome == bot.Reply {
		e.Script, e.Pack = b.Scripts[a.Script].ID, b.Pack(a)
	}
	if a.Outcome == bot.Event && a.Trigger >= 0 {
		e.Trigger = b.Triggers[a.Trigger].ID
	}
	return e
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// answer answers one question with l's bundle and counts it.
func (s *Server) answer(l *loaded, q *query) Answer {
	b := l.b
	a := b.Answer(q.text, q.ctx)
	bp := bufPool.Get().(*[]byte)
	buf := b.Render((*bp)[:0], &a, q.order, q.ctx.Now)
	out := Answer{Outcome: a.Outcome.String(), Name: b.OutcomeName(a), Reply: string(buf), Confidence: a.Confidence,
		BySimilarity: a.Similar, HandsOver: a.HandsOver, Urgent: a.Outcome == bot.Urgent, Buyer: q.buyer, Bundle: l.hash,
		Notices: make([]Notice, 0, a.NumNotices), Entities: make([]Entity, 0, a.NumEnt)}
	out.Topic = b.Topic(a)
	if a.Outcome == bot.Reply {
		out.Script, out.Pack = b.Scripts[a.Script].ID, b.Pack(a)
	}
	for _, n := range a.Notices[:a.NumNotices] {
		t := &b.Triggers[n]
		why := "window"
		if t.Event != "" {
			why = "event"
		}
		buf = b.RenderTrigger(buf[:0], n, q.order, q.ctx.Now)
		out.Notices = append(out.Notices, Notice{Trigger: t.ID, Why: why, Reply: string(buf)})
	}
	*bp = buf[:0]
	bufPool.Put(bp)
	for _, e := range a.Entities[:a.NumEnt] {
		out.Entities = append(out.Entities, Entity{Kind: e.Kind.String(), Text: q.text[e.Start:e.End], Num: e.Num})
	}
	s.metrics.countAnswer(out.Outcome, out.Script)
	return out
}

// ready returns the bundle answering, or writes 503 and returns nil.
func (s *Server) ready(w http.ResponseWriter) *loaded {
	l := s.cur.Load()
	if l == nil {
		writeError(w, http.StatusServiceUnavailable, apiErr("not_ready", i18n.T("还没有可用的匹配包：项目有错误，见 /v1/status。", "no bundle loaded yet: the project has errors, see /v1/status")))
	}
	return l
}

// body reads a request body up to the limit, or writes the error.
func (s *Server) body(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
	if err != nil {
		var me *http.MaxBytesError
		if errors.As(err, &me) {
			writeError(w, http.StatusRequestEntityTooLarge, apiErr("too_large", i18n.F("请求体超过 %d 字节的上限。", "the request body is larger than the limit of %d bytes", me.Limit)))
		} else {
			writeError(w, http.StatusBadRequest, apiErr("bad_body", i18n.F("无法读取请求体：%v。", "cannot read the request body: %v", err)))
		}
		return nil, false
	}
	return data, true
}

// loadedBody is a POST handler's start: the bundle to answer with and
// the request's body; false when an error response has been written.
func (s *Server) loadedBody(w http.ResponseWriter, r *http.Request) (*loaded, []byte, bool) {
	l := s.ready(w)
	if l == nil {
		return nil, nil, false
	}
	data, ok := s.body(w, r)
	return l, data, ok
}

func (s *Server) handleAnswer(w http.ResponseWriter, r *http.Request) {
	l, data, ok := s.loadedBody(w, r)
	if !ok {
		return
	}
	q, e := decodeAnswer(data, l.b.Location(), s.cfg.Now())
	if e != nil {
		s.metrics.badRequests.Add(1)
		writeError(w, http.StatusBadRequest, e)
		return
	}
	writeJSON(w, http.StatusOK, s.answer(l, &q))
}

func (s *Server) handleBatch(w http.ResponseWriter, r *http.Request) {
	l, data, ok := s.loadedBody(w, r)
	if !ok {
		return
	}
	qs, e := decodeBatch(data, l.b.Location(), s.cfg.Now())
	if e != nil {
		s.metrics.badRequests.Add(1)
		writeError(w, http.StatusBadRequest, e)
		return
	}
	out := BatchAnswer{Answers: make([]Answer, len(qs))}
	for i := range qs {
		out.Answers[i] = s.answer(l, &qs[i])
	}
	writeJSON(w, http.StatusOK, out)
}

// handleExplain takes q, and optionally event, time and order.FIELD=value.
func (s *Server) handleExplain(w http.ResponseWriter, r *http.Request) {
	l := s.ready(w)
	if l == nil {
		return
	}
	v := r.URL.Query()
	req := AnswerRequest{Event: v.Get("event"), Time: v.Get("time")}
	if v.Has("q") {
		t := v.Get("q")
		req.Text = &t
	}
	for k, vs := range v {
		if f, ok := strings.CutPrefix(k, "order."); ok && f != "" && len(vs) > 0 {
			if req.Order == nil {
				req.Order = map[string]any{}
			}
			req.Order[f] = vs[0]
		}
	}
	q, e := req.check("", l.b.Location(), s.cfg.Now())
	if e != nil {
		if e.Code == "missing_field" {
			e = apiErr("missing_field", i18n.T("缺少参数 q（或 event）：例如 /v1/explain?q=M码多大。", "missing parameter q (or event): e.g. /v1/explain?q=M码多大"))
		}
		s.metrics.badRequests.Add(1)
		writeError(w, http.StatusBadRequest, e)
		return
	}
	tr := l.b.Explain(q.text, q.ctx, q.order)
	writeJSON(w, http.StatusOK, Explain(tr, l.b))
}

// handleStatus answers 304 to a request whose If-None-Match names the
// current generation, so the console's once-a-second poll costs nothing
// until the project reloads.
func (s *Server) handleStatus(w http.ResponseWriter, r *http.Request) {
	st := s.Status()
	etag := `"` + strconv.FormatInt(st.Generation, 10) + `"`
	w.Header().Set("ETag", etag)
	w.Header().Set("Cache-Control", "no-cache")
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
}

// Ready is what GET /readyz returns.
type Ready struct {
	Ready        bool      `json:"ready"`
	SourceSHA256 string    `json:"source_sha256,omitempty"`
	BuiltAt      time.Time `json:"built_at,omitzero"`
	LoadedAt     time.Time `json:"loaded_at,omitzero"`
}

func (s *Server) handleReadyz(w http.ResponseWriter, r *http.Request) {
	l := s.cur.Load()
	if l == nil {
		writeJSON(w, http.StatusServiceUnavailable, Ready{})
		return
	}
	writeJSON(w, http.StatusOK, Ready{Ready: true, SourceSHA256: l.hash, BuiltAt: l.builtAt, LoadedAt: l.loadedAt})
}

//go:embed openapi.json
var openAPI []byte

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPI)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func writeError(w http.ResponseWriter, code int, e *APIError) {
	writeJSON(w, code, struct {
		Error *APIError `json:"error"`
	}{e})
}
