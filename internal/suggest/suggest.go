// Package suggest finds the "did you mean" for a mistyped name: the
// nearest of the valid names by edit distance, when it is near enough to
// be a typo. It is xm's one implementation, for keys, rule names, events,
// variables and flags.
package suggest

import (
	"strings"
	"unicode/utf8"
)

// Nearest returns the candidate closest to s, or "" when none is within
// a third of s's length (at least 1). A candidate that s begins
// (order.ship → order.shipped) wins a tie; case is ignored.
func Nearest(s string, candidates []string) string {
	ls := strings.ToLower(s)
	best, bestD := "", 1<<30
	for _, c := range candidates {
		d := Distance(ls, strings.ToLower(c))
		if d < bestD || d == bestD && strings.HasPrefix(c, s) && !strings.HasPrefix(best, s) {
			best, bestD = c, d
		}
	}
	if bestD <= max(1, utf8.RuneCountInString(s)/3) {
		return best
	}
	return ""
}

// Distance is the Levenshtein distance between a and b, in characters.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
