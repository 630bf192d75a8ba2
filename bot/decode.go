package bot

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unsafe"
)

type decoder struct {
	secs  map[uint32][]byte
	elems map[uint32]uint32
	err   error
}

// view returns section id as a []T without copying when the machine is
// little-endian and the bytes are aligned, else as a decoded copy.
func view[T any](d *decoder, id uint32) []T {
	var zero T
	size := int(unsafe.Sizeof(zero))
	b := d.secs[id]
	if d.err != nil {
		return nil
	}
	if int(d.elems[id]) != size {
		d.err = &CorruptError{fmt.Sprintf("section %d has element size %d, want %d", id, d.elems[id], size)}
		return nil
	}
	n := len(b) / size
	if n == 0 {
		return nil
	}
	if littleEndian && uintptr(unsafe.Pointer(&b[0]))%unsafe.Alignof(zero) == 0 {
		return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), n)
	}
	out := make([]T, n)
	if err := binary.Read(bytesReader(b), binary.LittleEndian, out); err != nil {
		d.err = &CorruptError{err.Error()}
		return nil
	}
	return out
}

type byteReader struct {
	b []byte
	i int
}

func bytesReader(b []byte) *byteReader { return &byteReader{b: b} }

func (r *byteReader) Read(p []byte) (int, error) {
	if r.i >= len(r.b) {
		return 0, errors.New("EOF")
	}
	n := copy(p, r.b[r.i:])
	r.i += n
	return n, nil
}

// recReader reads the varint records, failing (not panicking) on short or
// absurd input.
type recReader struct {
	b    []byte
	err  error
	left *int // items (scripts, triggers, examples, reply parts) still allowed
}

func (r *recReader) fail(what string) {
	if r.err == nil {
		r.err = &CorruptError{what}
	}
}

func (r *recReader) u() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail("bad varint")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *recReader) i() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail("bad varint")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *recReader) i32() int32 {
	v := r.i()
	if v < math.MinInt32 || v > math.MaxInt32 {
		r.fail("number out of range")
		return 0
	}
	return int32(v)
}

// count reads a count of items of at least minBytes bytes each, and
// charges it to the bundle's item budget, so that a small file cannot
// declare millions of empty records and make the decoder allocate
// gigabytes for them.
func (r *recReader) count(limit, minBytes int) int {
	v := r.u()
	if v > uint64(limit) || v*uint64(minBytes) > uint64(len(r.b)) {
		r.fail("count out of range")
		return 0
	}
	if r.left != nil {
		if *r.left -= int(v); *r.left < 0 {
			r.fail("more records than any bundle xm writes")
			return 0
		}
	}
	return int(v)
}

// Limits on what a bundle may declare (xm compile refuses a project over
// them), which bound the memory a crafted bundle can make Load take.
const (
	MaxScripts  = 1 << 20
	MaxTriggers = 1 << 16
	maxRecords  = 1 << 23 // scripts, triggers, examples and reply parts together
)

