package simulate

import (
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/schema"
)

// ReportInfo is what the HTML report says about the run besides the
// figures: when, on what, and the state of the project.
type ReportInfo struct {
	Shop      string
	Generated time.Time // shown in its own location
	Inputs    []string  // the question files and logs replayed
	Source    string    // the project folder or the bundle file answered from
	Lint      LintStatus
	Quality   *Quality // nil: no quality section
}

// LintStatus is the project's lint state when the replay ran.
type LintStatus struct {
	Checked bool // false when a compiled bundle was replayed
	Errors  int
}

// bar is one bar of a chart, sized in percent of its track.
type bar struct {
	Label string
	Value int
	Pct   string
	Style template.CSS
}

// action is one thing the report asks the seller to do.
type action struct {
	Title  string
	Detail string
	Level  string // bad or warn
}

// heatCell is one cell of the confusion heat map.
type heatCell struct {
	N     int
	Style template.CSS
	Diag  bool
}

type heatRow struct {
	Label string
	Cells []heatCell
}

type htmlData struct {
	Lang      string
	Title     string
	Info      ReportInfo
	Date      string
	LintText  string
	LintClass string
	F         *Figures
	Gates     []GateResult
	Actions   []action
	Cards     []bar // the headline figures: they add up to 100%
	Outcomes  []bar // the outcome classes, grouped as the cards are
	Topics    []bar
	Hours     []bar
	HourTicks []string
	Heat      []heatRow
	HeatCols  []string
	Conf      []bar
	L         map[string]string
}

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct": pct,
	"f2":  func(x float64) string { return fmt.Sprintf("%.2f", x) },
}).Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} — {{.Info.Shop}}</title>
<style>
*{box-sizing:border-box}
body{margin:0;color:#1f2328;background:#f6f8fa;line-height:1.5;font-size:15px;
font-family:system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","WenQuanYi Micro Hei","WenQuanYi Zen Hei",sans-serif}
main{max-width:112rem;margin:0 auto;padding:1rem clamp(.75rem,2.5vw,2rem)}
h1{font-size:1.45rem;margin:.2rem 0}h2{font-size:1.05rem;margin:0 0 .6rem}
.meta{color:#57606a;font-size:.9rem;display:flex;flex-wrap:wrap;gap:.2rem 1.2rem;margin-bottom:1rem}
.meta span{overflow-wrap:anywhere}
.badge{display:inline-block;border-radius:1rem;padding:0 .6rem;font-weight:600}
.ok{background:#dafbe1;color:#1a7f37}.bad{background:#ffebe9;color:#cf222e}.warn{background:#fff8c5;color:#9a6700}.na{background:#eaeef2;color:#57606a}
.card{background:#fff;border:1px solid #d0d7de;border-radius:.6rem;padding:1rem;min-width:0}
.grid{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(min(100%,30rem),1fr));margin-top:1rem}
.wide{grid-column:1/-1}
.kpis{display:grid;gap:.75rem;grid-template-columns:repeat(auto-fit,minmax(9.5rem,1fr))}
.kpi{background:#fff;border:1px solid #d0d7de;border-radius:.6rem;padding:.7rem 1rem}
.kpi b{display:block;font-size:1.6rem}
.actions{border-left:.35rem solid #cf222e}
.actions ul{margin:0;padding-left:1.2rem}.actions li{margin:.35rem 0}
.actions li small{display:block;color:#57606a;overflow-wrap:anywhere}
.stack{display:flex;height:1.6rem;border-radius:.3rem;overflow:hidden}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;margin-top:.5rem;font-size:.85rem}
.legend i{display:inline-block;width:.75rem;height:.75rem;border-radius:.15rem;margin-right:.3rem;vertical-align:-.05rem}
.row{display:grid;grid-template-columns:minmax(5rem,11rem) 1fr 3.5rem;gap:.5rem;align-items:center;font-size:.9rem;margin:.2rem 0}
.row .label{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.track{background:#eaeef2;border-radius:.2rem;height:.9rem}.track span{display:block;height:100%;border-radius:.2rem;background:#4c8bf5}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
th{white-space:nowrap}
.hours{display:flex;align-items:flex-end;gap:2px;height:9rem}
.hours div{flex:1;background:#f5a623;border-radius:.15rem .15rem 0 0;min-height:1px}
.ticks{display:flex;font-size:.75rem;color:#57606a}.ticks span{flex:1;text-align:left}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{border-bottom:1px solid #eaeef2;padding:.35rem .5rem;text-align:left;vertical-align:top}
td{overflow-wrap:anywhere}
.heat td,.heat th{text-align:center;padding:.3rem .45rem;border:1px solid #fff;white-space:nowrap}
.heat th.rl{text-align:left}
.pass{color:#1a7f37}.fail{color:#cf222e}
@media (max-width:30rem){body{font-size:14px}.kpi b{font-size:1.3rem}.row{grid-template-columns:minmax(4rem,7rem) 1fr 3rem}}
</style>
</head>
<body>
<main>
<h1>{{.Title}} — {{.Info.Shop}}</h1>
<div class="meta">
<span>{{index .L "date"}}{{.Date}}</span>
{{if .Info.Inputs}}<span>{{index .L "inputs"}}{{range $i, $in := .Info.Inputs}}{{if $i}}, {{end}}{{$in}}{{end}}</span>{{end}}
{{if .Info.Source}}<span>{{index .L "source"}}{{.Info.Source}}</span>{{end}}
<span>{{index .L "lint"}}<span class="badge {{.LintClass}}">{{.LintText}}</span></span>
</div>

{{if .Actions}}<section class="card actions">
<h2>{{index .L "actions"}}</h2>
<ul>{{range .Actions}}<li class="{{.Level}}"><b>{{.Title}}</b>{{if .Detail}}<small>{{.Detail}}</small>{{end}}</li>{{end}}</ul>
</section>{{end}}

<div class="kpis" style="margin-top:1rem">
<div class="kpi">{{index .L "questions"}}<b>{{.F.Questions}}</b></div>
{{range .Cards}}<div class="kpi">{{.Label}}<b>{{.Pct}}</b>{{.Value}}</div>
{{end}}{{if .F.Expected}}<div class="kpi">{{index .L "accuracy"}}<b>{{pct .F.Accuracy}}</b>{{.F.Met}}/{{.F.Expected}}</div>{{end}}
{{with .Info.Quality}}{{if .Expected}}<div class="kpi">{{index $.L "f1"}}<b>{{f2 .MacroF1}}</b></div>{{end}}{{end}}
</div>

<div class="grid">
{{if .Gates}}<section class="card"><h2>{{index .L "gates"}}</h2><div class="scroll"><table>{{range .Gates}}<tr><td>{{.Name}}</td><td>{{pct .Value}}</td><td>{{pct .Limit}}</td><td class="{{if .Passed}}pass{{else}}fail{{end}}">{{if .Passed}}✓{{else}}✗{{end}}</td></tr>{{end}}</table></div></section>{{end}}

<section class="card"><h2>{{index .L "outcomes"}}</h2>
<div class="stack" role="img" aria-label="{{index .L "outcomes"}}">{{range .Outcomes}}{{if .Value}}<div style="{{.Style}}" title="{{.Label}} {{.Value}} ({{.Pct}})"></div>{{end}}{{end}}</div>
<div class="legend">{{range .Outcomes}}<span><i style="{{.Style}}"></i>{{.Label}} {{.Pct}} ({{.Value}})</span>{{end}}</div>
</section>

{{if .Topics}}<section class="card"><h2>{{index .L "topics"}}</h2>
{{range .Topics}}<div class="row"><span class="label" title="{{.Label}}">{{.Label}}</span><div class="track"><span style="{{.Style}}"></span></div><span class="num">{{.Value}}</span></div>{{end}}
</section>{{end}}

{{if .F.HasHours}}<section class="card"><h2>{{index .L "hours"}}</h2>
<div class="hours" role="img" aria-label="{{index .L "hours"}}">{{range .Hours}}<div style="{{.Style}}" title="{{.Label}}:00 {{.Value}}"></div>{{end}}</div>
<div class="ticks">{{range .HourTicks}}<span>{{.}}</span>{{end}}</div>
</section>{{end}}

{{with .Info.Quality}}{{if .Expected}}<section class="card"><h2>{{index $.L "bytopic"}}</h2>
<div class="scroll"><table><tr><th>{{index $.L "topic"}}</th><th class="num">{{index $.L "precision"}}</th><th class="num">{{index $.L "recall"}}</th><th class="num">F1</th><th class="num">{{index $.L "support"}}</th></tr>
{{range .Topics}}<tr><td>{{.Name}}</td><td class="num">{{f2 .Precision}}</td><td class="num">{{f2 .Recall}}</td><td class="num">{{f2 .F1}}</td><td class="num">{{.Support}}</td></tr>{{end}}
</table></div></section>{{end}}{{end}}

{{if .Heat}}<section class="card"><h2>{{index .L "heat"}}</h2>
<div class="scroll"><table class="heat"><tr><th class="rl">{{index .L "expgot"}}</th>{{range .HeatCols}}<th>{{.}}</th>{{end}}</tr>
{{range .Heat}}<tr><th class="rl">{{.Label}}</th>{{range .Cells}}<td style="{{.Style}}">{{if .N}}{{.N}}{{end}}</td>{{end}}</tr>{{end}}
</table></div></section>{{end}}

{{if .Conf}}<section class="card"><h2>{{index .L "conf"}}</h2>
{{range .Conf}}<div class="row"><span class="label">{{.Label}}</span><div class="track"><span style="{{.Style}}"></span></div><span class="num">{{.Value}}</span></div>{{end}}
</section>{{end}}

{{if .F.Confusions}}<section class="card"><h2>{{index .L "confusions"}}</h2>
<div class="scroll"><table><tr><th>{{index .L "expected"}}</th><th>{{index .L "got"}}</th><th>#</th><th>{{index .L "examples"}}</th></tr>
{{range .F.Confusions}}<tr><td>{{.Expected}}</td><td>{{.Got}}</td><td>{{.Count}}</td><td>{{range .Examples}}{{.}}<br>{{end}}</td></tr>{{end}}
</table></div></section>{{end}}

{{if .F.Unanswered}}<section class="card"><h2>{{index .L "unanswered"}}</h2>
<div class="scroll"><table><tr><th>#</th><th>{{index .L "examples"}}</th></tr>
{{range .F.Unanswered}}<tr><td>{{.Count}}</td><td>{{range .Examples}}{{.}}<br>{{end}}</td></tr>{{end}}
</table></div></section>{{end}}

<section class="card wide"><h2>{{index .L "scripts"}}</h2>
<div class="scroll"><table><tr><th>{{index .L "script"}}</th><th>{{index .L "topic"}}</th><th class="num">{{index .L "hits"}}</th><th class="num">{{index .L "followup"}}</th></tr>
{{range .F.Scripts}}<tr><td>{{.ID}}</td><td>{{.Topic}}</td><td class="num">{{.Hits}}</td><td class="num">{{if .Timed}}{{pct .FollowUpRate}}{{end}}</td></tr>{{end}}
</table></div></section>
</div>
</main>
</body>
</html>
`))

// Thresholds the report flags, from the seller's guide.
const (
	targetAccuracy = 0.9
	targetHandoff  = 0.2
	followUpAlarm  = 0.3 // a script after whose replies 30% of buyers write again
	followUpMin    = 5   // timed replies before a follow-up rate means anything
)

// WriteHTML writes one self-contained page (no scripts, no network) that
// reads on a phone and uses the width of a desktop: the run's date, inputs
// and lint state, what needs action first, then the figures as charts.
// Every buyer text goes through html/template's escaping.
func WriteHTML(w io.Writer, info ReportInfo, f *Figures, gates []GateResult, l i18n.Lang) error {
	T := func(zh, en string) string { return i18n.T(zh, en).In(l) }
	d := htmlData{Lang: l.String(), Title: T("客服机器人回放报告", "Service-bot replay report"), Info: info, F: f, Gates: gates,
		L: map[string]string{
			"questions": T("问题数", "questions"), "accuracy": T("准确率", "accuracy"), "gates": T("门槛", "gates"),
			"outcomes": T("结果分布", "outcomes"), "topics": T("各话题命中", "hits by topic"), "hours": T("咨询时段分布", "questions by hour"),
			"confusions": T("答错的问题", "missed expectations"), "expected": T("期望", "expected"), "got": T("实际", "got"),
			"examples": T("例子", "examples"), "unanswered": T("最常见的未回答问题", "top unanswered questions"),
			"scripts": T("各话术", "scripts"), "script": T("话术", "script"), "topic": T("话题", "topic"), "hits": T("命中", "hits"),
			"followup": T("追问率", "follow-up rate"), "date": T("生成时间：", "generated "), "inputs": T("输入：", "inputs: "),
			"source": T("回答来自：", "answered by: "), "lint": T("检查：", "lint: "), "actions": T("需要处理", "needs action"),
			"f1": T("各话术平均 F1", "macro F1"), "bytopic": T("各话题的精确率、召回率和 F1", "precision, recall and F1 by topic"),
			"precision": T("精确率", "precision"), "recall": T("召回率", "recall"), "support": T("期望数", "support"),
			"heat":   T("话题混淆热力图（行：期望，列：实际）", "topic confusion heat map (rows expected, columns got)"),
			"expgot": T("期望 ＼ 实际", "expected \\ got"), "conf": T("相似例句回答的置信度", "confidence of answers from similar examples"),
		}}
	loc := info.Generated.Location()
	d.Date = info.Generated.In(loc).Format("2006-01-02 15:04 MST")
	switch {
	case !info.Lint.Checked:
		d.LintText, d.LintClass = T("未检查（回放的是匹配包）", "not checked (a bundle was replayed)"), "na"
	case info.Lint.Errors > 0:
		d.LintText, d.LintClass = i18n.F("%d 个错误，出错的部分没有参与回放", "%d error(s); the broken parts took no part", info.Lint.Errors).In(l), "bad"
	default:
		d.LintText, d.LintClass = T("✓ 没有错误", "✓ no errors"), "ok"
	}
	d.Actions = actions(info, f, gates, l)

	for _, h := range f.headlines() {
		d.Cards = append(d.Cards, bar{Label: h.label.In(l), Value: h.count, Pct: pct(h.rate)})
	}
	for i, o := range f.Outcomes {
		c := outcomeClasses[i]
		d.Outcomes = append(d.Outcomes, bar{Label: c.Label.In(l), Value: o.Count, Pct: pct(o.Rate),
			Style: template.CSS(fmt.Sprintf("flex:%d 0 0;background:%s", o.Count, c.Color))})
	}
	peak := 1
	for _, t := range f.Topics {
		peak = max(peak, t.Hits)
	}
	for _, t := range f.Topics {
		if t.Hits == 0 {
			continue
		}
		label := t.Topic
		if tp, ok := schema.TopicByID(t.Topic); ok && l == i18n.ZH {
			label = tp.Label.ZH + " " + t.Topic
		}
		d.Topics = append(d.Topics, bar{Label: label, Value: t.Hits, Style: width(t.Hits, peak)})
	}
	hpeak := 1
	for _, n := range f.ByHour {
		hpeak = max(hpeak, n)
	}
	for h, n := range f.ByHour {
		d.Hours = append(d.Hours, bar{Label: fmt.Sprintf("%02d", h), Value: n, Style: template.CSS(fmt.Sprintf("height:%.1f%%", 100*float64(n)/float64(hpeak)))})
	}
	for h := 0; h < 24; h += 3 {
		d.HourTicks = append(d.HourTicks, fmt.Sprintf("%02d", h))
	}
	if q := info.Quality; q != nil {
		d.Heat, d.HeatCols = heat(q.TopicMatrix)
		cpeak, similar := 1, 0
		for _, k := range q.Confidence {
			cpeak, similar = max(cpeak, k.Count), similar+k.Count
		}
		if similar > 0 {
			for _, k := range q.Confidence {
				d.Conf = append(d.Conf, bar{Label: fmt.Sprintf("%.1f–%.1f", k.Low, k.Low+0.1), Value: k.Count, Style: width(k.Count, cpeak)})
			}
		}
	}
	return page.Execute(w, d)
}

func width(n, peak int) template.CSS {
	return template.CSS(fmt.Sprintf("width:%.1f%%", 100*float64(n)/float64(max(peak, 1))))
}

// heat lays out a confusion matrix as a heat map: each cell shaded by its
// share of the row (green on the diagonal, red off it), columns numbered.
func heat(m Matrix) ([]heatRow, []string) {
	if len(m.Labels) == 0 {
		return nil, nil
	}
	var rows []heatRow
	cols := append([]string(nil), m.Labels...)
	for i, lab := range m.Labels {
		sum := 0
		for _, n := range m.Counts[i] {
			sum += n
		}
		r := heatRow{Label: lab}
		for j, n := range m.Counts[i] {
			a := 0.0
			if sum > 0 {
				a = 0.12 + 0.78*float64(n)/float64(sum)
			}
			c := heatCell{N: n, Diag: i == j}
			switch {
			case n == 0:
				c.Style = "background:#f6f8fa"
			case i == j:
				c.Style = template.CSS(fmt.Sprintf("background:rgba(45,164,78,%.2f)", a))
			default:
				c.Style = template.CSS(fmt.Sprintf("background:rgba(207,34,46,%.2f)", a))
			}
			r.Cells = append(r.Cells, c)
		}
		rows = append(rows, r)
	}
	return rows, cols
}

// actions lists what the seller should look at first: failed gates, lint
// errors, accuracy and handoff off target, scripts buyers keep asking
// again after, the biggest group of unanswered questions, scripts that
// never answered.
func actions(info ReportInfo, f *Figures, gates []GateResult, l i18n.Lang) []action {
	var out []action
	add := func(level string, title i18n.Text, detail string) {
		out = append(out, action{Level: level, Title: title.In(l), Detail: detail})
	}
	for _, g := range gates {
		if !g.Passed {
			add("bad", i18n.F("门槛 %s 未通过：%s（要求 %s）", "gate %s failed: %s (limit %s)", g.Name, pct(g.Value), pct(g.Limit)), "")
		}
	}
	if info.Lint.Checked && info.Lint.Errors > 0 {
		add("bad", i18n.F("项目有 %d 个检查错误，出错的话术没有参与回放", "the project has %d lint error(s); the broken scripts took no part", info.Lint.Errors),
			i18n.T("运行 xm lint 查看并修正", "run xm lint to see and fix them").In(l))
	}
	if f.Expected > 0 && f.Accuracy < targetAccuracy {
		add("bad", i18n.F("准确率 %s，低于目标 90%%", "accuracy %s, below the 90%% target", pct(f.Accuracy)),
			i18n.F("%d 个问题没有得到期望的结果，见“答错的问题”", "%d question(s) missed their expectation; see missed expectations", f.Expected-f.Met).In(l))
	}
	if f.Questions > 0 && f.HandoffRate > targetHandoff {
		add("warn", i18n.F("转人工率 %s，高于目标 20%%", "handoff rate %s, above the 20%% target", pct(f.HandoffRate)),
			i18n.T("为常被转人工的问题写话术，或检查转人工关键词是否太宽", "write scripts for the questions that go to a human, or check that the handoff words are not too broad").In(l))
	}
	for _, s := range f.Scripts {
		if s.Timed >= followUpMin && s.FollowUpRate >= followUpAlarm {
			add("warn", i18n.F("话术 %s 的追问率 %s（%d/%d）：回复后买家常常还要再问", "script %s has a follow-up rate of %s (%d/%d): buyers often ask again after its reply", s.ID, pct(s.FollowUpRate), s.FollowUps, s.Timed),
				i18n.T("把回复写得更具体：数字、时间、链接", "make the reply more concrete: figures, times, a link").In(l))
		}
	}
	if len(f.Unanswered) > 0 {
		g := f.Unanswered[0]
		add("warn", i18n.F("最大的一组未回答问题（%d 次）：下一条该写的话术", "the biggest group of unanswered questions (%d): the next script to write", g.Count),
			strings.Join(g.Examples, " | "))
	}
	if hits(f) > 0 {
		var never []string
		for _, s := range f.Scripts {
			if s.Hits == 0 {
				never = append(never, s.ID)
			}
		}
		if len(never) > 0 {
			add("warn", i18n.F("%d 条话术一次都没有命中", "%d script(s) never answered", len(never)), strings.Join(never, ", "))
		}
	}
	return out
}
