package serve

import (
	_ "embed"
	"net/http"
)

// consoleHTML is the test console: one self-contained page (its CSS and
// script inline, nothing fetched from elsewhere) that asks /v1/explain and
// polls /v1/status.
//
//go:embed console/index.html
var consoleHTML []byte

func (s *Server) handleConsole(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// The page talks only to this server and runs only its own script.
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	w.Write(consoleHTML)
}
