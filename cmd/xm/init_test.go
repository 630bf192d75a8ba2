package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/schema"
)

// TestInitPromptAsksAgain: on a terminal, an answer xm cannot use is
// refused when it is typed, with the reason, and asked again.
func TestInitPromptAsksAgain(t *testing.T) {
	var out bytes.Buffer
	e := &env{stdin: strings.NewReader("9\nfurniture\n3\n老王零食\nabc\n-5\n12\n"), stdout: &out, lang: i18n.EN}
	category, name, ship := ask(e, "general", "", 48)
	if category != "food" || name != "老王零食" || ship != 12 {
		t.Errorf("got %s, %s, %d; want food, 老王零食, 12", category, name, ship)
	}
	for _, want := range []string{
		`  there is no category "9": type a number from 1 to 7, or a category (apparel, shoes, food, appliances, electronics, beauty, general)` + "\ncategory [general]: ",
		`  there is no category "furniture": type a number from 1 to 7`,
		`  "abc" is not a plausible number of hours: type a whole number from 1 to 720, e.g. 48` + "\nhours from payment to shipping [48]: ",
		`  "-5" is not a plausible number of hours`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the dialogue lacks %q:\n%s", want, out.String())
		}
	}
	// At the end of the input the defaults stand; nothing loops.
	out.Reset()
	e.stdin = strings.NewReader("furniture\n")
	category, name, ship = ask(e, "general", "", 48)
	if category != "general" || name != "my shop" || ship != 48 {
		t.Errorf("at EOF: got %s, %s, %d", category, name, ship)
	}
}

// TestInitNameQuoted: whatever the shop's name holds, xm.yaml reads it
// back as written and the new project lints clean.
func TestInitNameQuoted(t *testing.T) {
	for _, name := range []string{"小鹿女装", "老王: 零食", "[旗舰店]", "*星*", "好物 #1", `"引号"店`, "它's", "第一行\n第二行", "true", "123", "- 店", "{店}", "店, 铺", "%店", "@店", "店\\铺"} {
		dir := filepath.Join(t.TempDir(), "shop")
		var stdout, stderr bytes.Buffer
		if code := run([]string{"init", "--category", "general", "--name", name, dir}, strings.NewReader(""), &stdout, &stderr, func(string) string { return "" }); code != 0 {
			t.Fatalf("%q: init exit %d: %s", name, code, stderr.String())
		}
		p, err := schema.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		if p.Manifest == nil || p.Manifest.Shop.Name != name {
			t.Errorf("%q: xm.yaml reads back as %q", name, p.Manifest.Shop.Name)
		}
		stdout.Reset()
		if code := run([]string{"lint", dir}, strings.NewReader(""), &stdout, &stderr, func(string) string { return "" }); code != 0 {
			t.Errorf("%q: lint exit %d:\n%s", name, code, stdout.String())
		}
	}
}
