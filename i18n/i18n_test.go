package i18n

import (
	"errors"
	"strings"
	"testing"
)

func TestFromEnv(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want Lang
	}{
		{map[string]string{}, EN},
		{map[string]string{"LANG": "zh_CN.UTF-8"}, ZH},
		{map[string]string{"LANG": "zh_CN.UTF-8", "LC_ALL": "C"}, EN},
		{map[string]string{"LANG": "en_US.UTF-8", "LC_ALL": "zh_TW.UTF-8"}, ZH},
		{map[string]string{"LC_MESSAGES": "zh_CN", "LANG": "en_US"}, ZH},
		{map[string]string{"LANG": "fr_FR.UTF-8"}, EN},
	} {
		got := FromEnv(func(k string) string { return tc.env[k] })
		if got != tc.want {
			t.Errorf("FromEnv(%v) = %v, want %v", tc.env, got, tc.want)
		}
	}
}

func TestTextIn(t *testing.T) {
	m := F("第 %d 行", "line %d", 3)
	if m.In(ZH) != "第 3 行" || m.In(EN) != "line 3" {
		t.Fatalf("got %q / %q", m.In(ZH), m.In(EN))
	}
	if (Text{EN: "only"}).In(ZH) != "only" {
		t.Fatal("missing Chinese should fall back to English")
	}
}

func TestFCutsLongValues(t *testing.T) {
	long := strings.Repeat("键", 400000)
	got := F("未知的键 %q", "unknown key %q", long)
	want := `unknown key "` + strings.Repeat("键", CutTo) + `…"`
	if got.EN != want {
		t.Fatalf("got %d bytes, want %q", len(got.EN), want)
	}
	if short := F("%s", "%s", "M码"); short.EN != "M码" {
		t.Fatalf("a short value changed: %q", short.EN)
	}
	err := errors.New(strings.Repeat("x", 2000))
	if got := F("%v", "%v", err); got.EN != strings.Repeat("x", CutTo)+"…" {
		t.Fatalf("error not cut: %d bytes", len(got.EN))
	}
}
