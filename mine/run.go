package mine

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/compile"
	"github.com/xm-dev/xm/internal/atomicfile"
	"github.com/xm-dev/xm/schema"
	"github.com/xm-dev/xm/simulate"
)

// ReportVersion is the version of the report's JSON shape.
const ReportVersion = 1

// DraftsFile is where Apply writes new-script drafts, relative to the
// project: outside the default include, so the drafts take no part until
// the seller moves them into scripts/.
const DraftsFile = "mine/drafts.yaml"

// Report is what a run found and suggests.
type Report struct {
	Version  int `json:"version"`
	Messages int `json:"messages"` // buyer messages read
	// Smalltalk and ToHuman were not collected: small talk, handoffs and
	// complaints.
	Smalltalk     int `json:"smalltalk"`
	ToHuman       int `json:"to_human"`
	Fallbacks     int `json:"fallbacks"`
	CloseCalls    int `json:"close_calls"`
	LowConfidence int `json:"low_confidence"`
	Malformed     int `json:"malformed"`
	// Phrasings is how many distinct phrasings were clustered;
	// Unclustered counts the collected messages left out (no content
	// term, beyond the table's limits, or in clusters not reported).
	Phrasings   int `json:"phrasings"`
	Unclustered int `json:"unclustered"`
	// Learned are the words learned from the confident answers, each
	// proposed as a keyword of a script and checked.
	Learned   []Learned  `json:"learned"`
	Clusters  []Cluster  `json:"clusters"`
	FollowUps []FollowUp `json:"follow_ups"`
	Written   []string   `json:"written"` // files Apply wrote, project-relative
	// DraftsSkipped is true when the project's include would load
	// DraftsFile, so Apply did not write the drafts.
	DraftsSkipped bool   `json:"drafts_skipped,omitempty"`
	Date          string `json:"date"`

	files  map[string][]byte
	drafts []byte
}

// Cluster is a group of similar messages that need a look.
type Cluster struct {
	Rank          int        `json:"rank"`
	Buyers        int        `json:"buyers"`
	Messages      int        `json:"messages"`
	Fallbacks     int        `json:"fallbacks"`
	CloseCalls    int        `json:"close_calls"`
	LowConfidence int        `json:"low_confidence"`
	Terms         []Term     `json:"terms"`
	Samples       []Sample   `json:"samples"`
	Suggestion    Suggestion `json:"suggestion"`
}

// Term is a term most of a cluster shares: ~concept or text.
type Term struct {
	Term  string  `json:"term"`
	Share float64 `json:"share"`
}

// Sample is one representative message.
type Sample struct {
	Text   string `json:"text"`
	Count  int    `json:"count"`
	Buyers int    `json:"buyers"`
}

// FollowUp is a script buyers often write again after.
type FollowUp struct {
	Script string  `json:"script"`
	Topic  string  `json:"topic"`
	Timed  int     `json:"timed"`
	Count  int     `json:"follow_ups"`
	Rate   float64 `json:"rate"`
}

