package mine

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/compile"
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/lint"
	"github.com/xm-dev/xm/schema"
)

// conceptTopic maps the library's concepts to the topic a message about
// them is most likely about: the topic guess of a cluster. Concepts
// that serve several topics (售后, 运费, 价格, 签收) are left out.
var conceptTopic = map[string]string{
	"ship": "shipping-time", "not-shipped": "shipping-time", "urge": "shipping-time", "presale": "shipping-time",
	"shipped": "logistics", "arrive": "logistics", "not-arrived": "logistics", "deliver": "logistics", "track": "logistics",
	"no-update": "logistics", "courier": "logistics", "courier-company": "logistics", "tracking-no": "logistics",
	"parcel": "logistics", "pickup-point": "logistics",
	"address": "address-change", "recipient": "address-change",
	"refund": "refund", "return": "return-policy", "exchange": "return-policy",
	"freight-insurance": "freight-insurance",
	"invoice":           "invoice", "open-invoice": "invoice", "invoice-title": "invoice", "tax-no": "invoice",
	"warranty": "warranty", "repair": "warranty",
	"install":  "installation",
	"material": "material", "ingredient": "material",
	"shelf-life": "shelf-life", "authenticity": "authenticity",
	"member": "membership", "points": "membership",
	"stock": "stock", "size": "size", "body": "size",
	"coupon": "discount", "discount": "discount", "use-coupon": "discount", "price-protect": "discount", "bargain": "discount",
	"customise": "customization",
}

// Suggestion is what mine proposes for one cluster.
type Suggestion struct {
	// Kind is "attach" (to an existing script) or "new" (a script for the
	// seller to write).
	Kind  string `json:"kind"`
	Topic string `json:"topic"` // the topic guess ("" when none)
	// Script is the script to attach to, or the new draft's id.
	Script string `json:"script"`
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	// Into is the seller's file the additions to a knowledge pack's
	// script are written into, as an extension of it (extends: ID).
	Into string `json:"into,omitempty"`
	// Votes is how many of the cluster's messages the matcher leans to
	// Script with (its best candidate, or its most similar examples);
	// Share is their part of the messages asked, Margin its lead over
	// the runner-up script RunnerUp (1 with none).
	Votes    int      `json:"votes"`
	Share    float64  `json:"share"`
	RunnerUp string   `json:"runner_up,omitempty"`
	Margin   float64  `json:"margin"`
	Examples []string `json:"examples"`
	Keywords []string `json:"keywords,omitempty"`
	Patterns []string `json:"patterns,omitempty"`
	// Routed is how many of the cluster's messages the project answers
	// with Script once the change is made, of Asked; Before, today.
	Routed int `json:"routed"`
	Before int `json:"before"`
	Asked  int `json:"asked"`
	// Status: "ok" (lint clean with the change, checked), "skipped"
	// (Why says why), or "draft" for a new script.
	Status  string    `json:"status"`
	Why     i18n.Text `json:"-"`
	WhyText string    `json:"why,omitempty"`
	Applied bool      `json:"applied"`
}

// votes asks the matcher, for each of a group's phrasings (the first
// maxAsk), which script it leans to: the best candidate, else the script
// of the most similar examples, else the one that answered.
func votes(b *bot.Bundle, g *group, maxAsk int) (by map[int32]int, asked int) {
	by = map[int32]int{}
	for _, p := range g.members[:min(len(g.members), maxAsk)] {
		asked += p.count
		tr := b.Explain(p.text, bot.Context{}, nil)
		s := int32(-1)
		for _, c := range tr.Candidates {
			if c.Dropped == "" {
				s = scriptIndex(b, c.Script)
				break
			}
		}
		if s < 0 && len(tr.Similar) > 0 {
			s = scriptIndex(b, tr.Similar[0].Script)
		}
		if s < 0 {
			s = p.script
		}
		if s >= 0 {
			by[s] += p.count
		}
	}
	return by, asked
}

func scriptIndex(b *bot.Bundle, id string) int32 {
	for i := range b.Scripts {
		if b.Scripts[i].ID == id {
			return int32(i)
		}
	}
	return -1
}

