package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xm-dev/xm/compile"
	"github.com/xm-dev/xm/schema"
)

// clock is the fixed time the tests ask at: 10:00 in Shanghai, outside the
// example's 20:00-22:00 busy window.
var clock = time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

func fixed() time.Time { return clock }

// copyProject copies the shipped apparel example into a temporary folder
// the test may edit.
func copyProject(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	src := "../examples/apparel"
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func newServer(t *testing.T, cfg Config) *Server {
	t.Helper()
	if cfg.Log == nil && os.Getenv("XM_SERVE_DEBUG") != "" {
		cfg.Log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if cfg.Now == nil {
		cfg.Now = fixed
	}
	if cfg.Poll == 0 {
		cfg.Poll = -1
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// do sends one request to the handler and returns the status and body.
func do(t *testing.T, h http.Handler, method, target, body string) (int, http.Header, []byte) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, r)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w.Code, w.Header(), w.Body.Bytes()
}

func decode[T any](t *testing.T, data []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("%v in %s", err, data)
	}
	return v
}

func TestAnswer(t *testing.T) {
	s := newServer(t, Config{Project: "../examples/apparel"})
	for _, tc := range []struct {
		name, body                            string
		outcome, nameWant, script, topic, rep string
		pack                                  string
		handsOver, urgent                     bool
		notices, entities                     string
	}{
		{name: "keyword", body: `{"text": "請問Ｍ碼適合多少斤", "buyer": "b1"}`, outcome: "reply", nameWant: "size", script: "size", topic: "size",
			rep: "M 码 100-110 斤", entities: "size:Ｍ"},
		{name: "in the busy window", body: `{"text": "M码适合多少斤", "time": "21:05"}`, outcome: "reply", nameWant: "size", script: "size", topic: "size",
			rep: "M 码 100-110 斤", notices: "peak-busy/window", entities: "size:M"},
		{name: "a pack's script", body: `{"text": "我的快递到哪了"}`, outcome: "reply", nameWant: "logistics", script: "logistics", topic: "logistics",
			pack: "commerce@1", rep: "中通快递"},
		{name: "handoff", body: `{"text": "转人工"}`, outcome: "handoff", nameWant: "handoff", rep: "转接人工", handsOver: true},
		{name: "urgent", body: `{"text": "紧急!转人工"}`, outcome: "urgent", nameWant: "urgent", rep: "转接人工", handsOver: true, urgent: true},
		{name: "fallback", body: `{"text": "量子力学"}`, outcome: "fallback", nameWant: "fallback", rep: "记录"},
		{name: "small talk, answered with silence", body: `{"text": "好的谢谢"}`, outcome: "smalltalk", nameWant: "smalltalk"},
		{name: "a greeting", body: `{"text": "你好"}`, outcome: "smalltalk", nameWant: "smalltalk", topic: "greeting", rep: "小鹿为您服务"},
		{name: "event only, order fields", body: `{"event": "order.shipped", "order": {"item": "连衣裙", "tracking_no": "SF1234567890", "n": 2, "gift": true, "none": null}, "time": "2026-11-25T10:00:00+08:00"}`,
			outcome: "event", nameWant: "event", rep: "您的【连衣裙】已发货，物流单号 SF1234567890"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, h, body := do(t, s.Handler(), "POST", "/v1/answer", tc.body)
			if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
				t.Fatalf("%d %s: %s", code, h.Get("Content-Type"), body)
			}
			a := decode[Answer](t, body)
			if a.Outcome != tc.outcome || a.Name != tc.nameWant || a.Script != tc.script || a.Topic != tc.topic || a.Pack != tc.pack || a.HandsOver != tc.handsOver || a.Urgent != tc.urgent {
				t.Errorf("got %+v", a)
			}
			if tc.rep == "" && a.Reply != "" || !strings.Contains(a.Reply, tc.rep) {
				t.Errorf("reply %q, want it to contain %q", a.Reply, tc.rep)
			}
			var ns, es []string
			for _, n := range a.Notices {
				ns = append(ns, n.Trigger+"/"+n.Why)
			}
			for _, e := range a.Entities {
				es = append(es, e.Kind+":"+e.Text)
			}
			if strings.Join(ns, ",") != tc.notices || strings.Join(es, ",") != tc.entities {
				t.Errorf("notices %v entities %v, want %q %q", ns, es, tc.notices, tc.entities)
			}
			if len(a.Bundle) != 64 {
				t.Errorf("bundle %q, want the source hash", a.Bundle)
			}
		})
	}
	// The order fields fill the event's message: an event alone is
	// answered by its trigger, not the fallback.
	_, _, body := do(t, s.Handler(), "POST", "/v1/answer", `{"event": "order.shipped", "order": {"item": "连衣裙", "tracking_no": "SF1234567890"}}`)
	if a := decode[Answer](t, body); a.Outcome != "event" || !strings.Contains(a.Reply, "【连衣裙】已发货，物流单号 SF1234567890") {
		t.Errorf("got %+v", a)
	}
}

