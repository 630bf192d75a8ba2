package bot

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestRoundTrip encodes the example, decodes it, and checks that the
// decoded bundle answers every question exactly as the built one, and
// re-encodes to the same bytes.
func TestRoundTrip(t *testing.T) {
	b := loadExample(t)
	data := b.Encode()
	if !bytes.Equal(data, loadExample(t).Encode()) {
		t.Fatal("building twice gives different bytes")
	}
	d, err := Decode(bytes.Clone(data))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(d.Encode(), data) {
		t.Fatal("decode then encode changes the bytes")
	}
	now := time.Date(2026, 11, 25, 21, 0, 0, 0, b.loc)
	for _, q := range []string{"請問Ｍ碼適合多少斤", "订单123456789012改地址", "你们老板是谁", "转人工", "会起球吗", "什么时候寄出", "紧急"} {
		x, y := b.Answer(q, Context{Now: now, Event: "order.shipped"}), d.Answer(q, Context{Now: now, Event: "order.shipped"})
		if x != y {
			t.Errorf("%q: built %+v, decoded %+v", q, x, y)
		}
		rx := string(b.Render(nil, &x, Order{"item": "连衣裙"}, now))
		ry := string(d.Render(nil, &y, Order{"item": "连衣裙"}, now))
		if rx != ry {
			t.Errorf("%q: replies differ: %q vs %q", q, rx, ry)
		}
	}
}

func TestRefusesBadBundles(t *testing.T) {
	good := loadExample(t).Encode()
	newer := bytes.Clone(good)
	newer[8] = FormatVersion + 1
	older := bytes.Clone(good)
	older[8] = FormatVersion - 1
	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 0x40
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not an xm bundle"},
		{"text", []byte("scripts:\n  - id: a\n"), "not an xm bundle"},
		{"truncated", good[:len(good)/3], "truncated: section"},
		{"header only", good[:20], "truncated header"},
		{"flipped byte", flipped, "checksum mismatch"},
		{"newer version", newer, "newer than this xm reads"},
		{"older version", older, "older than this xm reads (4): compile it again"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode(tc.data)
			if err == nil || !bytes.Contains([]byte(err.Error()), []byte(tc.want)) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
	var ne *NewerError
	if _, err := Decode(newer); !errors.As(err, &ne) {
		t.Fatalf("want a NewerError, got %T", err)
	}
	var oe *OlderError
	if _, err := Decode(older); !errors.As(err, &oe) {
		t.Fatalf("want an OlderError, got %T", err)
	}
}

func TestWriteFileIsAtomic(t *testing.T) {
	b := loadExample(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "shop.xmb")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := b.WriteFile(filepath.Join(dir, "missing", "shop.xmb")); err == nil {
		t.Fatal("writing into a missing folder must fail")
	}
	n, err := b.WriteFile(path)
	if err != nil || n == 0 {
		t.Fatal(n, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("temporary files left behind: %v", entries)
	}
	if _, err := Load(path); err != nil {
		t.Fatal(err)
	}
}

// TestRefusesFullHashTable: a crafted bundle (with a valid checksum)
// whose similarity table has no empty slot would make a lookup probe
// forever; it is refused on load, and a lookup is bounded anyway.
func TestRefusesFullHashTable(t *testing.T) {
	b := loadExample(t)
	for i := range b.sim.slots {
		b.sim.slots[i] = 0
	}
	data := b.Encode()
	if _, err := Decode(data); err == nil || !strings.Contains(err.Error(), "hash table too full") {
		t.Fatalf("got %v", err)
	}
	if got := b.sim.find(unigram('码')); got != -1 && got != 0 {
		t.Fatalf("find on a full table: %d", got)
	}
	done := make(chan struct{})
	go func() { b.Answer("完全无关的问题", Context{}); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("answering hangs on a full hash table")
	}
}

// TestRefusesBadRoot: the walk reads state c for code c (the root's child
// for c, when it has one), and the root's check for a slot past the
// states: a crafted bundle whose root's base is not 0, whose root names a
// parent, or with fewer states than codes, is refused on load.
func TestRefusesBadRoot(t *testing.T) {
	for _, tc := range []struct {
		name  string
		spoil func(b *Bundle)
		want  string
	}{
		{"root base", func(b *Bundle) { b.ac.states[0].base = 1 }, "root's base is not 0"},
		{"root check", func(b *Bundle) { b.ac.states[0].check = 0 }, "root has a parent"},
		{"few states", func(b *Bundle) {
			b.ac.table.runes = append(b.ac.table.runes, make([]rune, len(b.ac.states))...)
		}, "fewer automaton states than character codes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := loadExample(t)
			b.ac.states = slices.Clone(b.ac.states)
			tc.spoil(b)
			_, err := Decode(b.Encode())
			var ce *CorruptError
			if !errors.As(err, &ce) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want a corrupt bundle: %s", err, tc.want)
			}
		})
	}
}