func (r *recReader) str() string {
	n := r.u()
	if r.err != nil {
		return ""
	}
	if n > uint64(len(r.b)) {
		r.fail("string past the end")
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *recReader) tmpl() Template {
	n := r.count(1<<16, 2)
	t := make(Template, 0, n)
	for j := 0; j < n && r.err == nil; j++ {
		kind := r.u()
		s := r.str()
		if kind == 1 {
			t = append(t, segment{name: s})
		} else {
			t = append(t, segment{lit: s})
		}
	}
	return t
}

func (d *decoder) decode(b *Bundle) error {
	left := maxRecords
	meta := &recReader{b: d.secs[secMeta], left: &left}
	b.Shop, b.Category, b.Timezone = meta.str(), meta.str(), meta.str()
	b.Threshold = math.Float32frombits(uint32(meta.u()))
	avg := math.Float32frombits(uint32(meta.u()))
	b.Handoff, b.Fallback = meta.tmpl(), meta.tmpl()
	if meta.err != nil {
		return meta.err
	}

	sr := &recReader{b: d.secs[secScripts], left: &left}
	ns := sr.count(MaxScripts, 13)
	b.Scripts = make([]Script, 0, ns)
	for i := 0; i < ns && sr.err == nil; i++ {
		s := Script{ID: sr.str(), Topic: sr.str(), File: sr.str()}
		s.Line = int(sr.u() & 0x7fffffff)
		s.ReplyFile = sr.str()
		s.ReplyLine = int(sr.u() & 0x7fffffff)
		s.Priority = sr.i32()
		s.Handoff = sr.u() == 1
		s.Require = int32(sr.u() & 0xffff)
		s.From, s.Until = sr.i32(), sr.i32()
		s.Reply = sr.tmpl()
		ne := sr.count(1<<20, 1)
		for j := 0; j < ne && sr.err == nil; j++ {
			s.Examples = append(s.Examples, sr.str())
		}
		b.Scripts = append(b.Scripts, s)
	}
	if sr.err != nil {
		return sr.err
	}
	tr := &recReader{b: d.secs[secTriggers], left: &left}
	nt := tr.count(MaxTriggers, 10)
	for i := 0; i < nt && tr.err == nil; i++ {
		t := Trigger{ID: tr.str(), File: tr.str()}
		t.Line = int(tr.u() & 0x7fffffff)
		t.Event = tr.str()
		t.From, t.To = tr.i32(), tr.i32()
		t.Days = uint8(tr.u())
		t.ValidFr, t.ValidTo = tr.i32(), tr.i32()
		t.Reply = tr.tmpl()
		b.Triggers = append(b.Triggers, t)
	}
	if tr.err != nil {
		return tr.err
	}

	blob := d.secs[secPatBlob]
	off := view[uint32](d, secPatOff)
	ac := &Automaton{table: &charTable{}}
	ac.states = view[state](d, secStates)
	ac.outs = view[output](d, secOuts)
	ac.patLen = view[int32](d, secPatLen)
	ac.table.index = view[uint16](d, secTabIndex)
	ac.table.blocks = view[uint32](d, secTabBlocks)
	ac.table.astral = view[uint64](d, secTabAstral)
	ac.table.runes = view[rune](d, secTabRunes)
	b.ownOff = view[uint32](d, secOwnOff)
	b.owners = view[owner](d, secOwners)
	sim := &simIndex{avgLen: avg}
	sim.terms = view[uint64](d, secSimTerms)
	sim.idf = view[float32](d, secSimIDF)
	sim.postOff = view[uint32](d, secSimPostOff)
	sim.postDoc = view[uint32](d, secSimPostDoc)
	sim.postW = view[float32](d, secSimPostW)
	sim.docLen = view[uint16](d, secSimDocLen)
	sim.docSelf = view[float32](d, secSimDocSelf)
	sim.docOwner = view[int32](d, secSimDocOwner)
	sim.slots = view[int32](d, secSimSlots)
	sim.exOff = view[uint32](d, secSimExOff)
	sim.exDoc = view[uint32](d, secSimExDoc)
	sim.exW = view[float32](d, secSimExW)
	sim.exProf = view[uint32](d, secSimExProf)
	if d.err != nil {
		return d.err
	}
	if len(off) == 0 {
		return &CorruptError{"pattern offsets missing"}
	}
	b.patterns = make([]string, len(off)-1)
	for i := range b.patterns {
		lo, hi := off[i], off[i+1]
		if lo > hi || int(hi) > len(blob) {
			return &CorruptError{"pattern offsets out of bounds"}
		}
		if hi > lo {
			b.patterns[i] = unsafe.String(&blob[lo], int(hi-lo))
		}
	}
	b.ac, b.sim = ac, sim
	return b.decodeLang(d.secs[secLang])
}

// validate checks every index the matcher will follow, so that answering
// can never read out of bounds or loop.
func (b *Bundle) validate() error {
	ac := b.ac
	np := int32(len(b.patterns))
	ns := int32(len(ac.states))
	if ns == 0 {
		return errors.New("no automaton states")
	}
	if len(ac.patLen) != int(np) {
		return errors.New("pattern lengths do not match the pattern table")
	}
	for _, l := range ac.patLen {
		if l < 1 || l > maxPatternLen {
			return errors.New("pattern length out of range")
		}
	}
	// The walk takes the root's child for code c to be state c (the root's
	// base is 0, as every bundle xm writes has it) and reads state c for
	// every code: there are at least as many states as codes. It reads
	// the root's check in place of a slot past the states, which must then
	// name no state (it is -1 in every bundle xm writes).
	if ac.states[0].base != 0 {
		return errors.New("root's base is not 0")
	}
	if ac.states[0].check >= 0 {
		return errors.New("root has a parent")
	}
	if len(ac.table.runes) > int(ns) {
		return errors.New("fewer automaton states than character codes")
	}
	for i, st := range ac.states {
		if st.fail < 0 || st.fail >= ns || st.out < 0 || int(st.out) > len(ac.outs) {
			return fmt.Errorf("state %d links out of range", i)
		}
		if i == 0 && st.fail != 0 {
			return errors.New("root has a failure link")
		}
	}
	// Failure links must reach the root: each step is shallower, and no
	// pattern is longer than maxPatternLen.
	for i := range ac.states {
		s := int32(i)
		for steps := 0; s != 0; steps++ {
			if steps > maxPatternLen+1 {
				return fmt.Errorf("state %d: failure links loop", i)
			}
			s = ac.states[s].fail
		}
	}
	for i, o := range ac.outs {
		if o.pattern < 0 || o.pattern >= np || o.next < 0 || int(o.next) > i {
			return fmt.Errorf("output %d out of range", i)
		}
	}
	t := ac.table
	if len(t.index) != 256 || len(t.blocks)%256 != 0 || len(t.runes) == 0 {
		return errors.New("character table malformed")
	}
	for _, blk := range t.index {
		if int(blk)*256 >= len(t.blocks) {
			return errors.New("character table index out of range")
		}
	}
	checkEntry := func(e uint32) error {
		switch e & tagMask {
		case tagCode:
			if int(e&^tagMask) >= len(t.runes) || e&^tagMask == 0 {
				return errors.New("character code out of range")
			}
		case tagFold:
			if e&^tagMask > 0x10FFFF {
				return errors.New("folded character out of range")
			}
		}
		return nil
	}
	for _, e := range t.blocks {
		if err := checkEntry(e); err != nil {
			return err
		}
	}
	for i, a := range t.astral {
		if err := checkEntry(uint32(a)); err != nil {
			return err
		}
		if i > 0 && t.astral[i-1]>>32 >= a>>32 {
			return errors.New("astral table not sorted")
		}
	}
	if len(b.ownOff) != int(np)+1 || b.ownOff[0] != 0 {
		return errors.New("owner offsets malformed")
	}
	for i := 1; i < len(b.ownOff); i++ {
		if b.ownOff[i] < b.ownOff[i-1] || int(b.ownOff[i]) > len(b.owners) {
			return errors.New("owner offsets out of range")
		}
	}
	nsc := int32(len(b.Scripts))
	for _, o := range b.owners {
		if o.role < RoleKeyword || o.role >= roleEnd {
			return errors.New("keyword role out of range")
		}
		if o.role == RoleConcept || o.role == RoleAnchor {
			continue // validateLang checks them against the language section
		}
		if o.role == RoleHandoff || o.role == RoleUrgent {
			if o.script != -1 {
				return errors.New("handoff keyword owned by a script")
			}
		} else if o.script < 0 || o.script >= nsc {
			return errors.New("keyword owner out of range")
		}
	}
	sim := b.sim
	nd := len(sim.docLen)
	if len(sim.idf) != len(sim.terms) || len(sim.postOff) != len(sim.terms)+1 ||
		len(sim.postDoc) != len(sim.postW) || len(sim.docSelf) != nd || len(sim.docOwner) != nd {
		return errors.New("similarity index malformed")
	}
	for i := 1; i < len(sim.postOff); i++ {
		if sim.postOff[i] < sim.postOff[i-1] || int(sim.postOff[i]) > len(sim.postDoc) {
			return errors.New("similarity postings out of range")
		}
	}
	if len(sim.exOff) != len(sim.terms)+1 || len(sim.exDoc) != len(sim.exW) {
		return errors.New("similarity example index malformed")
	}
	for i := 1; i < len(sim.exOff); i++ {
		if sim.exOff[i] < sim.exOff[i-1] || int(sim.exOff[i]) > len(sim.exDoc) {
			return errors.New("similarity example postings out of range")
		}
	}
	for _, e := range sim.exDoc {
		if int(e) >= len(sim.exProf) {
			return errors.New("similarity example posting out of range")
		}
	}
	for _, p := range sim.exProf {
		if int(p) >= nd {
			return errors.New("example profile out of range")
		}
	}
	for i := 1; i < len(sim.terms); i++ {
		if sim.terms[i-1] >= sim.terms[i] {
			return errors.New("similarity terms not sorted")
		}
	}
	if ns := len(sim.slots); ns == 0 || ns&(ns-1) != 0 || ns < 2*len(sim.terms) {
		return errors.New("similarity hash table malformed")
	}
	empty := 0
	for _, i := range sim.slots {
		if i < -1 || int(i) >= len(sim.terms) {
			return errors.New("similarity hash slot out of range")
		}
		if i == -1 {
			empty++
		}
	}
	if empty < len(sim.slots)/2 {
		return errors.New("similarity hash table too full")
	}
	for _, d := range sim.postDoc {
		if int(d) >= nd {
			return errors.New("similarity posting out of range")
		}
	}
	for _, o := range sim.docOwner {
		if o < 0 || o >= nsc {
			return errors.New("example owner out of range")
		}
	}
	if nd > 0 && !(sim.avgLen > 0) {
		return errors.New("similarity average length invalid")
	}
	for _, s := range b.Scripts {
		if s.Require < 0 || s.Require > maxRequire {
			return errors.New("script require count out of range")
		}
	}
	return nil
}
