package bot

import (
	"cmp"
	"errors"
	"math/bits"
	"slices"
	"unicode/utf8"
	"unsafe"
)

// state is one node of the double-array Aho-Corasick automaton, 16 bytes:
// the child for code c is base+c when that slot's check names this state;
// fail is the longest proper suffix that is also a prefix of a pattern;
// out is 1 + the index of the first pattern ending here (following output
// links), or 0.
type state struct {
	base  int32
	check int32
	fail  int32
	out   int32
}

// output is one link of a state's output list: a pattern and the next
// output (1-based, 0 ends), shared between states through dictionary
// suffix links, so every list is precomputed in O(states) space.
type output struct {
	pattern int32
	next    int32
}

// Automaton finds every occurrence of a set of patterns in one pass over
// the text, on normalised characters: punctuation, spaces and emoji are
// skipped, full-width, upper-case and traditional characters fold, so a
// pattern "m码" matches "Ｍ-碼". It is immutable and safe for concurrent use.
type Automaton struct {
	table  *charTable
	states []state
	outs   []output
	patLen []int32 // pattern → length in characters
	// codes is derived from table when built or loaded, never stored: the
	// automaton's code of each BMP character in 16 bits, which is all the
	// walk needs, in half the cache the full table takes; nil when the
	// alphabet does not fit. Its first 1024 entries are the index (block
	// number by the character's bits above the low six), blocks of 64
	// follow: codeSkip for an ignored character, 0 for one in no pattern,
	// else the code, with codeRoot set when the root has a child for it
	// (state c's check is 0), so that the walk need not load state c to
	// know. Block codeZero is all zeros. One slice, so that the
	// walk keeps one base in a register for both look-ups (and no length:
	// see blockCode); blocks of 64, so that a three-byte character's index
	// is its first two bytes' payload and its block entry its last byte's.
	codes []uint16
	// chase is derived with codes: the walk follows the states by jumps,
	// not masks (see maskedStates).
	chase bool
}

const (
	codeSkip = 0xFFFF
	// codeRoot marks, in a 16-bit code, a character the root has a child
	// for; codes are then below codeRoot-1, so no marked code is codeSkip.
	codeRoot = 0x8000
	// codeZero is the all-zero block of codes, after the 1024-entry index.
	codeZero = 1024 >> 6
)

// deriveCodes fills a.codes from a.table (valid: built, or checked when
// loaded). Each distinct block of the full table is converted once; code
// blocks with no code and no ignored character share block codeZero.
func (a *Automaton) deriveCodes() {
	t := a.table
	if len(t.runes) >= codeRoot {
		return // codes up to 0x7FFF or more: the walk takes the full table
	}
	// Number the quarters of the full blocks in use that need a code
	// block of their own (at most 1024: the index has 1024 entries).
	num := make([]uint16, len(t.blocks)/64) // full quarter → code block, 0 none
	seen := make([]bool, len(t.blocks)/256)
	n := uint16(codeZero + 1)
	for _, fb := range t.index {
		if seen[fb] {
			continue
		}
		seen[fb] = true
		for q := int(fb) << 2; q < int(fb)<<2+4; q++ {
			for _, e := range t.blocks[q<<6 : q<<6+64] {
				if tag := e & tagMask; tag == tagSkip || tag == tagCode {
					num[q] = n
					n++
					break
				}
			}
		}
	}
	codes := make([]uint16, int(n)<<6)
	for q, cb := range num {
		if cb == 0 {
			continue
		}
		blk := codes[int(cb)<<6 : int(cb)<<6+64]
		for lo, e := range t.blocks[q<<6 : q<<6+64] {
			switch e & tagMask {
			case tagSkip:
				blk[lo] = codeSkip
			case tagCode:
				blk[lo] = a.rootCode(int(e &^ tagMask)) // < len(t.runes) < codeRoot
			}
		}
	}
	for hi, fb := range t.index {
		for q := range 4 {
			codes[hi<<2|q] = max(num[int(fb)<<2|q], codeZero)
		}
	}
	a.codes = codes
	a.chase = len(a.states) > maskedStates
}

