package lint

import (
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

// GenericKeyword flags keywords that match almost every question.
var GenericKeyword = &Rule{
	Name:     "generic-keyword",
	Severity: diag.Warning,
	Summary:  i18n.T("太笼统的关键词：单个字、问候语和语气词（你好、在吗、亲），或只有标点表情", "a keyword that matches nearly anything: one character, a greeting or filler (你好, 在吗, 亲), or only punctuation and emoji"),
	Doc: i18n.T(
		"关键词出现就会触发话术。单个字（码、货）、问候语和语气词（你好、在吗、亲、请问）几乎每个问题都有，会把别的问题抢走，回答得驴唇不对马嘴。只有标点或表情的关键词归一化后是空的，永远不会命中。用能说明问题的词：M码、中码、穿多大。必需词和排除词（require、exclude）用单字没有问题。",
		"A keyword's presence triggers its script. One character (码, 货), greetings and fillers (你好, 在吗, 亲, 请问) appear in nearly every question and steal it from the script that should answer. A keyword of only punctuation or emoji is empty once normalised and never matches. Use words that say what the question is: M码, 中码, 穿多大. One character is fine in require and exclude."),
	Bad:  "keywords: [码, 你好, 在吗]",
	Good: "keywords: [M码, 中码, 穿多大]",
	Run:  runGenericKeyword,
}

var fillers = []string{"你好", "您好", "在吗", "在不在", "在么", "亲", "亲亲", "请问", "谢谢", "哈喽", "hello", "hi", "有人吗", "嗯", "好的", "哦", "客服", "老板", "掌柜", "问一下", "咨询"}

func runGenericKeyword(p *Pass) {
	for _, s := range p.Project.Scripts {
		seq := s.Field("keywords")
		for i, k := range s.Keywords {
			n := bot.Normalize(k)
			node := seq
			if seq != nil && i < len(seq.Content) {
				node = seq.Content[i]
			}
			path := s.Path("keywords", "["+strconv.Itoa(i)+"]")
			switch {
			case n == "":
				p.Report(s.File, node, path,
					i18n.F("关键词 %q 只有标点、空格或表情，永远不会命中", "keyword %q is only punctuation, spaces or emoji: it can never match", k),
					i18n.T("换成有文字的关键词", "use a keyword with letters or digits"))
			case slices.Contains(fillers, n) && s.Topic != "greeting":
				p.Report(s.File, node, path,
					i18n.F("关键词 %q 是问候语或语气词，几乎每个问题都有", "keyword %q is a greeting or filler that nearly every question contains", k),
					i18n.T("删掉它，换成说明问题的词", "remove it and use words that say what the question is about"))
			case utf8.RuneCountInString(n) == 1:
				p.Report(s.File, node, path,
					i18n.F("关键词 %q 只有一个字，会匹配太多问题", "keyword %q is a single character and matches too many questions", k),
					i18n.T("写成词组，例如 M码 而不是 码；单字可以放在 require 或 exclude 里", "write a phrase (M码, not 码); single characters are fine in require or exclude"))
			}
		}
	}
}
