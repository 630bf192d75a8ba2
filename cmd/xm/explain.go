package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/internal/report"
	"github.com/xm-dev/xm/internal/suggest"
	"github.com/xm-dev/xm/internal/termsafe"
	"github.com/xm-dev/xm/schema"
	"github.com/xm-dev/xm/serve"
)

func newExplainCmd(e *env) *cobra.Command {
	var bundle, at, event, format string
	var orderKV []string
	cmd := &cobra.Command{
		Use:   `explain "QUESTION" [PATH]`,
		Short: "Trace how one question is answered / 追踪一个问题的匹配过程",
		Long: `Show how the bot answers one buyer question: the normalised text, every
keyword hit and where, each script it touched with its ranking keys or why
it was dropped (a require word missing, an exclude word present, out of its
dates), similar example questions, the winner, the rendered reply, the
entities found and the notices that fire.`,
		Example: `  xm explain "請問Ｍ碼適合多少斤"
  xm explain "什么时候发货" --at 21:00
  xm explain "" --event order.shipped --order item=连衣裙 --order tracking_no=SF123
  xm explain "M码多大" --bundle dist/shop.xmb --format json`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, "text", "json"); err != nil {
				return err
			}
			if err := checkEvent(event); err != nil {
				return err
			}
			project := ""
			if len(args) > 1 {
				project = args[1]
			}
			b, _, err := e.bundleFor(bundle, project, nil)
			if err != nil {
				return err
			}
			ctx := bot.Context{Event: event}
			if ctx.Now, err = e.clock(b, at); err != nil {
				return err
			}
			order := bot.Order{}
			for _, kv := range orderKV {
				k, v, ok := strings.Cut(kv, "=")
				if !ok {
					return usageErr(i18n.F("--order %q 应写成 字段=值", "--order %q must be field=value", kv), i18n.T("例如 --order item=连衣裙", "e.g. --order item=dress"))
				}
				order[strings.TrimPrefix(k, "order.")] = v
			}
			tr := b.Explain(args[0], ctx, order)
			if format == "json" {
				enc := json.NewEncoder(e.stdout)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				return enc.Encode(serve.Explain(tr, b))
			}
			writeTrace(termsafe.Writer{W: e.stdout}, tr, b, e.lang)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&bundle, "bundle", "", "answer from a compiled bundle instead of the project")
	f.StringVar(&at, "at", "", "the time the question is asked: HH:MM today, or a date and time such as 2026-11-25 21:00 (in the shop's timezone unless it names one)")
	f.StringVar(&event, "event", "", "an order event that arrives with the question, e.g. order.shipped")
	f.StringArrayVar(&orderKV, "order", nil, "an order field for the reply, field=value (repeatable)")
	f.StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func writeTrace(w io.Writer, tr *bot.Trace, b *bot.Bundle, l i18n.Lang) {
	T := func(zh, en string) string { return i18n.T(zh, en).In(l) }
	fmt.Fprintf(w, "%s %s\n", report.Pad(T("问题", "question"), 12), tr.Question)
	fmt.Fprintf(w, "%s %s\n", report.Pad(T("归一化", "normalised"), 12), tr.Normalized)
	fmt.Fprintf(w, "%s\n", T("命中关键词：", "keyword hits:"))
	if len(tr.Hits) == 0 {
		fmt.Fprintf(w, "  %s\n", T("（无）", "(none)"))
	}
	for _, h := range tr.Hits {
		var owners []string
		for _, o := range h.Owners {
			switch {
			case o.Concept != "":
				owners = append(owners, "~"+o.Concept)
			case o.Pattern != "":
				owners = append(owners, fmt.Sprintf(T("模式 %s %q", "pattern %s %q"), o.Script, o.Pattern))
			case o.Script == "":
				owners = append(owners, roleName(o.Role, l))
			default:
				owners = append(owners, roleName(o.Role, l)+" "+o.Script)
			}
		}
		if len(owners) == 0 {
			// No owner but a pattern: a later term of some pattern.
			owners = append(owners, T("模式中的词", "a pattern term"))
		}
		mark := ""
		switch {
		case h.Shielded:
			mark = T("  （在更长的词里，不算）", "  (inside a longer word: does not count)")
		case h.Negated:
			mark = T("  （被否定）", "  (negated)")
		}
		// Characters, counted from 1 as a seller counts them: Ｍ碼 in
		// 請問Ｍ碼適合多少斤 is characters 3-4.
		at := fmt.Sprintf(T("第 %d-%d 字", "chars %d-%d"), h.Start+1, h.End)
		if h.End == h.Start+1 {
			at = fmt.Sprintf(T("第 %d 字", "char %d"), h.End)
		}
		fmt.Fprintf(w, "  %s %s %q  → %s%s\n", report.Pad(strconv.Quote(h.Keyword), 10), at, h.Text, strings.Join(owners, ", "), mark)
	}
	if len(tr.Candidates) > 0 {
		fmt.Fprintf(w, "%s\n", T("候选话术（按 优先级、证据分、声明顺序 排序；证据分 = 它的关键词和模式各项覆盖的字数（每个字只算一次，问法和时间词不算）+ 最长命中模式的项数）：",
			"candidates (by priority, evidence, declaration order; evidence = the characters its keywords and pattern terms cover, each once, question and time words not counted, + a point a term of its longest matched pattern):"))
		for _, c := range tr.Candidates {
			mark := "  "
			if c.Winner {
				mark = "→ "
			}
			status := ""
			switch c.Dropped {
			case "require":
				status = fmt.Sprintf(T("  ✗ 缺少必需词 %s", "  ✗ missing required %s"), missingWords(c.Missing, T))
			case "exclude":
				status = fmt.Sprintf(T("  ✗ 含排除词 %s", "  ✗ excluded by %s"), strings.Join(c.Excluded, ", "))
			case "dates":
				status = T("  ✗ 不在有效期内", "  ✗ outside its valid dates")
			}
			var ev []string
			for _, k := range c.Keywords {
				ev = append(ev, strconv.Quote(k))
			}
			for _, p := range c.Patterns {
				ev = append(ev, T("模式 ", "pattern ")+strconv.Quote(p))
			}
			fmt.Fprintf(w, "  %s%-18s %s %d  %s %d  %s:%d%s\n", mark, c.Script,
				T("优先级", "priority"), c.Priority, T("证据", "evidence"), c.Score, c.File, c.Line, status)
			if len(ev) > 0 {
				fmt.Fprintf(w, "      %s\n", strings.Join(ev, ", "))
			}
		}
	}
	if len(tr.Similar) > 0 {
		fmt.Fprintf(w, "%s\n", fmt.Sprintf(T("相似的话术（得分 =（整体例句 + 最近两例）÷ 2；需要 %.2f，相同的词对或概念少于 %d 个时 %.2f）：",
			"similar scripts (score = (profile + nearest two) ÷ 2; needs %.2[1]f, or %.2[3]f with fewer than %[2]d pairs or concepts in common):"),
			b.Threshold, bot.SimFewShared, b.SimThreshold(bot.SimFewShared-1)))
		lead := 100 * tr.SimLead
		switch {
		case tr.SimBrief:
			fmt.Fprintf(w, T("  这句话没有问句标记，实义字只有 %d 个（不超过 %d 个）：得分至少 %.2f，领先第二名 %.0f%%\n",
				"  asks nothing and says little (%d content characters, %d at most): needs a score of %.2f at least and a %.0f%% lead over the runner-up\n"),
				tr.SimContent, bot.SimBrief, bot.SimBriefScore, lead)
		case tr.Answer.Question:
			fmt.Fprintf(w, T("  这句话是问句：需要领先第二名 %.0f%%\n", "  a question: needs a %.0f%% lead over the runner-up\n"), lead)
		default:
			fmt.Fprintf(w, T("  这句话没有问句标记：需要领先第二名 %.0f%%\n", "  asks nothing: needs a %.0f%% lead over the runner-up\n"), lead)
		}
		for _, s := range tr.Similar {
			fmt.Fprintf(w, "  %-18s %.2f  %s\n", s.Script, s.Confidence,
				fmt.Sprintf(T("整体 %.2f，最近两例 %.2f，相同 %d 个，需要 %.2f：%s", "profile %.2f, nearest two %.2f, %d in common, needs %.2f: %s"),
					s.Profile, s.Nearest, s.Shared, s.Needs, s.Example))
		}
	}
	how := ""
	a := tr.Answer
	switch {
	case a.Complaint:
		how = T("（投诉或质量问题，转人工）", "(a complaint or defect report: to a human)")
	case a.Outcome == bot.Smalltalk:
		how = T("（寒暄，不是问题）", "(small talk, not a question)")
	case a.Outcome == bot.Reply && a.Similar:
		how = fmt.Sprintf(T("（相似例句，置信度 %.2f，领先第二名 %.0f%%）", "(similar examples, confidence %.2f, %.0f%% ahead of the runner-up)"), a.Confidence, 100*a.Margin)
	case a.Outcome == bot.Reply && a.Pattern >= 0 && a.Keyword < 0:
		how = fmt.Sprintf(T("（模式 %q，证据 %d）", "(pattern %q, evidence %d)"), b.Patterns[a.Pattern].Text, a.Score)
	case a.Outcome == bot.Reply && a.Keyword >= 0:
		how = fmt.Sprintf(T("（关键词 %q，证据 %d）", "(keyword %q, evidence %d)"), b.Pattern(a.Keyword), a.Score)
	}
	if tr.Answer.Outcome == bot.Event {
		if tr.Answer.Trigger >= 0 {
			how = fmt.Sprintf(T("（订单事件，触发器 %s）", "(an order event alone: trigger %s)"), b.Triggers[tr.Answer.Trigger].ID)
		} else {
			how = T("（订单事件，没有触发器处理它：机器人不发消息）", "(an order event alone, and no trigger takes it: the bot sends nothing)")
		}
	}
	if tr.Answer.Outcome == bot.Reply && tr.Answer.HandsOver {
		how += T(" 回复后转人工", " then hands over to a human")
	}
	if how = strings.TrimSpace(how); how != "" && !strings.HasPrefix(how, "（") {
		how = " " + how
	}
	fmt.Fprintf(w, "%s %s%s\n", report.Pad(T("结果", "answer"), 12), tr.Outcome, how)
	fmt.Fprintf(w, "%s %s\n", report.Pad(T("回复", "reply"), 12), tr.Reply)
	if tr.ReplyFrom != "" {
		fmt.Fprintf(w, "%s %s%s\n", report.Pad(T("回复写在", "reply from"), 12), tr.ReplyFrom,
			fmt.Sprintf(T("（extends %s，在这里改）", " (extends %s: edit it there)"), tr.Outcome))
	}
	for _, n := range tr.Notices {
		fmt.Fprintf(w, "%s %s (%s): %s\n", report.Pad(T("附加消息", "notice"), 12), n.Trigger, n.Why, n.Reply)
	}
	if len(tr.Entities) > 0 {
		var es []string
		for _, e := range tr.Entities {
			s := e.Kind + " " + e.Text
			if e.Num > 0 {
				s += fmt.Sprintf("=%d", e.Num)
			}
			es = append(es, s)
		}
		fmt.Fprintf(w, "%s %s\n", report.Pad(T("实体", "entities"), 12), strings.Join(es, ", "))
	}
}

