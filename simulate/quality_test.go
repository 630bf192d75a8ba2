package simulate

import (
	"math"
	"testing"
)

// TestScores checks precision, recall, F1 and the matrix on counts worked
// out by hand: a expected 4 (3 right, 1 → b), b expected 2 (right), c
// expected 1 (→ a).
func TestScores(t *testing.T) {
	pairs := map[[2]string]int{{"a", "a"}: 3, {"a", "b"}: 1, {"b", "b"}: 2, {"c", "a"}: 1}
	list, m := scores(pairs)
	want := map[string][3]float64{
		"a": {3.0 / 4, 3.0 / 4, 3.0 / 4},
		"b": {2.0 / 3, 1, 0.8},
		"c": {0, 0, 0},
	}
	if len(list) != 3 || list[0].Name != "a" || list[1].Name != "b" || list[2].Name != "c" {
		t.Fatalf("order %+v", list)
	}
	for _, c := range list {
		w := want[c.Name]
		if !near(c.Precision, w[0]) || !near(c.Recall, w[1]) || !near(c.F1, w[2]) {
			t.Errorf("%s: P %.3f R %.3f F1 %.3f, want %v", c.Name, c.Precision, c.Recall, c.F1, w)
		}
	}
	wantM := [][]int{{3, 1, 0}, {0, 2, 0}, {1, 0, 0}}
	for i := range wantM {
		for j := range wantM[i] {
			if m.Counts[i][j] != wantM[i][j] {
				t.Fatalf("matrix %v, want %v", m.Counts, wantM)
			}
		}
	}
	if class("urgent") != "handoff" {
		t.Error("urgent must count as handoff")
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
