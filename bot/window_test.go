package bot

import "testing"

func TestInWindow(t *testing.T) {
	if !inWindow(23*60, 22*60, 2*60) || !inWindow(60, 22*60, 2*60) || inWindow(12*60, 22*60, 2*60) {
		t.Error("windows crossing midnight")
	}
	if !inWindow(21*60, 20*60, 22*60) || inWindow(22*60, 20*60, 22*60) {
		t.Error("a window's end is exclusive")
	}
}
