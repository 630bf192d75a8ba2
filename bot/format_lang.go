package bot

import "errors"

// The language section (secLang) holds what concepts, patterns, small
// talk and the similarity stopwords need, as one record of varints:
//
//	gap, complaints, dispute+1, smalltalk template, greeting template
//	concepts: count, names
//	special: numSpecial × (index+1)
//	skip-negated scripts: count, indexes
//	patterns: count, × {script, text, terms: count, × code}
//	pattern flags: count, × flags
//	context concepts: count, indexes
//	stopword runes: count, runes

func (b *Bundle) encodeLang() []byte {
	var w recWriter
	w.u(uint64(b.Gap))
	w.bool(b.Complaints)
	w.u(uint64(b.dispute + 1))
	w.tmpl(b.Smalltalk)
	w.tmpl(b.Greeting)
	w.u(uint64(len(b.Concepts)))
	for _, c := range b.Concepts {
		w.str(c)
	}
	for _, c := range b.special {
		w.u(uint64(c + 1))
	}
	var skip []int
	for i, s := range b.Scripts {
		if s.SkipNegated {
			skip = append(skip, i)
		}
	}
	w.u(uint64(len(skip)))
	for _, i := range skip {
		w.u(uint64(i))
	}
	w.u(uint64(len(b.Patterns)))
	for r, p := range b.Patterns {
		w.u(uint64(p.Script))
		w.str(p.Text)
		terms := b.terms[b.ruleOff[r]:b.ruleOff[r+1]]
		w.u(uint64(len(terms)))
		for _, t := range terms {
			w.i(int64(t))
		}
	}
	w.u(uint64(len(b.patFlags)))
	for _, f := range b.patFlags {
		w.u(uint64(f))
	}
	var ctx []int
	for i, c := range b.context {
		if c {
			ctx = append(ctx, i)
		}
	}
	w.u(uint64(len(ctx)))
	for _, i := range ctx {
		w.u(uint64(i))
	}
	w.u(uint64(len(b.sim.stop)))
	for _, r := range b.sim.stop {
		w.u(uint64(r))
	}
	return w.buf
}

func (b *Bundle) decodeLang(data []byte) error {
	left := maxRecords
	r := &recReader{b: data, left: &left}
	b.Gap = int32(r.u() & 0xff)
	b.Complaints = r.u() == 1
	b.dispute = int32(r.u()&0x7fffffff) - 1
	b.Smalltalk, b.Greeting = r.tmpl(), r.tmpl()
	nc := r.count(1<<16, 1)
	for i := 0; i < nc && r.err == nil; i++ {
		b.Concepts = append(b.Concepts, r.str())
	}
	for i := range b.special {
		b.special[i] = int32(r.u()&0x7fffffff) - 1
	}
	nskip := r.count(1<<24, 1)
	for i := 0; i < nskip && r.err == nil; i++ {
		if s := r.u(); s < uint64(len(b.Scripts)) {
			b.Scripts[s].SkipNegated = true
		} else {
			r.fail("negation list")
		}
	}
	np := r.count(1<<24, 3)
	b.ruleOff = []uint32{0}
	for i := 0; i < np && r.err == nil; i++ {
		p := PatternRule{Script: int32(r.u() & 0x7fffffff), Text: r.str()}
		nt := r.count(MaxPatternTerms, 1)
		if nt == 0 {
			r.fail("pattern terms")
		}
		for j := 0; j < nt && r.err == nil; j++ {
			b.terms = append(b.terms, int32(r.i()))
		}
		b.Patterns = append(b.Patterns, p)
		b.ruleOff = append(b.ruleOff, uint32(len(b.terms)))
	}
	nf := r.count(1<<28, 1)
	if nf > len(r.b) {
		r.fail("pattern flags")
	}
	b.patFlags = make([]uint16, 0, min(nf, len(r.b)))
	for i := 0; i < nf && r.err == nil; i++ {
		b.patFlags = append(b.patFlags, uint16(r.u()))
	}
	b.context = make([]bool, len(b.Concepts))
	nctx := r.count(1<<16, 1)
	for i := 0; i < nctx && r.err == nil; i++ {
		if c := r.u(); c < uint64(len(b.context)) {
			b.context[c] = true
		} else {
			r.fail("context concepts")
		}
	}
	ns := r.count(1<<20, 1)
	var stop []rune
	for i := 0; i < ns && r.err == nil; i++ {
		stop = append(stop, rune(r.u()&0x1fffff))
	}
	if r.err != nil {
		return r.err
	}
	b.deriveNoTopic()
	b.sim.stop, b.sim.stopSet = stop, newStopSet(stop)
	return nil
}

// validateLang checks the language section's indexes.
func (b *Bundle) validateLang() error {
	np := int32(len(b.patterns))
	if len(b.patFlags) != int(np) {
		return errors.New("pattern flags do not match the pattern table")
	}
	if b.Gap < 1 || b.Gap > MaxGap {
		return errors.New("pattern gap out of range")
	}
	nc := int32(len(b.Concepts))
	for _, c := range b.special {
		if c < -1 || c >= nc {
			return errors.New("special concept out of range")
		}
	}
	if b.dispute < -1 || b.dispute >= int32(len(b.Scripts)) {
		return errors.New("dispute script out of range")
	}
	for _, p := range b.Patterns {
		if p.Script < 0 || p.Script >= int32(len(b.Scripts)) {
			return errors.New("pattern owner out of range")
		}
	}
	for _, t := range b.terms {
		if t >= np || t < 0 && t != termNumber && -1-t >= nc {
			return errors.New("pattern term out of range")
		}
	}
	for i := 1; i < len(b.sim.stop); i++ {
		if b.sim.stop[i-1] >= b.sim.stop[i] {
			return errors.New("stopwords not sorted")
		}
	}
	for _, o := range b.owners {
		switch o.role {
		case RoleConcept:
			if o.script < 0 || o.script >= nc {
				return errors.New("concept owner out of range")
			}
		case RoleAnchor:
			if o.script < 0 || int(o.script) >= len(b.Patterns) {
				return errors.New("pattern anchor out of range")
			}
		case RoleRequire:
			if o.group >= maxRequire {
				return errors.New("require group out of range")
			}
		}
	}
	return nil
}
