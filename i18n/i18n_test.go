package i18n

import "testing"

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