// rootCode is code c (below codeRoot) with codeRoot set when the root has
// a child for c: state c, the root's child for c when there is one (the
// root's base is 0), has check 0. There are at least as many states as
// codes (built so, checked when loaded).
func (a *Automaton) rootCode(c int) uint16 {
	if c != 0 && a.states[c].check == 0 {
		return uint16(c) | codeRoot
	}
	return uint16(c)
}

// Hit is one occurrence: the pattern and its byte range in the text.
type Hit struct {
	Pattern    int32
	Start, End int32
}

// maxPatternLen bounds a pattern's length in characters; the matcher keeps
// the offsets of the last maxPatternLen characters to place a hit's start.
const maxPatternLen = 64

var errPatternTooLong = errors.New("pattern longer than 64 characters")

// ErrEmptyPattern is returned for a pattern that is nothing but ignored
// characters (punctuation, spaces, emoji).
var ErrEmptyPattern = errors.New("pattern is empty after normalisation")

// BuildAutomaton compiles patterns (raw; they are normalised here). The
// pattern numbers in hits are indexes into patterns. Duplicates after
// normalisation are allowed and each is reported.
func BuildAutomaton(patterns []string) (*Automaton, error) {
	norm := make([][]rune, len(patterns))
	for i, p := range patterns {
		norm[i] = normRunes(p)
		if len(norm[i]) == 0 {
			return nil, ErrEmptyPattern
		}
		if len(norm[i]) > maxPatternLen {
			return nil, errPatternTooLong
		}
	}
	return buildNormalized(norm), nil
}

// trie node during construction.
type tnode struct {
	codes    []int32 // sorted child codes
	children []int32 // trie node ids, parallel to codes
	pattern  int32   // first pattern ending here, or -1
	dups     []int32 // further patterns equal to it
}

func buildNormalized(norm [][]rune) *Automaton {
	a := &Automaton{table: buildCharTable(norm), patLen: make([]int32, len(norm))}
	// Insert the patterns in code order, so children are appended sorted
	// and found by looking at the last one.
	coded := make([][]int32, len(norm))
	order := make([]int32, len(norm))
	for i, p := range norm {
		a.patLen[i] = int32(len(p))
		c := make([]int32, len(p))
		for j, r := range p {
			c[j] = int32(a.table.lookup(r) &^ tagMask)
		}
		coded[i] = c
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(x, y int32) int { return slices.Compare(coded[x], coded[y]) })
	nodes := []tnode{{pattern: -1}}
	for _, pi := range order {
		n := int32(0)
		for _, c := range coded[pi] {
			nd := &nodes[n]
			if k := len(nd.codes); k > 0 && nd.codes[k-1] == c {
				n = nd.children[k-1]
				continue
			}
			nodes = append(nodes, tnode{pattern: -1})
			child := int32(len(nodes) - 1)
			nd = &nodes[n]
			nd.codes = append(nd.codes, c)
			nd.children = append(nd.children, child)
			n = child
		}
		if nodes[n].pattern < 0 {
			nodes[n].pattern = pi
		} else {
			nodes[n].dups = append(nodes[n].dups, pi)
		}
	}
	a.place(nodes)
	a.deriveCodes()
	return a
}

// placer hands out double-array slots: a doubly linked list of free slots,
// scanned from the front for a base where all of a node's children fit.
// A slot that has failed as a starting point many times leaves the scan
// (it stays free and can still be filled by a later child), which keeps
// placement near-linear for 100,000 patterns.
type placer struct {
	check      []int32 // -1 free
	next, prev []int32 // free-list links, -1 none
	tries      []uint8
	head       int32
}

func (p *placer) grow(n int) {
	old := len(p.check)
	if n <= old {
		return
	}
	n = max(n, old*2, 1024)
	for i := old; i < n; i++ {
		p.check = append(p.check, -1)
		p.next = append(p.next, -1)
		p.prev = append(p.prev, -1)
		p.tries = append(p.tries, 0)
	}
	// Link the new slots at the end of the free list.
	tail := int32(-1)
	if p.head >= 0 {
		tail = p.head
		for p.next[tail] >= 0 {
			tail = p.next[tail]
		}
	}
	for i := old; i < n; i++ {
		if i == 0 {
			continue // slot 0 is the root
		}
		p.prev[i] = tail
		if tail >= 0 {
			p.next[tail] = int32(i)
		} else {
			p.head = int32(i)
		}
		tail = int32(i)
	}
}

