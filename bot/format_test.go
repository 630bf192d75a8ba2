package bot

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
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
	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 0x40
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not an xm bundle"},
		{"text", []byte("scripts:\n  - id: a\n"), "not an xm bundle"},
		{"truncated", good[:len(good)/3], "checksum mismatch"},
		{"header only", good[:20], "truncated header"},
		{"flipped byte", flipped, "checksum mismatch"},
		{"newer version", newer, "newer than this xm reads"},
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
