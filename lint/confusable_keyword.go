package lint

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v4"

	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/schema"
)

// ConfusableKeyword flags a keyword that mixes alphabets: a Cyrillic or
// Greek letter that looks Latin ("сize" with a Cyrillic с) among Latin
// letters or Chinese characters. It looks right and never matches what
// buyers type.
var ConfusableKeyword = &Rule{
	Name:     "confusable-keyword",
	Severity: diag.Warning,
	Summary:  i18n.T("关键词混用了长得像拉丁字母的西里尔或希腊字母", "a keyword mixing in Cyrillic or Greek letters that look Latin"),
	Doc: i18n.T(
		"西里尔字母 с、о、р、М 和希腊字母 Α、ο 等看起来和拉丁字母一模一样，却是不同的字符。从网页、输入法或别人的文档复制来的关键词里混进一个，关键词看着没错，买家打的 size、M码 却永远匹配不到它。修复：切换到英文输入法，重新输入这个词。俄文等整词不受影响。",
		"Cyrillic с, о, р, М and Greek Α, ο look exactly like Latin letters but are other characters. One of them slipped into a keyword (copied from a web page, an input method or someone's document) makes a keyword that looks right and never matches the size or M码 buyers type. Fix: retype the word with a Latin keyboard. A word wholly in one alphabet (Russian, say) is fine."),
	Bad:  "keywords: [сize, М码]   # Cyrillic с and М",
	Good: "keywords: [size, M码]",
	Run:  runConfusableKeyword,
}

// greekTwins are the Greek letters that look like Latin ones (β or μ in
// β-胡萝卜素 or μm are fine; Α and ο are not).
const greekTwins = "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧονικ"

// confusable returns the first Cyrillic letter, or Greek letter that looks
// Latin, in a keyword that also holds Latin letters or Chinese
// characters; ok is false for a keyword in one alphabet (a Russian word is
// fine).
func confusable(k string) (r rune, ok bool) {
	var found, mixed bool
	for _, c := range k {
		switch {
		case unicode.Is(unicode.Latin, c), unicode.Is(unicode.Han, c):
			mixed = true
		case !found && (unicode.Is(unicode.Cyrillic, c) || strings.ContainsRune(greekTwins, c)):
			r, found = c, true
		}
	}
	return r, found && mixed
}

func runConfusableKeyword(p *Pass) {
	check := func(words []string, at func(int) (*schema.File, *yaml.Node, string)) {
		for i, k := range words {
			r, ok := confusable(k)
			if !ok {
				continue
			}
			f, node, path := at(i)
			script, zh := "Cyrillic", "西里尔"
			if unicode.Is(unicode.Greek, r) {
				script, zh = "Greek", "希腊"
			}
			p.Report(f, node, path,
				i18n.T(fmt.Sprintf("关键词 %q 混进了%s字母 %q(U+%04X)：看着像拉丁字母，买家用拉丁字母打的字永远匹配不到它", k, zh, string(r), r),
					fmt.Sprintf("keyword %q mixes in the %s letter %q (U+%04X): it looks Latin, but what buyers type in Latin letters never matches it", k, script, string(r), r)),
				i18n.T("切换到英文输入法，重新输入整个词", "retype the whole word with a Latin (English) keyboard"))
		}
	}
	for _, s := range p.Project.Scripts {
		for _, field := range []struct {
			key   string
			words []string
		}{{"keywords", s.Keywords}, {"require", s.Require}, {"exclude", s.Exclude}} {
			check(field.words, func(i int) (*schema.File, *yaml.Node, string) { return s.Item(field.key, i) })
		}
	}
	m := p.Project.Manifest
	if m == nil || m.Handoff == nil || m.Node == nil {
		return
	}
	h := schema.Field(m.Node, "handoff")
	for _, key := range []string{"keywords", "urgent"} {
		words := m.Handoff.Keywords
		if key == "urgent" {
			words = m.Handoff.Urgent
		}
		check(words, func(i int) (*schema.File, *yaml.Node, string) {
			return m.File, item(schema.Field(h, key), i), "handoff." + key + "[" + strconv.Itoa(i) + "]"
		})
	}
}
