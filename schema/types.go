package schema

import (
	"go.yaml.in/yaml/v4"

	"github.com/xm-dev/xm/diag"
)

// Project is a loaded seller repository: the manifest, every script and
// trigger in declaration order, the files they came from, and what the
// loader found wrong. A Project is never nil when Load returns no error,
// even when its files are broken: the broken parts are simply missing and
// Diags says why.
type Project struct {
	Root     string // absolute directory holding xm.yaml
	Manifest *Manifest
	Files    []*File // the manifest first, then content files in path order
	Scripts  []*Script
	Triggers []*Trigger
	// Concepts are the project's own concepts, from xm.yaml and the
	// content files, in load order.
	Concepts []*Concept
	// Extensions are the project's entries that add to a pack script
	// (extends: ID), in load order, merged into their Target.
	Extensions []*Extension
	// Packs are the knowledge packs xm.yaml includes, in its order; their
	// files follow the project's own in Files.
	Packs []*Pack
	// PackVars says, for each var a pack's default filled in because the
	// project does not set it, which pack's default it is.
	PackVars map[string]*Pack
	Diags    []diag.Diagnostic
	Limits   Limits
}

// Script returns the first script with id, in load order, or nil.
func (p *Project) Script(id string) *Script {
	for _, s := range p.Scripts {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// File is one loaded YAML file with its source and parsed tree.
type File struct {
	Path   string     // relative to the project root, forward slashes
	Abs    string     // absolute path
	Src    []byte     // the text as UTF-8, BOM removed
	Lines  []string   // Src split into lines, without line ends
	Root   *yaml.Node // the document's top node; nil when it did not parse
	Broken bool       // true when the file could not be read, decoded or parsed
	// Invalid holds document paths (JSON pointers) the schema rejected, so
	// that the items under them are not handed on as if they were valid.
	Invalid []string
	// Pack is "name@version" for a file of one of xm's knowledge packs
	// (its Path is then xm:name@version/file.yaml and Abs is empty), ""
	// for the project's own files.
	Pack string
}

// Line returns line n (1-based) of the file.
func (f *File) Line(n int) (string, bool) {
	if f == nil || n < 1 || n > len(f.Lines) {
		return "", false
	}
	return f.Lines[n-1], true
}

// Manifest is xm.yaml.
type Manifest struct {
	Version  int            `json:"xm"`
	Shop     Shop           `json:"shop"`
	Vars     map[string]any `json:"vars"`
	Include  []string       `json:"include"`
	Packs    []PackRef      `json:"packs"`
	Handoff  *Handoff       `json:"handoff"`
	Fallback *Fallback      `json:"fallback"`
	Lint     LintConfig     `json:"lint"`
	Match    MatchConfig    `json:"match"`
	// Concepts as written in xm.yaml; Project.Concepts has them with
	// their positions.
	Concepts  map[string][]string `json:"concepts"`
	Smalltalk *Smalltalk          `json:"smalltalk"`

	File *File      `json:"-"`
	Node *yaml.Node `json:"-"`
}

// DefaultTimezone is a project's timezone when xm.yaml names none (the
// loader fills it in; package bot keeps the same default for callers
// that build a Spec themselves).
const DefaultTimezone = "Asia/Shanghai"

// Shop names the shop, its category and its timezone.
type Shop struct {
	Name     string `json:"name"`
	Category string `json:"category"`
	Timezone string `json:"timezone"`
}

// MatchConfig tunes the matcher.
type MatchConfig struct {
	Threshold  float64 `json:"threshold"`
	Gap        int     `json:"gap"`
	Complaints *bool   `json:"complaints"`
}

// ComplaintsOn reports whether complaints go to a human (the default).
func (m MatchConfig) ComplaintsOn() bool { return m.Complaints == nil || *m.Complaints }

// Smalltalk is what the bot says to greetings, thanks and
// acknowledgements.
type Smalltalk struct {
	Reply    string `json:"reply"`
	Greeting string `json:"greeting"`
}

// Concept is one concept the project defines: a name and its members
// (literal text, or ~name of another concept).
type Concept struct {
	Name    string
	Members []string
	File    *File
	Node    *yaml.Node // the members' sequence
	Key     *yaml.Node // the name
}

// Handoff is the way to a human.
type Handoff struct {
	Keywords []string `json:"keywords"`
	Urgent   []string `json:"urgent"`
	Reply    string   `json:"reply"`
}

// Fallback is what the bot says when nothing matches.
type Fallback struct {
	Reply string `json:"reply"`
}

// LintConfig is the manifest's lint section.
type LintConfig struct {
	Disable       []string          `json:"disable"`
	Severity      map[string]string `json:"severity"`
	RequireTopics []string          `json:"require_topics"`
	Exclude       []Exclusion       `json:"exclude"`
	ReplyMaxChars int               `json:"reply_max_chars"`
	Limits        *LimitsConfig     `json:"limits"`
	Words         *WordsConfig      `json:"words"`
}

// WordsConfig is the shop's own vocabulary (lint.words), checked in every
// reply by the shop-words rule.
type WordsConfig struct {
	Banned   []string          `json:"banned"`   // must never appear (a competitor, a discontinued product)
	Required []string          `json:"required"` // must appear in every reply (a sign-off)
	Prefer   map[string]string `json:"prefer"`   // word → the term to write instead
}

// Exclusion turns rules off for files matching a glob.
type Exclusion struct {
	Path   string   `json:"path"`
	Rules  []string `json:"rules"`
	Reason string   `json:"reason"`
}

// LimitsConfig raises the loader's limits from xm.yaml.
type LimitsConfig struct {
	MaxFileBytes int64 `json:"max_file_bytes"`
	MaxFiles     int   `json:"max_files"`
	MaxDepth     int   `json:"max_depth"`
	MaxNodes     int   `json:"max_nodes"`
	MaxKeywords  int   `json:"max_keywords"`
}

// Validity bounds a promotion in time; dates are YYYY-MM-DD, inclusive.
type Validity struct {
	From  string `json:"from"`
	Until string `json:"until"`
}

// Script is one reply script.
type Script struct {
	ID       string    `json:"id"`
	Topic    string    `json:"topic"`
	Keywords []string  `json:"keywords"`
	Require  []string  `json:"require"`
	Exclude  []string  `json:"exclude"`
	Priority int       `json:"priority"`
	Examples []string  `json:"examples"`
	Patterns []string  `json:"patterns"`
	Negation string    `json:"negation"`
	Reply    string    `json:"reply"`
	Valid    *Validity `json:"valid"`
	Handoff  bool      `json:"handoff"`

	File  *File      `json:"-"`
	Node  *yaml.Node `json:"-"` // the script's mapping
	Index int        `json:"-"` // position in the file's scripts list
	Order int        `json:"-"` // declaration order across the project
	// Extensions are the project's entries that add to this pack script
	// (extends: its id), in load order; their items follow the script's
	// own in its lists, and Item says where each was written.
	Extensions []*Extension `json:"-"`
	added      map[string][]added
	setBy      map[string]*Extension // the extension that set reply, valid or handoff
}

// Window is a daily time window, HH:MM to HH:MM.
type Window struct {
	From string   `json:"from"`
	To   string   `json:"to"`
	Days []string `json:"days"`
}

// Trigger is a message sent on an order event or in a time window.
type Trigger struct {
	ID    string    `json:"id"`
	On    string    `json:"on"`
	When  *Window   `json:"when"`
	Reply string    `json:"reply"`
	Valid *Validity `json:"valid"`

	File  *File      `json:"-"`
	Node  *yaml.Node `json:"-"`
	Index int        `json:"-"`
}

// Field returns the value node of key in the script's mapping, or the
// script's own node when the key is absent, so that a finding always has a
// place to point at.
func (s *Script) Field(key string) *yaml.Node { return fieldOr(s.Node, key) }

// Field returns the value node of key in the trigger's mapping, or the
// trigger's own node when absent.
func (t *Trigger) Field(key string) *yaml.Node { return fieldOr(t.Node, key) }

// Path is the document path of the script, like scripts[2].
func (s *Script) Path(sub ...string) string { return itemPath("scripts", s.Index, sub) }

// Path is the document path of the trigger, like triggers[0].when.
func (t *Trigger) Path(sub ...string) string { return itemPath("triggers", t.Index, sub) }
