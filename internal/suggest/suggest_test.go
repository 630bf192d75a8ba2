package suggest

import "testing"

func TestNearest(t *testing.T) {
	for _, tc := range []struct {
		s    string
		in   []string
		want string
	}{
		{"keyword", []string{"keywords", "reply", "topic"}, "keywords"},
		{"order.ship", []string{"order.paid", "order.shipped"}, "order.shipped"},
		{"vauge-reply", []string{"vague-reply", "placeholder"}, "vague-reply"},
		{"Topic", []string{"topic"}, "topic"},
		{"xyz", []string{"keywords", "reply"}, ""},
		{"fromat", []string{"format", "fail-on"}, "format"},
	} {
		if got := Nearest(tc.s, tc.in); got != tc.want {
			t.Errorf("Nearest(%q) = %q, want %q", tc.s, got, tc.want)
		}
	}
	if Distance("码数", "码") != 1 || Distance("", "abc") != 3 {
		t.Error("Distance")
	}
}
