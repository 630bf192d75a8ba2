package layout

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xm-dev/xm/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGolden formats every testdata/*.in.yaml and compares the result with
// its .golden.yaml twin; formatting the golden file again must change
// nothing (idempotence).
func TestGolden(t *testing.T) {
	ins, _ := filepath.Glob("testdata/*.in.yaml")
	if len(ins) == 0 {
		t.Fatal("no golden tests")
	}
	for _, in := range ins {
		name := strings.TrimSuffix(filepath.Base(in), ".in.yaml")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Format(src)
			if err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(in, ".in.yaml") + ".golden.yaml"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("formatted %s differs from %s (go test ./layout -update rewrites it):\n%s", in, golden, got)
			}
			again, err := Format(want)
			if err != nil || !bytes.Equal(again, want) {
				t.Errorf("formatting %s again changes it (err %v):\n%s", golden, err, again)
			}
		})
	}
}

// TestExamplesAreFormatted: the starters xm init writes are in the
// canonical layout already.
func TestExamplesAreFormatted(t *testing.T) {
	files, _ := filepath.Glob("../examples/*/*.yaml")
	more, _ := filepath.Glob("../examples/*/*/*.yaml")
	files = append(files, more...)
	if len(files) < 20 {
		t.Fatalf("%d example files", len(files))
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Format(src)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if !bytes.Equal(got, src) && *update {
			if err := os.WriteFile(f, got, 0o644); err != nil {
				t.Fatal(err)
			}
		} else if !bytes.Equal(got, src) {
			t.Errorf("%s is not in the canonical layout (go test ./layout -update, or xm fmt in the example)", f)
		}
	}
}

// TestRefusesBrokenYAML: a file that does not parse is an error, not a
// guess.
func TestRefusesBrokenYAML(t *testing.T) {
	for _, src := range []string{"scripts: [a\n", "- a\n- b\n", "a: 1\na: 2\n"} {
		if _, err := Format([]byte(src)); err == nil {
			t.Errorf("Format(%q) formatted it", src)
		}
	}
}

// TestKeepsBOMAndCRLF: a file saved by a Windows editor keeps its byte
// order mark and line ends.
func TestKeepsBOMAndCRLF(t *testing.T) {
	src := []byte("\xef\xbb\xbfscripts:\r\n  - {topic: size, id: a, keywords: [M码], reply: x}\r\n")
	got, err := Format(src)
	if err != nil {
		t.Fatal(err)
	}
	want := "\xef\xbb\xbfscripts:\r\n  - id: a\r\n    topic: size\r\n    keywords: [M码]\r\n    reply: x\r\n"
	if string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// FuzzFormat: no input makes Format panic; what it returns parses, and
// formatting it again changes nothing.
func FuzzFormat(f *testing.F) {
	ins, _ := filepath.Glob("testdata/*.in.yaml")
	for _, in := range ins {
		src, _ := os.ReadFile(in)
		f.Add(src)
	}
	f.Add([]byte("scripts:\n  - {id: a, keywords: [Ａ, a, Ａ]}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		out, err := Format(src)
		if err != nil {
			return
		}
		again, err := Format(out)
		if err != nil {
			t.Fatalf("formatted text does not format: %v\n%s", err, out)
		}
		if !bytes.Equal(again, out) {
			t.Fatalf("not idempotent:\n%s\n---\n%s", out, again)
		}
	})
}

// TestKeyOrderIsTheSchemas: the key orders Format applies are the
// schema's property orders, so a key added to the schema is not left out.
func TestKeyOrderIsTheSchemas(t *testing.T) {
	defs := orderedObject(t, schema.JSON())["$defs"]
	props := func(path ...string) []string {
		o := defs
		for _, p := range path {
			o = o.fields[p]
			if o == nil {
				t.Fatalf("schema has no %v", path)
			}
		}
		return o.fields["properties"].keys
	}
	for ctx, path := range map[string][]string{
		"manifest": {"manifest"}, "content": {"content"}, "script": {"script"}, "extension": {"extension"}, "trigger": {"trigger"},
		"valid": {"valid"}, "when": {"window"}, "lint": {"lint"}, "limits": {"limits"},
		"shop": {"manifest", "properties", "shop"}, "handoff": {"manifest", "properties", "handoff"},
		"fallback": {"manifest", "properties", "fallback"}, "match": {"manifest", "properties", "match"},
		"smalltalk": {"manifest", "properties", "smalltalk"}, "words": {"lint", "properties", "words"},
		"exclude": {"lint", "properties", "exclude", "items"},
	} {
		if want := props(path...); !slices.Equal(keyOrder[ctx], want) {
			t.Errorf("key order for %s is %v; the schema's is %v", ctx, keyOrder[ctx], want)
		}
	}
}

// object is a JSON object with its keys in their order.
type object struct {
	keys   []string
	fields map[string]*object
}

func orderedObject(t *testing.T, src []byte) map[string]*object {
	dec := json.NewDecoder(bytes.NewReader(src))
	var read func() *object
	read = func() *object {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		switch tok {
		case json.Delim('{'):
			o := &object{fields: map[string]*object{}}
			for dec.More() {
				k, _ := dec.Token()
				key := k.(string)
				o.keys = append(o.keys, key)
				o.fields[key] = read()
			}
			dec.Token()
			return o
		case json.Delim('['):
			for dec.More() {
				read()
			}
			dec.Token()
		}
		return nil
	}
	return read().fields
}
