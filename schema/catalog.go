package schema

import "github.com/xm-dev/xm/i18n"

// Topic is a kind of buyer question a script answers.
type Topic struct {
	ID    string
	Label i18n.Text
	// NeedsFigure marks topics whose replies must carry a number, range or
	// date to be useful (a size reply without a weight range is a deflection).
	NeedsFigure bool
}

// Topics lists every topic in the order the schema enumerates them.
var Topics = []Topic{
	{"size", i18n.T("尺码", "size"), true},
	{"stock", i18n.T("库存", "stock"), false},
	{"discount", i18n.T("优惠", "discount"), false},
	{"logistics", i18n.T("物流", "logistics"), true},
	{"shipping-time", i18n.T("发货时间", "shipping time"), true},
	{"address-change", i18n.T("改地址", "address change"), false},
	{"refund", i18n.T("退款", "refund"), true},
	{"return-policy", i18n.T("退换货", "return policy"), false},
	{"freight-insurance", i18n.T("运费险", "freight insurance"), true},
	{"invoice", i18n.T("发票", "invoice"), false},
	{"warranty", i18n.T("保修", "warranty"), true},
	{"installation", i18n.T("安装", "installation"), false},
	{"material", i18n.T("材质", "material"), false},
	{"shelf-life", i18n.T("保质期", "shelf life"), true},
	{"authenticity", i18n.T("正品", "authenticity"), false},
	{"membership", i18n.T("会员", "membership"), false},
	{"customization", i18n.T("定制", "customization"), false},
	{"dispute", i18n.T("纠纷", "dispute"), false},
	{"greeting", i18n.T("问候", "greeting"), false},
	{"other", i18n.T("其他", "other"), false},
}

// TopicByID finds a topic; ok is false for an unknown id.
func TopicByID(id string) (Topic, bool) {
	for _, t := range Topics {
		if t.ID == id {
			return t, true
		}
	}
	return Topic{}, false
}

// Category is a kind of shop and the topics a shop of that kind must cover,
// from the seller's guide: pre-sale (size, stock, discounts), in-sale
// (logistics, address changes) and after-sale (refunds, returns, freight
// insurance) for everyone, plus what the category's buyers ask most.
type Category struct {
	ID     string
	Label  i18n.Text
	Topics []string
}

var commonTopics = []string{"stock", "discount", "shipping-time", "logistics", "address-change", "refund", "return-policy", "freight-insurance"}

func withCommon(extra ...string) []string {
	return append(append([]string(nil), commonTopics...), extra...)
}

// Categories lists the shop categories in the schema's order.
var Categories = []Category{
	{"apparel", i18n.T("服装", "apparel"), withCommon("size", "material")},
	{"shoes", i18n.T("鞋靴", "shoes"), withCommon("size", "material")},
	{"food", i18n.T("食品", "food"), withCommon("shelf-life")},
	{"appliances", i18n.T("家电", "appliances"), withCommon("warranty", "installation", "invoice")},
	{"electronics", i18n.T("数码", "electronics"), withCommon("warranty", "authenticity", "invoice")},
	{"beauty", i18n.T("美妆", "beauty"), withCommon("authenticity", "shelf-life")},
	{"general", i18n.T("综合", "general"), withCommon()},
}

// CategoryByID finds a category; ok is false for an unknown id.
func CategoryByID(id string) (Category, bool) {
	for _, c := range Categories {
		if c.ID == id {
			return c, true
		}
	}
	return Category{}, false
}

// Event is an order or refund event a trigger can fire on.
type Event struct {
	ID    string
	Label i18n.Text
}

// Events lists the events the serving platform delivers.
var Events = []Event{
	{"order.created", i18n.T("已下单未付款", "order placed, not paid")},
	{"order.paid", i18n.T("已付款", "order paid")},
	{"order.shipped", i18n.T("已发货", "order shipped")},
	{"order.delivered", i18n.T("已签收（快递送达）", "order delivered")},
	{"order.received", i18n.T("买家确认收货", "buyer confirmed receipt")},
	{"order.cancelled", i18n.T("订单取消", "order cancelled")},
	{"refund.requested", i18n.T("买家申请退款", "refund requested")},
	{"refund.approved", i18n.T("退款成功", "refund approved")},
	{"refund.rejected", i18n.T("退款被拒", "refund rejected")},
	{"return.requested", i18n.T("买家申请退货", "return requested")},
	{"return.received", i18n.T("退货已签收", "returned parcel received")},
}

// EventByID finds an event; ok is false for an unknown id.
func EventByID(id string) (Event, bool) {
	for _, e := range Events {
		if e.ID == id {
			return e, true
		}
	}
	return Event{}, false
}

// OrderFields are the {{order.*}} names the serving platform fills in from
// the order a conversation is about.
var OrderFields = []string{"order.id", "order.item", "order.amount", "order.tracking_no", "order.carrier", "order.eta", "order.status", "order.buyer"}

// Builtins are the other names every reply may use.
var Builtins = []string{"shop.name", "today", "now"}