func (p *placer) unlink(i int32) {
	if p.prev[i] >= 0 {
		p.next[p.prev[i]] = p.next[i]
	} else if p.head == i {
		p.head = p.next[i]
	} else {
		return // not in the list
	}
	if p.next[i] >= 0 {
		p.prev[p.next[i]] = p.prev[i]
	}
	p.next[i], p.prev[i] = -1, -1
}

func (p *placer) findBase(codes []int32) int32 {
	first := codes[0]
	for f := p.head; ; {
		if f < 0 {
			// Nothing in the list fits: place past the end.
			b := max(int32(len(p.check))-first, 0)
			p.grow(int(b + codes[len(codes)-1] + 1))
			return b
		}
		nextF := p.next[f]
		b := f - first
		if b >= 0 {
			p.grow(int(b + codes[len(codes)-1] + 1))
			ok := true
			for _, c := range codes[1:] {
				if p.check[b+c] >= 0 || b+c == 0 {
					ok = false
					break
				}
			}
			if ok {
				return b
			}
			if p.tries[f]++; p.tries[f] > 16 {
				p.unlink(f)
			}
		}
		f = nextF
	}
}

func (a *Automaton) place(nodes []tnode) {
	p := &placer{head: -1}
	p.grow(len(nodes) + 256)
	p.check[0] = -2                 // the root, never a free slot
	da := make([]int32, len(nodes)) // trie node → slot
	base := make([]int32, len(p.check))
	// Breadth-first, so the root and the shallow, busy states come first.
	queue := []int32{0}
	for qi := 0; qi < len(queue); qi++ {
		n := queue[qi]
		nd := &nodes[n]
		if len(nd.codes) == 0 {
			continue
		}
		b := p.findBase(nd.codes)
		if len(base) < len(p.check) {
			base = append(base, make([]int32, len(p.check)-len(base))...)
		}
		base[da[n]] = b
		for i, c := range nd.codes {
			slot := b + c
			p.unlink(slot)
			p.check[slot] = da[n]
			da[nd.children[i]] = slot
			queue = append(queue, nd.children[i])
		}
	}
	size := 1
	for _, s := range da {
		size = max(size, int(s)+1)
	}
	a.states = make([]state, size)
	for i := range a.states {
		a.states[i] = state{base: base[i], check: p.check[i]}
		if a.states[i].check == -2 {
			a.states[i].check = -1
		}
	}
	// Failure links and output lists, breadth-first over the trie.
	for _, n := range queue {
		nd := &nodes[n]
		s := da[n]
		if n != 0 {
			f := a.states[s].fail
			out := a.states[f].out
			if nd.pattern >= 0 {
				for i := len(nd.dups) - 1; i >= 0; i-- {
					a.outs = append(a.outs, output{pattern: nd.dups[i], next: out})
					out = int32(len(a.outs))
				}
				a.outs = append(a.outs, output{pattern: nd.pattern, next: out})
				out = int32(len(a.outs))
			}
			a.states[s].out = out
		}
		for i, c := range nd.codes {
			child := da[nd.children[i]]
			fail := int32(0)
			if n != 0 {
				for f := a.states[s].fail; ; f = a.states[f].fail {
					if t := a.states[f].base + c; t > 0 && int(t) < len(a.states) && a.states[t].check == f {
						fail = t
						break
					}
					if f == 0 {
						break
					}
				}
			}
			a.states[child].fail = fail
		}
	}
	// Output lists were computed with each state's fail already set,
	// because the queue is breadth-first and links point shallower.
}

// FindAll appends every occurrence of every pattern in text to dst,
// overlapping ones included, in order of their end; each Hit carries the
// byte range in text. It does not allocate once dst has room.
func (a *Automaton) FindAll(text string, dst []Hit) []Hit {
	dst, _, _ = a.find(text, dst, nil)
	return dst
}

// walker is what the walk touches only on a hit: the ring of the last
// characters' byte offsets, the output slices and the tables a hit reads.
// It lives in the walk's frame, so the loop keeps only its counters and
// tables in registers and reads these from memory when it needs them.
type walker struct {
	ring   [maxPatternLen]int32 // byte offsets of the last characters
	dst    []Hit
	pos    []int32
	outs   []output // Automaton.outs
	patLen []int32  // Automaton.patLen
}

