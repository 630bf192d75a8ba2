package bot

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

//go:generate go run gen_t2s.go -dict $GOMODCACHE/github.com/longbridgeapp/opencc@v0.3.13/dictionary

var t2s = sync.OnceValue(func() map[rune]rune {
	m := make(map[rune]rune, 4200)
	for s := t2sPairs; s != ""; {
		from, n := utf8.DecodeRuneInString(s)
		to, k := utf8.DecodeRuneInString(s[n:])
		m[from] = to
		s = s[n+k:]
	}
	return m
})

// Fold maps one character to what the matcher compares: compatibility and
// width forms to their plain form (Ｍ → M, ① → 1), upper to lower case,
// traditional to simplified Chinese (碼 → 码), the dialect 俺 to 我. It returns -1 for what the
// matcher ignores: punctuation, spaces, symbols and emoji. Keywords and
// questions go through this same function, so "M码", "Ｍ碼" and "m-码" are
// one keyword.
func Fold(r rune) rune {
	if r < utf8.RuneSelf {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			return r
		case 'A' <= r && r <= 'Z':
			return r + 'a' - 'A'
		}
		return -1
	}
	if r == utf8.RuneError {
		return -1
	}
	// Compatibility forms: take NFKC's result when it is one character.
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	if !norm.NFKC.IsNormal(buf[:n]) {
		s := norm.NFKC.String(string(buf[:n]))
		if c, size := utf8.DecodeRuneInString(s); size == len(s) {
			r = c
		}
	}
	r = unicode.ToLower(r)
	if s, ok := t2s()[r]; ok {
		r = s
	}
	// 俺 is a dialect spelling of 我 and means nothing else, so it folds
	// like a variant character: every member written with 我 (给我, 我的,
	// 让我等) then matches 俺 too. 偶 (also written for 我) does not fold:
	// 偶尔 and 偶然 are common words.
	if r == '俺' {
		r = '我'
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return r
	}
	return -1
}

// Normalize folds every character of s and drops the ignored ones; it is
// the text the matcher sees, as `xm explain` shows it.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if f := Fold(r); f >= 0 {
			b.WriteRune(f)
		}
	}
	return b.String()
}
