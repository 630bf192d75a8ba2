package bot

import "strings"

// PackOf returns "name@version" when file, a script's source as the
// bundle records it, is a file of one of xm's knowledge packs
// (xm:commerce@1/logistics.yaml), and "" for the project's own files.
// schema.PackPrefix is the same prefix; a test keeps them equal.
func PackOf(file string) string {
	rest, ok := strings.CutPrefix(file, "xm:")
	if !ok {
		return ""
	}
	id, _, _ := strings.Cut(rest, "/")
	return id
}

// Pack returns the knowledge pack ("commerce@1") the answering script
// came from, or "".
func (b *Bundle) Pack(a Answer) string {
	if a.Outcome != Reply {
		return ""
	}
	return PackOf(b.Scripts[a.Script].File)
}
