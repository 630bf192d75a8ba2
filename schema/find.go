package schema

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ManifestName is the file that marks a project's root.
const ManifestName = "xm.yaml"

// ErrNoProject is returned by Find when no xm.yaml is at or above the start.
var ErrNoProject = errors.New("no xm.yaml found")

// Find returns the directory of the nearest xm.yaml at or above start (a
// file or a directory), the way go finds go.mod.
func Find(start string) (string, error) {
	abs, err := filepath.Abs(start)
	if err != nil {
		return "", err
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return "", err
	}
	dir := abs
	if !fi.IsDir() {
		dir = filepath.Dir(abs)
	}
	for {
		m := filepath.Join(dir, ManifestName)
		if fi, err := os.Stat(m); err == nil && !fi.IsDir() {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("%w at or above %s", ErrNoProject, abs)
		}
		dir = parent
	}
}
