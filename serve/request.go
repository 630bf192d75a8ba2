package serve

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/i18n"
)

// AnswerRequest is one question as POST /v1/answer takes it. Text or Event
// (or both) must be given.
type AnswerRequest struct {
	// Text is what the buyer wrote.
	Text *string `json:"text"`
	// Buyer identifies the conversation; it is echoed back and logged.
	Buyer string `json:"buyer"`
	// Time is when the buyer asked: RFC 3339, YYYY-MM-DDTHH:MM or HH:MM
	// (today) in the shop's timezone; empty is the server's clock.
	Time string `json:"time"`
	// Event is an order event that came with (or instead of) the text.
	Event string `json:"event"`
	// Order holds the order's fields for the reply ({{order.item}}):
	// strings, numbers or booleans.
	Order map[string]any `json:"order"`
}

// BatchRequest is what POST /v1/answer:batch takes.
type BatchRequest struct {
	Questions []AnswerRequest `json:"questions"`
}

// query is a decoded, checked question.
type query struct {
	text  string
	buyer string
	ctx   bot.Context
	order bot.Order
}

// APIError is the body of every 4xx and 5xx reply, under "error".
type APIError struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	MessageZH string `json:"message_zh"`
}

func apiErr(code string, t i18n.Text) *APIError {
	return &APIError{Code: code, Message: t.In(i18n.EN), MessageZH: t.In(i18n.ZH)}
}

// decodeJSON reads one JSON value from data into v: no unknown fields, no
// trailing data. Its errors say what is wrong and where.
func decodeJSON(data []byte, v any, fields string) *APIError {
	if len(bytes.TrimSpace(data)) == 0 {
		return apiErr("empty_body", i18n.T(`请求体是空的；请发送 JSON 对象，例如 {"text": "M码适合多少斤"}。`, `the request body is empty; send a JSON object such as {"text": "M码适合多少斤"}`))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err, fields)
	}
	if _, err := dec.Token(); err != io.EOF {
		return apiErr("bad_json", i18n.F("请求体在第 %d 字节后还有多余内容；一次只发送一个 JSON 对象。", "the request body has more after byte %d; send one JSON object", dec.InputOffset()))
	}
	return nil
}

func jsonError(err error, fields string) *APIError {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return apiErr("bad_json", i18n.F("请求体不是合法的 JSON（第 %d 字节）：%v。", "the request body is not valid JSON (at byte %d): %v", se.Offset, se))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return apiErr("bad_json", i18n.T("请求体的 JSON 不完整（提前结束）。", "the request body's JSON ends too early"))
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			return apiErr("bad_json", i18n.F("请求体应是 JSON 对象，而不是 %s。", "the request body must be a JSON object, not %s", te.Value))
		}
		return apiErr("bad_field", i18n.F("字段 %q 的类型不对：应为 %s，收到 %s。", "field %q has the wrong type: want %s, got %s", field, jsonType(te.Type.String()), te.Value))
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return apiErr("unknown_field", i18n.F("未知字段 %s；可用字段：%s。", "unknown field %s; the fields are: %s", name, fields))
	}
	return apiErr("bad_json", i18n.F("请求体无法解析：%s。", "the request body cannot be read: %s", msg))
}

func jsonType(goType string) string {
	switch {
	case goType == "string" || goType == "*string":
		return "string"
	case strings.HasPrefix(goType, "map["):
		return "object"
	case strings.HasPrefix(goType, "[]"):
		return "array"
	}
	return goType
}

// check turns a decoded request into a query, reading times in loc and
// taking now for a question with no time. where prefixes field names in
// messages (questions[3].).
func (r *AnswerRequest) check(where string, loc *time.Location, now time.Time) (query, *APIError) {
	q := query{buyer: r.Buyer, ctx: bot.Context{Now: now, Event: r.Event}}
	if r.Text == nil && r.Event == "" {
		return q, apiErr("missing_field", i18n.F("缺少字段 %stext（或 %sevent）：要回答的问题是什么？", "missing field %stext (or %sevent): what is the question?", where, where))
	}
	if r.Text != nil {
		q.text = *r.Text
	}
	if r.Time != "" {
		t, ok := parseTime(r.Time, loc, now)
		if !ok {
			return q, apiErr("bad_field", i18n.F("字段 %stime 的值 %q 无法识别；写成 2026-11-25T21:00:00+08:00、2026-11-25T21:00 或 21:00。", "field %stime %q is not a time; write 2026-11-25T21:00:00+08:00, 2026-11-25T21:00 or 21:00", where, r.Time))
		}
		q.ctx.Now = t
	}
	if len(r.Order) > 0 {
		q.order = make(bot.Order, len(r.Order))
		for k, v := range r.Order {
			switch x := v.(type) {
			case string:
				q.order[k] = x
			case json.Number:
				q.order[k] = x.String()
			case bool:
				q.order[k] = strconv.FormatBool(x)
			case nil:
			default:
				return q, apiErr("bad_field", i18n.F("字段 %sorder.%s 应是字符串、数字或布尔值。", "field %sorder.%s must be a string, a number or a boolean", where, k))
			}
		}
	}
	return q, nil
}

// parseTime reads RFC 3339, a local date and time, or a clock time today,
// in loc.
func parseTime(s string, loc *time.Location, now time.Time) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	if len(s) == 5 && s[2] == ':' {
		if t, err := time.ParseInLocation("15:04", s, loc); err == nil {
			n := now.In(loc)
			return time.Date(n.Year(), n.Month(), n.Day(), t.Hour(), t.Minute(), 0, 0, loc), true
		}
	}
	return time.Time{}, false
}

// decodeAnswer reads POST /v1/answer's body.
func decodeAnswer(data []byte, loc *time.Location, now time.Time) (query, *APIError) {
	var r AnswerRequest
	if e := decodeJSON(data, &r, "text, buyer, time, event, order"); e != nil {
		return query{}, e
	}
	return r.check("", loc, now)
}

// decodeBatch reads POST /v1/answer:batch's body.
func decodeBatch(data []byte, loc *time.Location, now time.Time) ([]query, *APIError) {
	var r BatchRequest
	if e := decodeJSON(data, &r, "questions (each with text, buyer, time, event, order)"); e != nil {
		return nil, e
	}
	if r.Questions == nil {
		return nil, apiErr("missing_field", i18n.T(`缺少字段 questions：应是问题的数组，例如 {"questions": [{"text": "M码多大"}]}。`, `missing field questions: an array of questions, such as {"questions": [{"text": "M码多大"}]}`))
	}
	if len(r.Questions) > MaxBatch {
		return nil, apiErr("too_many", i18n.F("一次最多 %d 个问题，收到 %d 个；请分批发送。", "at most %d questions a request, got %d; split the batch", MaxBatch, len(r.Questions)))
	}
	qs := make([]query, len(r.Questions))
	for i := range r.Questions {
		q, e := r.Questions[i].check(fmt.Sprintf("questions[%d].", i), loc, now)
		if e != nil {
			return nil, e
		}
		qs[i] = q
	}
	return qs, nil
}
