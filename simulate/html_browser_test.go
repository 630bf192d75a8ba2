package simulate

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xm-dev/xm/compile"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/schema"
)

// chromium finds a headless-capable Chromium or Chrome.
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// measure is what the page reports about its own layout.
type measure struct {
	ScrollWidth int      `json:"sw"`
	Viewport    int      `json:"vw"`
	MainWidth   float64  `json:"mw"`
	Overflow    []string `json:"over"`
	CardTops    []int    `json:"tops"`
	CardLefts   []int    `json:"lefts"`
}

// measureScript records the layout in an attribute, for --dump-dom: the
// page's scroll width, the width of main, the elements sticking out of the
// viewport (outside the tables' own scroll boxes), and where the first
// cards of the grid sit.
const measureScript = `<script>
const m = document.querySelector('main');
// The parent reads this after the load event.
const vw = window.innerWidth;
const over = [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > vw + 1 && !e.closest('.scroll')).slice(0, 8).map(e => e.tagName + '.' + e.className + ':' + Math.round(e.getBoundingClientRect().right));
const cards = [...document.querySelectorAll('.grid > .card')].slice(0, 2).map(e => e.getBoundingClientRect());
document.body.setAttribute('data-measure', JSON.stringify({sw: document.documentElement.scrollWidth, vw: vw, mw: m.getBoundingClientRect().width, over: over,
  tops: cards.map(r => Math.round(r.top)), lefts: cards.map(r => Math.round(r.left))}));
</script>`