// emit appends the hits of output list o (1-based), which end with the
// n-th character, at byte end.
func (w *walker) emit(o int32, n uint32, end int) {
	for o != 0 {
		out := w.outs[o-1]
		l := uint32(w.patLen[out.pattern])
		w.dst = append(w.dst, Hit{Pattern: out.pattern, Start: w.ring[(n-l)&(maxPatternLen-1)], End: int32(end)})
		if w.pos != nil {
			w.pos = append(w.pos, int32(n))
		}
		o = out.next
	}
}

// blockCode is entry lo&63 of code block blk of the codes at cp, read
// without a bounds test: blk comes from the codes' index, which
// deriveCodes wrote (never a bundle's bytes), and each of its entries
// names a block inside the codes. The walk keeps no length of the codes
// in a register for it.
func blockCode(cp unsafe.Pointer, blk uint16, lo byte) int {
	return int(*(*uint16)(unsafe.Add(cp, (int(blk)<<6|int(lo&63))*2)))
}

// textByte is the byte at offset i of the text at tp, read without a
// bounds test: the walk reads text[i+1] and text[i+2] after testing
// i+2 < len(text), which the compiler proves enough for text[i+2] but
// not for text[i+1] (three instructions a Chinese character).
func textByte(tp unsafe.Pointer, i uint) byte {
	return *(*byte)(unsafe.Add(tp, i))
}

// slowCode is the code of the character at text[i] that the walk does not
// decode inline (one of two or four bytes, an invalid byte), and its size
// in bytes.
//
//go:noinline
func (a *Automaton) slowCode(text string, i uint) (int, uint8) {
	r, size := utf8.DecodeRuneInString(text[i:])
	if r <= 0xFFFF {
		codes := a.codes
		return int(codes[int(codes[r>>6])<<6|int(r&63)]), uint8(size)
	}
	switch e := a.table.lookup(r); e & tagMask {
	case tagSkip:
		return codeSkip, uint8(size)
	case tagCode:
		return int(a.rootCode(int(e &^ tagMask))), uint8(size)
	}
	return 0, uint8(size)
}

// maskedStates is the most states (16 bytes each) for which the walk picks
// the next state by masks: no mispredicted jumps, but each character waits
// for its state to load. Past it (256 KiB of states, about 5,000 keywords)
// the states are less often in the nearest caches, and a walk that jumps on
// a prediction overlaps the loads of several characters. Measured in one
// process, alternating: at 1k keywords (3,618 states) masks are 30% faster
// on the match alone; at 10k (31,274) both walks are level on the match
// and jumps 4% faster on the whole question; at 100k jumps are about a
// quarter faster.
const maskedStates = 1 << 14

// find is FindAll that also appends, when pos is not nil, each hit's end
// as a character offset in the normalised text (ignored characters do not
// count), and returns the normalised text's length.
func (a *Automaton) find(text string, dst []Hit, pos []int32) ([]Hit, []int32, int) {
	switch {
	case a.codes == nil:
		return a.findWide(text, dst, pos)
	case a.chase:
		return a.findChase(text, dst, pos)
	}
	return a.findMasked(text, dst, pos)
}