func TestBatch(t *testing.T) {
	s := newServer(t, Config{Project: "../examples/apparel"})
	code, _, body := do(t, s.Handler(), "POST", "/v1/answer:batch", `{"questions": [{"text": "M码多大"}, {"text": "转人工", "buyer": "b2"}, {"event": "order.shipped"}]}`)
	if code != 200 {
		t.Fatalf("%d %s", code, body)
	}
	got := decode[BatchAnswer](t, body)
	var names []string
	for _, a := range got.Answers {
		names = append(names, a.Name)
	}
	if strings.Join(names, " ") != "size handoff event" || got.Answers[1].Buyer != "b2" {
		t.Errorf("got %s", body)
	}
	code, _, body = do(t, s.Handler(), "POST", "/v1/answer:batch", `{"questions": []}`)
	if code != 200 || string(body) != "{\"answers\":[]}\n" {
		t.Errorf("empty batch: %d %s", code, body)
	}
}

func TestBadRequests(t *testing.T) {
	s := newServer(t, Config{Project: "../examples/apparel", MaxBody: 4096})
	many := `{"questions": [` + strings.Repeat(`{"text": "a"},`, MaxBatch) + `{"text": "a"}]}`
	for _, tc := range []struct {
		path, body string
		code       int
		errCode    string
		msg        string
	}{
		{"/v1/answer", ``, 400, "empty_body", `send a JSON object such as {"text": "M码适合多少斤"}`},
		{"/v1/answer", `{"text": `, 400, "bad_json", "ends too early"},
		{"/v1/answer", `{"text" "a"}`, 400, "bad_json", "not valid JSON (at byte 9)"},
		{"/v1/answer", `[1]`, 400, "bad_json", "must be a JSON object, not array"},
		{"/v1/answer", `{"txt": "M码"}`, 400, "unknown_field", `unknown field "txt"; the fields are: text, buyer, time, event, order`},
		{"/v1/answer", `{}`, 400, "missing_field", "missing field text (or event)"},
		{"/v1/answer", `{"buyer": "b1"}`, 400, "missing_field", "missing field text"},
		{"/v1/answer", `{"text": 5}`, 400, "bad_field", `field "text" has the wrong type: want string, got number`},
		{"/v1/answer", `{"text": "a", "time": "yesterday"}`, 400, "bad_field", `field time "yesterday" is not a time`},
		{"/v1/answer", `{"text": "a", "order": {"item": {"x": 1}}}`, 400, "bad_field", "field order.item must be a string, a number or a boolean"},
		{"/v1/answer", `{"text": "a"} {"text": "b"}`, 400, "bad_json", "send one JSON object"},
		{"/v1/answer", `{"text": "` + strings.Repeat("长", 2000) + `"}`, 413, "too_large", "larger than the limit of 4096 bytes"},
		{"/v1/answer:batch", `{}`, 400, "missing_field", "missing field questions"},
		{"/v1/answer:batch", `{"questions": [{"text": "a"}, {"buyer": "x"}]}`, 400, "missing_field", "missing field questions[1].text"},
		{"/v1/answer:batch", `{"questions": {"text": "a"}}`, 400, "bad_field", `field "questions" has the wrong type: want array, got object`},
		{"/v1/explain", ``, 400, "missing_field", "missing parameter q"},
		{"/v1/explain?q=a&time=25:99", ``, 400, "bad_field", "is not a time"},
	} {
		method := "POST"
		if strings.HasPrefix(tc.path, "/v1/explain") {
			method = "GET"
		}
		code, _, body := do(t, s.Handler(), method, tc.path, tc.body)
		e := decode[struct{ Error APIError }](t, body).Error
		if code != tc.code || e.Code != tc.errCode || !strings.Contains(e.Message, tc.msg) || e.MessageZH == "" || e.MessageZH == e.Message {
			t.Errorf("%s %.40q: %d %s, want %d %s %q", tc.path, tc.body, code, body, tc.code, tc.errCode, tc.msg)
		}
	}
	s2 := newServer(t, Config{Project: "../examples/apparel"})
	code, _, body := do(t, s2.Handler(), "POST", "/v1/answer:batch", many)
	if e := decode[struct{ Error APIError }](t, body).Error; code != 400 || e.Code != "too_many" {
		t.Errorf("%d %s", code, body)
	}
}