// TestHTMLLayoutInChromium renders a full report (the apparel starter
// replaying a log with times, buyers, expectations and a long unbroken
// question) in headless Chromium at a phone's 390 px and a desktop's
// 1280 px: nothing may stick out of the phone's screen (wide tables
// scroll inside their card), and the desktop must use its width (main
// spans the window, cards sit side by side). Screenshots of both go to
// $XM_SCREENSHOTS when set. Without Chromium the test is skipped, unless
// $XM_REQUIRE_CHROMIUM is set (CI sets it).
func TestHTMLLayoutInChromium(t *testing.T) {
	bin := chromium()
	if bin == "" && os.Getenv("XM_REQUIRE_CHROMIUM") != "" {
		t.Fatal("XM_REQUIRE_CHROMIUM is set but no Chromium was found (Debian: apt-get install chromium)")
	}
	if bin == "" {
		t.Skip("headless Chromium not found (Debian: apt-get install chromium); the HTML report's layout at 390 px and 1280 px is not checked")
	}
	if testing.Short() {
		t.Skip("-short: no browser")
	}
	page := reportForBrowser(t)
	dir := os.Getenv("XM_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "report.html")
	measured := filepath.Join(dir, "report-measured-%d.html")
	if err := os.WriteFile(plain, page, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{390, 1280} {
		// Chromium's window is at least 500 px wide: the phone is an
		// iframe of exactly its width, whose page measures itself.
		frame := fmt.Sprintf(`<!DOCTYPE html><html><body style="margin:0"><iframe id="f" style="width:%dpx;height:2400px;border:0" srcdoc="%s"></iframe><script>
document.getElementById('f').addEventListener('load', () => { document.body.setAttribute('data-measure', document.getElementById('f').contentDocument.body.getAttribute('data-measure')); });
</script></body></html>`, w, html.EscapeString(strings.Replace(string(page), "</body>", measureScript+"</body>", 1)))
		if err := os.WriteFile(fmt.Sprintf(measured, w), []byte(frame), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, w := range []int{390, 1280} {
		t.Run(fmt.Sprintf("%dpx", w), func(t *testing.T) {
			dom := runChromium(t, bin, max(w, 1280), "--dump-dom", "file://"+fmt.Sprintf(measured, w))
			mm := regexp.MustCompile(`data-measure="([^"]*)"`).FindSubmatch(dom)
			if mm == nil {
				t.Fatalf("the page did not measure itself:\n%.2000s", dom)
			}
			var m measure
			if err := json.Unmarshal([]byte(html.UnescapeString(string(mm[1]))), &m); err != nil {
				t.Fatal(err)
			}
			if m.Viewport != w {
				t.Fatalf("viewport %d px, want %d", m.Viewport, w)
			}
			if m.ScrollWidth > w || len(m.Overflow) > 0 {
				t.Errorf("the page is %d px wide in a %d px window; sticking out: %v", m.ScrollWidth, w, m.Overflow)
			}
			if len(m.CardTops) < 2 {
				t.Fatalf("fewer than two cards: %+v", m)
			}
			if w == 1280 {
				if m.MainWidth < 0.9*float64(w) {
					t.Errorf("main is %.0f px wide in a %d px window: the desktop width goes unused", m.MainWidth, w)
				}
				if m.CardTops[0] != m.CardTops[1] {
					t.Errorf("the first two cards are stacked (tops %v) in a %d px window: they should sit side by side", m.CardTops, w)
				}
			} else if m.CardLefts[0] != m.CardLefts[1] {
				t.Errorf("the first two cards sit side by side (lefts %v) on a %d px phone", m.CardLefts, w)
			}
			shot := filepath.Join(dir, fmt.Sprintf("report-%d.png", w))
			runChromium(t, bin, w, "--screenshot="+shot, "file://"+plain)
			f, err := os.Open(shot)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			img, err := png.Decode(f)
			if err != nil {
				t.Fatal(err)
			}
			if got := img.Bounds().Dx(); got != w {
				t.Errorf("screenshot is %d px wide, want %d", got, w)
			}
			if w == 1280 && blank(img, img.Bounds().Dx()*3/4, img.Bounds().Dx()-40) {
				t.Errorf("the right quarter of the 1280 px screenshot %s is empty", shot)
			}
		})
	}
}

// blank reports whether the columns x0..x1 of the top 1000 px are all the
// page background.
func blank(img image.Image, x0, x1 int) bool {
	bg := img.At(2, 2)
	for y := img.Bounds().Min.Y; y < min(img.Bounds().Max.Y, 1000); y += 2 {
		for x := x0; x < x1; x += 2 {
			if img.At(x, y) != bg {
				return false
			}
		}
	}
	return true
}

func runChromium(t *testing.T, bin string, width int, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	all := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
		fmt.Sprintf("--window-size=%d,2400", width), "--user-data-dir=" + t.TempDir()}, args...)
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, all...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", bin, strings.Join(all, " "), err, stderr.String())
	}
	return out
}

// reportForBrowser replays a day of chat log against the apparel starter
// and renders the Chinese report.
func reportForBrowser(t *testing.T) []byte {
	p, err := schema.Load("../examples/apparel")
	if err != nil {
		t.Fatal(err)
	}
	b, err := compile.Build(p)
	if err != nil {
		t.Fatal(err)
	}
	qs := []struct{ text, want string }{
		{"M码适合多少斤", "size"}, {"退的话运费", ""}, {"什么时候发货", "shipping-time"}, {"可以改地址吗", ""}, {"有优惠券吗", ""},
		{"这款还有货吗", "stock"}, {"怎么退货", ""}, {"转人工", "handoff"}, {"你们老板是谁", "fallback"},
		{"可以定制印logo吗", ""}, {"发票怎么开", "invoice"}, {"面料是什么", ""}, {"紧急 转人工", "handoff"}, {"M码小了能换L码吗", ""},
		{strings.Repeat("这件衣服我想问问能不能", 12) + "https://example.com/" + strings.Repeat("a", 120), ""},
	}
	var log strings.Builder
	start := time.Date(2026, 11, 20, 8, 0, 0, 0, b.Location())
	for i := 0; i < 400; i++ {
		q := qs[(i*7+i/13)%len(qs)]
		at := start.Add(time.Duration(i*131%(15*3600)) * time.Second)
		rec := map[string]string{"time": at.Format(time.RFC3339), "buyer": fmt.Sprintf("b%d", i%90), "text": q.text}
		if q.want != "" && i%2 == 0 {
			rec["expected"] = q.want
		}
		line, _ := json.Marshal(rec)
		log.Write(line)
		log.WriteByte('\n')
	}
	sorted := strings.Split(strings.TrimSpace(log.String()), "\n")
	r, err := NewReader(strings.NewReader(strings.Join(sorted, "\n")), "logs/2026-11-20.jsonl", JSONL, DefaultMaxLine)
	if err != nil {
		t.Fatal(err)
	}
	qt := NewQualityTally(b)
	figs, err := Run(b, []Reader{r}, Options{}, Handlers{Result: func(r *Result) error { qt.Add(r); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	info := ReportInfo{Shop: b.Shop, Generated: time.Date(2026, 11, 25, 21, 0, 0, 0, b.Location()), Inputs: []string{"logs/2026-11-20.jsonl"},
		Source: "examples/apparel", Lint: LintStatus{Checked: true, Errors: 1}, Quality: qt.Finish()}
	if err := WriteHTML(&out, info, figs, Check(figs, []Gate{{Name: "max-handoff", Limit: 0.05}}), i18n.ZH); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestHTMLReportNamesTheRun: the page says when, on what, the lint state
// and what needs action, and names CJK fonts of Linux, macOS and Windows.
func TestHTMLReportNamesTheRun(t *testing.T) {
	page := string(reportForBrowser(t))
	for _, want := range []string{
		"2026-11-25 21:00 CST", "logs/2026-11-20.jsonl", "examples/apparel", "1 个错误",
		"需要处理", "最大的一组未回答问题", "门槛 max-handoff 未通过",
		`"PingFang SC"`, `"Microsoft YaHei"`, `"Noto Sans CJK SC"`, `"WenQuanYi Micro Hei"`,
		`name="viewport"`, "话题混淆热力图", "相似例句回答的置信度",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if strings.Contains(page, `width="760"`) || strings.Contains(page, "<script") {
		t.Error("the report carries a fixed-width chart or a script")
	}
}
