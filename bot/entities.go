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

// foldASCII folds full-width digits and letters and lower-cases Latin, the
// little of normalising the entity scanner needs.
func foldASCII(r rune) rune {
	if r >= 0xFF10 && r <= 0xFF5A {
		r -= 0xFEE0
	}
	if r >= 'A' && r <= 'Z' {
		r += 'a' - 'A'
	}
	return r
}

// extract scans q once, by hand (no regular expressions), and writes what
// it finds into out; it returns how many.
func extract(q string, out *[maxEntities]Entity) int {
	// Most questions hold no digit, Latin letter, full-width form or 均:
	// find the first byte that could start an entity, without decoding.
	first := firstEntity(q, 0)
	if first < 0 {
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
	// next reads the token starting at byte i.
	next := func(i int) (token, int) {
		r, size := utf8.DecodeRuneInString(q[i:])
		f := foldASCII(r)
		t := token{start: i}
		switch {
		case f >= '0' && f <= '9':
			t.kind = 'd'
			j := i
			for j < len(q) {
				r, size := utf8.DecodeRuneInString(q[j:])
				f := foldASCII(r)
				if f < '0' || f > '9' {
					break
				}
				if t.ndig < 18 {
					t.num = t.num*10 + int64(f-'0')
				}
				t.ndig++
				j += size
			}
			t.end = j
			return t, j
		case f >= 'a' && f <= 'z':
			t.kind = 'a'
			j := i
			for j < len(q) {
				r, size := utf8.DecodeRuneInString(q[j:])
				f := foldASCII(r)
				if f < 'a' || f > 'z' {
					break
				}
				if t.nalpha < len(t.alpha) {
					t.alpha[t.nalpha] = byte(f)
				}
				t.nalpha++
				j += size
			}
			t.end = j
			return t, j
		case entityHan(r):
			t.kind, t.r, t.end = 'h', r, i+size
			return t, i + size
		}
		t.end = i + size
		return t, i + size
	}
	peek := func(i int) token {
		if i >= len(q) {
			return token{}
		}
		t, _ := next(i)
		return t
	}
	for i := first; i < len(q); {
		prev = cur
		// What lies before the next byte that can start an entity starts
		// none (the units after a number are read by peek): skip it, eight
		// bytes at a time. Only whether the token before is a number or a
		// word matters (prev.kind), and a skipped one is neither.
		if k := firstEntity(q, i); k != i {
			if k < 0 {
				break
			}
			prev, i = token{}, k
		}
		cur, i = next(i)
		switch cur.kind {
		case 'd':
			after := peek(i)
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
				if d := peek(after.end); d.kind == 'd' && d.ndig <= 2 {
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
			if prev.kind == 'a' || prev.kind == 'd' {
				continue
			}
			if after := peek(i); after.kind == 'a' || after.kind == 'd' {
				continue
			}
			for _, s := range [...]string{"xs", "s", "m", "l", "xl", "xxl", "xxxl"} {
				if alphaIs(cur, s) {
					add(Entity{Kind: EntitySize, Start: int32(cur.start), End: int32(cur.end)})
					break
				}
			}
		case 'h':
			if cur.r == '均' {
				if after := peek(i); after.kind == 'h' && (after.r == '码' || after.r == '碼') {
					add(Entity{Kind: EntitySize, Start: int32(cur.start), End: int32(after.end)})
				}
			}
		}
	}
	return n
}

// entityByte marks the bytes an entity other than 均码 can start with: a
// digit, a Latin letter, 0xEF (the first byte of full-width forms).
var entityByte = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == 0xEF
	}
	return t
}()

// firstEntity is the first byte of q at or after i where an entity can
// start (startsEntity), or -1.
func firstEntity(q string, i int) int {
	for i+9 <= len(q) {
		// Eight bytes at a time past those with no ASCII byte, no 0xEF
		// (full-width forms) and no 0xE5 0x9D (均): Chinese text. The
		// mask's lowest byte is a candidate (those above it may not be):
		// one exact test, no loop over the bytes.
		m := entityStarts(q[i : i+9])
		if m == 0 {
			i += 8
			continue
		}
		k := i + bits.TrailingZeros64(m)>>3
		if startsEntity(q, k) {
			return k
		}
		i = k + 1
	}
	if len(q) < 9 {
		for ; i < len(q); i++ {
			if startsEntity(q, i) {
				return i
			}
		}
		return -1
	}
	// The last eight bytes or fewer: the window of the last nine, without
	// the bytes before i, then the last byte (no 均 starts there).
	if i >= len(q) {
		return -1
	}
	j := len(q) - 9
	m := entityStarts(q[j:]) &^ (uint64(1)<<(8*uint(i-j)) - 1)
	for ; m != 0; m &= m - 1 {
		if k := j + bits.TrailingZeros64(m)>>3; startsEntity(q, k) {
			return k
		}
	}
	if entityByte[q[len(q)-1]] {
		return len(q) - 1
	}
	return -1
}

// entityStarts has the high bit of each byte of b[:8] set that is ASCII,
// 0xEF, or 0xE5 followed by 0x9D (均's first two bytes), and maybe of some
// bytes above the lowest one set; it reads b[:9]. Zero means no entity
// starts there.
func entityStarts(b string) uint64 {
	const ones, high = 0x0101010101010101, 0x8080808080808080
	b = b[:9] // one bounds check, not nine
	w := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
	next := w>>8 | uint64(b[8])<<56 // the byte after each
	// A zero byte of x has its high bit set in (x - ones) &^ x, and a borrow
	// may set it above one: the lowest bit set is a zero byte.
	ef, e5, nd := w^(0xEF*ones), w^(0xE5*ones), next^(0x9D*ones)
	return (^w | (ef-ones)&^ef | (e5-ones)&^e5&((nd-ones)&^nd)) & high
}

// startsEntity reports whether an entity can start at q[i]: a byte of
// entityByte, or 均.
func startsEntity(q string, i int) bool {
	c := q[i]
	return entityByte[c] || c == 0xE5 && i+2 < len(q) && q[i+1] == 0x9D && q[i+2] == 0x87
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

// entityHanBits has bit r&63 set for each character entityHan accepts: a
// character whose bit is clear is none of them, known in one test.
const entityHanBits uint64 = 1<<('均'&63) | 1<<('斤'&63) | 1<<('米'&63) | 1<<('码'&63) | 1<<('碼'&63) |
	1<<('号'&63) | 1<<('號'&63) | 1<<('公'&63) | 1<<('厘'&63) | 1<<('千'&63)

func alphaIs(t token, s string) bool {
	return t.nalpha == len(s) && string(t.alpha[:t.nalpha]) == s
}

func hasAt(q string, i int, s string) bool {
	return i+len(s) <= len(q) && q[i:i+len(s)] == s
}
