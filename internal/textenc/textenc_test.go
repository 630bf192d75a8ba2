package textenc

import (
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// TestNames: the encodings a seller's tools save Chinese text in are
// named as iconv names them; UTF-8 and stray invalid bytes as nothing.
// (Big5 text mostly decodes as GB18030 too, which is tried first.)
func TestNames(t *testing.T) {
	const text = "问题,期望\nM码适合多少斤,size-m\n"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(text)
	le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(text)
	be, _ := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewEncoder().String("question,expected\n")
	for _, tc := range []struct {
		name, in, utf16, chinese string
	}{
		{"utf-8", text, "", ""},
		{"gbk", gbk, "", "GB18030"},
		{"utf-16le with a BOM", le, "UTF-16LE", ""},
		{"utf-16be without one", be, "UTF-16BE", ""},
		{"binary", "\xff\xfe\xfd\x00\x01", "UTF-16LE", ""},
		{"invalid bytes", "abc\xffdef", "", ""},
	} {
		if got := UTF16([]byte(tc.in)); got != tc.utf16 {
			t.Errorf("%s: UTF16 = %q, want %q", tc.name, got, tc.utf16)
		}
		if tc.utf16 != "" {
			continue
		}
		if got, _ := Chinese([]byte(tc.in)); got != tc.chinese {
			t.Errorf("%s: Chinese = %q, want %q", tc.name, got, tc.chinese)
		}
	}
}
