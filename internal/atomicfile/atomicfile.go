// Package atomicfile writes a file so that its path always holds either
// the old content or the new, complete one: a temporary file in the same
// folder, synced, renamed over the path, then the folder synced. A write
// that fails or is killed leaves the old file; the temporary files killed
// writers leave behind are removed by the next write to the same path.
package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Write replaces path with data. A file it replaces keeps its permission
// bits (a 0600 bundle stays 0600); a new file gets perm.
func Write(path string, data []byte, perm os.FileMode) error {
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
		perm = fi.Mode().Perm()
	}
	dir, base := filepath.Dir(path), filepath.Base(path)
	removeStale(dir, base)
	f, err := os.CreateTemp(dir, fmt.Sprintf(".%s.tmp-%d-*", base, os.Getpid()))
	if err != nil {
		return err
	}
	tmp := f.Name()
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if _, err := f.Write(data); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Chmod(perm); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// removeStale deletes the temporary files that writers of this path left
// when they were killed mid-write: the ones whose process is gone, or,
// where that cannot be asked, that are more than an hour old.
func removeStale(dir, base string) {
	matches, _ := filepath.Glob(filepath.Join(dir, "."+base+".tmp-*"))
	for _, m := range matches {
		rest := strings.TrimPrefix(filepath.Base(m), "."+base+".tmp-")
		pidText, _, _ := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if err == nil && pid == os.Getpid() {
			continue
		}
		fi, statErr := os.Lstat(m)
		if statErr != nil || !fi.Mode().IsRegular() {
			continue
		}
		if err != nil || !alive(pid) || time.Since(fi.ModTime()) > time.Hour {
			os.Remove(m)
		}
	}
}
