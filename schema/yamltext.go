package schema

import (
	"bytes"
	"regexp"
	"unicode/utf8"
)

// parserText adapts valid YAML that the YAML library refuses to what it
// reads, without moving any line or column: a %YAML 1.x directive (the
// library takes 1.1 only) becomes a blank line, and anchor and alias names
// with non-ASCII characters (&尺码回复, *尺码回复, which YAML allows and
// the library does not) are renamed to ASCII names of the same length.
func parserText(text []byte) []byte {
	out := text
	if loc := yamlDirective.FindSubmatchIndex(out); loc != nil {
		out = bytes.Clone(out)
		for i := loc[2]; i < loc[3]; i++ {
			out[i] = ' '
		}
	}
	return renameAnchors(out)
}

// yamlDirective is a %YAML 1.x directive on a line of its own, before the
// document.
var yamlDirective = regexp.MustCompile(`\A(?:[ \t]*(?:#.*)?\r?\n)*(%YAML[ \t]+1\.[0-9]+[ \t]*)`)

// anchorRef is an anchor or alias at a place a node starts: the start of
// a line (after indentation), after "- ", ": ", "? ", "[", "{" or ",".
var anchorRef = regexp.MustCompile(`(^|[\n\[{,]|[-:?][ \t])([ \t]*)([&*])([^\s\[\]{},]+)`)

func renameAnchors(text []byte) []byte {
	if !hasNonASCIIAnchor(text) {
		return text
	}
	ms := anchorRef.FindAllSubmatchIndex(text, -1)
	if len(ms) == 0 {
		return text
	}
	defined := map[string]bool{}
	used := map[string]bool{}
	for _, m := range ms {
		name := string(text[m[8]:m[9]])
		used[name] = true
		if text[m[6]] == '&' {
			defined[name] = true
		}
	}
	rename := map[string]string{}
	for name := range defined {
		if !isASCII(name) {
			rename[name] = ""
		}
	}
	if len(rename) == 0 {
		return text
	}
	// Same number of characters, ASCII, unused: columns stay right.
	const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	for name := range rename {
		n := utf8.RuneCountInString(name)
		for k := 0; ; k++ {
			b := make([]byte, n)
			for i, v := n-1, k; i >= 0; i-- {
				b[i] = alnum[v%len(alnum)]
				v /= len(alnum)
			}
			if k >= pow(len(alnum), n) {
				return text // no free name of that length: leave it to the library's message
			}
			if c := string(b); !used[c] {
				rename[name] = c
				used[c] = true
				break
			}
		}
	}
	var out bytes.Buffer
	last := 0
	for _, m := range ms {
		if r, ok := rename[string(text[m[8]:m[9]])]; ok {
			out.Write(text[last:m[8]])
			out.WriteString(r)
			last = m[9]
		}
	}
	out.Write(text[last:])
	return out.Bytes()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func pow(b, n int) int {
	r := 1
	for ; n > 0 && r < 1<<30; n-- {
		r *= b
	}
	return r
}

// hasNonASCIIAnchor is a quick scan for an & followed by a non-ASCII
// byte, so files without such an anchor skip the regular expression.
func hasNonASCIIAnchor(text []byte) bool {
	for i := bytes.IndexByte(text, '&'); i >= 0 && i+1 < len(text); {
		if text[i+1] >= utf8.RuneSelf {
			return true
		}
		j := bytes.IndexByte(text[i+1:], '&')
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}
