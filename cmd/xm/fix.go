package main

import (
	"cmp"
	"os"
	"slices"
	"strings"

	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/internal/atomicfile"
)

// applyFixes makes the mechanical fixes the findings carry (diag.Fix), file
// by file, and returns how many it made. A fix is made only where the text
// at the finding's place is still the text the fix replaces; fixes that
// overlap an earlier one on the line wait for the next run. File names are
// as printed: relative to the working directory.
func applyFixes(ds []diag.Diagnostic) (int, error) {
	byFile := map[string][]diag.Diagnostic{}
	for _, d := range ds {
		if d.Fix != nil && d.File != "" && d.Line > 0 && d.Column > 0 && d.EndLine == d.Line {
			byFile[d.File] = append(byFile[d.File], d)
		}
	}
	files := make([]string, 0, len(byFile))
	for f := range byFile {
		files = append(files, f)
	}
	slices.Sort(files)
	made := 0
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			return made, err
		}
		lines := strings.SplitAfter(string(raw), "\n")
		fixes := byFile[file]
		// Right to left, so earlier columns stay valid.
		slices.SortFunc(fixes, func(a, b diag.Diagnostic) int {
			return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(b.Column, a.Column))
		})
		n := 0
		lastLine, lastCol := 0, 0
		for _, d := range fixes {
			if d.Line > len(lines) {
				continue
			}
			if d.Line == lastLine && d.EndColumn > lastCol {
				continue // overlaps the fix just made
			}
			line := []rune(lines[d.Line-1])
			from, to := d.Column-1, d.EndColumn-1
			if d.Line == 1 && len(line) > 0 && line[0] == '\ufeff' {
				from, to = from+1, to+1 // columns do not count the BOM
			}
			if from < 0 || to > len(line) || from > to || string(line[from:to]) != d.Fix.Old {
				continue
			}
			lines[d.Line-1] = string(line[:from]) + d.Fix.New + string(line[to:])
			lastLine, lastCol = d.Line, d.Column
			n++
		}
		if n == 0 {
			continue
		}
		fi, err := os.Stat(file)
		if err != nil {
			return made, err
		}
		if err := atomicfile.Write(file, []byte(strings.Join(lines, "")), fi.Mode().Perm()); err != nil {
			return made, err
		}
		made += n
	}
	return made, nil
}
