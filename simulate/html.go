package simulate

import (
	"fmt"
	"html/template"
	"io"

	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/schema"
)

// bar is one bar of a chart, laid out in SVG units.
type bar struct {
	Label string
	Value int
	Pct   string
	X, Y  int
	W, H  int
	Color string
	LX    int // legend position
}

type htmlData struct {
	Lang      string
	Title     string
	Shop      string
	F         *Figures
	Gates     []GateResult
	Outcomes  []bar
	Topics    []bar
	Hours     []bar
	HoursMax  int
	L         map[string]string
	Pct       func(float64) string
	TopicsH   int
	MissesTop []Confusion
}

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct": pct,
}).Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} — {{.Shop}}</title>
<style>
body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.3rem}
.kpis{display:flex;gap:1rem;flex-wrap:wrap}.kpi{background:#f5f7fa;border-radius:.5rem;padding:.8rem 1.2rem;min-width:9rem}
.kpi b{display:block;font-size:1.6rem}.pass{color:#1a7f37}.fail{color:#cf222e}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.35rem .5rem;text-align:left;vertical-align:top}
svg text{font-size:11px;fill:#333}
</style>
</head>
<body>
<h1>{{.Title}} — {{.Shop}}</h1>
<div class="kpis">
<div class="kpi">{{index .L "questions"}}<b>{{.F.Questions}}</b></div>
<div class="kpi">{{index .L "auto"}}<b>{{pct .F.AutoRate}}</b></div>
<div class="kpi">{{index .L "handoff"}}<b>{{pct .F.HandoffRate}}</b></div>
<div class="kpi">{{index .L "fallback"}}<b>{{pct .F.FallbackRte}}</b></div>
{{if .F.Expected}}<div class="kpi">{{index .L "accuracy"}}<b>{{pct .F.Accuracy}}</b>{{.F.Met}}/{{.F.Expected}}</div>{{end}}
</div>
{{if .Gates}}<h2>{{index .L "gates"}}</h2><table>{{range .Gates}}<tr><td>{{.Name}}</td><td>{{pct .Value}}</td><td>{{pct .Limit}}</td><td class="{{if .Passed}}pass{{else}}fail{{end}}">{{if .Passed}}✓{{else}}✗{{end}}</td></tr>{{end}}</table>{{end}}

<h2>{{index .L "outcomes"}}</h2>
<svg width="760" height="52" role="img" aria-label="{{index .L "outcomes"}}">
{{range .Outcomes}}<rect x="{{.X}}" y="0" width="{{.W}}" height="24" fill="{{.Color}}"><title>{{.Label}} {{.Value}} ({{.Pct}})</title></rect>{{end}}
{{range .Outcomes}}<rect x="{{.LX}}" y="34" width="10" height="10" fill="{{.Color}}"></rect><text x="{{.LX}}" dx="14" y="43">{{.Label}} {{.Pct}}</text>{{end}}
</svg>

{{if .Topics}}<h2>{{index .L "topics"}}</h2>
<svg width="600" height="{{.TopicsH}}" role="img" aria-label="{{index .L "topics"}}">
{{range .Topics}}<text x="0" y="{{.Y}}" dy="12">{{.Label}}</text><rect x="140" y="{{.Y}}" width="{{.W}}" height="16" fill="#4c8bf5"></rect><text x="{{.X}}" y="{{.Y}}" dy="12">{{.Value}}</text>{{end}}
</svg>{{end}}

{{if .F.HasHours}}<h2>{{index .L "hours"}}</h2>
<svg width="600" height="150" role="img" aria-label="{{index .L "hours"}}">
{{range .Hours}}<rect x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="{{.H}}" fill="#f5a623"><title>{{.Label}}:00 {{.Value}}</title></rect><text x="{{.X}}" y="145">{{.Label}}</text>{{end}}
</svg>{{end}}

{{if .F.Confusions}}<h2>{{index .L "confusions"}}</h2>
<table><tr><th>{{index .L "expected"}}</th><th>{{index .L "got"}}</th><th>#</th><th>{{index .L "examples"}}</th></tr>
{{range .F.Confusions}}<tr><td>{{.Expected}}</td><td>{{.Got}}</td><td>{{.Count}}</td><td>{{range .Examples}}{{.}}<br>{{end}}</td></tr>{{end}}
</table>{{end}}

{{if .F.Unanswered}}<h2>{{index .L "unanswered"}}</h2>
<table><tr><th>#</th><th>{{index .L "examples"}}</th></tr>
{{range .F.Unanswered}}<tr><td>{{.Count}}</td><td>{{range .Examples}}{{.}}<br>{{end}}</td></tr>{{end}}
</table>{{end}}

<h2>{{index .L "scripts"}}</h2>
<table><tr><th>{{index .L "script"}}</th><th>{{index .L "topic"}}</th><th>{{index .L "hits"}}</th><th>{{index .L "followup"}}</th></tr>
{{range .F.Scripts}}<tr><td>{{.ID}}</td><td>{{.Topic}}</td><td>{{.Hits}}</td><td>{{if .Timed}}{{pct .FollowUpRate}}{{end}}</td></tr>{{end}}
</table>
</body>
</html>
`))

// WriteHTML writes one self-contained page (no scripts, no network) with
// the figures as charts. Every buyer text goes through html/template's
// escaping.
func WriteHTML(w io.Writer, shop string, f *Figures, gates []GateResult, l i18n.Lang) error {
	T := func(zh, en string) string { return i18n.T(zh, en).In(l) }
	d := htmlData{Lang: l.String(), Title: T("客服机器人回放报告", "Service-bot replay report"), Shop: shop, F: f, Gates: gates,
		L: map[string]string{
			"questions": T("问题数", "questions"), "auto": T("自动回复率", "auto-reply"), "handoff": T("转人工率", "handoff"),
			"fallback": T("兜底率", "fallback"), "accuracy": T("准确率", "accuracy"), "gates": T("门槛", "gates"),
			"outcomes": T("结果分布", "outcomes"), "topics": T("各话题命中", "hits by topic"), "hours": T("咨询时段分布", "questions by hour"),
			"confusions": T("答错的问题", "missed expectations"), "expected": T("期望", "expected"), "got": T("实际", "got"),
			"examples": T("例子", "examples"), "unanswered": T("最常见的未回答问题", "top unanswered questions"),
			"scripts": T("各话术", "scripts"), "script": T("话术", "script"), "topic": T("话题", "topic"), "hits": T("命中", "hits"),
			"followup": T("追问率", "follow-up rate"),
		}}
	total := max(f.Questions, 1)
	direct := f.Questions - f.AutoReplied - f.Fallback // handoff and urgent keywords
	viaScript := f.HandedOver - direct                 // scripts with handoff: true
	x := 0
	for _, o := range []struct {
		label string
		n     int
		color string
	}{
		{T("自动回复", "auto-reply"), f.AutoReplied - viaScript, "#2da44e"},
		{T("回复后转人工", "reply, then a human"), viaScript, "#8250df"},
		{T("转人工", "handoff"), direct - f.Urgent, "#f5a623"},
		{T("紧急", "urgent"), f.Urgent, "#cf222e"},
		{T("兜底", "fallback"), f.Fallback, "#8c959f"},
	} {
		n := max(o.n, 0)
		w := n * 600 / total
		d.Outcomes = append(d.Outcomes, bar{Label: o.label, Value: n, Pct: pct(float64(n) / float64(total)), X: x, W: w, Color: o.color, LX: len(d.Outcomes) * 150})
		x += w
	}
	peak := 1
	for _, t := range f.Topics {
		peak = max(peak, t.Hits)
	}
	y := 0
	for _, t := range f.Topics {
		if t.Hits == 0 {
			continue
		}
		w := t.Hits * 400 / peak
		label := t.Topic
		if tp, ok := schema.TopicByID(t.Topic); ok && l == i18n.ZH {
			label = tp.Label.ZH + " " + t.Topic
		}
		d.Topics = append(d.Topics, bar{Label: label, Value: t.Hits, Y: y, W: w, X: 146 + w})
		y += 22
	}
	d.TopicsH = y + 4
	hpeak := 1
	for _, n := range f.ByHour {
		hpeak = max(hpeak, n)
	}
	for h, n := range f.ByHour {
		hh := n * 120 / hpeak
		d.Hours = append(d.Hours, bar{Label: fmt.Sprintf("%02d", h), Value: n, X: h * 25, Y: 125 - hh, W: 20, H: hh})
	}
	return page.Execute(w, d)
}
