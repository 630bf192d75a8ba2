package lint

import (
	"strings"
	"testing"
	"time"

	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/schema"
)

// TestExampleMisrouteCloseCall: an example whose words belong to two
// topics, neither clearly ahead, is told as a close call naming the other
// script, not as "matches nothing".
func TestExampleMisrouteCloseCall(t *testing.T) {
	p, err := schema.Load("../testdata/lint/example-misroute")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range Run(p, Options{Now: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)}) {
		if d.Rule == "example-misroute" && strings.Contains(d.Message.In(i18n.EN), "M码还有货吗") {
			want := `example "M码还有货吗" hits words of two topics (the other is size-m) and neither is clearly ahead: it falls to the fallback reply`
			if got := d.Message.In(i18n.EN); got != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
			if !strings.Contains(d.Hint.In(i18n.EN), "give stock a keyword or pattern") {
				t.Errorf("hint %s", d.Hint.In(i18n.EN))
			}
			return
		}
	}
	t.Fatal("no example-misroute finding for M码还有货吗")
}
