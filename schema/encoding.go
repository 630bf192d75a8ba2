package schema

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/internal/textenc"
)

// encodingProblem says why a file is not UTF-8 text and where.
type encodingProblem struct {
	rule      string // "encoding" when empty
	line, col int
	msg, hint i18n.Text
	// shown is the text decoded from the encoding it was recognised as,
	// so the excerpt under the finding is readable.
	shown []byte
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decodeText checks that raw is UTF-8 text. A UTF-8 byte-order mark is
// dropped and CRLF line ends are kept (the YAML parser reads them). Anything
// else — UTF-16, GBK/GB18030, Big5, binary — is a problem named as such,
// with the command that converts it.
func decodeText(raw []byte, file string) ([]byte, *encodingProblem) {
	text := bytes.TrimPrefix(raw, utf8BOM)
	if enc := textenc.UTF16(text); enc != "" {
		return nil, &encodingProblem{
			line: 1, col: 1,
			msg:  i18n.F("文件是 %s 编码，xm 只读 UTF-8", "the file is %s; xm reads UTF-8 only", enc),
			hint: convertHint(file, "UTF-16"),
		}
	}
	if i := bytes.IndexByte(text, 0); i >= 0 {
		line, col := lineCol(text, i)
		return nil, &encodingProblem{
			line: line, col: col,
			msg:  i18n.T("文件含有 NUL 字节，不是文本文件", "the file contains a NUL byte: it is not a text file"),
			hint: i18n.T("确认这是 YAML 文本文件；如果是误放的二进制文件，请删除它或移出 scripts/ 目录", "check that this is a YAML text file; if a binary file landed here by mistake, delete it or move it out of the included folders"),
		}
	}
	if utf8.Valid(text) {
		if i, r := FirstControl(string(text), "\t\n\r"); i >= 0 {
			line, col := lineCol(text, i)
			return nil, &encodingProblem{rule: "control-char", shown: text,
				line: line, col: col,
				msg:  i18n.F("文件里有控制字符 %s:YAML 不允许，买家的聊天窗口会显示成乱码或被它操纵", "a control character, %s, in the text: YAML does not allow it, and a buyer's chat window would show garbage or obey it", ControlName(r)),
				hint: i18n.T("删掉它（常见于从网页或终端复制来的文字）", "delete it (it often comes with text copied from a web page or a terminal)"),
			}
		}
		return text, nil
	}
	bad := firstInvalid(text)
	line, col := lineCol(text, bad)
	switch enc, shown := textenc.Chinese(text); enc {
	case "GB18030":
		return nil, &encodingProblem{line: line, col: col, shown: shown,
			msg:  i18n.T("文件是 GBK/GB18030 编码（常见于 Windows 记事本），xm 只读 UTF-8", "the file is GBK/GB18030-encoded (as Windows Notepad often saves Chinese text); xm reads UTF-8 only"),
			hint: convertHint(file, "GB18030")}
	case "BIG5":
		return nil, &encodingProblem{line: line, col: col, shown: shown,
			msg:  i18n.T("文件是 Big5 编码，xm 只读 UTF-8", "the file is Big5-encoded; xm reads UTF-8 only"),
			hint: convertHint(file, "BIG5")}
	}
	return nil, &encodingProblem{line: line, col: col,
		msg:  i18n.F("不是有效的 UTF-8：无效字节 0x%02X", "not valid UTF-8: invalid byte 0x%02X", text[bad]),
		hint: i18n.T("用编辑器把文件另存为 UTF-8", "save the file as UTF-8 in your editor")}
}

func convertHint(file, from string) i18n.Text { return textenc.ConvertHint(file, from) }

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return 0
}

// lineCol converts a byte offset to a 1-based line and character column.
func lineCol(b []byte, off int) (line, col int) {
	line = 1 + bytes.Count(b[:off], []byte{'\n'})
	start := bytes.LastIndexByte(b[:off], '\n') + 1
	col = 1
	for i := start; i < off; {
		_, size := utf8.DecodeRune(b[i:off])
		i += size
		col++
	}
	return line, col
}

// splitLines splits text into lines without their line ends (LF or CRLF).
func splitLines(text []byte) []string {
	s := string(text)
	lines := make([]string, 0, bytes.Count(text, []byte{'\n'})+1)
	for len(s) > 0 {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, trimCR(s))
			break
		}
		lines = append(lines, trimCR(s[:i]))
		s = s[i+1:]
	}
	return lines
}

func trimCR(s string) string {
	if len(s) > 0 && s[len(s)-1] == '\r' {
		return s[:len(s)-1]
	}
	return s
}

// FirstControl returns the byte offset and the character of the first
// control character in s that is not in allowed: C0 controls, DEL, C1
// controls and the bidirectional overrides, which make a terminal or a
// chat window show garbage, or show text in another order than it is
// stored. It returns -1 when there is none.
func FirstControl(s, allowed string) (int, rune) {
	for i, r := range s {
		if (r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)) && !strings.ContainsRune(allowed, r) {
			return i, r
		}
	}
	return -1, 0
}

// ControlName names a control character for a message: "ESC (U+001B)".
func ControlName(r rune) string {
	names := map[rune]string{0: "NUL", 7: "BEL", 8: "BS", 0x0b: "VT", 0x0c: "FF", 0x0d: "CR", 0x1b: "ESC", 0x7f: "DEL", 0x9b: "CSI", 0x202e: "RLO", 0x202d: "LRO"}
	if n, ok := names[r]; ok {
		return fmt.Sprintf("%s (U+%04X)", n, r)
	}
	return fmt.Sprintf("U+%04X", r)
}
