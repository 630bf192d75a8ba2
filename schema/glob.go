package schema

import (
	"path"
	"strings"
)

// MatchGlob matches a slash-separated path against a pattern: * ? and
// [...] within a segment, ** across any number of segments.
func MatchGlob(pattern, name string) bool { return matchGlob(pattern, name) }

// matchGlob matches a slash-separated path against a pattern in which * and
// ? and [...] work within one path segment (as path.Match) and ** matches
// any number of segments, including none.
func matchGlob(pattern, name string) bool {
	return matchSegs(strings.Split(pattern, "/"), strings.Split(name, "/"))
}

func matchSegs(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			rest := pat[1:]
			for i := 0; i <= len(segs); i++ {
				if matchSegs(rest, segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		ok, err := path.Match(pat[0], segs[0])
		if err != nil || !ok {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}

// globEscapes reports whether a pattern could reach outside the project.
func globEscapes(p string) bool {
	if strings.HasPrefix(p, "/") || strings.HasPrefix(p, "\\") || (len(p) > 1 && p[1] == ':') {
		return true
	}
	for _, seg := range strings.Split(strings.ReplaceAll(p, "\\", "/"), "/") {
		if seg == ".." {
			return true
		}
	}
	return false
}

// validGlob reports whether every segment of p is a well-formed pattern.
func validGlob(p string) bool {
	for _, seg := range strings.Split(p, "/") {
		if seg == "**" {
			continue
		}
		if _, err := path.Match(seg, ""); err != nil {
			return false
		}
	}
	return true
}

// DefaultInclude is where scripts and triggers live when xm.yaml says nothing.
var DefaultInclude = []string{"scripts/**/*.yaml", "scripts/**/*.yml", "triggers/**/*.yaml", "triggers/**/*.yml"}
