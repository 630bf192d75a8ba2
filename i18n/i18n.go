// Package i18n holds the two languages xm speaks to sellers (Chinese and
// English), the choice of one from flags or the environment, and Text, a
// message that exists in both. It owns no messages itself: every stage writes
// its own, in both languages, where it creates them.
package i18n

import (
	"fmt"
	"strings"
)

// Lang is a language a message can be shown in.
type Lang uint8

const (
	// EN is English, the default when the environment names no Chinese locale.
	EN Lang = iota
	// ZH is simplified Chinese.
	ZH
)

func (l Lang) String() string {
	if l == ZH {
		return "zh"
	}
	return "en"
}

// Parse reads a --lang value: zh, en, or a locale such as zh_CN.UTF-8.
func Parse(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case strings.HasPrefix(s, "zh"):
		return ZH, true
	case strings.HasPrefix(s, "en"):
		return EN, true
	}
	return EN, false
}

// FromEnv picks the language the way gettext does: LC_ALL, then LC_MESSAGES,
// then LANG; the first one set decides, and zh* means Chinese.
func FromEnv(getenv func(string) string) Lang {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			if l, ok := Parse(v); ok {
				return l
			}
			return EN
		}
	}
	return EN
}

// Text is one message in both languages.
type Text struct {
	ZH string
	EN string
}

// T makes a Text from its two translations.
func T(zh, en string) Text { return Text{ZH: zh, EN: en} }

// F formats both translations with the same arguments. A string or error
// argument longer than MaxArg bytes (a 1 MB key, a reply pasted whole) is
// cut to its first CutTo characters and "…", so no message echoes a
// value whole.
func F(zh, en string, args ...any) Text {
	args = append([]any(nil), args...)
	for i, a := range args {
		switch v := a.(type) {
		case string:
			args[i] = Cut(v)
		case error:
			if s := v.Error(); len(s) > MaxArg {
				args[i] = Cut(s)
			}
		}
	}
	return Text{ZH: fmt.Sprintf(zh, args...), EN: fmt.Sprintf(en, args...)}
}

// MaxArg is the longest value a message shows whole; CutTo is how many
// characters of a longer one it keeps.
const (
	MaxArg = 512
	CutTo  = 100
)

// Cut shortens s to CutTo characters and "…" when it is longer than MaxArg
// bytes.
func Cut(s string) string {
	if len(s) <= MaxArg {
		return s
	}
	n := 0
	for i := range s {
		if n == CutTo {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// In returns the message in l, falling back to the other language when the
// translation is missing.
func (t Text) In(l Lang) string {
	if l == ZH && t.ZH != "" {
		return t.ZH
	}
	if t.EN != "" {
		return t.EN
	}
	return t.ZH
}

// IsZero reports whether t has no text in either language.
func (t Text) IsZero() bool { return t.ZH == "" && t.EN == "" }
