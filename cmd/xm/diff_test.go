package main

import (
	"strings"
	"testing"
)

func TestParseTreeEntry(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want treeEntry
		err  string
	}{
		{"100644 blob 3b18e512dba79e4c8300dd08aeb37f8e728b8dad      12\tshop/scripts/a.yaml", treeEntry{"100644", "blob", "3b18e512dba79e4c8300dd08aeb37f8e728b8dad", "shop/scripts/a.yaml", 12}, ""},
		{"160000 commit 3b18e512dba79e4c8300dd08aeb37f8e728b8dad       -\tshop/scripts/shared", treeEntry{"160000", "commit", "3b18e512dba79e4c8300dd08aeb37f8e728b8dad", "shop/scripts/shared", -1}, ""},
		{"100644 blob 3b18e5 1\tname with\ttab and spaces", treeEntry{"100644", "blob", "3b18e5", "name with\ttab and spaces", 1}, ""},
		{"", treeEntry{}, ""},
		{"100644 blob 3b18e5 -\ta", treeEntry{}, "no size"},
		{"100644 blob 3b18e5 -5\ta", treeEntry{}, "unexpected git ls-tree size"},
		{"garbage", treeEntry{}, "unexpected git ls-tree line"},
	} {
		got, err := parseTreeEntry(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: got %v, want error %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%q: got %+v %v, want %+v", tc.in, got, err, tc.want)
		}
	}
}

// FuzzTreeEntry: any line git could print, or not, parses or is refused;
// a blob always has a size, and the path is never empty.
func FuzzTreeEntry(f *testing.F) {
	f.Add("100644 blob 3b18e512dba79e4c8300dd08aeb37f8e728b8dad      12\tshop/scripts/a.yaml")
	f.Add("160000 commit 3b18e5       -\tsub")
	f.Fuzz(func(t *testing.T, s string) {
		e, err := parseTreeEntry(s)
		if err != nil || s == "" {
			return
		}
		if e.path == "" || (e.kind == "blob" && e.size < 0) {
			t.Fatalf("%q gave %+v", s, e)
		}
	})
}
