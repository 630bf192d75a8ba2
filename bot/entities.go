package bot

import (
	"math/bits"
	"unicode/utf8"
)

// EntityKind names what an entity is.
type EntityKind uint8

const (
	EntityOrder  EntityKind = iota + 1 // an order number: 6 to 20 digits
	EntityPhone                        // a mainland mobile number: 1[3-9] and 9 more digits
	EntitySize                         // a clothing size: XS S M L XL XXL XXXL 2XL-5XL 均码
	EntityWeight                       // a weight: 100斤, 50kg, 50公斤
	EntityHeight                       // a height: 165cm, 165厘米, 1米65
)

var entityNames = [...]string{"", "order", "phone", "size", "weight", "height"}

func (k EntityKind) String() string {
	if int(k) < len(entityNames) {
		return entityNames[k]
	}
	return "unknown"
}

// Entity is something a reply or a trace needs, pulled out of a question:
// its kind, its byte range in the question, and for weights and heights
// the number in 斤 or cm.
type Entity struct {
	Kind       EntityKind
	Start, End int32
	Num        int32
}

// maxEntities bounds what one question yields, so an Answer has a fixed size.
const maxEntities = 8

// token is a run of digits or Latin letters, or one other character, after
// width and case folding.
type token struct {
	kind       byte // 'd' digits, 'a' letters, 'h' other letter (Han...), 0 separator
	start, end int
	r          rune // for 'h': the character
	num        int64
	ndig       int
	alpha      [6]byte // for 'a': up to 6 lower-case letters
	nalpha     int
}

// extract scans q once, by hand (no regular expressions), and writes what
// it finds into out; it returns how many.
func extract(q string, out *[maxEntities]Entity) int {
	// Most questions hold no digit, Latin letter (ASCII or full-width) or
	// 均: find the first byte that starts an entity, without decoding.
	i := firstEntity(q, 0)
	if i < 0 {
		return 0
	}
	n := 0
	add := func(e Entity) {
		if n < maxEntities {
			out[n] = e
			n++
		}
	}
	var prev, cur token
	for i >= 0 {
		cur = readToken(q, i)
		i = cur.end
		switch cur.kind {
		case 'd':
			after := peekToken(q, i)
			switch {
			case after.kind == 'h' && after.r == '斤':
				add(Entity{Kind: EntityWeight, Start: int32(cur.start), End: int32(after.end), Num: int32(min(cur.num, 1<<30))})
			case after.kind == 'h' && after.r == '公' && hasAt(q, after.end, "斤"):
				add(Entity{Kind: EntityWeight, Start: int32(cur.start), End: int32(after.end + len("斤")), Num: int32(min(cur.num*2, 1<<30))})
			case after.kind == 'h' && after.r == '千' && hasAt(q, after.end, "克"):
				add(Entity{Kind: EntityWeight, Start: int32(cur.start), End: int32(after.end + len("克")), Num: int32(min(cur.num*2, 1<<30))})
			case after.kind == 'a' && alphaIs(after, "kg"):
				add(Entity{Kind: EntityWeight, Start: int32(cur.start), End: int32(after.end), Num: int32(min(cur.num*2, 1<<30))})
			case after.kind == 'a' && alphaIs(after, "cm"):
				add(Entity{Kind: EntityHeight, Start: int32(cur.start), End: int32(after.end), Num: int32(min(cur.num, 1<<30))})
			case after.kind == 'h' && after.r == '厘' && hasAt(q, after.end, "米"):
				add(Entity{Kind: EntityHeight, Start: int32(cur.start), End: int32(after.end + len("米")), Num: int32(min(cur.num, 1<<30))})
			case after.kind == 'h' && after.r == '米' && cur.ndig == 1:
				// 1米65, 1米6
				end := after.end
				cm := int32(cur.num) * 100
				if d := peekToken(q, after.end); d.kind == 'd' && d.ndig <= 2 {
					v := int32(d.num)
					if d.ndig == 1 {
						v *= 10
					}
					cm += v
					end = d.end
				}
				add(Entity{Kind: EntityHeight, Start: int32(cur.start), End: int32(end), Num: cm})
			case after.kind == 'a' && cur.ndig == 1 && cur.num >= 2 && cur.num <= 5 && alphaIs(after, "xl"):
				add(Entity{Kind: EntitySize, Start: int32(cur.start), End: int32(after.end)})
				cur = after
				i = after.end
			case cur.ndig == 11 && cur.num/1e10 == 1 && (cur.num/1e9)%10 >= 3:
				add(Entity{Kind: EntityPhone, Start: int32(cur.start), End: int32(cur.end)})
			case cur.ndig >= 6 && cur.ndig <= 20:
				add(Entity{Kind: EntityOrder, Start: int32(cur.start), End: int32(cur.end)})
			}
		case 'a':
			// A size is a word of its own: not after a number or a word,
			// not before one.
			if prev.kind != 'a' && prev.kind != 'd' && cur.nalpha <= 4 && sizeWord(cur) {
				if after := peekToken(q, i); after.kind != 'a' && after.kind != 'd' {
					add(Entity{Kind: EntitySize, Start: int32(cur.start), End: int32(cur.end)})
				}
			}
		case 'h':
			if cur.r == '均' {
				if after := peekToken(q, i); after.kind == 'h' && (after.r == '码' || after.r == '碼') {
					add(Entity{Kind: EntitySize, Start: int32(cur.start), End: int32(after.end)})
				}
			}
		}
		// What lies before the next byte that can start an entity starts
		// none (the units after a number are read by peekToken): skip it,
		// eight bytes at a time. Only whether the token before is a number
		// or a word matters (prev.kind), and a skipped one is neither.
		prev = cur
		if k := firstEntity(q, i); k != i {
			prev, i = token{}, k
		}
	}
	return n
}

