package serve

import (
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/xm-dev/xm/i18n"
)

// route is one endpoint: its path, the one method it takes (GET routes
// take HEAD too) and its handler.
type route struct {
	path, method string
	h            http.HandlerFunc
	id           int // index into the latency histograms
}

// Routes lists every endpoint, in the order the docs give them.
func (s *Server) routeTable() []route {
	return []route{
		{path: "/v1/answer", method: http.MethodPost, h: s.handleAnswer},
		{path: "/v1/answer:batch", method: http.MethodPost, h: s.handleBatch},
		{path: "/v1/explain", method: http.MethodGet, h: s.handleExplain},
		{path: "/v1/status", method: http.MethodGet, h: s.handleStatus},
		{path: "/v1/openapi.json", method: http.MethodGet, h: s.handleOpenAPI},
		{path: "/healthz", method: http.MethodGet, h: s.handleHealthz},
		{path: "/readyz", method: http.MethodGet, h: s.handleReadyz},
		{path: "/metrics", method: http.MethodGet, h: s.handleMetrics},
		{path: "/", method: http.MethodGet, h: s.handleConsole},
	}
}

// router dispatches on the exact path, answering unknown paths and
// methods with JSON 404 and 405.
type router struct {
	s      *Server
	routes map[string]*route
}

func (s *Server) routes() http.Handler {
	rt := &router{s: s, routes: map[string]*route{}}
	names := []string{}
	for i, r := range s.routeTable() {
		r.id = i
		rt.routes[r.path] = &r
		names = append(names, r.path)
	}
	names = append(names, "other")
	s.metrics.setHandlers(names)
	return rt
}

func (rt *router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &recorder{ResponseWriter: w, code: http.StatusOK}
	rte := rt.routes[r.URL.Path]
	id := len(rt.routes) // "other"
	switch {
	case rte == nil:
		writeError(rec, http.StatusNotFound, apiErr("not_found", i18n.F("没有 %s 这个地址；API 在 /v1/ 下，见 /v1/openapi.json。", "no such path %s; the API is under /v1/, see /v1/openapi.json", r.URL.Path)))
	case r.Method != rte.method && !(rte.method == http.MethodGet && r.Method == http.MethodHead):
		id = rte.id
		allow := rte.method
		if allow == http.MethodGet {
			allow += ", HEAD"
		}
		rec.Header().Set("Allow", allow)
		writeError(rec, http.StatusMethodNotAllowed, apiErr("method_not_allowed", i18n.F("%s 只接受 %s，收到 %s。", "%s takes %s, not %s", r.URL.Path, allow, r.Method)))
	default:
		id = rte.id
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				rt.s.cfg.Log.Error("panic", "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				if !rec.wrote {
					writeError(rec, http.StatusInternalServerError, apiErr("internal", i18n.T("服务内部错误，已记录日志。", "internal error; it has been logged")))
				}
				rt.finish(r, rec, id, start)
			}
		}()
		rte.h(rec, r)
	}
	rt.finish(r, rec, id, start)
}

func (rt *router) finish(r *http.Request, rec *recorder, id int, start time.Time) {
	d := time.Since(start)
	rt.s.metrics.observe(id, rec.code, d)
	log := rt.s.cfg.Log
	if !log.Enabled(r.Context(), slog.LevelInfo) {
		return
	}
	log.LogAttrs(r.Context(), slog.LevelInfo, "request",
		slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Int("status", rec.code),
		slog.Int("bytes", rec.bytes), slog.Duration("duration", d), slog.String("remote", r.RemoteAddr))
}

// recorder notes the status and size of a response.
type recorder struct {
	http.ResponseWriter
	code  int
	bytes int
	wrote bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.code, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(p []byte) (int, error) {
	r.wrote = true
	n, err := r.ResponseWriter.Write(p)
	r.bytes += n
	return n, err
}

// paths lists the routes' paths, for the OpenAPI check.
func (s *Server) paths() []string {
	var out []string
	for _, r := range s.routeTable() {
		out = append(out, strings.ToLower(r.method)+" "+r.path)
	}
	slices.Sort(out)
	return out
}
