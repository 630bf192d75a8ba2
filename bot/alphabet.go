package bot

import (
	"cmp"
	"slices"
	"sync"
	"unicode/utf8"
)

// A character-table entry. One lookup per input character gives both what
// the automaton needs (a code, or "not in any keyword") and what the
// similarity index and the trace need (the folded character):
//
//	0               not in any keyword, folds to itself
//	tagSkip         ignored (punctuation, space, emoji)
//	tagCode | code  in some keyword: the automaton's code, 1..1<<24-1
//	tagFold | rune  not in any keyword, folds to rune
//
// Normalising is thus folded into the matcher's own table and costs
// nothing extra.
const (
	tagMask = 3 << 30
	tagSkip = 1 << 30
	tagCode = 2 << 30
	tagFold = 3 << 30
)

// charTable maps a character to its entry: a two-level table over the
// Basic Multilingual Plane (blocks of 256 characters, identical blocks
// stored once, so the thousands of blocks where nothing changes share the
// all-zero block) and a sorted list for the rare characters above it.
type charTable struct {
	index  []uint16 // r>>8 → block number, 256 entries
	blocks []uint32 // block number*256 + (r&0xff) → entry
	astral []uint64 // sorted (rune<<32 | entry) for r > 0xFFFF
	runes  []rune   // code → folded character, for the trace and n-grams
}

func (t *charTable) lookup(r rune) uint32 {
	if uint32(r) <= 0xFFFF {
		return t.blocks[int(t.index[r>>8])<<8|int(r&0xff)]
	}
	i, ok := slices.BinarySearchFunc(t.astral, uint64(r)<<32, func(e, target uint64) int {
		return cmp.Compare(e>>32, target>>32)
	})
	if ok {
		return uint32(t.astral[i])
	}
	return t.astralEntry(r)
}

// astralEntry is the entry for a character above the BMP that no keyword
// uses as it is: emoji and symbols are ignored; other characters fold as
// Fold says, landing on a keyword character's code when they fold to one.
func (t *charTable) astralEntry(r rune) uint32 {
	// Emoji, pictographs, tags and variation selectors: ignored, decided
	// without Fold's NFKC look-up (which allocates). The enclosed
	// alphanumerics and ideographs (U+1F100–U+1F2FF, such as 🄰 and 🈐)
	// fold and take the general path.
	if r >= 0x1F300 && r <= 0x1FAFF || r >= 0x1F000 && r <= 0x1F0FF || r >= 0xE0000 && r <= 0xE01EF {
		return tagSkip
	}
	f := Fold(r)
	switch {
	case f < 0:
		return tagSkip
	case f == r:
		return 0
	}
	if e := t.lookup(f); e&tagMask == tagCode {
		return e
	}
	return tagFold | uint32(f)
}

// folded returns the character e stands for, given the input r, or -1 for
// an ignored character.
func (t *charTable) folded(r rune, e uint32) rune {
	switch e & tagMask {
	case 0:
		return r
	case tagSkip:
		return -1
	case tagCode:
		return t.runes[e&^tagMask]
	}
	return rune(e &^ tagMask)
}

// buildCharTable gives each character the patterns use a code, the most
// frequent first (so the densest part of the double array holds the
// commonest transitions), and folds every other BMP character.
func buildCharTable(patterns [][]rune) *charTable {
	freq := map[rune]int{}
	for _, p := range patterns {
		for _, r := range p {
			freq[r]++
		}
	}
	alpha := make([]rune, 0, len(freq))
	for r := range freq {
		alpha = append(alpha, r)
	}
	slices.SortFunc(alpha, func(a, b rune) int {
		return cmp.Or(cmp.Compare(freq[b], freq[a]), cmp.Compare(a, b))
	})
	code := make(map[rune]uint32, len(alpha))
	t := &charTable{runes: make([]rune, len(alpha)+1)}
	for i, r := range alpha {
		code[r] = uint32(i + 1)
		t.runes[i+1] = r
	}
	base := baseFold()
	entry := func(r rune) uint32 {
		f := base[r]
		if f == skipRune {
			return tagSkip
		}
		if c, ok := code[f]; ok {
			return tagCode | c
		}
		if f == r {
			return 0
		}
		return tagFold | uint32(f)
	}
	t.index = make([]uint16, 256)
	seen := map[[256]uint32]uint16{}
	var blk [256]uint32
	for hi := 0; hi < 256; hi++ {
		for lo := 0; lo < 256; lo++ {
			blk[lo] = entry(rune(hi<<8 | lo))
		}
		n, ok := seen[blk]
		if !ok {
			n = uint16(len(seen))
			seen[blk] = n
			t.blocks = append(t.blocks, blk[:]...)
		}
		t.index[hi] = n
	}
	for r, c := range code {
		if r > 0xFFFF {
			t.astral = append(t.astral, uint64(r)<<32|uint64(tagCode|c))
		}
	}
	// Traditional or compatibility forms above the BMP that fold into the
	// alphabet are rare; they are found through the fold at match time.
	slices.Sort(t.astral)
	return t
}

const skipRune = -1

// baseFold is Fold over the whole BMP, computed once per process.
var baseFold = sync.OnceValue(func() []rune {
	tab := make([]rune, 0x10000)
	for r := range tab {
		if r >= 0xD800 && r <= 0xDFFF {
			tab[r] = skipRune
			continue
		}
		tab[r] = Fold(rune(r))
	}
	return tab
})

// normRunes folds s into runes, dropping ignored characters.
func normRunes(s string) []rune {
	out := make([]rune, 0, utf8.RuneCountInString(s))
	for _, r := range s {
		if f := Fold(r); f >= 0 {
			out = append(out, f)
		}
	}
	return out
}

// foldText appends q folded to dst, ignored characters dropped: what
// Normalize gives, as runes, read from the table (the common cases
// inline, as the walk decodes them).
func (t *charTable) foldText(dst []rune, q string) []rune {
	for i := 0; i < len(q); {
		r, size := rune(q[i]), 1
		if c := q[i]; c >= utf8.RuneSelf {
			if c >= 0xE1 && c != 0xED && c <= 0xEF && i+2 < len(q) && q[i+1]&0xC0 == 0x80 && q[i+2]&0xC0 == 0x80 {
				r, size = rune(c&0x0F)<<12|rune(q[i+1]&0x3F)<<6|rune(q[i+2]&0x3F), 3
			} else {
				r, size = utf8.DecodeRuneInString(q[i:])
			}
		}
		i += size
		var e uint32
		if r <= 0xFFFF {
			e = t.blocks[int(t.index[r>>8])<<8|int(r&0xff)]
		} else {
			e = t.lookup(r)
		}
		if f := t.folded(r, e); f >= 0 {
			dst = append(dst, f)
		}
	}
	return dst
}
