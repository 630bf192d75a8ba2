package lint

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/compile"
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/schema"
)

// VagueReply flags deflections and, for topics that need one, replies
// without a concrete figure.
var VagueReply = &Rule{
	Name:     "vague-reply",
	Severity: diag.Error,
	Summary:  i18n.T("敷衍的回复（请参考详情页、不清楚、请咨询人工客服），或该有数字的话题没有数字", "a deflection (请参考详情页, 不清楚, 请咨询人工客服), or no figure where the topic needs one"),
	Doc: i18n.T(
		"“请参考详情页”“不清楚，请咨询人工客服”等于没回答：卖家指南里，尺码问题用这种回复时买家追问率 60%,70% 的咨询又落回人工；换成“M 码适合 100-110 斤，身高 160-165cm”后追问大幅下降。尺码、发货时间、退款、物流、运费险、保质期、保修这些话题，回复里要有数字、范围或日期。",
		"\"See the product page\" or \"not sure, ask a human\" answers nothing: in the seller's guide such a size reply left 60% of buyers asking again and 70% of questions with human agents, while \"M fits 100-110 jin, 160-165cm\" cut follow-ups sharply. For size, shipping time, refunds, logistics, freight insurance, shelf life and warranty, a reply needs a number, a range or a date."),
	Bad:  "- id: size-m\n  topic: size\n  keywords: [M码]\n  reply: 不清楚，请咨询人工客服",
	Good: "- id: size-m\n  topic: size\n  keywords: [M码]\n  reply: 亲，M 码适合 100-110 斤，身高 160-165cm，尺码表：{{size_chart}}",
	Run:  runVagueReply,
}

// deflections are what sellers write instead of an answer.
var deflections = []string{"请参考详情页", "参考详情页", "详情页有", "看详情页", "详见详情页", "请看详情", "不太清楚", "不清楚", "不知道", "请咨询人工客服", "请咨询客服", "咨询人工客服", "请联系客服", "联系人工客服", "稍后回复", "亲亲稍等", "请稍等"}

func runVagueReply(p *Pass) {
	for _, r := range p.replies() {
		if r.Script == nil {
			continue // handoff and fallback replies are meant to defer
		}
		rendered := compile.Fill(r.Text, p.Project.Manifest)
		if d, i := firstDeflection(r.Text); d != "" {
			rest := strings.ReplaceAll(rendered, d, "")
			if contentRunes(rest) < 12 {
				p.ReportAt(r.File, r.Node, r.Text, i, len(d), r.Path,
					i18n.F("敷衍的回复 %q：买家得不到答案，只会追问或转人工", "%q deflects: the buyer gets no answer and asks again or waits for a human", d),
					i18n.T("直接写出答案，例如尺码写体重和身高范围，发货写小时数", "give the answer itself: weight and height ranges for sizes, hours for shipping"))
				continue
			}
		}
		if t, ok := schema.TopicByID(r.Script.Topic); ok && t.NeedsFigure && !hasFigure(rendered) && !refersToOrder(r.Text) {
			p.Report(r.File, r.Node, r.Path,
				i18n.T(fmt.Sprintf("%s话题的回复没有具体数字、范围或日期", t.Label.ZH), fmt.Sprintf("a %s reply with no number, range or date", t.Label.EN)),
				i18n.T("写出具体数字，例如“付款后 48 小时内发货”“M 码适合 100-110 斤”", "give the figure, e.g. \"ships within 48 hours of payment\", \"M fits 100-110 jin\""))
		}
	}
}

func firstDeflection(s string) (string, int) {
	best, at := "", -1
	for _, d := range deflections {
		if i := strings.Index(s, d); i >= 0 && (at < 0 || i < at || i == at && len(d) > len(best)) {
			best, at = d, i
		}
	}
	return best, at
}

// contentRunes counts letters and digits, ignoring fillers like 亲 and 哦.
func contentRunes(s string) int {
	n := 0
	for _, r := range s {
		if (unicode.IsLetter(r) || unicode.IsDigit(r)) && !strings.ContainsRune("亲哦呢哈呀啊吧的~", r) {
			n++
		}
	}
	return n
}

func refersToOrder(s string) bool {
	refs, _ := bot.ParseRefs(s)
	for _, r := range refs {
		if strings.HasPrefix(r.Name, "order.") {
			return true
		}
	}
	return false
}
