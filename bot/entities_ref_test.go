package bot

import "unicode/utf8"

// extractRef is extract as it was before its main loop skipped to the
// next byte that can start an entity (a character at a time): the
// reference FuzzEntities checks extract against.
func extractRef(q string, out *[maxEntities]Entity) int {
	// Every character from the first: this reference does not skip.
	first := 0
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
		// Most of a question is Chinese characters and punctuation that
		// start no entity: step over them without tokenising (next would
		// give kind 0). Three-byte characters but the overlong (E0),
		// surrogate (ED) and full-width (EF) leads: all but entityHan's are
		// separators.
		if c := q[i]; c >= 0xE1 && c <= 0xEE && c != 0xED && i+2 < len(q) && q[i+1]&0xC0 == 0x80 && q[i+2]&0xC0 == 0x80 {
			if r := rune(c&0x0F)<<12 | rune(q[i+1]&0x3F)<<6 | rune(q[i+2]&0x3F); entityHanBits>>(r&63)&1 == 0 || !entityHan(r) {
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

// entityHanBits has bit r&63 set for each character entityHan accepts: a
// character whose bit is clear is none of them, known in one test.
const entityHanBits uint64 = 1<<('均'&63) | 1<<('斤'&63) | 1<<('米'&63) | 1<<('码'&63) | 1<<('碼'&63) |
	1<<('号'&63) | 1<<('號'&63) | 1<<('公'&63) | 1<<('厘'&63) | 1<<('千'&63)
