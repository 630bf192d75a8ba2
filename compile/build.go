// Package compile turns a loaded project (package schema) into a bot: the
// plain bot.Spec the YAML describes, then bot.New's Bundle, whose Encode
// gives the bundle file's bytes. It does not read YAML (schema does), judge
// content (lint does) or answer questions (bot does).
package compile

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/schema"
)

// Build compiles a loaded project. Scripts and triggers the loader
// rejected are simply absent; keywords that are empty once normalised are
// skipped (lint reports them). The same project gives the same bundle,
// byte for byte once encoded.
func Build(p *schema.Project) (*bot.Bundle, error) {
	if len(p.Scripts) > bot.MaxScripts || len(p.Triggers) > bot.MaxTriggers {
		return nil, fmt.Errorf("%d scripts and %d triggers: a bundle holds at most %d scripts and %d triggers", len(p.Scripts), len(p.Triggers), bot.MaxScripts, bot.MaxTriggers)
	}
	spec := Spec(p)
	b, err := bot.New(spec)
	if err != nil {
		return nil, fmt.Errorf("unknown timezone %q in xm.yaml", spec.Timezone)
	}
	return b, nil
}

// Spec is the project as bot.New reads it.
func Spec(p *schema.Project) *bot.Spec {
	m := p.Manifest
	spec := &bot.Spec{SourceHash: sourceHash(p), Values: staticValues(m)}
	if m != nil {
		spec.Shop, spec.Category, spec.Timezone = m.Shop.Name, m.Shop.Category, m.Shop.Timezone
		spec.Threshold = float32(m.Match.Threshold)
		if m.Handoff != nil {
			spec.HandoffKeywords, spec.UrgentKeywords, spec.HandoffReply = m.Handoff.Keywords, m.Handoff.Urgent, m.Handoff.Reply
		}
		if m.Fallback != nil {
			spec.FallbackReply = m.Fallback.Reply
		}
	}
	if spec.Timezone == "" {
		spec.Timezone = schema.DefaultTimezone
	}
	spec.Concepts = Concepts(p)
	spec.Complaints = true
	if m != nil {
		spec.Gap = m.Match.Gap
		spec.Complaints = m.Match.ComplaintsOn()
		if m.Smalltalk != nil {
			spec.SmalltalkReply, spec.GreetingReply = m.Smalltalk.Reply, m.Smalltalk.Greeting
		}
	}
	for _, s := range p.Scripts {
		cs := bot.ScriptSpec{ID: s.ID, Topic: s.Topic, File: s.File.Path, Line: s.Node.Line, Priority: s.Priority,
			Handoff: s.Handoff, Keywords: s.Keywords, Require: s.Require, Exclude: s.Exclude, Examples: s.Examples,
			Patterns: s.Patterns, SkipNegated: s.Negation == "skip", Reply: s.Reply}
		if s.Valid != nil {
			cs.ValidFrom, cs.ValidUntil = s.Valid.From, s.Valid.Until
		}
		if e := s.SetBy("reply"); e != nil {
			cs.ReplyFile, cs.ReplyLine = e.File.Path, e.Node.Line
		}
		spec.Scripts = append(spec.Scripts, cs)
	}
	for _, t := range p.Triggers {
		ct := bot.TriggerSpec{ID: t.ID, File: t.File.Path, Line: t.Node.Line, Event: t.On, Reply: t.Reply}
		if t.When != nil {
			ct.Window, ct.From, ct.To, ct.Days = true, t.When.From, t.When.To, t.When.Days
		}
		if t.Valid != nil {
			ct.ValidFrom, ct.ValidUntil = t.Valid.From, t.Valid.Until
		}
		spec.Triggers = append(spec.Triggers, ct)
	}
	return spec
}

// Fill returns a reply as the buyer will read it, with the names the
// project defines (vars, shop.name) filled in exactly as Build fills them;
// names only the platform knows (order fields, the clock) stay as {{name}}.
// Lint judges replies through it.
func Fill(reply string, m *schema.Manifest) string {
	return bot.Fill(reply, staticValues(m))
}

// staticValues resolves the names a project defines itself: vars and
// shop.name.
func staticValues(m *schema.Manifest) func(string) (string, bool) {
	return func(name string) (string, bool) {
		if m == nil {
			return "", false
		}
		if name == "shop.name" {
			return m.Shop.Name, true
		}
		if v, ok := m.Vars[name]; ok {
			switch x := v.(type) {
			case string:
				return x, true
			case float64:
				if x == float64(int64(x)) {
					return fmt.Sprint(int64(x)), true
				}
				return fmt.Sprint(x), true
			case bool:
				return fmt.Sprint(x), true
			}
		}
		return "", false
	}
}

// sourceHash identifies the sources: every loaded file's path and bytes.
func sourceHash(p *schema.Project) [32]byte {
	h := sha256.New()
	var n [8]byte
	for _, f := range p.Files {
		binary.LittleEndian.PutUint64(n[:], uint64(len(f.Path)))
		h.Write(n[:])
		h.Write([]byte(f.Path))
		binary.LittleEndian.PutUint64(n[:], uint64(len(f.Src)))
		h.Write(n[:])
		h.Write(f.Src)
	}
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}
