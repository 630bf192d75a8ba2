// Package layout is the one canonical layout of xm's YAML files, what
// `xm fmt` writes: keys in the schema's order, keyword lists in flow style
// with full-width letters and digits folded to half-width and duplicates
// (equal once normalised) dropped, example lists in block style, a blank
// line between scripts, trailing comments aligned. Every comment is kept,
// and formatting twice changes nothing. Format checks its own output (it
// parses, means the same, keeps every comment, is stable) and refuses to
// return anything that does not. The package reads and writes no files.
package layout

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v4"
	"golang.org/x/text/width"

	"github.com/xm-dev/xm/bot"
)

// ErrUnsafe is returned when the formatted text would not mean the same as
// the source or would lose a comment; the source is then left as it is.
var ErrUnsafe = errors.New("layout: the formatted text would differ in meaning or lose a comment")

// keyOrder is the schema's key order by context.
var keyOrder = map[string][]string{
	"manifest":  {"xm", "shop", "vars", "include", "packs", "handoff", "fallback", "lint", "match", "concepts", "smalltalk"},
	"packs":     {"name", "version", "disable"},
	"pack":      {"pack", "version", "title", "vars"},
	"content":   {"concepts", "scripts", "triggers"},
	"smalltalk": {"reply", "greeting"},
	"shop":      {"name", "category", "timezone"},
	"handoff":   {"keywords", "urgent", "reply"},
	"fallback":  {"reply"},
	"match":     {"threshold", "gap", "complaints"},
	"lint":      {"disable", "severity", "require_topics", "exclude", "reply_max_chars", "limits", "words"},
	"exclude":   {"path", "rules", "reason"},
	"words":     {"banned", "required", "prefer"},
	"limits":    {"max_file_bytes", "max_files", "max_depth", "max_nodes", "max_keywords"},
	"script":    {"id", "topic", "keywords", "patterns", "negation", "require", "exclude", "priority", "examples", "reply", "valid", "handoff"},
	"extension": {"extends", "keywords", "patterns", "examples", "exclude", "reply", "valid", "handoff"},
	"trigger":   {"id", "on", "when", "reply", "valid"},
	"valid":     {"from", "until"},
	"when":      {"from", "to", "days"},
}

// child is the context of the value under key in context ctx; for a
// sequence, the context of its items.
func child(ctx, key string) string {
	switch ctx + "." + key {
	case "manifest.shop", "manifest.handoff", "manifest.fallback", "manifest.match", "manifest.lint", "manifest.smalltalk",
		"lint.words", "lint.limits", "lint.exclude", "script.valid", "extension.valid", "trigger.valid", "trigger.when":
		return key
	case "manifest.packs":
		return "packs"
	case "content.scripts":
		return "script"
	case "content.triggers":
		return "trigger"
	}
	return ""
}

// keywordList reports whether key in ctx holds words buyers type, which
// the matcher normalises: folded and deduplicated by Format.
func keywordList(ctx, key string) bool {
	switch ctx {
	case "script", "extension":
		return key == "keywords" || key == "require" || key == "exclude"
	case "handoff":
		return key == "keywords" || key == "urgent"
	}
	return false
}

// Format returns src in the canonical layout.
func Format(src []byte) ([]byte, error) {
	body, bom, crlf := bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")), bytes.HasPrefix(src, []byte("\xef\xbb\xbf")), bytes.Contains(src, []byte("\r\n"))
	if crlf {
		body = bytes.ReplaceAll(body, []byte("\r\n"), []byte("\n"))
	}
	out, err := format(body)
	if err != nil {
		return nil, err
	}
	// The result must be stable: formatting it again changes nothing.
	again, err := format(out)
	if err != nil || !bytes.Equal(again, out) {
		return nil, ErrUnsafe
	}
	if crlf {
		out = bytes.ReplaceAll(out, []byte("\n"), []byte("\r\n"))
	}
	if bom {
		out = append([]byte("\xef\xbb\xbf"), out...)
	}
	return out, nil
}

