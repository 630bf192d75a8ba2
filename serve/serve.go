// Package serve is xm's bot as an HTTP service: the JSON API under /v1/
// (answer, answer:batch, explain, status, openapi.json), health and
// readiness probes, Prometheus metrics, the test console at /, and live
// reload of a project folder or a bundle file. It answers with package bot
// and, for a project folder, lints and compiles with packages lint and
// compile. It owns no matching rules and no command line: cmd/xm's serve
// command parses flags and signals and calls Run.
package serve

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

// Defaults for Config's zero values.
const (
	DefaultAddr            = "127.0.0.1:8080"
	DefaultPoll            = 500 * time.Millisecond
	DefaultMaxBody         = 1 << 20
	DefaultShutdownTimeout = 30 * time.Second
	// MaxBatch bounds the questions one answer:batch request carries.
	MaxBatch = 1000
)

// Config says what to serve and how.
type Config struct {
	// Project is a project folder (the one holding xm.yaml) to lint,
	// compile and watch; Bundle is a bundle file to load and watch. Exactly
	// one is set.
	Project string
	Bundle  string
	// Now is the clock questions are answered and promotions judged by; nil
	// is time.Now.
	Now func() time.Time
	// Log receives the access log and reload events; nil discards them.
	Log *slog.Logger
	// Poll is how often the project's files or the bundle file are checked
	// for changes; 0 is DefaultPoll, negative never polls (Reload still
	// works).
	Poll time.Duration
	// MaxBody bounds a request body in bytes; 0 is DefaultMaxBody.
	MaxBody int64
	// ShutdownTimeout bounds how long Run drains in-flight requests after
	// its context ends; 0 is DefaultShutdownTimeout.
	ShutdownTimeout time.Duration
	// Lang is the language of log messages; the API and the console carry
	// both.
	Lang i18n.Lang
}

// Server is the service. Its handler is safe for concurrent use; the
// bundle it answers with is swapped atomically on reload, so a request
// finishes on the bundle it started with.
type Server struct {
	cfg     Config
	cur     atomic.Pointer[loaded]
	state   atomic.Pointer[Status]
	reload  sync.Mutex // one load at a time
	watch   fingerprint
	metrics *metrics
	handler http.Handler
}

// loaded is one good bundle and what the status says of it.
type loaded struct {
	b        *bot.Bundle
	hash     string
	builtAt  time.Time
	loadedAt time.Time
}

// New makes a server and loads its project or bundle once. A project with
// lint errors still makes a server: it is not ready until an edit fixes
// them. A bundle that cannot be loaded is an error (a LoadError), since
// nothing would ever be served.
func New(cfg Config) (*Server, error) {
	if (cfg.Project == "") == (cfg.Bundle == "") {
		return nil, errors.New("serve: set exactly one of Config.Project and Config.Bundle")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Poll == 0 {
		cfg.Poll = DefaultPoll
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = DefaultShutdownTimeout
	}
	s := &Server{cfg: cfg, metrics: newMetrics()}
	s.state.Store(&Status{Source: s.sourceKind(), Path: s.sourcePath(), Findings: []Finding{}})
	s.handler = s.routes()
	st := s.Reload()
	if cfg.Bundle != "" && !st.Ready {
		e := st.LastLoad.Error
		return nil, &LoadError{Path: cfg.Bundle, Msg: i18n.Text{ZH: e.MessageZH, EN: e.Message}}
	}
	return s, nil
}

// LoadError is a bundle that could not be loaded at start-up.
type LoadError struct {
	Path string
	Msg  i18n.Text
}

func (e *LoadError) Error() string { return e.Msg.EN }

// Handler is the HTTP handler: the API, probes, metrics and console.
func (s *Server) Handler() http.Handler { return s.handler }

// Bundle is the bundle now answering, or nil before a good load.
func (s *Server) Bundle() *bot.Bundle {
	if l := s.cur.Load(); l != nil {
		return l.b
	}
	return nil
}

// Status is what /v1/status reports.
func (s *Server) Status() *Status { return s.state.Load() }

// Run serves on ln until ctx ends, then stops accepting, waits for the
// requests in flight (up to Config.ShutdownTimeout) and returns nil. It
// polls for changes meanwhile.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.cfg.Log.Handler(), slog.LevelWarn),
	}
	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	if s.cfg.Poll > 0 {
		go s.poll(watchCtx)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	stopWatch()
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	<-errc // http.ErrServerClosed
	if err != nil {
		return err
	}
	return nil
}

func (s *Server) poll(ctx context.Context) {
	t := time.NewTicker(s.cfg.Poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if s.changed() && s.settled(ctx) {
				s.Reload()
			}
		}
	}
}

// settled reports whether the watched files stay the same for a moment:
// an editor that truncates a file and then writes it must not have its
// empty half-written file loaded (the next poll sees the finished one).
func (s *Server) settled(ctx context.Context) bool {
	before := s.stamp()
	wait := min(max(s.cfg.Poll/5, 20*time.Millisecond), 100*time.Millisecond)
	select {
	case <-ctx.Done():
		return false
	case <-time.After(wait):
	}
	return s.stamp().equal(before)
}

// Status is the service's state: what it answers with and how the last
// load went.
type Status struct {
	// Ready is true once a good bundle is loaded (it stays true when a
	// later reload fails: the last good bundle keeps answering).
	Ready bool `json:"ready"`
	// Source is "project" or "bundle"; Path is the folder or file.
	Source string `json:"source"`
	Path   string `json:"path"`
	// Generation counts load attempts; the console refreshes when it moves.
	Generation int64       `json:"generation"`
	Bundle     *BundleInfo `json:"bundle"`
	// LastLoad is the latest attempt.
	LastLoad *LoadResult `json:"last_load"`
	// Findings are the project's lint findings from the latest attempt
	// (always empty for a bundle).
	Findings []Finding `json:"findings"`
	Errors   int       `json:"errors"`
	Warnings int       `json:"warnings"`
}

// BundleInfo describes the bundle answering.
type BundleInfo struct {
	SourceSHA256 string    `json:"source_sha256"`
	Shop         string    `json:"shop"`
	Category     string    `json:"category"`
	Timezone     string    `json:"timezone"`
	Scripts      int       `json:"scripts"`
	Triggers     int       `json:"triggers"`
	Keywords     int       `json:"keywords"`
	Events       []string  `json:"events"` // the order events its triggers answer
	BuiltAt      time.Time `json:"built_at"`
	LoadedAt     time.Time `json:"loaded_at"`
}

// LoadResult is one load attempt.
type LoadResult struct {
	At    time.Time `json:"at"`
	OK    bool      `json:"ok"`
	Error *APIError `json:"error,omitempty"`
}

// Finding is a lint finding in both languages.
type Finding struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	Rule      string `json:"rule"`
	Severity  string `json:"severity"`
	Message   string `json:"message"`
	MessageZH string `json:"message_zh"`
	Hint      string `json:"hint,omitempty"`
	HintZH    string `json:"hint_zh,omitempty"`
}

func findings(ds []diag.Diagnostic) ([]Finding, int, int) {
	out := make([]Finding, 0, len(ds))
	for _, d := range ds {
		out = append(out, Finding{File: d.File, Line: d.Line, Column: d.Column, Rule: d.Rule, Severity: d.Severity.String(),
			Message: d.Message.In(i18n.EN), MessageZH: d.Message.In(i18n.ZH), Hint: d.Hint.In(i18n.EN), HintZH: d.Hint.In(i18n.ZH)})
	}
	e, w, _ := diag.Count(ds)
	return out, e, w
}
