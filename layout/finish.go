package layout

import (
	"bytes"
	"strings"

	"github.com/xm-dev/xm/internal/termsafe"
)

// finish puts the touches the YAML emitter does not make: a blank line
// between the items of a content file's scripts and triggers (before an
// item's own head comment), no runs of blank lines, and trailing comments
// of consecutive lines aligned one column after the longest line, counting
// Chinese characters as two columns, as gofmt aligns Go comments.
func finish(out []byte, content bool, trailing map[string]bool) []byte {
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	var res []string
	for i, l := range lines {
		if content && strings.HasPrefix(l, "  - ") && i > 0 && !isKeyLine(lines[i-1]) {
			// Step back over the item's head comment.
			j := len(res)
			for j > 0 && strings.HasPrefix(res[j-1], "  #") {
				j--
			}
			if j > 0 && res[j-1] != "" && !isKeyLine(res[j-1]) {
				res = append(res[:j], append([]string{""}, res[j:]...)...)
			}
		}
		if content && isKeyLine(l) && len(res) > 0 && strings.HasPrefix(res[len(res)-1], " ") {
			res = append(res, "") // between scripts: and triggers:
		}
		if l == "" && (len(res) == 0 || res[len(res)-1] == "") {
			continue
		}
		res = append(res, l)
	}
	align(res, trailing)
	var b bytes.Buffer
	for _, l := range res {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// isKeyLine reports a top-level "key:" line that opens a block.
func isKeyLine(l string) bool {
	return l != "" && l[0] != ' ' && l[0] != '#' && strings.HasSuffix(l, ":")
}

// align lines up the trailing comments of runs of consecutive lines.
func align(lines []string, trailing map[string]bool) {
	code := make([]string, len(lines))
	comment := make([]string, len(lines))
	for i, l := range lines {
		code[i], comment[i] = splitComment(l, trailing)
	}
	for i := 0; i < len(lines); {
		if comment[i] == "" {
			i++
			continue
		}
		j, col := i, 0
		for j < len(lines) && comment[j] != "" {
			col = max(col, termsafe.Cells(code[j]))
			j++
		}
		for k := i; k < j; k++ {
			lines[k] = code[k] + strings.Repeat(" ", col+1-termsafe.Cells(code[k])) + comment[k]
		}
		i = j
	}
}

// splitComment splits "value # comment" when the comment is one of the
// document's trailing comments (so a # inside a quoted value never counts).
func splitComment(l string, trailing map[string]bool) (string, string) {
	if strings.HasPrefix(strings.TrimSpace(l), "#") {
		return l, ""
	}
	for i := strings.Index(l, " #"); i >= 0; {
		if c := l[i+1:]; trailing[c] {
			return strings.TrimRight(l[:i], " "), c
		}
		n := strings.Index(l[i+2:], " #")
		if n < 0 {
			break
		}
		i += 2 + n
	}
	return l, ""
}
