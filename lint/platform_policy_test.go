package lint

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/xm-dev/xm/schema"
)

// TestPlatformPolicyEveryBreach: each breach in a reply is its own
// finding, an ordinary food term is none.
func TestPlatformPolicyEveryBreach(t *testing.T) {
	for _, tc := range []struct {
		reply string
		want  []string // the messages, in English
	}{
		{"亲,好评返现 5 元,加微信 xiaolu888 领取", []string{
			`review inducement "好评返现": platforms forbid paying for reviews`,
			`off-platform contact "加微信": platforms forbid sending buyers elsewhere`}},
		{"亲,全网最低价,品质最好的,拨打 13812345678", []string{
			`absolute claim "全网最低价": forbidden by the advertising law`,
			`absolute claim "最好的": forbidden by the advertising law`,
			`off-platform contact "13812345678": platforms forbid sending buyers elsewhere`}},
		{"亲,晒图评价返 5 元红包", []string{`review inducement "评价 + 奖励": platforms forbid paying for reviews`}},
		{"亲,保质期 12 个月,开封后最佳赏味期 7 天", nil},
	} {
		dir := t.TempDir()
		writeFile(t, dir, "xm.yaml", "xm: 1\nshop: {name: 店, category: general}\nhandoff: {keywords: [转人工], urgent: [紧急], reply: 转接中}\nfallback: {reply: 还在学习}\n")
		writeFile(t, dir, "scripts/a.yaml", "scripts:\n  - {id: a, topic: other, keywords: [问], reply: \""+tc.reply+"\"}\n")
		p, err := schema.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range Run(p, Options{Now: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}) {
			if d.Rule == PlatformPolicy.Name {
				got = append(got, d.Message.EN)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s:\ngot  %q\nwant %q", tc.reply, got, tc.want)
		}
	}
}

func writeFile(t *testing.T, dir, name, body string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