// sizeWord reports whether letters t are a clothing size: XS S M L XL XXL XXXL.
func sizeWord(t token) bool {
	switch string(t.alpha[:t.nalpha]) {
	case "xs", "s", "m", "l", "xl", "xxl", "xxxl":
		return true
	}
	return false
}

// peekToken is the token at byte i of q, or none past its end.
func peekToken(q string, i int) token {
	if i >= len(q) {
		return token{}
	}
	return readToken(q, i)
}

// readToken reads the token starting at byte i of q, with full-width
// digits and letters read as ASCII and letters lower-cased: a run of
// digits, a run of letters, or one character (a separator, or for
// entityHan's characters kind 'h').
func readToken(q string, i int) token {
	t := token{start: i}
	c := q[i]
	switch {
	case c-'0' < 10:
		t.kind = 'd'
	case (c|0x20)-'a' < 26:
		t.kind = 'a'
	case c == 0xEF:
		if v := fullWidthAlnum(q, i); v-'0' < 10 {
			t.kind = 'd'
		} else if v != 0 {
			t.kind = 'a'
		}
	}
	j := i
	switch t.kind {
	case 'd':
		for j < len(q) {
			d, size := q[j]-'0', 1
			if d >= 10 {
				if d, size = fullWidthAlnum(q, j)-'0', 3; d >= 10 {
					break
				}
			}
			if t.ndig < 18 {
				t.num = t.num*10 + int64(d)
			}
			t.ndig++
			j += size
		}
	case 'a':
		for j < len(q) {
			l, size := q[j]|0x20, 1
			if l-'a' >= 26 || q[j] >= utf8.RuneSelf {
				if l, size = fullWidthAlnum(q, j), 3; l-'a' >= 26 {
					break
				}
			}
			if t.nalpha < len(t.alpha) {
				t.alpha[t.nalpha] = l
			}
			t.nalpha++
			j += size
		}
	default:
		r, size := utf8.DecodeRuneInString(q[i:])
		if entityHan(r) {
			t.kind, t.r = 'h', r
		}
		j += size
	}
	t.end = j
	return t
}

// fullWidthAlnum is, for a full-width digit or Latin letter at byte i of
// q (U+FF10..FF19, FF21..FF3A, FF41..FF5A), the ASCII digit or lower-case
// letter it folds to; else 0.
func fullWidthAlnum(q string, i int) byte {
	if i+2 >= len(q) || q[i] != 0xEF {
		return 0
	}
	switch c := q[i+2]; q[i+1] {
	case 0xBC:
		switch {
		case c-0x90 < 10:
			return c - 0x90 + '0'
		case c-0xA1 < 26:
			return c - 0xA1 + 'a'
		}
	case 0xBD:
		if c-0x81 < 26 {
			return c - 0x81 + 'a'
		}
	}
	return 0
}

