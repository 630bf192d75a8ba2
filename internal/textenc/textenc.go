// Package textenc names the encoding of text that is not UTF-8 — UTF-16,
// GBK/GB18030 (what Windows Notepad and Excel save Chinese text as on a
// Chinese system), Big5 — so that every reader of sellers' files (the
// YAML loader, the question and log readers) can say what the file is and
// how to convert it, instead of showing mojibake.
package textenc

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"github.com/xm-dev/xm/i18n"
)

// UTF16 recognises UTF-16 by its byte-order mark, or without one by the
// NUL bytes that ASCII characters leave in every other position: it
// returns "UTF-16LE", "UTF-16BE" or "".
func UTF16(b []byte) string {
	if len(b) >= 2 {
		switch {
		case b[0] == 0xFF && b[1] == 0xFE:
			return "UTF-16LE"
		case b[0] == 0xFE && b[1] == 0xFF:
			return "UTF-16BE"
		}
	}
	if len(b) < 4 {
		return ""
	}
	n := min(len(b), 4096) &^ 1
	var evenNUL, oddNUL int
	for i := 0; i < n; i += 2 {
		if b[i] == 0 {
			evenNUL++
		}
		if b[i+1] == 0 {
			oddNUL++
		}
	}
	half := n / 2
	switch {
	case oddNUL*10 >= half*3 && evenNUL*10 < half:
		return "UTF-16LE"
	case evenNUL*10 >= half*3 && oddNUL*10 < half:
		return "UTF-16BE"
	}
	return ""
}

// Chinese recognises text that is not UTF-8 but decodes cleanly, with Han
// characters, as GB18030 (a superset of GBK) or Big5. It returns
// "GB18030", "BIG5" (the names iconv takes) or "", and the decoded text.
func Chinese(b []byte) (string, []byte) {
	if utf8.Valid(b) {
		return "", nil
	}
	if out, ok := looksLike(b, simplifiedchinese.GB18030); ok {
		return "GB18030", out
	}
	if out, ok := looksLike(b, traditionalchinese.Big5); ok {
		return "BIG5", out
	}
	return "", nil
}

// looksLike reports whether b decodes cleanly in enc and the result holds
// Han characters, as Chinese text in that encoding would.
func looksLike(b []byte, enc encoding.Encoding) ([]byte, bool) {
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
		return nil, false
	}
	for _, r := range string(out) {
		if unicode.Is(unicode.Han, r) {
			return out, true
		}
	}
	return nil, false
}

// Describe says, in both languages, that a file is in encoding enc (as
// UTF16 or Chinese name it) and xm reads UTF-8 only.
func Describe(enc string) i18n.Text {
	switch enc {
	case "GB18030":
		return i18n.T("文件是 GBK/GB18030 编码（Windows 记事本和 Excel 保存中文时的默认编码），xm 只读 UTF-8",
			"the file is GBK/GB18030-encoded (as Windows Notepad and Excel save Chinese text by default); xm reads UTF-8 only")
	case "BIG5":
		return i18n.T("文件是 Big5 编码，xm 只读 UTF-8", "the file is Big5-encoded; xm reads UTF-8 only")
	}
	return i18n.F("文件是 %s 编码，xm 只读 UTF-8", "the file is %s; xm reads UTF-8 only", enc)
}

// ConvertHint is the fix: save as UTF-8, or the iconv command converting
// file from the encoding named from (UTF-16, GB18030, BIG5).
func ConvertHint(file, from string) i18n.Text {
	return i18n.F("在编辑器中另存为 UTF-8，或运行：iconv -f %s -t UTF-8 %s > %s.tmp && mv %s.tmp %s",
		"save it as UTF-8 in your editor, or run: iconv -f %s -t UTF-8 %s > %s.tmp && mv %s.tmp %s",
		from, file, file, file, file)
}