func TestExplain(t *testing.T) {
	s := newServer(t, Config{Project: "../examples/apparel"})
	code, _, body := do(t, s.Handler(), "GET", "/v1/explain?q="+url.QueryEscape("黑色M码什么时候补货"), "")
	if code != 200 {
		t.Fatalf("%d %s", code, body)
	}
	e := decode[Explanation](t, body)
	if e.Outcome != "stock" || e.Script != "stock" || e.Pack != "commerce@1" || len(e.Candidates) != 2 || !e.Candidates[0].Winner || e.Candidates[1].Dropped != "exclude" {
		t.Errorf("got %s", body)
	}
	_, _, body = do(t, s.Handler(), "GET", "/v1/explain?q=&event=order.shipped&order.item="+url.QueryEscape("连衣裙")+"&order.tracking_no=SF1", "")
	if e := decode[Explanation](t, body); e.Outcome != "event" || e.Trigger != "shipped" || !strings.Contains(e.Reply, "【连衣裙】已发货，物流单号 SF1") {
		t.Errorf("got %s", body)
	}
}

func TestProbesAndRouting(t *testing.T) {
	s := newServer(t, Config{Project: "../examples/apparel"})
	h := s.Handler()
	if code, _, body := do(t, h, "GET", "/healthz", ""); code != 200 || string(body) != "{\"ok\":true}\n" {
		t.Errorf("healthz %d %s", code, body)
	}
	code, _, body := do(t, h, "GET", "/readyz", "")
	r := decode[Ready](t, body)
	if code != 200 || !r.Ready || len(r.SourceSHA256) != 64 || r.BuiltAt.IsZero() || r.LoadedAt.Before(r.BuiltAt) {
		t.Errorf("readyz %d %s", code, body)
	}
	code, _, body = do(t, h, "GET", "/v1/status", "")
	st := decode[Status](t, body)
	// The apparel starter's scripts: its own and its pack's, as the bundle holds them.
	scripts := len(s.cur.Load().b.Scripts)
	if code != 200 || !st.Ready || st.Source != "project" || st.Generation != 1 || scripts < 10 || st.Bundle.Scripts != scripts || st.Bundle.Shop != "小鹿女装" ||
		strings.Join(st.Bundle.Events, ",") != "order.shipped,order.received" || !st.LastLoad.OK {
		t.Errorf("status %d %s", code, body)
	}
	req := httptest.NewRequest("GET", "/v1/status", nil)
	req.Header.Set("If-None-Match", `"1"`)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != 304 || w.Body.Len() != 0 {
		t.Errorf("status with the current generation's ETag: %d %s", w.Code, w.Body)
	}
	if code, hdr, body := do(t, h, "GET", "/v1/answer", ""); code != 405 || hdr.Get("Allow") != "POST" || !bytes.Contains(body, []byte(`"method_not_allowed"`)) {
		t.Errorf("GET /v1/answer: %d %v %s", code, hdr, body)
	}
	if code, hdr, _ := do(t, h, "DELETE", "/metrics", ""); code != 405 || hdr.Get("Allow") != "GET, HEAD" {
		t.Errorf("DELETE /metrics: %d %v", code, hdr)
	}
	if code, hdr, body := do(t, h, "GET", "/v2/answer", ""); code != 404 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") || !bytes.Contains(body, []byte("no such path /v2/answer")) {
		t.Errorf("404: %d %s", code, body)
	}
	if code, hdr, body := do(t, h, "GET", "/", ""); code != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/html") || !bytes.Contains(body, []byte("<title>xm 测试窗")) ||
		bytes.Contains(body, []byte("http://")) || bytes.Contains(body, []byte("https://")) {
		t.Errorf("console: %d, want a self-contained page", code)
	}
	if code, _, body := do(t, h, "GET", "/v1/openapi.json", ""); code != 200 || !bytes.Equal(body, openAPI) {
		t.Errorf("openapi: %d", code)
	}
}