// checkEvent refuses an order event the platform never sends, with the
// nearest real one: a misspelt --event would explain an answer no buyer
// ever gets.
func checkEvent(event string) error {
	if event == "" {
		return nil
	}
	if _, ok := schema.EventByID(event); ok {
		return nil
	}
	var ids []string
	for _, ev := range schema.Events {
		ids = append(ids, ev.ID)
	}
	hint := i18n.F("可用的事件：%s", "events: %s", strings.Join(ids, ", "))
	if s := suggest.Nearest(event, ids); s != "" {
		hint = i18n.F("是不是想写 --event %s?", "did you mean --event %s?", s)
	}
	return usageErr(i18n.F("没有 %q 这个订单事件", "there is no order event %q", event), hint)
}

// roleZH names a hit's role (bot's keyword, require, exclude …) in Chinese.
var roleZH = map[string]string{"keyword": "关键词", "require": "必需词", "exclude": "排除词",
	"handoff": "转人工词", "urgent": "紧急词", "concept": "概念", "pattern": "模式"}

// roleName is a hit's role in the language of the output.
func roleName(role string, l i18n.Lang) string {
	if zh, ok := roleZH[role]; ok {
		return i18n.T(zh, role).In(l)
	}
	return role
}

// missingShown is how many of a candidate's missing require words the text
// trace names: a require group that is a large concept (a question marker
// of any kind) would otherwise fill the screen with its members.
const missingShown = 8

// missingWords lists the first missingShown of words and says how many more
// there are; JSON output keeps them all.
func missingWords(words []string, T func(zh, en string) string) string {
	if len(words) <= missingShown {
		return strings.Join(words, ", ")
	}
	return strings.Join(words[:missingShown], ", ") + fmt.Sprintf(T(" …（还有 %d 个）", " … (%d more)"), len(words)-missingShown)
}
