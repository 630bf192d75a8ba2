package bot

import (
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
	first := -1
	for i := 0; first < 0 && i < len(q); {
		// Eight bytes at a time past those with no ASCII byte, no 0xEF
		// (full-width forms) and no 0xE5 (均's first byte): Chinese text.
		for i+8 <= len(q) && !mayStartEntity(q, i) {
			i += 8
		}
		for end := min(i+8, len(q)); i < end; i++ {
			c := q[i]
			if c-'0' <= 9 || (c|0x20)-'a' <= 25 || c == 0xEF || c == 0xE5 && i+2 < len(q) && q[i+1] == 0x9D && q[i+2] == 0x87 {
				first = i
				break
			}
		}
	}
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
		case r == '均' || r == '斤' || r == '米' || r == '码' || r == '碼' || r == '号' || r == '號' || r == '公' || r == '厘' || r == '千':
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
		// Most of a question is Chinese characters that start no entity:
		// step over them without tokenising (next would give kind 0).
		if c := q[i]; c >= 0xE4 && c <= 0xE9 && i+2 < len(q) && q[i+1]&0xC0 == 0x80 && q[i+2]&0xC0 == 0x80 {
			switch rune(c&0x0F)<<12 | rune(q[i+1]&0x3F)<<6 | rune(q[i+2]&0x3F) {
			case '均', '斤', '米', '码', '碼', '号', '號', '公', '厘', '千':
			default:
				cur = token{}
				i += 3
				continue
			}
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

// mayStartEntity reports whether q[i:i+8] holds an ASCII byte, 0xEF or
// 0xE5: false means no entity starts there.
func mayStartEntity(q string, i int) bool {
	const ones, high = 0x0101010101010101, 0x8080808080808080
	w := uint64(q[i]) | uint64(q[i+1])<<8 | uint64(q[i+2])<<16 | uint64(q[i+3])<<24 |
		uint64(q[i+4])<<32 | uint64(q[i+5])<<40 | uint64(q[i+6])<<48 | uint64(q[i+7])<<56
	ef, e5 := w^(0xEF*ones), w^(0xE5*ones)
	return (^w|(ef-ones)&^ef|(e5-ones)&^e5)&high != 0
}

func alphaIs(t token, s string) bool {
	return t.nalpha == len(s) && string(t.alpha[:t.nalpha]) == s
}

func hasAt(q string, i int, s string) bool {
	return i+len(s) <= len(q) && q[i:i+len(s)] == s
}
