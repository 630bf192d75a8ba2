package lint

import (
	"slices"
	"strings"

	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

// PlatformPolicy flags lines that break platform rules or the advertising law.
var PlatformPolicy = &Rule{
	Name:     "platform-policy",
	Severity: diag.Error,
	Summary:  i18n.T("违反平台规则：好评返现、引导站外联系、广告法禁用的绝对化用语", "breaks platform rules: paying for reviews, sending buyers off-platform, absolute claims the advertising law forbids"),
	Doc: i18n.T(
		"平台禁止用返现、红包换好评或晒图（“好评返现”“晒图返 5 元”），禁止把买家引到微信、QQ 或私下电话交易；《广告法》禁止“最好的”“最低价”“全网第一”“国家级”“100% 有效”这类绝对化用语。违规会被扣分、降权甚至处罚，机器人自动发出的话同样算数。",
		"Platforms forbid buying reviews or photos with cash back or red packets (好评返现, 晒图返 5 元) and sending buyers to WeChat, QQ or a phone number to deal off-platform; China's advertising law forbids absolute claims such as 最好的, 最低价, 全网第一, 国家级 and 100% 有效. Breaches cost points, ranking and fines, and a bot's message counts like a person's."),
	Bad:  "reply: 亲，收到后晒图好评返 5 元红包，加微信 xiaolu888 领取~",
	Good: "reply: 亲，收到后有任何问题随时联系我们，满意的话欢迎分享穿搭~",
	Run:  runPlatformPolicy,
}

type policyTerm struct {
	word string
	kind int // 0 review inducement, 1 off-platform, 2 absolute claim
}

var policyTerms = []policyTerm{
	{"好评返现", 0}, {"好评返", 0}, {"晒图返", 0}, {"五星好评送", 0}, {"好评送", 0}, {"好评有礼", 0}, {"追评返", 0}, {"返现", 0}, {"给好评", 0}, {"五星好评", 0},
	{"微信", 1}, {"加微", 1}, {"薇信", 1}, {"V信", 1}, {"vx", 1}, {"VX", 1}, {"加V", 1}, {"加v", 1}, {"QQ", 1}, {"qq", 1}, {"扣扣", 1}, {"私聊", 1}, {"线下交易", 1}, {"私下交易", 1}, {"支付宝转账", 1},
	{"最好的", 2}, {"最佳", 2}, {"最低价", 2}, {"最便宜", 2}, {"全网最", 2}, {"史上最", 2}, {"全网第一", 2}, {"销量第一", 2}, {"排名第一", 2}, {"第一品牌", 2}, {"国家级", 2}, {"顶级", 2}, {"极品", 2}, {"100%有效", 2}, {"100% 有效", 2}, {"百分百有效", 2}, {"绝对有效", 2}, {"万能", 2},
}

var policyMsgs = [3][2]i18n.Text{
	{i18n.T("诱导好评 %q：平台禁止用返现、红包换好评", "review inducement %q: platforms forbid paying for reviews"),
		i18n.T("删掉返现或奖励，只邀请买家自愿评价", "drop the reward; invite reviews without one")},
	{i18n.T("引导站外联系 %q：平台禁止把买家引到站外", "off-platform contact %q: platforms forbid sending buyers elsewhere"),
		i18n.T("所有沟通和交易都留在平台内", "keep every conversation and payment on the platform")},
	{i18n.T("绝对化用语 %q：《广告法》禁止", "absolute claim %q: forbidden by the advertising law"),
		i18n.T("换成可证实的具体描述，例如材质、销量数字", "use a specific, verifiable description instead, such as the material or a sales figure")},
}

// policyAllowed are ordinary phrases that contain a policy term: a food's
// 最佳赏味期 is its best-before period, not a claim to be the best.
var policyAllowed = []string{"最佳赏味期", "最佳食用期", "最佳饮用期", "最佳赏味", "最佳食用", "最佳饮用"}

// Every breach in a reply is reported, not only the first: a reply with
// 好评返现 and 加微信 has two things to fix.
func runPlatformPolicy(p *Pass) {
	type hit struct{ at, n, kind int }
	for _, r := range p.replies() {
		text := r.Text
		for _, a := range policyAllowed {
			text = strings.ReplaceAll(text, a, strings.Repeat(" ", len(a)))
		}
		var hits []hit
		for _, t := range policyTerms {
			for from := 0; ; {
				i := strings.Index(text[from:], t.word)
				if i < 0 {
					break
				}
				hits = append(hits, hit{from + i, len(t.word), t.kind})
				from += i + len(t.word)
			}
		}
		review := false
		for _, h := range hits {
			review = review || h.kind == 0
		}
		// 晒图评价 … 返 5 元红包: a review and a reward in one reply.
		if !review {
			if i := indexAny(text, "好评", "晒图", "评价", "五星"); i >= 0 && indexAny(text, "返", "红包", "有礼", "送") >= 0 {
				hits = append(hits, hit{i, -len("好评"), 0})
			}
		}
		if i, n := phoneNumber(text); i >= 0 {
			hits = append(hits, hit{i, n, 1})
		}
		// In order, the longest first where they start together; hits that
		// overlap (加微 and 微信 in 加微信, 返现 in 好评返现) are one breach,
		// reported as the whole span.
		slices.SortStableFunc(hits, func(a, b hit) int {
			if a.at != b.at {
				return a.at - b.at
			}
			return abs(b.n) - abs(a.n)
		})
		var spans []hit
		for _, h := range hits {
			if k := len(spans) - 1; k >= 0 && h.at < spans[k].at+abs(spans[k].n) {
				if e := h.at + abs(h.n); e > spans[k].at+abs(spans[k].n) && spans[k].n > 0 {
					spans[k].n = e - spans[k].at
				}
				continue
			}
			spans = append(spans, h)
		}
		for _, h := range spans {
			n, word := abs(h.n), r.Text[h.at:h.at+abs(h.n)]
			if h.n < 0 {
				word = "评价 + 奖励"
			}
			m := policyMsgs[h.kind]
			p.ReportAt(r.File, r.Node, r.Text, h.at, n, r.Path, i18n.F(m[0].ZH, m[0].EN, word), m[1])
		}
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func indexAny(s string, words ...string) int {
	at := -1
	for _, w := range words {
		if i := strings.Index(s, w); i >= 0 && (at < 0 || i < at) {
			at = i
		}
	}
	return at
}

// phoneNumber finds a mainland mobile number (11 digits starting 1[3-9]).
func phoneNumber(s string) (int, int) {
	for i := 0; i+11 <= len(s); i++ {
		if s[i] != '1' || s[i+1] < '3' || s[i+1] > '9' || i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
			continue
		}
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j-i == 11 {
			return i, 11
		}
	}
	return -1, 0
}