// Run replays the readers through b (built from p), collects and
// clusters what needs a look, and checks a suggestion for each cluster.
// Nothing is written: Apply does that.
func Run(p *schema.Project, b *bot.Bundle, readers []simulate.Reader, opt Options) (*Report, error) {
	opt.defaults()
	c := newCollector(b, opt)
	var ctx []string
	if lc, ok := compile.LibraryConcept(bot.ConceptContext); ok {
		for _, m := range lc.Members {
			if name, ok := bot.ConceptRef(m); ok {
				ctx = append(ctx, name)
			}
		}
	}
	lx := newLexicon(compile.Concepts(p), ctx)
	c.learn = &learner{lx: lx, covered: coveredBy(p), max: MaxLearnTerms, table: map[string]*termStat{}}
	rep := &Report{Version: ReportVersion, Date: opt.Now.Format("2006-01-02"), Clusters: []Cluster{}, FollowUps: []FollowUp{}, Written: []string{}}
	figs, err := simulate.Run(b, readers, simulate.Options{At: opt.At, FollowUp: opt.FollowUp, Workers: opt.Workers},
		simulate.Handlers{Result: func(r *simulate.Result) error { c.add(r); return nil }, Problem: func(*simulate.Problem) error { return nil }})
	if err != nil {
		return nil, err
	}
	rep.Messages, rep.Smalltalk, rep.ToHuman, rep.Malformed = c.read, c.small, c.handled, figs.Malformed
	rep.Fallbacks, rep.CloseCalls, rep.LowConfidence = c.counts[ReasonFallback], c.counts[ReasonCloseCall], c.counts[ReasonLowConf]
	for _, s := range figs.Scripts {
		if s.Timed >= opt.FollowUpMin && s.FollowUpRate >= opt.FollowUpRate {
			rep.FollowUps = append(rep.FollowUps, FollowUp{Script: s.ID, Topic: s.Topic, Timed: s.Timed, Count: s.FollowUps, Rate: s.FollowUpRate})
		}
	}
	slices.SortStableFunc(rep.FollowUps, func(x, y FollowUp) int {
		if x.Rate != y.Rate {
			if x.Rate > y.Rate {
				return -1
			}
			return 1
		}
		return strings.Compare(x.Script, y.Script)
	})

	ps := c.phrasings()
	total := 0
	for _, p := range ps {
		total += p.count
	}
	ps = ps[:min(len(ps), opt.MaxClustered)]
	rep.Phrasings = len(ps)
	gs, _ := lx.cluster(ps)
	sortGroups(gs)
	gs = gs[:min(len(gs), opt.MaxClusters)]

	k := newChecker(p, b, opt, &c.answered)
	k.all, k.lx, k.small = ps, lx, c.smallTalk
	rep.Learned = k.learn(c.learn)
	taken := map[string]bool{}
	for _, s := range p.Scripts {
		taken[s.ID] = true
	}
	draftN := 0
	clustered := 0
	var drafts []Suggestion
	for i, g := range gs {
		m, buyers := g.counts()
		clustered += m
		cl := Cluster{Rank: i + 1, Buyers: buyers, Messages: m, Terms: []Term{}, Samples: []Sample{}}
		for _, p := range g.members {
			cl.Fallbacks += p.reasons[ReasonFallback]
			cl.CloseCalls += p.reasons[ReasonCloseCall]
			cl.LowConfidence += p.reasons[ReasonLowConf]
			if len(cl.Samples) < 5 {
				cl.Samples = append(cl.Samples, Sample{Text: p.text, Count: p.count, Buyers: p.buyers})
			}
		}
		for _, t := range g.coverage() {
			if t.share < 0.3 || len(cl.Terms) == 4 {
				break
			}
			cl.Terms = append(cl.Terms, Term{t.term, round3(t.share)})
		}
		cl.Suggestion = k.suggest(g, &draftN, taken)
		s := &cl.Suggestion
		s.Share, s.Margin = round3(s.Share), round3(s.Margin)
		if s.Examples == nil {
			s.Examples = []string{}
		}
		if s.Kind == "new" {
			drafts = append(drafts, *s)
		}
		rep.Clusters = append(rep.Clusters, cl)
	}
	rep.Unclustered = total - clustered
	rep.files = k.edited()
	rep.drafts = draftsYAML(drafts, opt)
	return rep, nil
}

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }

// files returns the text of each file the accepted changes edit.
func (k *checker) edited() map[string][]byte {
	out, err := render(k.p, k.applied, k.stamp)
	if err != nil {
		return map[string][]byte{} // every accepted change rendered in its check
	}
	return out
}