// FuzzLoadBundle mutates a real bundle: Decode must refuse it or return a
// bundle that answers without panicking. The CRC is recomputed for half of
// the inputs so that mutations reach the structural checks.
func FuzzLoadBundle(f *testing.F) {
	good := loadExample(f).Encode()
	f.Add(good, false)
	f.Add(good[:100], false)
	f.Fuzz(func(t *testing.T, data []byte, fixCRC bool) {
		if fixCRC && len(data) >= headerSize+4 {
			data = bytes.Clone(data)
			body := data[:len(data)-4]
			sum := crcOf(body)
			copy(data[len(data)-4:], []byte{byte(sum), byte(sum >> 8), byte(sum >> 16), byte(sum >> 24)})
		}
		b, err := Decode(data)
		if err != nil {
			return
		}
		for _, q := range []string{"M码适合多少斤", "转人工", "随便", "什么时候寄出", "😊Ｍ碼"} {
			a := b.Answer(q, Context{Now: time.Unix(1_790_000_000, 0), Event: "order.shipped"})
			b.Render(nil, &a, nil, time.Time{})
		}
	})
}

// withScripts returns good with its scripts section replaced by sec.
func withScripts(t *testing.T, good []byte, sec []byte) []byte {
	t.Helper()
	var w sectionWriter
	le := binary.LittleEndian
	n := int(le.Uint32(good[12:]))
	for i := 0; i < n; i++ {
		e := good[headerSize+24*i:]
		id, elem, off, length := le.Uint32(e), le.Uint32(e[4:]), le.Uint64(e[8:]), le.Uint64(e[16:])
		data := good[off : off+length]
		if id == secScripts {
			data = sec
		}
		w.add(id, elem, data)
	}
	var hash [32]byte
	copy(hash[:], good[16:48])
	return w.finish(hash)
}

// TestRefusesCraftedCounts: a bundle that declares more records than any
// bundle xm writes, or more than its bytes can hold, is refused before
// anything is allocated for them (a 176 MB file declaring 16M empty
// scripts used to take 2.3 GB).
func TestRefusesCraftedCounts(t *testing.T) {
	good := loadExample(t).Encode()
	empty := make([]byte, 13) // one empty script record
	for _, tc := range []struct {
		name string
		sec  []byte
		want string
	}{
		{"over the cap", append(binary.AppendUvarint(nil, MaxScripts+1), bytes.Repeat(empty, 1000)...), "count out of range"},
		{"more than the bytes hold", append(binary.AppendUvarint(nil, 1000), bytes.Repeat(empty, 999)...), "count out of range"},
		{"too many examples in all", func() []byte {
			// 9 scripts of 1M empty examples each: every count is legal, the
			// total is not.
			b := binary.AppendUvarint(nil, 9)
			for i := 0; i < 9; i++ {
				b = append(b, 1, 'a', 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0)
				b = binary.AppendUvarint(b, 1<<20)
				b = append(b, make([]byte, 1<<20)...)
			}
			return b
		}(), "more records than any bundle xm writes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode(withScripts(t, good, tc.sec))
			var ce *CorruptError
			if !errors.As(err, &ce) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want a corrupt bundle: %s", err, tc.want)
			}
		})
	}
}

// TestLoadRefusesStreams: Load reads regular files only, and checks the
// signature before reading the rest.
func TestLoadRefusesStreams(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err == nil {
		if _, err := Load("/dev/zero"); !errors.Is(err, ErrNotRegular) {
			t.Fatalf("/dev/zero: %v", err)
		}
	}
	// A 1 GiB file of zeros (sparse) is refused on its first bytes.
	zeros := filepath.Join(t.TempDir(), "zeros.xmb")
	if f, err := os.Create(zeros); err == nil {
		f.Truncate(MaxBundleBytes)
		f.Close()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := Load(zeros)
		runtime.ReadMemStats(&after)
		if !errors.Is(err, ErrNotBundle) {
			t.Fatalf("zeros: %v", err)
		}
		if a := after.TotalAlloc - before.TotalAlloc; a > 1<<20 {
			t.Fatalf("read %d bytes of zeros before refusing them", a)
		}
	}
	fifo := filepath.Join(t.TempDir(), "b.xmb")
	if err := syscall.Mkfifo(fifo, 0o644); err == nil {
		done := make(chan error, 1)
		go func() { _, err := Load(fifo); done <- err }()
		select {
		case err := <-done:
			if !errors.Is(err, ErrNotRegular) {
				t.Fatalf("fifo: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Load blocks on a named pipe")
		}
	}
}
