package bot

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"unsafe"

	"github.com/xm-dev/xm/internal/atomicfile"
)

// The bundle file (.xmb) is little-endian:
//
//	magic      8 bytes  "\x89XMB\r\n\x1a\n" (catches text-mode transfers)
//	version    uint32   FormatVersion
//	sections   uint32   count
//	source     [32]byte SHA-256 of the project's files
//	table      count × {id uint32, elemSize uint32, offset uint64, length uint64}
//	sections   each 8-byte aligned: flat arrays, sliced in place on load
//	crc        uint32   CRC-32C of everything before it
//
// Loading reads the file once, checks the CRC, then slices the arrays out
// of the buffer without copying or rebuilding, after checking every
// length, offset and index they hold, so a corrupt or crafted bundle is
// refused with an error instead of crashing the bot.

// FormatVersion is the bundle format this build writes and reads.
const FormatVersion = 4

var magic = [8]byte{0x89, 'X', 'M', 'B', '\r', '\n', 0x1a, '\n'}

const headerSize = 8 + 4 + 4 + 32

const (
	secMeta = iota + 1
	secScripts
	secTriggers
	secPatBlob
	secPatOff
	secStates
	secOuts
	secPatLen
	secTabIndex
	secTabBlocks
	secTabAstral
	secTabRunes
	secOwnOff
	secOwners
	secSimTerms
	secSimIDF
	secSimPostOff
	secSimPostDoc
	secSimPostW
	secSimDocLen
	secSimDocSelf
	secSimDocOwner
	secSimSlots
	secLang
	secSimExOff
	secSimExDoc
	secSimExW
	secSimExProf
	numSections = secSimExProf
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Encode writes the bundle's bytes. The same bundle gives the same bytes.
func (b *Bundle) Encode() []byte {
	var w sectionWriter
	var meta recWriter
	meta.str(b.Shop)
	meta.str(b.Category)
	meta.str(b.Timezone)
	meta.u(uint64(math.Float32bits(b.Threshold)))
	meta.u(uint64(math.Float32bits(b.sim.avgLen)))
	meta.tmpl(b.Handoff)
	meta.tmpl(b.Fallback)
	w.add(secMeta, 1, meta.buf)

	var sr recWriter
	sr.u(uint64(len(b.Scripts)))
	for _, s := range b.Scripts {
		sr.str(s.ID)
		sr.str(s.Topic)
		sr.str(s.File)
		sr.u(uint64(s.Line))
		sr.str(s.ReplyFile)
		sr.u(uint64(s.ReplyLine))
		sr.i(int64(s.Priority))
		sr.bool(s.Handoff)
		sr.u(uint64(s.Require))
		sr.i(int64(s.From))
		sr.i(int64(s.Until))
		sr.tmpl(s.Reply)
		sr.u(uint64(len(s.Examples)))
		for _, e := range s.Examples {
			sr.str(e)
		}
	}
	w.add(secScripts, 1, sr.buf)

	var tr recWriter
	tr.u(uint64(len(b.Triggers)))
	for _, t := range b.Triggers {
		tr.str(t.ID)
		tr.str(t.File)
		tr.u(uint64(t.Line))
		tr.str(t.Event)
		tr.i(int64(t.From))
		tr.i(int64(t.To))
		tr.u(uint64(t.Days))
		tr.i(int64(t.ValidFr))
		tr.i(int64(t.ValidTo))
		tr.tmpl(t.Reply)
	}
	w.add(secTriggers, 1, tr.buf)

	var blob []byte
	off := make([]uint32, 0, len(b.patterns)+1)
	for _, p := range b.patterns {
		off = append(off, uint32(len(blob)))
		blob = append(blob, p...)
	}
	off = append(off, uint32(len(blob)))
	w.add(secPatBlob, 1, blob)
	w.add(secPatOff, 4, asBytes(off))
	w.add(secStates, 16, asBytes(b.ac.states))
	w.add(secOuts, 8, asBytes(b.ac.outs))
	w.add(secPatLen, 4, asBytes(b.ac.patLen))
	w.add(secTabIndex, 2, asBytes(b.ac.table.index))
	w.add(secTabBlocks, 4, asBytes(b.ac.table.blocks))
	w.add(secTabAstral, 8, asBytes(b.ac.table.astral))
	w.add(secTabRunes, 4, asBytes(b.ac.table.runes))
	w.add(secOwnOff, 4, asBytes(b.ownOff))
	// owner has padding, which a raw copy would carry as it happens to be:
	// write it field by field, so equal bundles are equal bytes.
	own := make([]byte, 8*len(b.owners))
	for i, o := range b.owners {
		binary.LittleEndian.PutUint32(own[8*i:], uint32(o.script))
		own[8*i+4] = byte(o.role)
		binary.LittleEndian.PutUint16(own[8*i+6:], o.group)
	}
	w.add(secOwners, 8, own)
	w.add(secSimTerms, 8, asBytes(b.sim.terms))
	w.add(secSimIDF, 4, asBytes(b.sim.idf))
	w.add(secSimPostOff, 4, asBytes(b.sim.postOff))
	w.add(secSimPostDoc, 4, asBytes(b.sim.postDoc))
	w.add(secSimPostW, 4, asBytes(b.sim.postW))
	w.add(secSimDocLen, 2, asBytes(b.sim.docLen))
	w.add(secSimDocSelf, 4, asBytes(b.sim.docSelf))
	w.add(secSimDocOwner, 4, asBytes(b.sim.docOwner))
	w.add(secSimSlots, 4, asBytes(b.sim.slots))
	w.add(secLang, 1, b.encodeLang())
	w.add(secSimExOff, 4, asBytes(b.sim.exOff))
	w.add(secSimExDoc, 4, asBytes(b.sim.exDoc))
	w.add(secSimExW, 4, asBytes(b.sim.exW))
	w.add(secSimExProf, 4, asBytes(b.sim.exProf))
	return w.finish(b.SourceHash)
}

type section struct {
	id, elem uint32
	data     []byte
}

type sectionWriter struct{ secs []section }

func (w *sectionWriter) add(id, elem uint32, data []byte) {
	w.secs = append(w.secs, section{id, elem, data})
}

func align8(n int) int { return (n + 7) &^ 7 }

func (w *sectionWriter) finish(hash [32]byte) []byte {
	size := align8(headerSize + 24*len(w.secs))
	offs := make([]int, len(w.secs))
	for i, s := range w.secs {
		offs[i] = size
		size = align8(size + len(s.data))
	}
	out := make([]byte, size, size+4)
	copy(out, magic[:])
	le := binary.LittleEndian
	le.PutUint32(out[8:], FormatVersion)
	le.PutUint32(out[12:], uint32(len(w.secs)))
	copy(out[16:48], hash[:])
	for i, s := range w.secs {
		t := out[headerSize+24*i:]
		le.PutUint32(t, s.id)
		le.PutUint32(t[4:], s.elem)
		le.PutUint64(t[8:], uint64(offs[i]))
		le.PutUint64(t[16:], uint64(len(s.data)))
		copy(out[offs[i]:], s.data)
	}
	return le.AppendUint32(out, crc32.Checksum(out, castagnoli))
}

// asBytes views a slice of fixed-size values as little-endian bytes.
func asBytes[T any](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	n := int(unsafe.Sizeof(s[0])) * len(s)
	if !littleEndian {
		panic("xm bundles are written on little-endian machines only")
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), n)
}

var littleEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()

// recWriter writes varint records for the small, irregular sections.
type recWriter struct{ buf []byte }

func (w *recWriter) u(v uint64) { w.buf = binary.AppendUvarint(w.buf, v) }
func (w *recWriter) i(v int64)  { w.buf = binary.AppendVarint(w.buf, v) }
func (w *recWriter) str(s string) {
	w.u(uint64(len(s)))
	w.buf = append(w.buf, s...)
}
func (w *recWriter) bool(v bool) {
	if v {
		w.u(1)
	} else {
		w.u(0)
	}
}
func (w *recWriter) tmpl(t Template) {
	w.u(uint64(len(t)))
	for _, s := range t {
		if s.name != "" {
			w.u(1)
			w.str(s.name)
		} else {
			w.u(0)
			w.str(s.lit)
		}
	}
}

// WriteFile writes the bundle to path atomically (see atomicfile): a
// failed or killed write leaves the previous bundle intact, and the
// temporary files killed writers left are removed.
func (b *Bundle) WriteFile(path string) (int, error) {
	data := b.Encode()
	if err := atomicfile.Write(path, data, 0o644); err != nil {
		return 0, err
	}
	return len(data), nil
}

// CorruptError says why a bundle was refused.
type CorruptError struct{ Reason string }

func (e *CorruptError) Error() string { return "corrupt bundle: " + e.Reason }

// NewerError is returned for a bundle written by a newer xm.
type NewerError struct{ Version uint32 }

func (e *NewerError) Error() string {
	return fmt.Sprintf("bundle format %d is newer than this xm reads (%d): update xm", e.Version, FormatVersion)
}

// OlderError is returned for a bundle written by an older xm, in a format
// this one no longer reads: compiling the project again replaces it.
type OlderError struct{ Version uint32 }

func (e *OlderError) Error() string {
	return fmt.Sprintf("bundle format %d is older than this xm reads (%d): compile it again with xm compile", e.Version, FormatVersion)
}

// ErrNotBundle is returned for a file that is not an xm bundle at all.
var ErrNotBundle = errors.New("not an xm bundle (no XMB signature)")

// IsBundleFile reports whether the file at path starts with the bundle
// signature (whatever its version or state).
func IsBundleFile(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	var head [8]byte
	if _, err := io.ReadFull(f, head[:]); err != nil {
		return false, nil
	}
	return head == magic, nil
}

// MaxBundleBytes bounds the file Load reads.
const MaxBundleBytes = 1 << 30