func format(src []byte) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return src, nil // empty: nothing to lay out
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("layout: the top of the file is not a mapping")
	}
	before := comments(&doc)
	ctx := "manifest"
	if has(root, "scripts") || has(root, "triggers") {
		ctx = "content"
	} else if has(root, "pack") && !has(root, "xm") {
		ctx = "pack" // a knowledge pack's pack.yaml
	}
	// The comment above the first key is the file's header (the schema
	// modeline): it stays on top whatever key comes first.
	header := ""
	if len(root.Content) > 0 {
		header, root.Content[0].HeadComment = root.Content[0].HeadComment, ""
	}
	walk(root, ctx)
	if len(root.Content) > 0 {
		root.Content[0].HeadComment = joinLines(header, root.Content[0].HeadComment)
	}
	out, err := yaml.Dump(&doc, yaml.WithV3Defaults(), yaml.WithIndent(2), yaml.WithLineWidth(-1))
	if err != nil {
		return nil, err
	}
	out = finish(out, ctx == "content", lineComments(&doc))

	// Check: the same comments, the same meaning (keyword lists compared
	// as the matcher sees them).
	var back yaml.Node
	if err := yaml.Unmarshal(out, &back); err != nil {
		return nil, ErrUnsafe
	}
	if !slices.Equal(before, comments(&back)) {
		return nil, ErrUnsafe
	}
	var a, b any
	if yaml.Unmarshal(src, &a) != nil || yaml.Unmarshal(out, &b) != nil || !reflect.DeepEqual(canon(a, ctx, ""), canon(b, ctx, "")) {
		return nil, ErrUnsafe
	}
	return out, nil
}

func has(m *yaml.Node, key string) bool {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return true
		}
	}
	return false
}

// walk lays out n, a node in context ctx.
func walk(n *yaml.Node, ctx string) {
	switch n.Kind {
	case yaml.MappingNode:
		if ctx == "script" && has(n, "extends") {
			ctx = "extension" // an entry that adds to a pack script
		}
		if order, ok := keyOrder[ctx]; ok && !hasMerge(n) {
			sortPairs(n, order)
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			c := child(ctx, k.Value)
			if v.Kind == yaml.SequenceNode {
				if keywordList(ctx, k.Value) {
					foldKeywords(v)
				}
				for _, it := range v.Content {
					walk(it, c)
					itemComment(it)
				}
				seqStyle(v, k.Value)
			} else {
				walk(v, c)
			}
			// A trailing comment of a flow collection turned block would
			// land after its last line: keep it on the key's line.
			if v.Kind != yaml.ScalarNode && v.Style&yaml.FlowStyle == 0 && v.LineComment != "" {
				k.LineComment = joinComment(k.LineComment, v.LineComment)
				v.LineComment = ""
			}
		}
		if ctx == "valid" || ctx == "when" {
			setFlow(n, scalarsOnly(n, true) && !commented(n))
		} else {
			setFlow(n, false)
		}
	case yaml.SequenceNode:
		for _, it := range n.Content {
			walk(it, "")
		}
	}
}

// itemComment keeps the trailing comment of a sequence item that was a
// flow mapping and is now block, on the item's first line.
func itemComment(it *yaml.Node) {
	if it.Kind != yaml.MappingNode || it.Style&yaml.FlowStyle != 0 || it.LineComment == "" || len(it.Content) < 2 {
		return
	}
	first := it.Content[1]
	if first.Kind != yaml.ScalarNode {
		first = it.Content[0]
	}
	first.LineComment = joinComment(first.LineComment, it.LineComment)
	it.LineComment = ""
}

func joinLines(a, b string) string {
	if a == "" || b == "" {
		return a + b
	}
	return a + "\n" + b
}

func joinComment(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}

// hasMerge reports a "<<" key: reordering around a merge could change
// which value wins.
func hasMerge(m *yaml.Node) bool { return has(m, "<<") }

// sortPairs orders a mapping's pairs by order; unknown keys keep their
// place after the known ones.
func sortPairs(m *yaml.Node, order []string) {
	type pair struct{ k, v *yaml.Node }
	pairs := make([]pair, 0, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		pairs = append(pairs, pair{m.Content[i], m.Content[i+1]})
	}
	rank := func(k string) int {
		if i := slices.Index(order, k); i >= 0 {
			return i
		}
		return len(order)
	}
	slices.SortStableFunc(pairs, func(a, b pair) int { return rank(a.k.Value) - rank(b.k.Value) })
	m.Content = m.Content[:0]
	for _, p := range pairs {
		m.Content = append(m.Content, p.k, p.v)
	}
}

