// Package schema owns xm's file format: the JSON schema (embedded, printed
// by `xm schema`), the Go types of a loaded project, and the loader that
// finds a project, reads its files safely, parses them with positions and
// validates them, reporting every problem as a diagnostic that points at
// the file, line and column. It does not judge content (that is lint) nor
// match questions (that is compile).
package schema

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed xm.schema.json
var schemaJSON []byte

// JSON returns the JSON schema, as editors and `xm schema` use it.
func JSON() []byte { return bytes.Clone(schemaJSON) }

const schemaURL = "https://xm.dev/schema/xm.schema.json"

var compiled struct {
	once     sync.Once
	manifest *jsonschema.Schema
	content  *jsonschema.Schema
	pack     *jsonschema.Schema
	doc      map[string]any
	err      error
}

func schemas() (manifest, content *jsonschema.Schema, err error) {
	c := &compiled
	c.once.Do(func() {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
		if err != nil {
			c.err = fmt.Errorf("embedded schema: %w", err)
			return
		}
		c.doc, _ = doc.(map[string]any)
		comp := jsonschema.NewCompiler()
		comp.AssertFormat()
		if err := comp.AddResource(schemaURL, doc); err != nil {
			c.err = err
			return
		}
		if c.manifest, c.err = comp.Compile(schemaURL + "#/$defs/manifest"); c.err != nil {
			return
		}
		if c.content, c.err = comp.Compile(schemaURL + "#/$defs/content"); c.err != nil {
			return
		}
		c.pack, c.err = comp.Compile(schemaURL + "#/$defs/pack")
	})
	return c.manifest, c.content, c.err
}

// schemaAt resolves a schema location such as
// https://xm.dev/schema/xm.schema.json#/$defs/script/additionalProperties
// inside the embedded document.
func schemaAt(loc string) map[string]any {
	_, frag, ok := strings.Cut(loc, "#")
	if !ok {
		return nil
	}
	var cur any = compiled.doc
	for _, tok := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
		if tok == "" {
			continue
		}
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[tok]
	}
	m, _ := cur.(map[string]any)
	return m
}

// allowedKeys lists the properties a schema object accepts, following $ref.
func allowedKeys(loc string) []string {
	m := schemaAt(loc)
	for depth := 0; m != nil && depth < 4; depth++ {
		if props, ok := m["properties"].(map[string]any); ok {
			keys := make([]string, 0, len(props))
			for k := range props {
				keys = append(keys, k)
			}
			return keys
		}
		ref, _ := m["$ref"].(string)
		if ref == "" {
			return nil
		}
		m = schemaAt(schemaURL + ref)
	}
	return nil
}

// Valid reports whether v, a plain value tree, satisfies the manifest
// (manifest true) or the content-file schema. It is for tests and tools that
// check shipped files; the loader reports errors with positions instead.
func Valid(v any, manifest bool) error {
	m, c, err := schemas()
	if err != nil {
		return err
	}
	if manifest {
		return m.Validate(v)
	}
	return c.Validate(v)
}

// roundTrip decodes a plain value tree into a typed struct.
func roundTrip(v any, out any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}