// TestNotReady: a project with errors at start serves status and probes
// but answers 503 until fixed.
func TestNotReady(t *testing.T) {
	dir := copyProject(t)
	edit(t, dir, "scripts/presale.yaml", "{{size_chart}}", "{{size_chrt}}")
	s := newServer(t, Config{Project: dir})
	if code, _, _ := do(t, s.Handler(), "GET", "/readyz", ""); code != 503 {
		t.Errorf("readyz %d, want 503", code)
	}
	code, _, body := do(t, s.Handler(), "POST", "/v1/answer", `{"text": "M码"}`)
	if code != 503 || !bytes.Contains(body, []byte(`"not_ready"`)) {
		t.Errorf("answer %d %s", code, body)
	}
	st := s.Status()
	if st.Ready || st.Errors == 0 || st.Findings[0].File != "scripts/presale.yaml" || st.Findings[0].Rule != "undefined-var" || st.Findings[0].MessageZH == "" {
		t.Errorf("status %+v", st)
	}
	edit(t, dir, "scripts/presale.yaml", "{{size_chrt}}", "{{size_chart}}")
	if st := s.Reload(); !st.Ready || st.Errors != 0 {
		t.Errorf("after the fix: %+v", st)
	}
}

func edit(t *testing.T, dir, file, old, new string) {
	t.Helper()
	p := filepath.Join(dir, file)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s has no %q", file, old)
	}
	if err := os.WriteFile(p, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

func answerOf(t *testing.T, s *Server, body string) Answer {
	t.Helper()
	code, _, out := do(t, s.Handler(), "POST", "/v1/answer", body)
	if code != 200 {
		t.Fatalf("%d %s", code, out)
	}
	return decode[Answer](t, out)
}

// TestReloadProject edits a served project: a good edit is answered after
// the poller sees it, a broken one keeps the last good bundle and shows
// its findings, the fix is picked up again.
func TestReloadProject(t *testing.T) {
	dir := copyProject(t)
	s := newServer(t, Config{Project: dir, Poll: 20 * time.Millisecond})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.Run(ctx, ln) }()
	defer func() { cancel(); <-done }()

	before := answerOf(t, s, `{"text": "M码适合多少斤"}`)
	waitGen := func(gen int64) *Status {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			if st := s.Status(); st.Generation > gen {
				return st
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Fatalf("no reload after generation %d", gen)
		return nil
	}

	// A good edit.
	edit(t, dir, "scripts/presale.yaml", "身高 155-175cm", "身高 150-175cm")
	st := waitGen(1)
	if !st.LastLoad.OK || st.Bundle.SourceSHA256 == before.Bundle {
		t.Fatalf("good edit: %+v", st.LastLoad)
	}
	good := answerOf(t, s, `{"text": "M码适合多少斤"}`)
	if !strings.Contains(good.Reply, "150-175cm") || good.Bundle == before.Bundle {
		t.Errorf("after a good edit: %+v", good)
	}

	// A broken edit: an undefined variable is a lint error.
	line := lineOf(t, dir, "scripts/presale.yaml", "{{size_chart}}")
	edit(t, dir, "scripts/presale.yaml", "{{size_chart}}", "{{size_chrt}}")
	st = waitGen(st.Generation)
	if st.LastLoad.OK || !st.Ready || st.Errors != 1 || st.Bundle.SourceSHA256 != good.Bundle {
		t.Fatalf("broken edit: %+v", st)
	}
	f := st.Findings[0]
	if f.File != "scripts/presale.yaml" || f.Line != line || f.Rule != "undefined-var" || !strings.Contains(f.Message, "size_chrt") {
		t.Errorf("finding %+v", f)
	}
	if !strings.Contains(st.LastLoad.Error.Message, "1 error(s)") || !strings.Contains(st.LastLoad.Error.MessageZH, "1 个错误") {
		t.Errorf("load error %+v", st.LastLoad.Error)
	}
	if a := answerOf(t, s, `{"text": "M码适合多少斤"}`); a.Bundle != good.Bundle || !strings.Contains(a.Reply, "150-175cm") {
		t.Errorf("the last good bundle should answer: %+v", a)
	}

	// A file the YAML parser rejects.
	edit(t, dir, "triggers/orders.yaml", "triggers:", "triggers: [")
	st = waitGen(st.Generation)
	if st.LastLoad.OK || st.Errors < 2 {
		t.Errorf("unparsable edit: %+v", st)
	}

	// Fixed: answered again, with no errors or warnings (the starter's
	// sample vars remain, as infos).
	edit(t, dir, "scripts/presale.yaml", "{{size_chrt}}", "{{size_chart}}")
	edit(t, dir, "triggers/orders.yaml", "triggers: [", "triggers:")
	for st = waitGen(st.Generation); !st.LastLoad.OK; st = waitGen(st.Generation) {
	}
	if st.Errors != 0 || st.Warnings != 0 {
		t.Errorf("fixed: %+v", st)
	}
	var m bytes.Buffer
	s.writeMetrics(&m)
	if !strings.Contains(m.String(), "xm_reloads_total 2\n") || !strings.Contains(m.String(), "xm_reload_failures_total ") {
		t.Errorf("metrics:\n%s", m.String())
	}
}

// TestReloadBundle: a bundle renamed over the served one is loaded; a
// corrupt one is refused and the last good bundle keeps answering.
func TestReloadBundle(t *testing.T) {
	dir := copyProject(t)
	path := filepath.Join(t.TempDir(), "shop.xmb")
	build := func(to string) string {
		t.Helper()
		p, err := schema.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		b, err := compile.Build(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.WriteFile(to); err != nil {
			t.Fatal(err)
		}
		return to
	}
	build(path)
	s := newServer(t, Config{Bundle: path})
	first := answerOf(t, s, `{"text": "M码适合多少斤"}`)
	if s.changed() {
		t.Fatal("changed with no change")
	}

	edit(t, dir, "scripts/presale.yaml", "身高 155-175cm", "身高 150-175cm")
	if err := os.Rename(build(path+".new"), path); err != nil {
		t.Fatal(err)
	}
	if !s.changed() {
		t.Fatal("a bundle renamed over the served one is not seen")
	}
	st := s.Reload()
	if a := answerOf(t, s, `{"text": "M码适合多少斤"}`); !st.LastLoad.OK || a.Bundle == first.Bundle || !strings.Contains(a.Reply, "150-175cm") {
		t.Errorf("after rename: %+v %+v", st.LastLoad, a)
	}

	data, _ := os.ReadFile(path)
	data[len(data)/2] ^= 0x10
	os.WriteFile(path+".bad", data, 0o644)
	os.Rename(path+".bad", path)
	st = s.Reload()
	if st.LastLoad.OK || !st.Ready || !strings.Contains(st.LastLoad.Error.Message, "corrupt bundle") {
		t.Errorf("corrupt: %+v", st.LastLoad)
	}
	if a := answerOf(t, s, `{"text": "M码适合多少斤"}`); !strings.Contains(a.Reply, "150-175cm") {
		t.Errorf("the last good bundle should answer: %+v", a)
	}

	if _, err := New(Config{Bundle: path}); err == nil || !strings.Contains(err.Error(), "corrupt bundle") {
		t.Errorf("start with a corrupt bundle: %v", err)
	}

	// A bundle of another format version says which way to go: an older
	// one is rebuilt with xm compile, a newer one needs a newer xm.
	for _, tc := range []struct {
		name  string
		delta int8
		want  string
	}{
		{"older", -1, "written by an older xm (this one reads format 4); rebuild it with xm compile"},
		{"newer", +1, "bundle format 5 is newer than this xm reads (4); update xm"},
	} {
		data := build(path + "." + tc.name)
		b, _ := os.ReadFile(data)
		b[8] = byte(int8(b[8]) + tc.delta)
		os.WriteFile(data, b, 0o644)
		if _, err := New(Config{Bundle: data}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("start with an %s bundle: %v, want %q", tc.name, err, tc.want)
		}
	}
}

// TestGracefulStop: a request in flight when the server is told to stop is
// finished; new connections are refused; Run returns nil.
func TestGracefulStop(t *testing.T) {
	s := newServer(t, Config{Project: "../examples/apparel"})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, ln) }()

	// Send the headers and half the body, stop the server, then the rest.
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	body := `{"text": "M码适合多少斤"}`
	io.WriteString(c, "POST /v1/answer HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "+strconv.Itoa(len(body))+"\r\n\r\n"+body[:10])
	time.Sleep(100 * time.Millisecond)
	cancel()
	time.Sleep(100 * time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("Run returned %v with a request in flight", err)
	default:
	}
	if _, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		t.Error("a new connection was accepted while stopping")
	}
	io.WriteString(c, body[10:])
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !bytes.Contains(out, []byte(`"size"`)) {
		t.Errorf("in-flight request: %d %s", resp.StatusCode, out)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after the last request")
	}
}