// topicGuess is the topic the group's concepts point to: the one whose
// concepts cover the most messages, at least half, and twice the next.
func topicGuess(cov []termShare) (topic, concept string, share float64) {
	byTopic := map[string]float64{}
	best := map[string]termShare{}
	for _, t := range cov {
		c, ok := strings.CutPrefix(t.term, "~")
		if !ok {
			continue
		}
		tp, ok := conceptTopic[c]
		if !ok {
			continue
		}
		byTopic[tp] = max(byTopic[tp], t.share)
		if b, ok := best[tp]; !ok || t.share > b.share {
			best[tp] = t
		}
	}
	var first, second string
	for tp := range byTopic {
		switch {
		case first == "" || byTopic[tp] > byTopic[first] || byTopic[tp] == byTopic[first] && tp < first:
			first, second = tp, first
		case second == "" || byTopic[tp] > byTopic[second] || byTopic[tp] == byTopic[second] && tp < second:
			second = tp
		}
	}
	if first == "" || byTopic[first] < 0.5 || second != "" && byTopic[second]*2 > byTopic[first] {
		return "", "", 0
	}
	return first, strings.TrimPrefix(best[first].term, "~"), best[first].share
}

// checker builds the project with changes and judges them.
type checker struct {
	p       *schema.Project
	opt     Options
	stamp   string
	base    map[string]int // lint findings (errors and warnings) by rule, today
	b       *bot.Bundle
	sample  *answeredSample
	applied []Change
	all     []*phrasing       // every clustered phrasing
	drafts  map[string]string // topic → its new-script draft
	cur     *bot.Bundle       // the project with the accepted changes
	curAns  []string          // cur's answer (script id, or "") to each of all
	lx      *lexicon
	defs    map[string][]string // the project's concepts, expanded
	small   []string            // sampled small talk
	index   map[*phrasing]int   // position in all
	last    *bot.Bundle         // the project with the change checkLearned passed
}

func newChecker(p *schema.Project, b *bot.Bundle, opt Options, sample *answeredSample) *checker {
	return &checker{p: p, opt: opt, b: b, sample: sample, drafts: map[string]string{}, base: lintCounts(lint.Run(p, lint.Options{Now: opt.Now})),
		stamp: "xm mine " + opt.Now.Format("2006-01-02")}
}

func lintCounts(ds []diag.Diagnostic) map[string]int {
	m := map[string]int{}
	for _, d := range ds {
		if d.Severity <= diag.Warning {
			m[d.Rule]++
		}
	}
	return m
}

// trial is a project built with the accepted changes and one more.
type trial struct {
	b     *bot.Bundle
	files map[string][]byte
	worse []string // rules with more findings than today
}

