package mine

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/xm-dev/xm/layout"
	"github.com/xm-dev/xm/schema"
)

// Editing keeps the seller's layout: the new lines are text inserted at
// positions read from the loaded yaml.Node tree, nothing else in the file
// moves. A block list gets new items after its last one, each marked with
// a trailing "# xm mine DATE"; a one-line flow list ([a, b]) gets them
// before its ]; a missing key is added after the script's first key; flow
// lists and flow keys get a comment line above the key; a file that was in
// xm fmt's canonical layout is put back in it. A script written
// as a flow mapping ({id: x, ...}), a flow list over several lines or a
// multi-line last item is not edited: the suggestion is reported as one
// to make by hand.

// Change is what one suggestion adds to one script.
type Change struct {
	Script   *schema.Script
	Examples []string
	Keywords []string
	Patterns []string
}

// errLayout says a script's layout is one Apply does not edit.
var errLayout = errors.New("layout not editable")

// lineOp is what happens around one original line.
type lineOp struct {
	before, after []string
	replace       *string
}

// editFile returns the text of f with the changes (to scripts of f)
// applied; stamp is the marker comment without "# ".
func editFile(f *schema.File, changes []Change, stamp string) ([]byte, error) {
	src := f.Src
	eol := "\n"
	if bytes.Contains(src, []byte("\r\n")) {
		eol = "\r\n"
	}
	text := strings.ReplaceAll(string(src), "\r\n", "\n")
	lines := strings.Split(text, "\n")
	ops := map[int]*lineOp{}
	for _, c := range mergeChanges(changes) {
		for _, kv := range []struct {
			key   string
			items []string
		}{{"keywords", c.Keywords}, {"patterns", c.Patterns}, {"examples", c.Examples}} {
			if len(kv.items) == 0 {
				continue
			}
			if err := addItems(lines, ops, c.Script.Node, kv.key, kv.items, stamp); err != nil {
				return nil, err
			}
		}
	}
	var out strings.Builder
	for i, l := range lines {
		o := ops[i]
		if o == nil {
			out.WriteString(l)
		} else {
			for _, b := range o.before {
				out.WriteString(b + eol)
			}
			if o.replace != nil {
				l = *o.replace
			}
			out.WriteString(l)
			for _, a := range o.after {
				out.WriteString(eol + a)
			}
		}
		if i < len(lines)-1 {
			out.WriteString(eol)
		}
	}
	edited := []byte(out.String())
	// A file in xm fmt's canonical layout stays in it: the new lines are
	// placed and aligned as xm fmt would (a new key in its place).
	if canon, err := layout.Format(src); err == nil && bytes.Equal(canon, src) {
		if f, err := layout.Format(edited); err == nil {
			return f, nil
		}
	}
	return edited, nil
}

func addItems(lines []string, ops map[int]*lineOp, m *yaml.Node, key string, items []string, stamp string) error {
	op := func(i int) *lineOp {
		if ops[i] == nil {
			ops[i] = &lineOp{}
		}
		return ops[i]
	}
	if m == nil || m.Kind != yaml.MappingNode || m.Style&yaml.FlowStyle != 0 || len(m.Content) < 2 {
		return errLayout
	}
	var k, v *yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			k, v = m.Content[i], m.Content[i+1]
		}
	}
	if k == nil {
		// A new key after the first key of the script, whose value must be
		// on its line.
		k0, v0 := m.Content[0], m.Content[1]
		if v0.Kind != yaml.ScalarNode || v0.Line != k0.Line || v0.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			return errLayout
		}
		indent := strings.Repeat(" ", k0.Column-1)
		o := op(k0.Line - 1)
		o.after = append(o.after, indent+key+":  # "+stamp)
		for _, it := range items {
			o.after = append(o.after, indent+"  - "+scalar(it))
		}
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		return errLayout
	}
	if v.Style&yaml.FlowStyle != 0 {
		for _, it := range v.Content {
			if it.Line != v.Line {
				return errLayout
			}
		}
		li := v.Line - 1
		l := lines[li]
		if o := ops[li]; o != nil && o.replace != nil {
			l = *o.replace
		}
		body := l
		if c := strings.Index(l, " #"); c >= 0 {
			body = l[:c]
		}
		end := strings.LastIndex(body, "]")
		if end < 0 {
			return errLayout
		}
		var add []string
		for _, it := range items {
			add = append(add, scalar(it))
		}
		sep := ", "
		if len(v.Content) == 0 {
			sep = ""
		}
		nl := l[:end] + sep + strings.Join(add, ", ") + l[end:]
		o := op(li)
		o.replace = &nl
		ko := op(k.Line - 1)
		ko.before = append(ko.before, strings.Repeat(" ", k.Column-1)+"# "+stamp+": + "+strings.Join(add, ", "))
		return nil
	}
	if len(v.Content) == 0 {
		return errLayout
	}
	last := v.Content[len(v.Content)-1]
	if last.Kind != yaml.ScalarNode || last.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return errLayout
	}
	l := lines[last.Line-1]
	dash := strings.Index(l, "- ")
	if dash < 0 || strings.TrimSpace(l[:dash]) != "" {
		return errLayout
	}
	// A plain item continued on the next line is not one line.
	if last.Line < len(lines) {
		next := lines[last.Line]
		if t := strings.TrimSpace(next); t != "" && !strings.HasPrefix(t, "#") && !strings.HasPrefix(t, "-") && indentOf(next) > dash {
			return errLayout
		}
	}
	o := op(last.Line - 1)
	for _, it := range items {
		o.after = append(o.after, l[:dash]+"- "+scalar(it)+"  # "+stamp)
	}
	return nil
}

func indentOf(l string) int { return len(l) - len(strings.TrimLeft(l, " ")) }

// scalar writes s as a YAML scalar that reads back as the same string in a
// block or a flow list: plain when that holds, else double-quoted.
func scalar(s string) string {
	var got []any
	if len(s) <= 200 && !strings.ContainsAny(s, "\"'#\t\r\n") && strings.TrimSpace(s) == s &&
		yaml.Unmarshal([]byte("["+s+"]"), &got) == nil && len(got) == 1 && got[0] == s {
		var blk []any
		if yaml.Unmarshal([]byte("- "+s), &blk) == nil && len(blk) == 1 && blk[0] == s {
			return s
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimRight(buf.String(), "\n")
}

// mergeChanges joins the changes to one script, in first-seen order.
func mergeChanges(cs []Change) []Change {
	var out []Change
	at := map[*schema.Script]int{}
	for _, c := range cs {
		i, ok := at[c.Script]
		if !ok {
			at[c.Script] = len(out)
			out = append(out, Change{Script: c.Script})
			i = len(out) - 1
		}
		out[i].Examples = append(out[i].Examples, c.Examples...)
		out[i].Keywords = append(out[i].Keywords, c.Keywords...)
		out[i].Patterns = append(out[i].Patterns, c.Patterns...)
	}
	return out
}

// groupChanges orders changes by file path, then script order.
func groupChanges(cs []Change) map[*schema.File][]Change {
	out := map[*schema.File][]Change{}
	for _, c := range cs {
		out[c.Script.File] = append(out[c.Script.File], c)
	}
	for f := range out {
		slices.SortStableFunc(out[f], func(a, b Change) int { return a.Script.Order - b.Script.Order })
	}
	return out
}
