package lint

import (
	"unicode/utf8"

	"github.com/xm-dev/xm/compile"
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

// DefaultReplyMaxChars is the longest reply that reads in one chat bubble.
const DefaultReplyMaxChars = 300

// ReplyTooLong flags replies too long for a chat bubble.
var ReplyTooLong = &Rule{
	Name:     "reply-too-long",
	Severity: diag.Warning,
	Summary:  i18n.T("回复太长，一个聊天气泡放不下", "a reply too long for a chat bubble"),
	Doc: i18n.T(
		"手机上一个聊天气泡大约显示 300 字，更长的回复会被折叠或让买家划很久，关键信息被淹没。把一条话术拆成几条更具体的话术，或只留最关键的数字和链接。上限在 xm.yaml 的 lint.reply_max_chars 调整。",
		"A chat bubble on a phone shows about 300 characters; a longer reply is folded away or buries its key facts. Split it into more specific scripts, or keep only the key figures and a link. Set the limit with lint.reply_max_chars in xm.yaml."),
	Bad:  "reply: 亲，关于尺码……（一段 500 字的说明）",
	Good: "reply: 亲，M 码适合 100-110 斤，身高 160-165cm，详细尺码表：{{size_chart}}",
	Run:  runReplyTooLong,
}

func runReplyTooLong(p *Pass) {
	limit := DefaultReplyMaxChars
	if m := p.Project.Manifest; m != nil && m.Lint.ReplyMaxChars > 0 {
		limit = m.Lint.ReplyMaxChars
	}
	for _, r := range p.replies() {
		if n := utf8.RuneCountInString(compile.Fill(r.Text, p.Project.Manifest)); n > limit {
			p.Report(r.File, r.Node, r.Path,
				i18n.F("回复有 %d 个字，超过上限 %d", "the reply is %d characters, over the limit of %d", n, limit),
				i18n.T("拆成几条更具体的话术，或精简到关键数字和链接", "split it into more specific scripts, or trim it to the key figures and a link"))
		}
	}
}
