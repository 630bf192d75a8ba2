package schema

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"
)

// errTooBig is returned when a document would expand to more nodes than the
// limit allows (the "billion laughs" attack, or simply a runaway file).
var errTooBig = errors.New("too many nodes")

// errRecursive is returned for an alias that refers to a node containing it.
var errRecursive = errors.New("recursive alias")

// expandedSize counts the nodes a document becomes once every alias is
// replaced by what it names, without building anything: each anchored
// node's size is computed once, so the count is linear in the file even
// when the expansion is exponential. It stops as soon as limit is passed.
func expandedSize(n *yaml.Node, limit int) (int, error) {
	memo := map[*yaml.Node]int{}
	active := map[*yaml.Node]bool{}
	var size func(n *yaml.Node) (int, error)
	size = func(n *yaml.Node) (int, error) {
		if n == nil {
			return 0, nil
		}
		if n.Kind == yaml.AliasNode {
			return size(n.Alias)
		}
		if s, ok := memo[n]; ok {
			return s, nil
		}
		if active[n] {
			return 0, errRecursive
		}
		active[n] = true
		total := 1
		for _, c := range n.Content {
			s, err := size(c)
			if err != nil {
				return 0, err
			}
			total += s
			if total > limit {
				return 0, errTooBig
			}
		}
		delete(active, n)
		memo[n] = total
		return total, nil
	}
	return size(n)
}

// toValue turns a node into the plain values JSON-schema validation and
// decoding work on: map[string]any, []any, string, int64, float64, bool, nil.
// Dates stay strings, as written. Merge keys (<<) are applied, explicit
// keys winning. Call it only after expandedSize has accepted the document.
func toValue(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return toValue(n.Content[0])
	case yaml.AliasNode:
		return toValue(n.Alias)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := toValue(c)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if isMerge(k) {
				if err := mergeInto(out, v); err != nil {
					return nil, err
				}
			}
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if isMerge(k) {
				continue
			}
			key, err := keyString(k)
			if err != nil {
				return nil, err
			}
			val, err := toValue(v)
			if err != nil {
				return nil, err
			}
			out[key] = val
		}
		return out, nil
	case yaml.ScalarNode:
		return scalarValue(n), nil
	}
	return nil, fmt.Errorf("unsupported YAML node kind %v", n.Kind)
}

func isMerge(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Value == "<<" && (k.Tag == "!!merge" || k.Tag == "tag:yaml.org,2002:merge" || k.Style == 0 && k.ShortTag() == "!!merge")
}

func mergeInto(out map[string]any, v *yaml.Node) error {
	for v.Kind == yaml.AliasNode {
		v = v.Alias
	}
	switch v.Kind {
	case yaml.MappingNode:
		m, err := toValue(v)
		if err != nil {
			return err
		}
		for k, x := range m.(map[string]any) {
			if _, ok := out[k]; !ok {
				out[k] = x
			}
		}
		return nil
	case yaml.SequenceNode:
		for _, c := range v.Content {
			if err := mergeInto(out, c); err != nil {
				return err
			}
		}
		return nil
	}
	return errors.New("a merge key (<<) must name a mapping or a list of mappings")
}

// keyError is a mapping key that is not a plain scalar.
type keyError struct{ node *yaml.Node }

func (e *keyError) Error() string { return "a mapping key must be plain text" }

func keyString(k *yaml.Node) (string, error) {
	for k.Kind == yaml.AliasNode {
		k = k.Alias
	}
	if k.Kind != yaml.ScalarNode {
		return "", &keyError{k}
	}
	return k.Value, nil
}

func scalarValue(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		switch strings.ToLower(n.Value) {
		case "true", "yes", "on", "y":
			return true
		}
		return false
	case "!!int":
		s := strings.ReplaceAll(n.Value, "_", "")
		if i, err := strconv.ParseInt(s, 0, 64); err == nil {
			return i
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f
		}
		return n.Value
	case "!!float":
		f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return n.Value
		}
		return f
	}
	return n.Value
}

// step is one level of a document path.
type step struct {
	key   string
	index int // -1 for a mapping key
}