// try builds the project with c on top of the accepted changes, in a
// temporary copy, and lints it.
func (k *checker) try(c Change) (*trial, error) {
	all := append(slices.Clone(k.applied), c)
	files, err := render(k.p, all, k.stamp)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "xm-mine-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	write := func(rel string, src []byte) error {
		path := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		return os.WriteFile(path, src, 0o644)
	}
	done := map[string]bool{}
	for _, f := range k.p.Files {
		if f.Pack != "" {
			continue // xm's pack: loaded from xm again, not from the copy
		}
		src := f.Src
		if s, ok := files[f.Path]; ok {
			src = s
		}
		done[f.Path] = true
		if err := write(f.Path, src); err != nil {
			return nil, err
		}
	}
	for rel, src := range files {
		if !done[rel] { // a file the change creates
			if err := write(rel, src); err != nil {
				return nil, err
			}
		}
	}
	p, err := schema.Load(dir)
	if err != nil {
		return nil, err
	}
	t := &trial{files: files}
	now := lintCounts(lint.Run(p, lint.Options{Now: k.opt.Now}))
	for r, n := range now {
		if n > k.base[r] {
			t.worse = append(t.worse, r)
		}
	}
	slices.Sort(t.worse)
	if len(t.worse) == 0 {
		if t.b, err = compile.Build(p); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// routed counts the group's messages (first maxAsk phrasings) b answers
// with script id.
func routed(b *bot.Bundle, g *group, id string, maxAsk int) int {
	n := 0
	for _, p := range g.members[:min(len(g.members), maxAsk)] {
		if _, by := answeredBy(b, p.text); by == id {
			n += p.count
		}
	}
	return n
}

// rerouted counts the sampled messages a keyword answered today that b
// answers with another script.
func (k *checker) rerouted(b *bot.Bundle) int {
	n := 0
	for i, q := range k.sample.texts {
		if _, id := answeredBy(b, q); id != k.b.Scripts[k.sample.by[i]].ID {
			n++
		}
	}
	return n
}

const maxAsk = 20

// answeredBy asks b the message q and returns the answer and the id of
// the script that replied, or "" when none did (fallback, handoff, small
// talk).
func answeredBy(b *bot.Bundle, q string) (bot.Answer, string) {
	a := b.Answer(q, bot.Context{})
	if a.Outcome != bot.Reply {
		return a, ""
	}
	return a, b.Scripts[a.Script].ID
}

// suggest decides and checks the suggestion for one group.
func (k *checker) suggest(g *group, draftN *int, taken map[string]bool) Suggestion {
	b := k.b
	if n, m := k.nowAnswered(g); n > 0 && n*2 >= m {
		// The words learned from the log answer most of it already.
		return Suggestion{Kind: "none", Status: "skipped", Examples: []string{}, Why: whyLearned, Margin: 1}
	}
	cov := g.coverage()
	topic, concept, cshare := topicGuess(cov)
	by, asked := votes(b, g, maxAsk)
	ids := make([]int32, 0, len(by))
	for s := range by {
		ids = append(ids, s)
	}
	slices.SortFunc(ids, func(x, y int32) int { return cmp.Or(cmp.Compare(by[y], by[x]), cmp.Compare(x, y)) })
	s := Suggestion{Topic: topic, Asked: asked, Margin: 1}
	target := int32(-1)
	// Words for a knowledge pack's script go into an extension of it in
	// the seller's files (extends: ID), never into the pack.
	if topic != "" {
		// The script of the guessed topic the matcher leans to most, else
		// the first of that topic.
		for _, id := range ids {
			if b.Scripts[id].Topic == topic && !b.Scripts[id].Handoff {
				target = id
				break
			}
		}
		if target < 0 {
			for i := range b.Scripts {
				if b.Scripts[i].Topic == topic && !b.Scripts[i].Handoff {
					target = int32(i)
					break
				}
			}
		}
	} else if len(ids) > 0 && asked >= 2 {
		// No concept says the topic: the matcher's own lean, when clear.
		top := ids[0]
		second := 0
		if len(ids) > 1 {
			second = by[ids[1]]
		}
		if float64(by[top]) >= 0.6*float64(asked) && float64(by[top]-second) >= 0.5*float64(by[top]) && !b.Scripts[top].Handoff && b.Scripts[top].Topic != "dispute" {
			target = top
			topic = b.Scripts[top].Topic
			s.Topic = topic
		}
	}
	examples := k.examples(g, target)
	if target < 0 && asked < 2 {
		// A single message with no concept naming its topic is no
		// pattern yet: reported, not drafted.
		return Suggestion{Kind: "none", Status: "skipped", Examples: []string{}, Why: whySingle, Asked: asked, Margin: 1}
	}
	if target < 0 {
		s.Kind, s.Status = "new", "draft"
		if topic == "" {
			topic = "other"
		}
		s.Topic = topic
		// One draft a topic guessed, else one a concept the cluster
		// shares (draft-cancel-4), else one a cluster.
		key, name := topic, topic
		if topic == "other" {
			key, name = "", "other"
			if len(cov) > 0 && cov[0].share >= 0.5 && strings.HasPrefix(cov[0].term, "~") {
				name = strings.TrimPrefix(cov[0].term, "~")
				key = "other:" + name
			}
		}
		if id, ok := k.drafts[key]; ok && key != "" {
			s.Script = id
		} else {
			for {
				*draftN++
				id := fmt.Sprintf("draft-%s-%d", name, *draftN)
				if !taken[id] {
					taken[id] = true
					s.Script = id
					break
				}
			}
			k.drafts[key] = s.Script
		}
		s.Examples = examples
		return s
	}
	sp := &b.Scripts[target]
	s.Kind, s.Script, s.File, s.Line = "attach", sp.ID, sp.File, sp.Line
	s.Votes = by[target]
	if asked > 0 {
		s.Share = float64(s.Votes) / float64(asked)
	}
	for _, id := range ids {
		if id != target {
			s.RunnerUp = b.Scripts[id].ID
			s.Margin = 0
			if s.Votes > by[id] {
				s.Margin = float64(s.Votes-by[id]) / float64(s.Votes)
			}
			break
		}
	}
	s.Before = routed(b, g, sp.ID, maxAsk)
	script := k.script(sp.ID)
	if script == nil {
		s.Status, s.Why = "skipped", i18n.T("找不到这条话术的源文件", "the script's source is not loaded")
		return s
	}
	if script.File.Pack != "" {
		path, _, err := into(k.p, script)
		if err != nil {
			s.Status, s.Examples = "skipped", examples
			s.Why = i18n.F("项目的 include 不加载 %s，知识包话术的扩展无处可写；请手动在 scripts/ 下写 extends: %s", "the project's include does not load %s, so there is nowhere to extend the pack's script: write extends: %s under scripts/ by hand", ExtendFile, sp.ID)
			return s
		}
		s.Into = path
	}
	var rules []Change
	if concept != "" && cshare >= 0.6 && conceptTopic[concept] == sp.Topic && !hasKeyword(script, concept) && !patternOnly(script, concept) && !k.proposed(script, "~"+concept) && !k.oneCharMember(concept) {
		rules = append(rules, Change{Script: script, Keywords: []string{"~" + concept}})
	}
	if concept != "" && !hasKeyword(script, concept) && !k.proposed(script, "~"+concept) {
		if pat := k.lx.pattern(g, concept); pat != "" && !slices.Contains(script.Patterns, pat) && !k.proposed(script, pat) {
			rules = append(rules, Change{Script: script, Patterns: []string{pat}})
		}
	}
	s.Examples = examples
	if len(examples) == 0 && len(rules) == 0 {
		s.Status, s.Why = "skipped", i18n.T("没有可加的新例句", "no new example to add")
		return s
	}
	var why i18n.Text
	note := func(t i18n.Text) {
		if why.IsZero() {
			why = t
		}
	}
	// First the keyword, else the pattern: the one that explains the
	// cluster; then the examples on top.
	for _, c := range rules {
		t, err := k.try(c)
		if err != nil {
			note(failure(err))
			continue
		}
		if len(t.worse) > 0 {
			note(lintWorse(t.worse))
			continue
		}
		r := routed(t.b, g, sp.ID, maxAsk)
		need := r*2 >= asked
		if len(c.Patterns) > 0 {
			need = r*2 >= asked && r > s.Before
		}
		if !need || k.rerouted(t.b) > 0 || k.collateral(t.b, g)*collateralRatio > max(r-s.Before, 1) {
			note(i18n.F("%s 没有加：它不能让这组问题由这条话术回答，或会抢走别的问题", "%s not added: it would not bring the cluster to the script, or it would take other questions", strings.Join(append(c.Keywords, c.Patterns...), ", ")))
			continue
		}
		k.applied = append(k.applied, c)
		k.accept(t.b)
		s.Keywords, s.Patterns, s.Routed, s.Status = c.Keywords, c.Patterns, r, "ok"
		break
	}
	s.Examples = nil
	if len(examples) > 0 {
		c := Change{Script: script, Examples: examples}
		t, err := k.try(c)
		if err == nil && len(t.worse) > 0 && len(examples) > 1 {
			// Keep the examples that would pass on their own.
			if kept := k.passing(c); len(kept) > 0 && len(kept) < len(examples) {
				c.Examples = kept
				t, err = k.try(c)
			}
		}
		switch {
		case err != nil:
			note(failure(err))
		case len(t.worse) > 0:
			note(lintWorse(t.worse))
		default:
			r := routed(t.b, g, sp.ID, maxAsk)
			if k.collateral(t.b, g)*collateralRatio > max(r-s.Before, 1) {
				note(i18n.T("例句没有加：它们会让别的问题也落到这条话术", "examples not added: they would bring other questions to the script too"))
				break
			}
			k.applied = append(k.applied, c)
			k.accept(t.b)
			s.Examples, s.Routed, s.Status = c.Examples, r, "ok"
		}
	}
	if s.Examples == nil {
		s.Examples = []string{}
	}
	if s.Status != "ok" {
		s.Status = "skipped"
		s.Examples, s.Keywords, s.Patterns = examples, nil, nil
		for _, c := range rules {
			s.Keywords = append(s.Keywords, c.Keywords...)
			s.Patterns = append(s.Patterns, c.Patterns...)
		}
	}
	s.Why = why
	return s
}

var whyLearned = i18n.T("学到的词已经让这组的多数消息有了回答", "the learned words already answer most of it")

// nowAnswered counts the group's messages the project with the accepted
// changes answers and did not answer at the start, of m.
func (k *checker) nowAnswered(g *group) (n, m int) {
	if k.cur == nil || len(k.applied) == 0 {
		return 0, 0
	}
	if k.index == nil {
		k.index = make(map[*phrasing]int, len(k.all))
		for i, p := range k.all {
			k.index[p] = i
		}
	}
	for _, p := range g.members {
		m += p.count
		if i, ok := k.index[p]; ok && k.curAns[i] != "" && p.script < 0 {
			n += p.count
		}
	}
	return n, m
}

func failure(err error) i18n.Text {
	if err == errLayout {
		return i18n.T("这条话术的写法（流式映射或多行列表）不能自动修改，请手动添加", "the script's layout (a flow mapping or a list over several lines) is not edited automatically: add these by hand")
	}
	return i18n.F("检查失败：%v", "the check failed: %v", err)
}

func lintWorse(rules []string) i18n.Text {
	return i18n.F("加上后 xm lint 会报 %s", "with it xm lint would report %s", strings.Join(rules, ", "))
}

// collateral counts the collected messages outside g that b answers
// with a different script than the project answers them with today (with
// the changes accepted so far), where that script's topic is named by
// none of the message's concepts: likely wrong answers the change would
// make. Any script counts, not only the target: more examples lower the
// similarity threshold of the whole project.
func (k *checker) collateral(b *bot.Bundle, g *group) int {
	if k.cur == nil {
		k.accept(k.b)
	}
	n := 0
	for i, p := range k.all {
		if p.group == g {
			continue
		}
		a, id := answeredBy(b, p.text)
		if id == "" {
			continue
		}
		if id != k.curAns[i] && !p.hasTopic(b.Scripts[a.Script].Topic) {
			n += p.count
		}
	}
	return n
}

// accept makes b the project as it stands, and records its answers to the
// collected messages.
func (k *checker) accept(b *bot.Bundle) {
	k.cur = b
	k.curAns = k.curAns[:0]
	for _, p := range k.all {
		_, id := answeredBy(b, p.text)
		k.curAns = append(k.curAns, id)
	}
}

// proposed reports whether an accepted change already adds pattern or
// keyword pat to script s.
func (k *checker) proposed(s *schema.Script, pat string) bool {
	for _, c := range k.applied {
		if c.Script == s && (slices.Contains(c.Patterns, pat) || slices.Contains(c.Keywords, pat)) {
			return true
		}
	}
	return false
}

// passing returns the examples of c that lint accepts one at a time.
func (k *checker) passing(c Change) []string {
	var out []string
	for _, e := range c.Examples {
		t, err := k.try(Change{Script: c.Script, Examples: []string{e}})
		if err == nil && len(t.worse) == 0 {
			out = append(out, e)
		}
	}
	return out
}

func (k *checker) script(id string) *schema.Script { return k.p.Script(id) }

// oneCharMember reports whether concept has a member of one character
// once normalised (件 in ~parcel): as a keyword it would take every
// question with that character, so it is proposed only inside a pattern.
func (k *checker) oneCharMember(concept string) bool {
	if k.defs == nil {
		k.defs = compile.Concepts(k.p)
	}
	for _, m := range k.defs[concept] {
		if utf8.RuneCountInString(bot.Normalize(m)) == 1 {
			return true
		}
	}
	return false
}

// patternOnly reports whether the script uses concept inside its
// patterns but not as a keyword: its author made the concept count only
// in company (~address ~change, ~pickup-point ~question), so mine does not
// offer it as a keyword on its own; a bare 地址 or 驿站 is a statement
// more often than a question about the script's topic.
func patternOnly(s *schema.Script, concept string) bool {
	if hasKeyword(s, concept) {
		return false
	}
	for _, p := range s.Patterns {
		if slices.Contains(bot.PatternWords(p), "~"+concept) {
			return true
		}
	}
	return false
}

func hasKeyword(s *schema.Script, concept string) bool {
	for _, kw := range s.Keywords {
		if c, ok := bot.ConceptRef(kw); ok && c == concept {
			return true
		}
	}
	return false
}

// examples picks up to maxExamples of a group's messages as new
// examples: the most frequent first, 4 to 20 characters, distinct once
// normalised, not already an example anywhere. For an existing script
// (target), only those that name its topic and no other's, and that ask
// something (吗, 什么, 怎么 …): a statement (发前一个地址, 地址选的公司)
// added as an example makes the script answer statements like it, which
// are chit-chat more often than questions. A draft keeps its statements:
// the seller reads them before any goes live.
func (k *checker) examples(g *group, target int32) []string {
	have := map[string]bool{}
	for _, s := range k.p.Scripts {
		for _, e := range s.Examples {
			have[bot.Normalize(e)] = true
		}
	}
	for _, c := range k.applied {
		for _, e := range c.Examples {
			have[bot.Normalize(e)] = true
		}
	}
	var out []string
	for _, p := range g.members {
		n := len([]rune(p.key))
		if n < 4 || n > 20 || have[p.key] || target >= 0 && !p.pureFor(k.b.Scripts[target].Topic) || strings.ContainsAny(p.text, "\n\r\t") {
			continue
		}
		if target >= 0 {
			if a, _ := answeredBy(k.b, p.text); !a.Question {
				continue
			}
		}
		have[p.key] = true
		out = append(out, strings.TrimSpace(p.text))
		if len(out) == maxExamples {
			break
		}
	}
	return out
}

// maxExamples is how many new examples one suggestion proposes.
const maxExamples = 5

// collateralRatio: a change is refused when the messages it would likely
// answer wrongly elsewhere, times this, exceed those it wins in its
// cluster.
const collateralRatio = 4