// draftsYAML is the review file of new-script drafts, or nil.
func draftsYAML(ds []Suggestion, opt Options) []byte {
	if len(ds) == 0 {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# xm mine %s: 新话术草稿 / drafts of new scripts.\n", opt.Now.Format("2006-01-02"))
	b.WriteString("# 这些话术还没有回复，也不参与匹配：写好关键词和回复，再移到 scripts/ 下；xm lint 会指出没填的地方。下次 xm mine --apply 会重写这个文件。\n")
	b.WriteString("# No reply yet, and not matched: write the keywords and the reply, then move them into scripts/;\n")
	b.WriteString("# xm lint points at what is left to fill in. The next xm mine --apply rewrites this file.\n")
	b.WriteString("scripts:\n")
	// Drafts of one id (one topic) merge, up to maxDraftExamples examples.
	var order []string
	byID := map[string]*Suggestion{}
	for _, d := range ds {
		if m, ok := byID[d.Script]; ok {
			for _, e := range d.Examples {
				if len(m.Examples) < maxDraftExamples && !slices.Contains(m.Examples, e) {
					m.Examples = append(m.Examples, e)
				}
			}
			continue
		}
		d.Examples = slices.Clone(d.Examples[:min(len(d.Examples), maxDraftExamples)])
		byID[d.Script] = &d
		order = append(order, d.Script)
	}
	for _, id := range order {
		d := byID[id]
		fmt.Fprintf(&b, "  - id: %s\n    topic: %s\n", d.Script, d.Topic)
		if kw := draftKeyword(d.Topic); kw != "" {
			fmt.Fprintf(&b, "    keywords: [%s]\n", kw)
		} else {
			b.WriteString("    keywords: []  # 写关键词 / write keywords\n")
		}
		b.WriteString("    examples:\n")
		for _, e := range d.Examples {
			fmt.Fprintf(&b, "      - %s\n", scalar(e))
		}
		b.WriteString("    reply: 待填写  # 写回复 / write the reply\n")
	}
	return []byte(b.String())
}

// draftKeyword is the concept keyword of a topic, when one concept names it.
func draftKeyword(topic string) string {
	var cs []string
	for c, t := range conceptTopic {
		if t == topic {
			cs = append(cs, c)
		}
	}
	slices.Sort(cs)
	for _, c := range cs {
		if c == topic || strings.HasPrefix(topic, c) {
			return "~" + c
		}
	}
	return ""
}

// draftsLoaded reports whether the project's include takes DraftsFile.
func draftsLoaded(p *schema.Project) bool {
	patterns := schema.DefaultInclude
	if p.Manifest != nil && len(p.Manifest.Include) > 0 {
		patterns = p.Manifest.Include
	}
	for _, pat := range patterns {
		if schema.MatchGlob(strings.TrimPrefix(filepath.ToSlash(pat), "./"), DraftsFile) {
			return true
		}
	}
	return false
}

// Apply writes the checked changes into the project's files and the
// drafts into DraftsFile, each file atomically.
func (r *Report) Apply(p *schema.Project) error {
	paths := make([]string, 0, len(r.files))
	for path := range r.files {
		paths = append(paths, path)
	}
	slices.Sort(paths)
	for _, path := range paths {
		if err := mkdirAll(filepath.Dir(filepath.Join(p.Root, filepath.FromSlash(path)))); err != nil {
			return err
		}
		if err := atomicfile.Write(filepath.Join(p.Root, filepath.FromSlash(path)), r.files[path], 0o644); err != nil {
			return err
		}
		r.Written = append(r.Written, path)
	}
	if r.drafts != nil && draftsLoaded(p) {
		// The project's include would load the drafts (and lint would
		// fail on their empty replies): they are reported, not written.
		r.DraftsSkipped = true
		r.drafts = nil
	}
	if r.drafts != nil {
		path := filepath.Join(p.Root, filepath.FromSlash(DraftsFile))
		if err := mkdirAll(filepath.Dir(path)); err != nil {
			return err
		}
		if err := atomicfile.Write(path, r.drafts, 0o644); err != nil {
			return err
		}
		r.Written = append(r.Written, DraftsFile)
	}
	for i := range r.Clusters {
		s := &r.Clusters[i].Suggestion
		s.Applied = s.Kind == "attach" && s.Status == "ok"
	}
	for i := range r.Learned {
		r.Learned[i].Applied = r.Learned[i].Status == "ok"
	}
	return nil
}

// maxDraftExamples bounds the examples of one draft.
const maxDraftExamples = 10