// findMasked is find on 16-bit codes, the next state chosen by masks.
func (a *Automaton) findMasked(text string, dst []Hit, pos []int32) ([]Hit, []int32, int) {
	var w walker // not a literal, which zeroes it by a longer loop
	w.dst, w.pos, w.outs, w.patLen = dst, pos, a.outs, a.patLen
	// Only what every character needs stays live in the loop (the text,
	// the offset, the characters seen, the state, the two tables): a hit
	// appends through w, a character not decoded inline goes through a
	// call. The ring takes the offset of every character, ignored ones
	// too, which the next character overwrites. The offset is unsigned,
	// so that the loop's test bounds text[i].
	codes, states := a.codes, a.states
	_ = codes[1023]
	cp := unsafe.Pointer(unsafe.SliceData(codes))
	tp := unsafe.Pointer(unsafe.StringData(text))
	var n uint32 // characters seen
	s := 0
	for i := uint(0); i < uint(len(text)); {
		w.ring[n&(maxPatternLen-1)] = int32(i)
		var c int
		c0 := text[i]
		if c0 < utf8.RuneSelf {
			i++
			c = blockCode(cp, codes[c0>>6], c0)
		} else if i+2 < uint(len(text)) && uint8(c0-0xE1) < 0xEF-0xE1+1 && c0 != 0xED &&
			textByte(tp, i+1)&0xC0|textByte(tp, i+2)&0xC0>>2 == 0x80|0x80>>2 {
			// Three bytes without the overlong (E0) and surrogate (ED)
			// cases, both continuation bytes checked at once: most
			// Chinese characters. The first two bytes' payload is the
			// index entry, the last byte's the block entry.
			b1, b2 := textByte(tp, i+1), textByte(tp, i+2)
			i += 3
			c = blockCode(cp, codes[(int(c0&0x0F)<<6|int(b1&0x3F))&1023], b2)
		} else {
			var size uint8
			c, size = a.slowCode(text, i)
			i += uint(size)
		}
		if c == codeSkip {
			continue
		}
		n++
		// The next state without a data-dependent branch: the child of s
		// if there is one, else, when s fails straight to the root, the
		// root's child, which is state c (the root's base is 0), or the
		// root (code 0, in no keyword, is no state's child, and state 0
		// has no parent). Each test is a mask, not a jump, so that a
		// random question costs no mispredictions here; only a miss at a
		// state with a deeper failure link branches, to the loop below
		// (about one character in eleven in the bench's questions, nine
		// in ten of them ending at the root's child all the same). The
		// fields are read as uint32, zero-extended, so that each load
		// takes its index (a negative base, in a crafted bundle, makes a
		// t past the states).
		root := c >> 15 // 1 when the root has a child for c (codeRoot)
		c &= codeRoot - 1
		t := int(uint32(states[s].base)) + c
		// A t past the states reads the root's check, which is negative
		// (checked when loaded).
		_, in := bits.Sub(uint(t), uint(len(states)), 0)  // 1 when t is a state
		miss := int(uint32(states[t&-int(in)].check)) ^ s // 0 when s has a child c
		hit := (miss - 1) &^ miss >> 63                   // -1 then
		// Else the root's child or the root, or -1 when s fails deeper than
		// the root and c is in a keyword (fail and c are below 1<<31).
		other := c&-root | -(int(uint32(states[s].fail))*c)>>63
		next := other ^ (t^other)&hit
		if next < 0 {
			// A miss at a state that fails to another than the root.
			for f := int(states[s].fail); ; {
				t := int(states[f].base) + c
				if uint(t) < uint(len(states)) && int(states[t].check) == f {
					next = t
					break
				}
				if f = int(states[f].fail); f == 0 {
					next = c & -root
					break
				}
			}
		}
		s = next
		if o := states[s].out; o != 0 {
			w.emit(o, n, int(i))
		}
	}
	return w.dst, w.pos, int(n)
}

// findChase is find on 16-bit codes for large automata, whose states are
// out of cache: the next state by jumps. A predicted jump lets the core go
// on to the next characters while a state loads, which pays more than the
// mispredictions it costs. The characters are decoded as in findMasked,
// by the same lines: a function both call would cost 225 by the inliner's
// measure, past its budget of 80, and a call a character.
func (a *Automaton) findChase(text string, dst []Hit, pos []int32) ([]Hit, []int32, int) {
	var w walker // not a literal, which zeroes it by a longer loop
	w.dst, w.pos, w.outs, w.patLen = dst, pos, a.outs, a.patLen
	codes, states := a.codes, a.states
	_ = codes[1023]
	cp := unsafe.Pointer(unsafe.SliceData(codes))
	tp := unsafe.Pointer(unsafe.StringData(text))
	var n uint32 // characters seen
	s := 0
	for i := uint(0); i < uint(len(text)); {
		w.ring[n&(maxPatternLen-1)] = int32(i)
		var c int
		c0 := text[i]
		if c0 < utf8.RuneSelf {
			i++
			c = blockCode(cp, codes[c0>>6], c0)
		} else if i+2 < uint(len(text)) && uint8(c0-0xE1) < 0xEF-0xE1+1 && c0 != 0xED &&
			textByte(tp, i+1)&0xC0|textByte(tp, i+2)&0xC0>>2 == 0x80|0x80>>2 {
			b1, b2 := textByte(tp, i+1), textByte(tp, i+2)
			i += 3
			c = blockCode(cp, codes[(int(c0&0x0F)<<6|int(b1&0x3F))&1023], b2)
		} else {
			var size uint8
			c, size = a.slowCode(text, i)
			i += uint(size)
		}
		if c == codeSkip {
			continue
		}
		n++
		c &= codeRoot - 1
		if c == 0 {
			s = 0
			continue
		}
		for {
			t := int(states[s].base) + c
			if uint(t) < uint(len(states)) && int(states[t].check) == s {
				s = t
				break
			}
			if s == 0 {
				break
			}
			s = int(states[s].fail)
		}
		if o := states[s].out; o != 0 {
			w.emit(o, n, int(i))
		}
	}
	return w.dst, w.pos, int(n)
}

