package report

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

// TestSARIFValidates checks the SARIF output against the OASIS SARIF 2.1.0
// schema, with findings that have a full range, only a line, and no line.
func TestSARIFValidates(t *testing.T) {
	f, err := os.Open("../../testdata/sarif/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	ds := []diag.Diagnostic{
		{File: "scripts/a.yaml", Line: 5, Column: 12, EndLine: 5, EndColumn: 18, Rule: "vague-reply", Severity: diag.Error, Message: i18n.T("敷衍", "deflects"), Hint: i18n.T("写答案", "answer")},
		{File: "xm.yaml", Line: 2, Rule: "missing-topic", Severity: diag.Warning, Message: i18n.T("缺话题", "missing topic")},
		{File: "scripts/gbk.yaml", Rule: "encoding", Severity: diag.Info, Message: i18n.T("编码", "encoding")},
	}
	rules := []RuleInfo{{ID: "vague-reply", Summary: "s", Doc: "d", Severity: diag.Error}, {ID: "missing-topic", Summary: "s", Doc: "d", Severity: diag.Warning}, {ID: "encoding", Summary: "s", Doc: "d", Severity: diag.Error}}
	var b bytes.Buffer
	if err := WriteSARIF(&b, ds, rules, "test", i18n.EN); err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("SARIF output does not validate: %v\n%s", err, b.String())
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	r := log.Runs[0].Results
	if len(r) != 3 || r[1].RuleIndex != 1 || r[0].Level != "error" || r[2].Level != "note" {
		t.Fatalf("results: %+v", r)
	}
}

func TestGitHubEscapes(t *testing.T) {
	var b strings.Builder
	err := WriteGitHub(&b, []diag.Diagnostic{{File: "a,b:c.yaml", Line: 3, Column: 5, Rule: "schema", Severity: diag.Error,
		Message: i18n.T("", "100% wrong\nnext"), Hint: i18n.T("", "fix")}}, i18n.EN)
	if err != nil {
		t.Fatal(err)
	}
	want := "::error file=a%2Cb%3Ac.yaml,line=3,col=5,title=xm schema::100%25 wrong%0Anext%0Afix\n"
	if b.String() != want {
		t.Fatalf("got %q\nwant %q", b.String(), want)
	}
}
