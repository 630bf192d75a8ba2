package main

import (
	"strings"
	"testing"

	"github.com/xm-dev/xm/i18n"
)

// TestMissingWords: explain's text trace names at most missingShown of a
// candidate's missing require words, then says how many more, in either
// language.
func TestMissingWords(t *testing.T) {
	ten := strings.Fields("吗 呢 什么 怎么 多少 几 哪 啥 是不是 能不能")
	for _, tc := range []struct {
		lang  i18n.Lang
		words []string
		want  string
	}{
		{i18n.EN, ten[:3], "吗, 呢, 什么"},
		{i18n.EN, ten[:8], "吗, 呢, 什么, 怎么, 多少, 几, 哪, 啥"},
		{i18n.EN, ten, "吗, 呢, 什么, 怎么, 多少, 几, 哪, 啥 … (2 more)"},
		{i18n.ZH, ten, "吗, 呢, 什么, 怎么, 多少, 几, 哪, 啥 …（还有 2 个）"},
	} {
		T := func(zh, en string) string {
			if tc.lang == i18n.ZH {
				return zh
			}
			return en
		}
		if got := missingWords(tc.words, T); got != tc.want {
			t.Errorf("%v %d words: %q, want %q", tc.lang, len(tc.words), got, tc.want)
		}
	}
}
