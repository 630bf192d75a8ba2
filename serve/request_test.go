package serve

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// FuzzDecodeAnswer feeds arbitrary bodies to the answer and batch
// endpoints: every one gets 200 with a JSON answer, or 400/413 with a
// message in both languages; nothing panics.
func FuzzDecodeAnswer(f *testing.F) {
	for _, seed := range []string{
		`{"text": "M码适合多少斤"}`, `{"text": "", "event": "order.shipped", "order": {"item": "裙", "n": 1.5, "b": true}}`,
		`{"text": "a", "time": "21:00"}`, `{"text": "a", "time": "2026-11-25T21:00:00+08:00"}`, `{"questions": [{"text": "a"}]}`,
		`{`, `[]`, `null`, `{"text": null}`, `{"order": {"a": [1]}}`, "{\"text\": \"\xff\xfe\"}", `{"text": "订单号 123456789012 手机 13800138000 100斤 165cm"}`,
	} {
		f.Add(seed)
	}
	s, err := New(Config{Project: "../examples/apparel", Now: fixed, Poll: -1, MaxBody: 1 << 16})
	if err != nil {
		f.Fatal(err)
	}
	h := s.Handler()
	f.Fuzz(func(t *testing.T, body string) {
		for _, path := range []string{"/v1/answer", "/v1/answer:batch"} {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest("POST", path, strings.NewReader(body)))
			switch w.Code {
			case 200:
				if !json.Valid(w.Body.Bytes()) {
					t.Fatalf("%s: 200 with invalid JSON %q", path, w.Body.String())
				}
			case 400, 413:
				var e struct{ Error APIError }
				if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error.Message == "" || e.Error.MessageZH == "" || e.Error.Code == "" {
					t.Fatalf("%s: %d with %q", path, w.Code, w.Body.String())
				}
			default:
				t.Fatalf("%s: status %d for %q", path, w.Code, body)
			}
		}
	})
}

func TestParseTime(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2026, 11, 25, 23, 30, 0, 0, time.UTC) // 07:30 on the 26th in Shanghai
	for _, tc := range []struct{ in, want string }{
		{"2026-11-25T21:00:00+08:00", "2026-11-25T21:00:00+08:00"},
		{"2026-11-25T21:00:00Z", "2026-11-25T21:00:00Z"},
		{"2026-11-25T21:00", "2026-11-25T21:00:00+08:00"},
		{"2026-11-25 21:00", "2026-11-25T21:00:00+08:00"},
		{"21:00", "2026-11-26T21:00:00+08:00"},
		{"25:00", ""}, {"9:00", ""}, {"yesterday", ""}, {"", ""},
	} {
		got, ok := parseTime(tc.in, loc, now)
		if s := got.Format(time.RFC3339); ok != (tc.want != "") || ok && s != tc.want {
			t.Errorf("parseTime(%q) = %s %v, want %q", tc.in, s, ok, tc.want)
		}
	}
}
