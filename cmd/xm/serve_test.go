package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer the server's goroutines and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeSignals runs xm serve --bundle on the real main: it answers,
// logs each request as JSON, reloads the bundle on SIGHUP, and on SIGTERM
// finishes the request in flight and exits 0.
func TestServeSignals(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, "../../examples/apparel", dir)
	bundle := filepath.Join(t.TempDir(), "shop.xmb")
	var out bytes.Buffer
	if code := run([]string{"compile", "-o", bundle, dir}, strings.NewReader(""), &out, &out, func(string) string { return "" }); code != 0 {
		t.Fatalf("compile: %s", out.String())
	}

	var stderr syncBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- run([]string{"serve", "--bundle", bundle, "--addr", "127.0.0.1:0", "--poll", "0", "--log-format", "json", "--now", "2026-11-25T10:00:00+08:00"},
			strings.NewReader(""), io.Discard, &stderr, func(string) string { return "" })
	}()
	// The address is printed once the signal handlers are in place.
	addrRe := regexp.MustCompile(`on http://([0-9.:]+)/`)
	var addr string
	for deadline := time.Now().Add(10 * time.Second); addr == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		select {
		case code := <-exit:
			t.Fatalf("exit %d before serving:\n%s", code, stderr.String())
		default:
		}
		if m := addrRe.FindStringSubmatch(stderr.String()); m != nil {
			addr = m[1]
		}
	}
	if addr == "" {
		t.Fatalf("no address in:\n%s", stderr.String())
	}
	base := "http://" + addr
	reply := func() string {
		t.Helper()
		resp, err := http.Post(base+"/v1/answer", "application/json", strings.NewReader(`{"text": "M码适合多少斤"}`))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var a struct{ Reply string }
		if err := json.NewDecoder(resp.Body).Decode(&a); err != nil || resp.StatusCode != 200 {
			t.Fatalf("%d %v", resp.StatusCode, err)
		}
		return a.Reply
	}
	if r := reply(); !strings.Contains(r, "100-110 斤") {
		t.Fatalf("reply %q", r)
	}
	if !strings.Contains(stderr.String(), `"msg":"request","method":"POST","path":"/v1/answer","status":200`) {
		t.Errorf("no JSON access log line in:\n%s", stderr.String())
	}

	// SIGHUP: a bundle written over the old one in place (no rename, and
	// polling is off) is loaded.
	data, _ := os.ReadFile(filepath.Join(dir, "scripts/presale.yaml"))
	os.WriteFile(filepath.Join(dir, "scripts/presale.yaml"), bytes.Replace(data, []byte("身高 155-175cm"), []byte("身高 150-175cm"), 1), 0o644)
	if code := run([]string{"compile", "-o", bundle + ".new", dir}, strings.NewReader(""), &out, &out, func(string) string { return "" }); code != 0 {
		t.Fatalf("compile: %s", out.String())
	}
	newer, _ := os.ReadFile(bundle + ".new")
	os.WriteFile(bundle, newer, 0o644)
	syscall.Kill(os.Getpid(), syscall.SIGHUP)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if strings.Contains(reply(), "150-175cm") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("SIGHUP did not reload:\n%s", stderr.String())
		}
	}

	// SIGTERM with a request in flight: it is answered, then xm exits 0.
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	body := `{"text": "转人工"}`
	io.WriteString(c, "POST /v1/answer HTTP/1.1\r\nHost: x\r\nContent-Length: "+strconv.Itoa(len(body))+"\r\n\r\n"+body[:5])
	time.Sleep(100 * time.Millisecond)
	syscall.Kill(os.Getpid(), syscall.SIGTERM)
	time.Sleep(200 * time.Millisecond)
	select {
	case code := <-exit:
		t.Fatalf("exit %d with a request in flight", code)
	default:
	}
	io.WriteString(c, body[5:])
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !bytes.Contains(got, []byte(`"outcome":"handoff"`)) {
		t.Errorf("in-flight request: %d %s", resp.StatusCode, got)
	}
	select {
	case code := <-exit:
		if code != 0 {
			t.Errorf("exit %d, want 0:\n%s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("xm serve did not stop after SIGTERM")
	}
	if !strings.Contains(stderr.String(), "xm serve: stopped") {
		t.Errorf("no stop message in:\n%s", stderr.String())
	}
}

// TestServeDeployRecipes: the systemd unit's ExecStart and the container's
// ENTRYPOINT in docs/serve.md use flags xm serve takes.
func TestServeDeployRecipes(t *testing.T) {
	doc, err := os.ReadFile("../../docs/serve.md")
	if err != nil {
		t.Fatal(err)
	}
	var cmds [][]string
	if m := regexp.MustCompile(`(?m)^ExecStart=/usr/local/bin/xm (.*)$`).FindSubmatch(doc); m != nil {
		cmds = append(cmds, strings.Fields(string(m[1])))
	}
	if m := regexp.MustCompile(`(?m)^ENTRYPOINT (\[.*\])$`).FindSubmatch(doc); m != nil {
		var argv []string
		if err := json.Unmarshal(m[1], &argv); err != nil || len(argv) < 2 || argv[0] != "/xm" {
			t.Fatalf("ENTRYPOINT %s: %v", m[1], err)
		}
		cmds = append(cmds, argv[1:])
	}
	if len(cmds) != 2 {
		t.Fatalf("found %d of the 2 recipes in docs/serve.md", len(cmds))
	}
	for _, args := range cmds {
		var stdout, stderr bytes.Buffer
		if code := run(append(args, "--help"), strings.NewReader(""), &stdout, &stderr, func(string) string { return "" }); code != 0 || args[0] != "serve" {
			t.Errorf("xm %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
		}
	}
}