// findWide is find on the full character table, for an alphabet too large
// for 16-bit codes.
func (a *Automaton) findWide(text string, dst []Hit, pos []int32) ([]Hit, []int32, int) {
	var ring [maxPatternLen]int32 // byte offsets of the last characters
	var n uint32                  // characters seen
	s := int32(0)
	// Locals, so the loop does not reload them through a after each store.
	states, outs, patLen := a.states, a.outs, a.patLen
	index, blocks := a.table.index, a.table.blocks
	for i := 0; i < len(text); {
		start := i
		var r rune
		c0 := text[i]
		switch {
		case c0 < utf8.RuneSelf:
			r = rune(c0)
			i++
		case c0 >= 0xE1 && c0 <= 0xEF && c0 != 0xED && i+2 < len(text) &&
			text[i+1]&0xC0 == 0x80 && text[i+2]&0xC0 == 0x80:
			// Three bytes without the overlong (E0) and surrogate (ED)
			// cases: most Chinese characters, decoded inline.
			r = rune(c0&0x0F)<<12 | rune(text[i+1]&0x3F)<<6 | rune(text[i+2]&0x3F)
			i += 3
		default:
			var size int
			r, size = utf8.DecodeRuneInString(text[i:])
			i += size
		}
		var e uint32
		if r <= 0xFFFF {
			e = blocks[int(index[r>>8])<<8|int(r&0xff)]
		} else {
			e = a.table.lookup(r)
		}
		switch e & tagMask {
		case tagSkip:
			continue
		case tagCode:
			ring[n&(maxPatternLen-1)] = int32(start)
			n++
			c := int32(e &^ tagMask)
			for {
				t := states[s].base + c
				if uint(t) < uint(len(states)) && states[t].check == s {
					s = t
					break
				}
				if s == 0 {
					break
				}
				s = states[s].fail
			}
			for o := states[s].out; o != 0; {
				out := outs[o-1]
				l := uint32(patLen[out.pattern])
				dst = append(dst, Hit{Pattern: out.pattern, Start: ring[(n-l)&(maxPatternLen-1)], End: int32(i)})
				if pos != nil {
					pos = append(pos, int32(n))
				}
				o = out.next
			}
		default:
			ring[n&(maxPatternLen-1)] = int32(start)
			n++
			s = 0
		}
	}
	return dst, pos, int(n)
}

// LeftmostLongest appends the non-overlapping occurrences found scanning
// from the left, taking at each position the longest pattern that starts
// there (and the lowest pattern number among equals).
func (a *Automaton) LeftmostLongest(text string, dst []Hit) []Hit {
	all := a.FindAll(text, nil)
	slices.SortFunc(all, func(x, y Hit) int {
		return cmp.Or(cmp.Compare(x.Start, y.Start), cmp.Compare(y.End, x.End), cmp.Compare(x.Pattern, y.Pattern))
	})
	end := int32(-1)
	for _, h := range all {
		if h.Start >= end {
			dst = append(dst, h)
			end = h.End
		}
	}
	return dst
}

// NumStates is the number of double-array slots.
func (a *Automaton) NumStates() int { return len(a.states) }

// Bytes is the memory the automaton's arrays hold.
func (a *Automaton) Bytes() int {
	n := len(a.states)*16 + len(a.outs)*8 + len(a.patLen)*4 +
		len(a.table.index)*2 + len(a.table.blocks)*4 + len(a.table.astral)*8 + len(a.table.runes)*4
	n += len(a.codes) * 2
	return n
}
