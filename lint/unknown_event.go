package lint

import (
	"strings"

	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/internal/suggest"
	"github.com/xm-dev/xm/schema"
)

// UnknownEvent flags triggers on events the platform never sends.
var UnknownEvent = &Rule{
	Name:     "unknown-event",
	Severity: diag.Error,
	Summary:  i18n.T("触发器的订单事件不存在", "a trigger on an order event that does not exist"),
	Doc: i18n.T(
		"订单事件只能是平台会发送的那些：order.created、order.paid、order.shipped、order.delivered、order.received、order.cancelled、refund.requested、refund.approved、refund.rejected、return.requested、return.received。拼错的事件（order.ship）永远不会触发，发货提醒就不会发出去。",
		"Only the events the platform sends can fire a trigger: order.created, order.paid, order.shipped, order.delivered, order.received, order.cancelled, refund.requested, refund.approved, refund.rejected, return.requested, return.received. A misspelt event (order.ship) never fires, and the shipping notice is never sent."),
	Bad:  "- id: shipped\n  on: order.ship",
	Good: "- id: shipped\n  on: order.shipped",
	Run:  runUnknownEvent,
}

func runUnknownEvent(p *Pass) {
	var ids []string
	for _, e := range schema.Events {
		ids = append(ids, e.ID)
	}
	for _, t := range p.Project.Triggers {
		if t.On == "" {
			continue
		}
		if _, ok := schema.EventByID(t.On); ok {
			continue
		}
		hint := i18n.F("可用的事件：%s", "events: %s", strings.Join(ids, ", "))
		if s := suggest.Nearest(t.On, ids); s != "" {
			hint = i18n.F("是不是想写 %s?", "did you mean %s?", s)
		}
		p.Report(t.File, t.Field("on"), t.Path("on"), i18n.F("没有 %q 这个订单事件", "there is no order event %q", t.On), hint)
	}
}