var metricLine = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\["\\n])*",?)*\})? (\+Inf|-?[0-9.e+-]+)$`)

func TestMetrics(t *testing.T) {
	s := newServer(t, Config{Project: "../examples/apparel"})
	h := s.Handler()
	for _, b := range []string{`{"text": "M码多大"}`, `{"text": "M码多大"}`, `{"text": "转人工"}`, `{"text": "量子力学"}`, `{`} {
		do(t, h, "POST", "/v1/answer", b)
	}
	do(t, h, "POST", "/v1/answer:batch", `{"questions": [{"text": "M码多大"}]}`)
	code, hdr, body := do(t, h, "GET", "/metrics", "")
	if code != 200 || hdr.Get("Content-Type") != "text/plain; version=0.0.4; charset=utf-8" {
		t.Fatalf("%d %s", code, hdr.Get("Content-Type"))
	}
	text := string(body)
	for _, want := range []string{
		"# TYPE xm_answers_total counter\n",
		`xm_answers_total{outcome="reply",script="size"} 3` + "\n",
		`xm_answers_total{outcome="handoff",script=""} 1` + "\n",
		`xm_answers_total{outcome="fallback",script=""} 1` + "\n",
		`xm_http_requests_total{handler="/v1/answer",code="200"} 4` + "\n",
		`xm_http_requests_total{handler="/v1/answer",code="400"} 1` + "\n",
		"# TYPE xm_http_request_duration_seconds histogram\n",
		`xm_http_request_duration_seconds_bucket{handler="/v1/answer",le="+Inf"} 5` + "\n",
		`xm_http_request_duration_seconds_count{handler="/v1/answer"} 5` + "\n",
		"xm_bad_requests_total 1\n",
		"xm_reloads_total 0\n",
		"xm_reload_failures_total 0\n",
		"xm_ready 1\n",
		`xm_bundle_info{source_sha256="` + s.cur.Load().hash + `",shop="小鹿女装",scripts="` + strconv.Itoa(len(s.cur.Load().b.Scripts)) + `",triggers="3",keywords=`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in\n%s", want, text)
		}
	}
	// Every line is a comment or a sample; buckets are cumulative.
	var last uint64
	for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if strings.HasPrefix(line, "# HELP ") || strings.HasPrefix(line, "# TYPE ") {
			continue
		}
		if !metricLine.MatchString(line) {
			t.Errorf("not a sample: %q", line)
		}
		if strings.HasPrefix(line, `xm_http_request_duration_seconds_bucket{handler="/v1/answer",`) {
			var n uint64
			for _, c := range line[strings.LastIndexByte(line, ' ')+1:] {
				n = n*10 + uint64(c-'0')
			}
			if n < last {
				t.Errorf("bucket not cumulative: %q", line)
			}
			last = n
		}
	}
	if label("a\"b\\c\nd") != `"a\"b\\c\nd"` {
		t.Errorf("label escaping: %s", label("a\"b\\c\nd"))
	}
}

// TestOpenAPI: docs/openapi.json is the served document, and it lists
// exactly the routes the server has.
func TestOpenAPI(t *testing.T) {
	docs, err := os.ReadFile("../docs/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(docs, openAPI) {
		t.Error("docs/openapi.json differs from serve/openapi.json: copy one over the other")
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatal(err)
	}
	var documented []string
	for p, ops := range doc.Paths {
		for m := range ops {
			documented = append(documented, m+" "+p)
		}
	}
	s := newServer(t, Config{Project: "../examples/apparel"})
	want := s.paths()
	if strings.Join(slices.Sorted(slices.Values(documented)), "\n") != strings.Join(want, "\n") {
		t.Errorf("documented:\n%s\nserved:\n%s", strings.Join(slices.Sorted(slices.Values(documented)), "\n"), strings.Join(want, "\n"))
	}
}