// Load reads and checks a bundle file: a regular file only (never a
// device or a pipe, which could be endless or block), its signature, header
// and section table checked against the file's size before the rest is
// read.
func Load(path string) (*Bundle, error) {
	// Stat before opening: opening a named pipe blocks until a writer comes.
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s is a directory, not a bundle", path)
	}
	if !fi.Mode().IsRegular() {
		return nil, ErrNotRegular
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil {
		return nil, err
	} else if !fi.Mode().IsRegular() {
		return nil, ErrNotRegular
	}
	size := fi.Size()
	if size > MaxBundleBytes {
		return nil, &CorruptError{fmt.Sprintf("%d bytes, more than any bundle xm writes", size)}
	}
	head := make([]byte, min(size, headerSize+24*maxSections))
	if _, err := io.ReadFull(f, head); err != nil {
		return nil, &CorruptError{"file changed while read: " + err.Error()}
	}
	if _, err := checkHeader(head, int(size)); err != nil {
		return nil, err
	}
	data := make([]byte, size)
	copy(data, head)
	if _, err := io.ReadFull(f, data[len(head):]); err != nil {
		return nil, &CorruptError{"file changed while read: " + err.Error()}
	}
	return Decode(data)
}

// ErrNotRegular is returned by Load for a device, a pipe or a socket.
var ErrNotRegular = errors.New("not a regular file")

const maxSections = 64

// checkHeader checks the signature, the version and the section table in
// head (the file's first bytes, all of them or at least the header and the
// table) against the file's size, and returns the section count.
func checkHeader(head []byte, size int) (int, error) {
	if len(head) < 8 || !bytes.Equal(head[:8], magic[:]) {
		return 0, ErrNotBundle
	}
	if size < headerSize+4 || len(head) < headerSize {
		return 0, &CorruptError{"truncated header"}
	}
	le := binary.LittleEndian
	if v := le.Uint32(head[8:]); v > FormatVersion {
		return 0, &NewerError{v}
	} else if v == 0 {
		return 0, &CorruptError{"format version 0"}
	} else if v != FormatVersion {
		return 0, &OlderError{v}
	}
	body := uint64(size - 4)
	n := int(le.Uint32(head[12:]))
	if n < 1 || n > maxSections || uint64(headerSize+24*n) > body || headerSize+24*n > len(head) {
		return 0, &CorruptError{"bad section table"}
	}
	for i := 0; i < n; i++ {
		t := head[headerSize+24*i:]
		id, elem := le.Uint32(t), le.Uint32(t[4:])
		off, length := le.Uint64(t[8:]), le.Uint64(t[16:])
		if off > body || length > body-off {
			return 0, &CorruptError{fmt.Sprintf("truncated: section %d ends past the end of the file", id)}
		}
		if off%8 != 0 {
			return 0, &CorruptError{fmt.Sprintf("section %d is not aligned", id)}
		}
		if elem == 0 || length%uint64(elem) != 0 {
			return 0, &CorruptError{fmt.Sprintf("section %d has a bad element size", id)}
		}
	}
	return n, nil
}

// Decode checks data and returns the bundle it holds. The bundle keeps
// data; the caller must not change it afterwards.
func Decode(data []byte) (b *Bundle, err error) {
	n, err := checkHeader(data, len(data))
	if err != nil {
		return nil, err
	}
	le := binary.LittleEndian
	body := data[:len(data)-4]
	if crc32.Checksum(body, castagnoli) != le.Uint32(data[len(data)-4:]) {
		return nil, &CorruptError{"checksum mismatch (truncated or damaged file)"}
	}
	secs := map[uint32][]byte{}
	elems := map[uint32]uint32{}
	for i := 0; i < n; i++ {
		t := body[headerSize+24*i:]
		id, elem := le.Uint32(t), le.Uint32(t[4:])
		off, length := le.Uint64(t[8:]), le.Uint64(t[16:])
		secs[id] = body[off : off+length]
		elems[id] = elem
	}
	for id := uint32(1); id <= numSections; id++ {
		if _, ok := secs[id]; !ok {
			return nil, &CorruptError{fmt.Sprintf("section %d missing", id)}
		}
	}
	d := decoder{secs: secs, elems: elems}
	b = &Bundle{}
	copy(b.SourceHash[:], data[16:48])
	if err := d.decode(b); err != nil {
		return nil, err
	}
	loc, err := loadLocation(b.Timezone)
	if err != nil {
		return nil, &CorruptError{fmt.Sprintf("unknown timezone %q", b.Timezone)}
	}
	b.loc = loc
	if err := b.validate(); err != nil {
		return nil, &CorruptError{err.Error()}
	}
	if err := b.validateLang(); err != nil {
		return nil, &CorruptError{err.Error()}
	}
	b.ac.deriveCodes()
	b.derivePinfo()
	b.deriveRank()
	b.sim.deriveFilter(b.ac.table)
	return b, nil
}

func crcOf(b []byte) uint32 { return crc32.Checksum(b, castagnoli) }
