package schema

import "github.com/xm-dev/xm/bot"

// Limits bound what the loader reads, so that a hostile or broken file
// fails fast with a clear message instead of eating time or memory. Each
// can be raised in xm.yaml under lint.limits.
type Limits struct {
	MaxFileBytes int64 // largest file read
	MaxFiles     int   // most files included
	MaxDepth     int   // deepest YAML nesting
	MaxNodes     int   // most nodes one file may expand to, aliases included
	MaxKeywords  int   // most keywords (with require and exclude words, and patterns) in the project
}

// plainPatterns counts the patterns toward MaxKeywords, each as the plain
// patterns its choices stand for ("{n} 元|块" as 2): the matcher compiles
// that many.
func plainPatterns(pats []string) int {
	n := 0
	for _, p := range pats {
		n += bot.PlainPatterns(p)
	}
	return n
}

// DefaultLimits are generous for any real shop (a 100,000-keyword script
// fits) and small enough that a billion-laughs file fails in milliseconds.
var DefaultLimits = Limits{
	MaxFileBytes: 8 << 20,
	MaxFiles:     5000,
	MaxDepth:     64,
	MaxNodes:     2_000_000,
	MaxKeywords:  1_000_000,
}

// Ceilings are the hard upper bounds of the limits: xm.yaml cannot raise a
// limit past them (the schema refuses the value and the default stays), so
// a pull request cannot switch the guards off and take CI's memory (with
// max_nodes at 10^15 a billion-laughs file expanded until out of memory).
// At the ceilings a file still loads in well under 2 GiB.
var Ceilings = Limits{
	MaxFileBytes: 64 << 20,
	MaxFiles:     100_000,
	MaxDepth:     1000,
	MaxNodes:     10_000_000,
	MaxKeywords:  4_000_000,
}

// with returns l raised or lowered by what the manifest sets, never past
// Ceilings.
func (l Limits) with(c *LimitsConfig) Limits {
	if c == nil {
		return l
	}
	if c.MaxFileBytes > 0 {
		l.MaxFileBytes = c.MaxFileBytes
	}
	if c.MaxFiles > 0 {
		l.MaxFiles = c.MaxFiles
	}
	if c.MaxDepth > 0 {
		l.MaxDepth = c.MaxDepth
	}
	if c.MaxNodes > 0 {
		l.MaxNodes = c.MaxNodes
	}
	if c.MaxKeywords > 0 {
		l.MaxKeywords = c.MaxKeywords
	}
	return l.capped()
}

func (l Limits) capped() Limits {
	l.MaxFileBytes = min(l.MaxFileBytes, Ceilings.MaxFileBytes)
	l.MaxFiles = min(l.MaxFiles, Ceilings.MaxFiles)
	l.MaxDepth = min(l.MaxDepth, Ceilings.MaxDepth)
	l.MaxNodes = min(l.MaxNodes, Ceilings.MaxNodes)
	l.MaxKeywords = min(l.MaxKeywords, Ceilings.MaxKeywords)
	return l
}