// locate follows a JSON pointer's tokens through the tree and returns the
// key node (nil for sequence items and the root) and the value node of the
// deepest level it reaches, with the readable path of what it followed.
func locate(root *yaml.Node, tokens []string) (key, val *yaml.Node, path string) {
	n := root
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	var steps []step
	for _, tok := range tokens {
		for n != nil && n.Kind == yaml.AliasNode {
			n = n.Alias
		}
		if n == nil {
			break
		}
		switch n.Kind {
		case yaml.MappingNode:
			k, v := mappingLookup(n, tok)
			if v == nil {
				return key, n, formatPath(steps)
			}
			key, n = k, v
			steps = append(steps, step{key: tok, index: -1})
		case yaml.SequenceNode:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n.Content) {
				return key, n, formatPath(steps)
			}
			key, n = nil, n.Content[i]
			steps = append(steps, step{index: i})
		default:
			return key, n, formatPath(steps)
		}
	}
	return key, n, formatPath(steps)
}

// mappingLookup finds key in m: the last explicit occurrence, then merged
// mappings, as toValue resolves them.
// Field returns the value node of key in mapping m, following << merges
// as YAML does (the mapping's own keys first), or nil. It is xm's one key
// lookup: lint and the loader point at what it finds.
func Field(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	_, v := mappingLookup(m, key)
	return v
}

func mappingLookup(m *yaml.Node, key string) (k, v *yaml.Node) {
	for i := len(m.Content) - 2; i >= 0; i -= 2 {
		kn := m.Content[i]
		if !isMerge(kn) && kn.Kind == yaml.ScalarNode && kn.Value == key {
			return kn, m.Content[i+1]
		}
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if isMerge(m.Content[i]) {
			src := m.Content[i+1]
			for src.Kind == yaml.AliasNode {
				src = src.Alias
			}
			targets := []*yaml.Node{src}
			if src.Kind == yaml.SequenceNode {
				targets = src.Content
			}
			for _, t := range targets {
				for t.Kind == yaml.AliasNode {
					t = t.Alias
				}
				if t.Kind == yaml.MappingNode {
					if k, v := mappingLookup(t, key); v != nil {
						return k, v
					}
				}
			}
		}
	}
	return nil, nil
}

func formatPath(steps []step) string {
	var b strings.Builder
	for _, s := range steps {
		if s.index >= 0 {
			fmt.Fprintf(&b, "[%d]", s.index)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		if isPlainKey(s.key) {
			b.WriteString(s.key)
		} else {
			b.WriteString(strconv.Quote(s.key))
		}
	}
	return b.String()
}

func isPlainKey(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func fieldOr(m *yaml.Node, key string) *yaml.Node {
	if m == nil {
		return nil
	}
	if m.Kind == yaml.MappingNode {
		if _, v := mappingLookup(m, key); v != nil {
			return v
		}
	}
	return m
}

// Inherited reports whether mapping m takes key from a << merge rather than
// setting it itself, and returns the merge's value (the *alias) in m: the
// place to point at, since the anchor's own line belongs to another item.
func Inherited(m *yaml.Node, key string) (*yaml.Node, bool) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, false
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if kn := m.Content[i]; !isMerge(kn) && kn.Kind == yaml.ScalarNode && kn.Value == key {
			return nil, false
		}
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if isMerge(m.Content[i]) {
			probe := &yaml.Node{Kind: yaml.MappingNode, Content: m.Content[i : i+2]}
			if _, v := mappingLookup(probe, key); v != nil {
				return m.Content[i+1], true
			}
		}
	}
	return nil, false
}

// KeyNode returns the key node of key in mapping m, or m itself.
func KeyNode(m *yaml.Node, key string) *yaml.Node {
	if m != nil && m.Kind == yaml.MappingNode {
		if k, _ := mappingLookup(m, key); k != nil {
			return k
		}
	}
	return m
}

func itemPath(list string, i int, sub []string) string {
	p := fmt.Sprintf("%s[%d]", list, i)
	for _, s := range sub {
		if strings.HasPrefix(s, "[") {
			p += s
		} else {
			p += "." + s
		}
	}
	return p
}

// duplicateKeys reports every key that appears twice in one mapping, with
// the node of the first occurrence. Aliased subtrees are not walked twice.
func duplicateKeys(root *yaml.Node, report func(dup, first *yaml.Node)) {
	seen := map[*yaml.Node]bool{}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n == nil || seen[n] || n.Kind == yaml.AliasNode {
			return
		}
		seen[n] = true
		if n.Kind == yaml.MappingNode {
			first := map[string]*yaml.Node{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				if k.Kind == yaml.ScalarNode && !isMerge(k) {
					if f, ok := first[k.Value]; ok {
						report(k, f)
					} else {
						first[k.Value] = k
					}
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(root)
}
