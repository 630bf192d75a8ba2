package junit

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
)

func TestWellFormed(t *testing.T) {
	var out bytes.Buffer
	j, err := New(&out, "xm <lint>")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		suite string
		c     Case
	}{
		{"a.yaml", Case{Name: `q "1" & <2>`, Classname: "a.yaml", File: "a.yaml", Line: 3}},
		{"a.yaml", Case{Name: "bad\x00ctl\x1b", Failure: "expected x\ngot y", Type: "error", Detail: "line 1\nline <2>"}},
		{"b.yaml", Case{Name: "skipped", Skipped: "below --fail-on", Output: "亲，你好"}},
	}
	for _, c := range cases {
		if err := j.Add(c.suite, c.c); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests  int `xml:"tests,attr"`
		Suites []struct {
			Name     string `xml:"name,attr"`
			Tests    int    `xml:"tests,attr"`
			Failures int    `xml:"failures,attr"`
			Cases    []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
					Body    string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, out.String())
	}
	if len(doc.Suites) != 2 || doc.Suites[0].Tests != 2 || doc.Suites[0].Failures != 1 || doc.Suites[1].Tests != 1 {
		t.Fatalf("suites: %+v", doc.Suites)
	}
	if got := doc.Suites[0].Cases[0].Name; got != `q "1" & <2>` {
		t.Errorf("name %q", got)
	}
	if f := doc.Suites[0].Cases[1].Failure; f == nil || f.Message != "expected x\ngot y" || f.Body != "line 1\nline <2>" {
		t.Errorf("failure %+v", f)
	}
	if strings.Contains(out.String(), "\x00") {
		t.Error("a NUL byte reached the XML")
	}
}
