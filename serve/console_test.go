package serve

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xm-dev/xm/examples"
)

// packLine is the line of "  - id: ID" in a file of the commerce pack, as
// the console names a pack script's place (xm:commerce@1/FILE:LINE), so
// that the test does not break each time the pack grows.
func packLine(t *testing.T, file, id string) string {
	t.Helper()
	raw, err := fs.ReadFile(examples.FS, "packs/commerce/"+file)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(raw), "\n") {
		if l == "  - id: "+id {
			return fmt.Sprintf("xm:commerce@1/%s:%d", file, i+1)
		}
	}
	t.Fatalf("no script %s in the pack's %s", id, file)
	return ""
}

// lineOf returns the line of the project's file that holds text.
func lineOf(t *testing.T, dir, file, text string) int {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(raw), "\n") {
		if strings.Contains(l, text) {
			return i + 1
		}
	}
	t.Fatalf("no %q in %s", text, file)
	return 0
}

// chromium finds a headless-capable browser, or skips the test saying how
// to get one (fails, when $XM_REQUIRE_CHROMIUM is set: CI sets it).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			if testing.Short() {
				t.Skip("-short: the console test starts a browser")
			}
			return p
		}
	}
	if os.Getenv("XM_REQUIRE_CHROMIUM") != "" {
		t.Fatal("XM_REQUIRE_CHROMIUM is set but no Chromium was found (Debian: apt-get install chromium)")
	}
	t.Skip("no Chromium on PATH, so the console is not tested in a browser: install it (Debian: apt-get install -y chromium) and run again")
	return ""
}

// dumpDOM loads the page in headless Chromium, lets its script run for a
// few seconds of virtual time, and returns the resulting DOM.
func dumpDOM(t *testing.T, browser, pageURL string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--no-first-run", "--user-data-dir="+t.TempDir(), "--virtual-time-budget=5000", "--dump-dom", pageURL)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v", browser, err)
	}
	return string(out)
}

func wantInDOM(t *testing.T, dom string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(dom, w) {
			t.Errorf("the console shows no %q; its DOM:\n%s", w, dom)
			return
		}
	}
}

// TestConsole runs the test console in headless Chromium: a question asked
// by URL is answered with its reply, winner, candidates and evidence, in
// English and in Chinese; the lint status shows the project's findings;
// the page refreshes its answer when the project reloads.
func TestConsole(t *testing.T) {
	browser := chromium(t)
	dir := copyProject(t)
	s := newServer(t, Config{Project: dir})

	// After the page's first question, edit the project and reload, as a
	// seller saving in an editor would; the page must pick it up.
	var once sync.Once
	var reloadFirst atomic.Bool
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Handler().ServeHTTP(w, r)
		if reloadFirst.Load() && r.URL.Path == "/v1/explain" {
			once.Do(func() {
				edit(t, dir, "scripts/presale.yaml", "身高 155-175cm", "身高 150-175cm")
				s.Reload()
			})
		}
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	page := func(q url.Values) string { return srv.URL + "/?" + q.Encode() }

	t.Run("en", func(t *testing.T) {
		dom := dumpDOM(t, browser, page(url.Values{"q": {"黑色M码什么时候补货"}, "lang": {"en"}}))
		wantInDOM(t, dom,
			`<div class="msg buyer">黑色M码什么时候补货</div>`,
			`<div class="msg bot reply">亲，页面能拍的都有现货`,
			`<dd id="winner">stock</dd>`,
			`<tr class="winner"><td>stock</td><td>0</td><td>8</td><td>补货, ~size|~colour|~model ~stock</td><td><code>`+packLine(t, "presale.yaml", "stock")+`</code></td><td>✓ winner</td></tr>`,
			`<td>size</td><td>0</td><td>2</td><td>m码</td><td><code>scripts/presale.yaml:15</code></td><td>✗ excluded by 补货</td>`,
			`<td><code>补货</code></td><td>补货</td><td>~stock, exclude size, keyword stock</td>`,
			`<span class="badge ok">0 error(s), 0 warning(s)</span>`,
			`<option value="order.shipped">order.shipped</option>`,
			`<span id="ready" class="badge ok">loaded</span>`)
	})
	t.Run("zh, with an event and order fields", func(t *testing.T) {
		dom := dumpDOM(t, browser, page(url.Values{"event": {"order.shipped"}, "order": {"item=连衣裙, tracking_no=SF1234567890"}, "lang": {"zh"}}))
		wantInDOM(t, dom, `<html lang="zh">`, `<h2 data-t="candidates">候选话术</h2>`, `<span class="badge ok">0 个错误，0 个警告</span>`,
			`<div class="msg bot reply">亲，您的【连衣裙】已发货，物流单号 SF1234567890`)
	})
	t.Run("refreshes on reload", func(t *testing.T) {
		reloadFirst.Store(true)
		dom := dumpDOM(t, browser, page(url.Values{"q": {"M码适合多少斤"}, "lang": {"en"}}))
		reloadFirst.Store(false)
		wantInDOM(t, dom, `<div class="msg bot reply">亲，这款尺码标准：S 码 90-100 斤、M 码 100-110 斤、L 码 110-125 斤、XL 码 125-140 斤；身高 150-175cm`)
	})
	t.Run("findings", func(t *testing.T) {
		line := lineOf(t, dir, "scripts/presale.yaml", "{{size_chart}}")
		edit(t, dir, "scripts/presale.yaml", "{{size_chart}}", "{{size_chrt}}")
		s.Reload()
		dom := dumpDOM(t, browser, page(url.Values{"q": {"M码适合多少斤"}, "lang": {"zh"}}))
		wantInDOM(t, dom, fmt.Sprintf("<code>scripts/presale.yaml:%d:", line), `<span class="error">error</span>`, `[undefined-var]`,
			`<p class="error" id="loaderror">最近一次加载失败，仍在使用上一个匹配包：项目有 1 个错误`,
			`<div class="msg bot reply">亲，这款尺码标准：S 码 90-100 斤、M 码 100-110 斤、L 码 110-125 斤、XL 码 125-140 斤；身高 150-175cm`)
	})
}