// seqStyle: lists of short scalars in flow style, examples (whole
// sentences), patterns (phrases) and anything else in block style; a list with a comment inside
// stays block so the comment keeps its place.
func seqStyle(s *yaml.Node, key string) {
	setFlow(s, key != "examples" && key != "patterns" && scalarsOnly(s, false) && !commented(s))
}

func setFlow(n *yaml.Node, flow bool) {
	if flow {
		n.Style |= yaml.FlowStyle
	} else {
		n.Style &^= yaml.FlowStyle
	}
}

// scalarsOnly reports whether every value in n is a one-line scalar (with
// nested, flow-able sequences of them when nested is true).
func scalarsOnly(n *yaml.Node, nested bool) bool {
	items := n.Content
	if n.Kind == yaml.MappingNode {
		items = nil
		for i := 1; i < len(n.Content); i += 2 {
			items = append(items, n.Content[i])
		}
	}
	for _, it := range items {
		switch {
		case it.Kind == yaml.ScalarNode:
			if it.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 || strings.Contains(it.Value, "\n") {
				return false
			}
		case nested && it.Kind == yaml.SequenceNode:
			if !scalarsOnly(it, false) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// commented reports whether a node inside n (not n itself) has a comment.
func commented(n *yaml.Node) bool {
	for _, c := range n.Content {
		if c.HeadComment != "" || c.LineComment != "" || c.FootComment != "" || commented(c) {
			return true
		}
	}
	return false
}

// foldKeywords folds full-width forms to half-width in each keyword and
// drops keywords equal to an earlier one once normalised (M码, Ｍ碼, m码),
// unless the duplicate carries a comment.
func foldKeywords(s *yaml.Node) {
	seen := map[string]bool{}
	out := s.Content[:0]
	for _, it := range s.Content {
		if it.Kind != yaml.ScalarNode {
			out = append(out, it)
			continue
		}
		it.Value = fold(it.Value)
		key := bot.Normalize(it.Value)
		if key != "" && seen[key] && it.HeadComment == "" && it.LineComment == "" && it.FootComment == "" {
			continue
		}
		seen[key] = true
		out = append(out, it)
	}
	s.Content = out
}

// fold maps full-width ASCII forms (Ｍ, ２, ＃) and the ideographic space to
// their half-width twins; everything else is left.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0xFF01 && r <= 0xFF5E || r == 0x3000 {
			return []rune(width.Narrow.String(string(r)))[0]
		}
		return r
	}, s)
}

// comments lists every comment line in the tree, sorted, with spacing
// trimmed: what Format must keep.
func comments(n *yaml.Node) []string {
	var out []string
	var rec func(*yaml.Node)
	rec = func(n *yaml.Node) {
		for _, c := range []string{n.HeadComment, n.LineComment, n.FootComment} {
			for _, l := range strings.Split(c, "\n") {
				if l = strings.TrimSpace(l); l != "" {
					out = append(out, l)
				}
			}
		}
		for _, c := range n.Content {
			rec(c)
		}
	}
	rec(n)
	slices.Sort(out)
	return out
}

// lineComments lists the trailing comments, for aligning them.
func lineComments(n *yaml.Node) map[string]bool {
	out := map[string]bool{}
	var rec func(*yaml.Node)
	rec = func(n *yaml.Node) {
		if n.LineComment != "" && !strings.Contains(n.LineComment, "\n") {
			out[n.LineComment] = true
		}
		for _, c := range n.Content {
			rec(c)
		}
	}
	rec(n)
	return out
}

// canon is a decoded document with keyword lists as the matcher sees them
// (folded, normalised, deduplicated), so that meaning can be compared.
func canon(v any, ctx, key string) any {
	switch x := v.(type) {
	case map[string]any:
		if _, ok := x["extends"]; ok && ctx == "script" {
			ctx = "extension"
		}
		out := map[string]any{}
		for k, val := range x {
			if l, ok := val.([]any); ok && keywordList(ctx, k) {
				var words []any
				seen := map[string]bool{}
				for _, w := range l {
					s, ok := w.(string)
					if !ok {
						words = append(words, w)
						continue
					}
					n := bot.Normalize(fold(s))
					if n == "" || !seen[n] {
						seen[n] = true
						words = append(words, n)
					}
				}
				out[k] = words
				continue
			}
			out[k] = canon(val, child(ctx, k), k)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, it := range x {
			out[i] = canon(it, ctx, key)
		}
		return out
	}
	return v
}