// firstEntity is the first byte of q at or after from where an entity
// can start (startsEntity), or -1.
func firstEntity(q string, from int) int {
	i := from
	for ; i+8 <= len(q); i += 8 {
		// Eight bytes at a time past those that start no entity: Chinese
		// text; a window's candidates in order (most are punctuation).
		for m := entityBytes(word8(q, i)); m != 0; m &= m - 1 {
			if p := entityAt(q, i+bits.TrailingZeros64(m)>>3, from); p >= 0 {
				return p
			}
		}
	}
	if i >= len(q) {
		return -1
	}
	if len(q) < 8 {
		for ; i < len(q); i++ {
			if startsEntity(q, i) {
				return i
			}
		}
		return -1
	}
	// The last seven bytes or fewer: the window of the last eight, without
	// the bytes before i.
	j := len(q) - 8
	for m := entityBytes(word8(q, j)) &^ (uint64(1)<<(8*uint(i-j)) - 1); m != 0; m &= m - 1 {
		if p := entityAt(q, j+bits.TrailingZeros64(m)>>3, from); p >= 0 {
			return p
		}
	}
	return -1
}

// entityAt is, for a byte k of q that entityBytes marks, where the entity
// it may belong to starts (k, or k-1 for 均's second byte), when one
// starts there at or after from (startsEntity); else -1.
func entityAt(q string, k, from int) int {
	switch c := q[k]; {
	case c < utf8.RuneSelf:
		if c-'0' < 10 || (c|0x20)-'a' < 26 {
			return k
		}
	case c == 0xEF:
		if fullWidthAlnum(q, k) != 0 {
			return k
		}
	case c == 0x9D:
		if k > from && q[k-1] == 0xE5 && k+1 < len(q) && q[k+1] == 0x87 {
			return k - 1
		}
	}
	return -1
}

// entityBytes has the high bit of each byte of w (eight bytes of text,
// the first lowest) set that is ASCII, 0xEF or above (the first byte of
// full-width forms, and of four-byte characters), or 0x9D (the second
// byte of 均, and of other characters), and maybe of some bytes above the
// lowest one set. Zero means no entity starts in those bytes; a mark is no
// more than a candidate (entityAt): testing for ASCII digits and letters
// here would cost more than the punctuation it lets through.
func entityBytes(w uint64) uint64 {
	const ones, high = 0x0101010101010101, 0x8080808080808080
	// A byte's low seven bits plus 0x11 stay below 0x100 (no carry into
	// the next byte) and reach 0x80 from 0x6F up: for a byte with the high
	// bit (those without are ASCII, ^w), 0xEF and above. A zero byte of x
	// has its high bit set in (x - ones) &^ x, and a borrow may set it
	// above one: the lowest bit set is exact.
	x := w ^ 0x9D*ones
	return (^w | (w&^high + 0x11*ones) | (x-ones)&^x) & high
}

// word8 is q[i:i+8] as a little-endian word.
func word8(q string, i int) uint64 {
	b := q[i : i+8] // one bounds check, not eight
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// startsEntity reports whether an entity can start at q[i]: an ASCII or
// full-width digit or Latin letter, or 均.
func startsEntity(q string, i int) bool {
	switch c := q[i]; {
	case c < utf8.RuneSelf:
		return c-'0' < 10 || (c|0x20)-'a' < 26
	case c == 0xEF:
		return fullWidthAlnum(q, i) != 0
	}
	return q[i] == 0xE5 && i+2 < len(q) && q[i+1] == 0x9D && q[i+2] == 0x87
}

// entityHan reports whether r is a Chinese character entities read: 均
// (均码), units (斤, 公斤, 千克, 米, 厘米) and 码/号 sizes.
func entityHan(r rune) bool {
	switch r {
	case '均', '斤', '米', '码', '碼', '号', '號', '公', '厘', '千':
		return true
	}
	return false
}

func alphaIs(t token, s string) bool {
	return t.nalpha == len(s) && string(t.alpha[:t.nalpha]) == s
}

func hasAt(q string, i int, s string) bool {
	return i+len(s) <= len(q) && q[i:i+len(s)] == s
}
