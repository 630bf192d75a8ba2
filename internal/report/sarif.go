package report

import (
	"encoding/json"
	"io"

	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

// RuleInfo describes a rule for reports that carry rule metadata (SARIF).
type RuleInfo struct {
	ID       string
	Summary  string
	Doc      string
	Severity diag.Severity
	HelpURI  string
}

func sarifLevel(s diag.Severity) string {
	switch s {
	case diag.Error:
		return "error"
	case diag.Warning:
		return "warning"
	}
	return "note"
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	ShortDescription     sarifText         `json:"shortDescription"`
	FullDescription      sarifText         `json:"fullDescription"`
	Help                 sarifText         `json:"help"`
	HelpURI              string            `json:"helpUri,omitempty"`
	DefaultConfiguration map[string]string `json:"defaultConfiguration"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation struct {
		ArtifactLocation struct {
			URI       string `json:"uri"`
			URIBaseID string `json:"uriBaseId"`
		} `json:"artifactLocation"`
		Region *sarifRegion `json:"region,omitempty"`
	} `json:"physicalLocation"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

// WriteSARIF prints the findings as a SARIF 2.1.0 log, with every rule's
// description and help, for code-scanning dashboards. File names are
// relative URIs against %SRCROOT% (the repository root); columns count
// Unicode code points, as the text output does.
func WriteSARIF(w io.Writer, ds []diag.Diagnostic, rules []RuleInfo, version string, l i18n.Lang) error {
	index := map[string]int{}
	var srules []sarifRule
	for i, r := range rules {
		index[r.ID] = i
		srules = append(srules, sarifRule{
			ID: r.ID, Name: r.ID,
			ShortDescription:     sarifText{Text: r.Summary},
			FullDescription:      sarifText{Text: r.Doc},
			Help:                 sarifText{Text: r.Doc, Markdown: r.Doc},
			HelpURI:              r.HelpURI,
			DefaultConfiguration: map[string]string{"level": sarifLevel(r.Severity)},
		})
	}
	results := make([]sarifResult, 0, len(ds))
	for _, d := range ds {
		res := sarifResult{RuleID: d.Rule, RuleIndex: index[d.Rule], Level: sarifLevel(d.Severity), Message: sarifText{Text: d.Message.In(l)}}
		if h := d.Hint.In(l); h != "" {
			res.Message.Text += " (" + h + ")"
		}
		var loc sarifLocation
		loc.PhysicalLocation.ArtifactLocation.URI = d.File
		loc.PhysicalLocation.ArtifactLocation.URIBaseID = "%SRCROOT%"
		if d.Line > 0 {
			r := &sarifRegion{StartLine: d.Line, StartColumn: d.Column}
			if d.EndLine >= d.Line && d.EndColumn > 0 {
				r.EndLine, r.EndColumn = d.EndLine, d.EndColumn
			}
			loc.PhysicalLocation.Region = r
		}
		res.Locations = []sarifLocation{loc}
		results = append(results, res)
	}
	log := map[string]any{
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"version": "2.1.0",
		"runs": []any{map[string]any{
			"tool": map[string]any{"driver": map[string]any{
				"name": "xm", "informationUri": "https://github.com/xm-dev/xm", "version": version, "rules": srules,
			}},
			"columnKind": "unicodeCodePoints",
			"results":    results,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}
