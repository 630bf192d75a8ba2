package mine

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/xm-dev/xm/i18n"
)

func pct(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }

// WriteText prints the report for a seller.
func WriteText(w io.Writer, r *Report, l i18n.Lang) error {
	T := func(zh, en string) string { return i18n.T(zh, en).In(l) }
	var b strings.Builder
	fmt.Fprintf(&b, T("读了 %d 条买家消息：兜底 %d，险胜/平局 %d，低置信度 %d；闲聊 %d、转人工 %d 不收集\n", "read %d buyer messages: %d fallbacks, %d close calls, %d low-confidence; %d small talk and %d to a human not collected\n"),
		r.Messages, r.Fallbacks, r.CloseCalls, r.LowConfidence, r.Smalltalk, r.ToHuman)
	if r.Malformed > 0 {
		fmt.Fprintf(&b, T("%d 行格式不对，已跳过（xm simulate 会逐行指出）\n", "%d malformed line(s) skipped (xm simulate names each)\n"), r.Malformed)
	}
	if len(r.Learned) > 0 {
		b.WriteString(T("从有把握的回答里学到的词（作为关键词加到话术）：", "words learned from confident answers (as keywords of a script):") + "\n")
		for _, x := range r.Learned {
			fmt.Fprintf(&b, T("    %s → %s：有把握的回答 %d 条（%s 是它），收集到的消息 %d 条", "    %s → %s: %d confident answers (%s its), %d collected messages"), x.Word, x.Script, x.Confident, pct(x.Share), x.Collected)
			if x.Pattern != "" {
				fmt.Fprintf(&b, T("，作为关键词太宽，放进模式 %s", ", too broad as a keyword: in the pattern %s"), x.Pattern)
			}
			if x.Into != "" {
				fmt.Fprintf(&b, T("，写成扩展在 %s", ", as an extension in %s"), x.Into)
			}
			b.WriteString("\n")
			if x.Status == "ok" {
				fmt.Fprintf(&b, T("      已检查：xm lint 通过；多回答 %d 条收集到的消息", "      checked: lint clean; answers %d more collected messages"), x.Routed)
				if x.Applied {
					b.WriteString(T(" [已写入]", " [applied]"))
				}
				b.WriteString("\n")
			} else {
				fmt.Fprintf(&b, T("      跳过：%s\n", "      skipped: %s\n"), x.Why.In(l))
			}
		}
	}
	fmt.Fprintf(&b, T("%d 组（聚类了 %d 种说法，%d 条消息未列出）\n", "%d clusters (of %d phrasings clustered; %d messages not listed)\n"), len(r.Clusters), r.Phrasings, r.Unclustered)
	for _, c := range r.Clusters {
		fmt.Fprintf(&b, "\n#%d  %s", c.Rank, fmt.Sprintf(T("%d 位买家，%d 条消息", "%d buyers, %d messages"), c.Buyers, c.Messages))
		var why []string
		for _, x := range []struct {
			n      int
			zh, en string
		}{{c.Fallbacks, "兜底", "fallback"}, {c.CloseCalls, "险胜/平局", "close call"}, {c.LowConfidence, "低置信度", "low confidence"}} {
			if x.n > 0 {
				why = append(why, fmt.Sprintf("%s %d", T(x.zh, x.en), x.n))
			}
		}
		fmt.Fprintf(&b, " (%s)", strings.Join(why, ", "))
		if len(c.Terms) > 0 {
			var ts []string
			for _, t := range c.Terms {
				ts = append(ts, t.Term+" "+pct(t.Share))
			}
			fmt.Fprintf(&b, "  %s %s", T("共同词", "terms"), strings.Join(ts, ", "))
		}
		b.WriteString("\n")
		for _, s := range c.Samples {
			fmt.Fprintf(&b, "    %4d  %s\n", s.Count, s.Text)
		}
		writeSuggestion(&b, &c.Suggestion, T)
	}
	if len(r.FollowUps) > 0 {
		b.WriteString("\n" + T("买家回复后常再追问的话术（回复可能没解决问题）：", "scripts buyers often write again after (the reply may not answer):") + "\n")
		for _, f := range r.FollowUps {
			fmt.Fprintf(&b, "    %-20s %s  (%d/%d)\n", f.Script, pct(f.Rate), f.Count, f.Timed)
		}
	}
	if r.DraftsSkipped {
		b.WriteString("\n" + T("没有写新话术草稿：项目的 include 会加载 "+DraftsFile+"，草稿的空回复会让 xm lint 报错；请按上面的建议手动添加", "new-script drafts not written: the project's include would load "+DraftsFile+" and lint would fail on their empty replies; add them by hand from the suggestions above") + "\n")
	}
	if len(r.Written) > 0 {
		b.WriteString("\n" + T("已写入：", "wrote:") + " " + strings.Join(r.Written, ", ") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeSuggestion(b *strings.Builder, s *Suggestion, T func(zh, en string) string) {
	switch s.Kind {
	case "attach":
		fmt.Fprintf(b, "    → %s %s (%s:%d)", T("加到话术", "attach to"), s.Script, s.File, s.Line)
		if s.Into != "" {
			fmt.Fprintf(b, T("，写成扩展（extends）在 %s", ", as an extension (extends) in %s"), s.Into)
		}
		fmt.Fprintf(b, T("：%d/%d 条倾向它", ": %d of %d asked lean to it"), s.Votes, s.Asked)
		if s.RunnerUp != "" {
			fmt.Fprintf(b, T("，次选 %s，领先 %s", ", runner-up %s, margin %s"), s.RunnerUp, pct(s.Margin))
		}
		b.WriteString("\n")
		if len(s.Keywords) > 0 {
			fmt.Fprintf(b, "      + keywords: %s\n", strings.Join(s.Keywords, ", "))
		}
		if len(s.Patterns) > 0 {
			fmt.Fprintf(b, "      + patterns: %s\n", strings.Join(s.Patterns, ", "))
		}
		if len(s.Examples) > 0 {
			fmt.Fprintf(b, "      + examples: %s\n", strings.Join(s.Examples, " / "))
		}
		switch {
		case s.Status == "ok":
			fmt.Fprintf(b, T("      已检查：xm lint 通过；改后 %d/%d 条由它回答（原来 %d）", "      checked: lint clean; answers %d of %d (was %d)"), s.Routed, s.Asked, s.Before)
			if s.Applied {
				b.WriteString(T(" [已写入]", " [applied]"))
			}
			b.WriteString("\n")
			if !s.Why.IsZero() {
				fmt.Fprintf(b, "      %s: %s\n", T("注意", "note"), s.Why.In(langOf(T)))
			}
		default:
			fmt.Fprintf(b, "      %s: %s\n", T("跳过", "skipped"), s.Why.In(langOf(T)))
		}
	case "new":
		fmt.Fprintf(b, "    → %s %s (%s %s)\n", T("新话术", "new script"), s.Script, T("话题", "topic"), s.Topic)
		if len(s.Examples) > 0 {
			fmt.Fprintf(b, "      + examples: %s\n", strings.Join(s.Examples, " / "))
		}
		fmt.Fprintf(b, "      %s\n", T("回复留给你写（草稿在 "+DraftsFile+"，xm lint 会提示未填的回复）", "the reply is yours to write (draft in "+DraftsFile+"; xm lint flags the unfilled reply)"))
	default:
		fmt.Fprintf(b, "    → %s\n", s.Why.In(langOf(T)))
	}
}

func langOf(T func(zh, en string) string) i18n.Lang {
	if T("zh", "en") == "zh" {
		return i18n.ZH
	}
	return i18n.EN
}

// WriteJSON writes the report as one JSON document, the reasons for
// skipped suggestions in language l.
func WriteJSON(w io.Writer, r *Report, l i18n.Lang) error {
	for i := range r.Clusters {
		s := &r.Clusters[i].Suggestion
		s.WhyText = s.Why.In(l)
	}
	for i := range r.Learned {
		r.Learned[i].WhyText = r.Learned[i].Why.In(l)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

var page = template.Must(template.New("mine").Funcs(template.FuncMap{"pct": pct, "join": strings.Join, "width": func(int) int { return 0 }, "why": func(Suggestion) string { return "" }, "whyLearned": func(Learned) string { return "" }}).Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} — {{.Shop}}</title>
<style>
body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.3rem}
.kpis{display:flex;gap:1rem;flex-wrap:wrap}.kpi{background:#f5f7fa;border-radius:.5rem;padding:.8rem 1.2rem;min-width:9rem}
.kpi b{display:block;font-size:1.6rem}.ok{color:#1a7f37}.skip{color:#9a6700}.new{color:#8250df}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.35rem .5rem;text-align:left;vertical-align:top}
.bar{display:inline-block;height:.7rem;background:#4c8bf5;vertical-align:middle}
td:nth-child(4){width:38%}
</style>
</head>
<body>
<h1>{{.Title}} — {{.Shop}}</h1>
<div class="kpis">
<div class="kpi">{{index .L "messages"}}<b>{{.R.Messages}}</b></div>
<div class="kpi">{{index .L "fallbacks"}}<b>{{.R.Fallbacks}}</b></div>
<div class="kpi">{{index .L "close"}}<b>{{.R.CloseCalls}}</b></div>
<div class="kpi">{{index .L "low"}}<b>{{.R.LowConfidence}}</b></div>
<div class="kpi">{{index .L "clusters"}}<b>{{len .R.Clusters}}</b></div>
</div>
{{if .R.Learned}}<h2>{{index .L "learned"}}</h2>
<table><tr><th>{{index .L "word"}}</th><th>{{index .L "script"}}</th><th>{{index .L "evidence"}}</th><th>{{index .L "suggestion"}}</th></tr>
{{range .R.Learned}}<tr><td>{{.Word}}</td><td>{{.Script}}{{if .Pattern}}<br><small>{{.Pattern}}</small>{{end}}{{if .Into}}<br><small>→ {{.Into}} (extends)</small>{{end}}</td><td>{{.Confident}} · {{pct .Share}} · {{.Collected}}</td>
<td>{{if eq .Status "ok"}}<span class="ok">✓ {{index $.L "checked"}} +{{.Routed}}{{if .Applied}} · {{index $.L "applied"}}{{end}}</span>{{else}}<span class="skip">{{index $.L "skipped"}}: {{whyLearned .}}</span>{{end}}</td></tr>
{{end}}</table>{{end}}
<h2>{{index .L "clusters"}}</h2>
<table><tr><th>#</th><th>{{index .L "buyers"}}</th><th>{{index .L "samples"}}</th><th>{{index .L "suggestion"}}</th></tr>
{{range .R.Clusters}}<tr><td>{{.Rank}}</td><td><span class="bar" style="width:{{width .Buyers}}px"></span> {{.Buyers}}<br><small>{{.Messages}} {{index $.L "msgs"}}</small>{{if .Terms}}<br><small>{{range .Terms}}{{.Term}} {{pct .Share}} {{end}}</small>{{end}}</td>
<td>{{range .Samples}}{{.Count}} × {{.Text}}<br>{{end}}</td>
<td>{{with .Suggestion}}{{if eq .Kind "attach"}}<b>{{index $.L "attach"}} {{.Script}}</b> <small>{{.File}}:{{.Line}}{{if .Into}} → {{.Into}} (extends){{end}}</small><br>{{.Votes}}/{{.Asked}}{{if .RunnerUp}} · {{index $.L "runner"}} {{.RunnerUp}} · {{index $.L "margin"}} {{pct .Margin}}{{end}}
{{if .Keywords}}<br>+ keywords: {{join .Keywords ", "}}{{end}}{{if .Patterns}}<br>+ patterns: {{join .Patterns ", "}}{{end}}{{if .Examples}}<br>+ examples: {{join .Examples " / "}}{{end}}
<br>{{if eq .Status "ok"}}<span class="ok">✓ {{index $.L "checked"}} {{.Routed}}/{{.Asked}} ({{.Before}}){{if .Applied}} · {{index $.L "applied"}}{{end}}</span>{{else}}<span class="skip">{{index $.L "skipped"}}: {{why .}}</span>{{end}}
{{else if eq .Kind "new"}}<b class="new">{{index $.L "new"}} {{.Script}}</b> ({{.Topic}}){{if .Examples}}<br>+ examples: {{join .Examples " / "}}{{end}}<br><small>{{index $.L "reply"}}</small>
{{else}}<span class="skip">{{why .}}</span>{{end}}{{end}}</td></tr>
{{end}}</table>
{{if .R.FollowUps}}<h2>{{index .L "followups"}}</h2>
<table>{{range .R.FollowUps}}<tr><td>{{.Script}}</td><td>{{.Topic}}</td><td>{{pct .Rate}}</td><td>{{.Count}}/{{.Timed}}</td></tr>{{end}}</table>{{end}}
</body>
</html>
`))

// WriteHTML writes one self-contained review page (no scripts, no
// network); every buyer text goes through html/template's escaping.
func WriteHTML(w io.Writer, shop string, r *Report, l i18n.Lang) error {
	T := func(zh, en string) string { return i18n.T(zh, en).In(l) }
	most := 1
	for _, c := range r.Clusters {
		most = max(most, c.Buyers)
	}
	t, err := page.Clone()
	if err != nil {
		return err
	}
	t.Funcs(template.FuncMap{
		"width":      func(n int) int { return 1 + 120*n/most },
		"why":        func(s Suggestion) string { return s.Why.In(l) },
		"whyLearned": func(x Learned) string { return x.Why.In(l) },
	})
	return t.Execute(w, map[string]any{
		"Lang": l.String(), "Title": T("待处理的买家问题", "Buyer questions to review"), "Shop": shop, "R": r,
		"L": map[string]string{
			"messages": T("消息", "messages"), "fallbacks": T("兜底", "fallbacks"), "close": T("险胜/平局", "close calls"),
			"low": T("低置信度", "low confidence"), "clusters": T("问题分组", "clusters"), "buyers": T("买家", "buyers"),
			"msgs": T("条消息", "messages"), "samples": T("代表消息", "representative messages"), "suggestion": T("建议", "suggestion"),
			"attach": T("加到", "attach to"), "runner": T("次选", "runner-up"), "margin": T("领先", "margin"),
			"checked": T("已检查", "checked"), "applied": T("已写入", "applied"), "skipped": T("跳过", "skipped"),
			"new": T("新话术", "new script"), "reply": T("回复留给你写", "the reply is yours to write"),
			"followups": T("常被追问的话术", "scripts buyers write again after"),
			"learned":   T("从有把握的回答里学到的词", "words learned from confident answers"), "word": T("词", "word"), "script": T("话术", "script"),
			"evidence": T("有把握的回答 · 属于它 · 收集到的消息", "confident answers · the script's share · collected messages"),
		},
	})
}
