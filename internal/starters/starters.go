// Package starters describes the starter projects xm init writes: what
// each covers (its own scripts, the knowledge packs it includes, the
// category's required topics and who answers them, its sample vars) and
// how it does on its own test questions, and, when a figures file is
// given, on real buyer messages. docs/starters.md is generated from it by
// `go test ./internal/starters -run TestStartersDoc -update`; a test fails
// when that page is stale.
package starters

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/compile"
	"github.com/xm-dev/xm/schema"
)

// Figures are one starter's results on real buyer messages, as
// measured outside the repository (the messages themselves are never
// copied in): shares of topical messages answered with the right topic,
// a wrong one, or the fallback; the share of chit-chat a topical script
// fired on; the share of disputes and handoff requests that reached a
// human; and the right rate a topic. Every rate is a percentage (0–100),
// as the scorer prints it.
type Figures struct {
	Set       string             `json:"set"` // what was measured, e.g. "development set, even ids"
	Topical   int                `json:"topical"`
	Right     float64            `json:"right"`
	Wrong     float64            `json:"wrong"`
	Fallback  float64            `json:"fallback"`
	ChitChat  float64            `json:"chit_chat_fired"`
	ToHuman   float64            `json:"to_human"`
	TopicRate map[string]float64 `json:"by_topic"` // topic → right rate
	// HeldOut are the same figures on the part of the set nobody read
	// while tuning the pack and the starters (the even ids).
	HeldOut *Figures `json:"held_out,omitempty"`
}

// check refuses rates outside 0–100.
func (f *Figures) check(name string) error {
	rates := map[string]float64{"right": f.Right, "wrong": f.Wrong, "fallback": f.Fallback,
		"chit_chat_fired": f.ChitChat, "to_human": f.ToHuman}
	for t, r := range f.TopicRate {
		rates["by_topic."+t] = r
	}
	for k, r := range rates {
		if r < 0 || r > 100 {
			return fmt.Errorf("%s.%s is %g: rates are percentages from 0 to 100 (rerun docs/measure-starters.py)", name, k, r)
		}
	}
	if f.HeldOut != nil {
		return f.HeldOut.check(name + ".held_out")
	}
	return nil
}

// Starter is what the page says about one starter.
type Starter struct {
	Category  schema.Category
	Shop      string
	Own       []*schema.Script // the starter's own scripts
	Replaced  []string         // pack script ids its own scripts replace
	OwnReply  []string         // pack script ids answering with the starter's reply (extends: ID with a reply)
	Packs     []*schema.Pack
	Disabled  map[string][]string // pack id → disabled script ids
	FromPack  []*schema.Script    // pack scripts it answers with
	Required  []string            // the category's required topics
	Coverage  map[string][]string // topic → script ids answering it
	Vars      []string            // var names, in name order
	Samples   map[string]any      // var → its sample value
	Questions int
	Met       int
}

// Load describes the starter in dir (examples/CATEGORY).
func Load(dir string) (*Starter, error) {
	p, err := schema.Load(dir)
	if err != nil {
		return nil, err
	}
	if len(p.Diags) > 0 {
		d := p.Diags[0]
		return nil, fmt.Errorf("%s:%d: %s", d.File, d.Line, d.Message.EN)
	}
	m := p.Manifest
	c, ok := schema.CategoryByID(m.Shop.Category)
	if !ok {
		return nil, fmt.Errorf("%s: unknown category %q", dir, m.Shop.Category)
	}
	s := &Starter{Category: c, Shop: m.Shop.Name, Packs: p.Packs, Disabled: map[string][]string{},
		Coverage: map[string][]string{}, Samples: map[string]any{}}
	for _, r := range m.Packs {
		if len(r.Disable) > 0 {
			s.Disabled[r.Name+"@"+fmt.Sprint(r.Version)] = r.Disable
		}
	}
	for _, sc := range p.Scripts {
		if sc.File.Pack != "" {
			s.FromPack = append(s.FromPack, sc)
			if sc.SetBy("reply") != nil {
				s.OwnReply = append(s.OwnReply, sc.ID)
			}
		} else {
			s.Own = append(s.Own, sc)
		}
		s.Coverage[sc.Topic] = append(s.Coverage[sc.Topic], sc.ID)
	}
	for _, sc := range s.Own {
		if shipsInPack(p.Packs, sc.ID) {
			s.Replaced = append(s.Replaced, sc.ID)
		}
	}
	s.Required = append(s.Required, c.Topics...)
	s.Required = append(s.Required, m.Lint.RequireTopics...)
	s.Required = slices.Compact(s.Required)
	for k, v := range m.Vars {
		s.Vars = append(s.Vars, k)
		s.Samples[k] = v
	}
	slices.Sort(s.Vars)
	b, err := compile.Build(p)
	if err != nil {
		return nil, err
	}
	s.Questions, s.Met, err = replay(b, filepath.Join(dir, "tests", "questions.txt"))
	return s, err
}

// shipsInPack reports whether one of the packs has a script with that id.
func shipsInPack(packs []*schema.Pack, id string) bool {
	for _, pk := range packs {
		if slices.Contains(pk.ScriptIDs(), id) {
			return true
		}
	}
	return false
}

// replay answers every question of a questions.txt and counts the met
// expectations.
func replay(b *bot.Bundle, path string) (n, met int, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, b.Location())
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		q, want, ok := strings.Cut(line, "=>")
		if !ok {
			continue
		}
		n++
		got := b.OutcomeName(b.Answer(strings.TrimSpace(q), bot.Context{Now: now}))
		want = strings.TrimSpace(want)
		if got == want || want == "handoff" && got == "urgent" {
			met++
		}
	}
	return n, met, sc.Err()
}

// ReadFigures reads a figures file: category → Figures. A missing file
// is no figures.
func ReadFigures(path string) (map[string]Figures, error) {
	raw, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out map[string]Figures
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for c, f := range out {
		if err := f.check(c); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	return out, nil
}

// Markdown renders the page for the starters, in the schema's category
// order, with the figures where there are some.
func Markdown(ss []*Starter, figs map[string]Figures) string {
	var b strings.Builder
	b.WriteString("# The starters / 起步项目\n\n")
	b.WriteString("Generated from `examples/` by `go test ./internal/starters -run TestStartersDoc -update` (figures on real messages from `docs/starters-figures.json` when it exists); a test fails when this page is stale.\n\n")
	b.WriteString("由 `examples/` 生成。`xm init --category 类目` 写出下面的起步项目：通用话题来自知识包，类目话题是起步项目自己的话术；`vars` 里是示例值，`xm lint` 用提示（`starter-default`）列出还没改的。\n\n")
	b.WriteString("The pack and the starters were tuned on the odd ids of the development set; the held-out figures are the even ids alone, which nobody read while tuning: expect those on your own buyers' messages.\n\n")
	b.WriteString("知识包和起步项目是看着开发集的奇数编号调的；“held out” 一栏只算偶数编号（调的时候没人看过），上线后大致是这个水平。\n\n")
	b.WriteString("What a starter leaves to the fallback is mostly wording no general rule reaches (long, context-bound or about your shop alone): run `xm mine` on a week of your chat logs; it groups what the bot did not answer, ranks the groups by the buyers they affect and suggests checked additions, which you review in git before they answer anyone ([mine.md](mine.md)).\n\n")
	b.WriteString("起步项目答不上、走兜底的，多半是通用规则够不着的说法（长句、离不开上下文的、只和你店有关的）：拿一周的聊天记录跑 `xm mine`，它把没答上的问题分组、按受影响的买家数排序、给出检查过的补充，你在 git 里审阅后再上线（见 [mine.md](mine.md)）。\n\n")
	b.WriteString("| category | shop | own scripts | pack scripts | test questions | met | real messages: right / wrong / fallback | held out: right / wrong / fallback |\n|---|---|---|---|---|---|---|---|\n")
	rate3 := func(f *Figures) string {
		if f == nil {
			return "not measured yet"
		}
		return fmt.Sprintf("%.1f%% / %.1f%% / %.1f%%", f.Right, f.Wrong, f.Fallback)
	}
	for _, s := range ss {
		var real, held *Figures
		if f, ok := figs[s.Category.ID]; ok {
			real, held = &f, f.HeldOut
		}
		fmt.Fprintf(&b, "| [%s](#%s) %s | %s | %d | %d | %d | %.1f%% | %s | %s |\n", s.Category.ID, s.Category.ID, s.Category.Label.ZH, s.Shop,
			len(s.Own), len(s.FromPack), s.Questions, 100*float64(s.Met)/float64(max(1, s.Questions)), rate3(real), rate3(held))
	}
	for _, s := range ss {
		fmt.Fprintf(&b, "\n## %s\n\n%s · %s · `xm init --category %s`\n\n", s.Category.ID, s.Category.Label.ZH, s.Shop, s.Category.ID)
		var packs []string
		for _, pk := range s.Packs {
			line := "`" + pk.ID() + "`"
			if d := s.Disabled[pk.ID()]; len(d) > 0 {
				line += " (disabled: " + strings.Join(d, ", ") + ")"
			}
			packs = append(packs, line)
		}
		if len(packs) > 0 {
			fmt.Fprintf(&b, "Packs: %s.", strings.Join(packs, ", "))
			if len(s.Replaced) > 0 {
				fmt.Fprintf(&b, " Its own scripts replace the pack's %s.", strings.Join(s.Replaced, ", "))
			}
			if len(s.OwnReply) > 0 {
				fmt.Fprintf(&b, " The pack's %s answer with its own reply (extends with a reply: the pack's triggers, the shop's answer).", strings.Join(s.OwnReply, ", "))
			}
			b.WriteString("\n\n")
		}
		b.WriteString("| topic | required | answered by |\n|---|---|---|\n")
		topics := slices.Clone(s.Required)
		for t := range s.Coverage {
			if !slices.Contains(topics, t) {
				topics = append(topics, t)
			}
		}
		slices.Sort(topics)
		for _, t := range topics {
			req := ""
			if slices.Contains(s.Required, t) {
				req = "yes"
			}
			by := "**nothing**"
			if ids := s.Coverage[t]; len(ids) > 0 {
				var named []string
				for _, id := range ids {
					if slices.Contains(s.OwnReply, id) {
						named = append(named, id+" (pack, own reply)")
					} else if slices.ContainsFunc(s.FromPack, func(x *schema.Script) bool { return x.ID == id }) {
						named = append(named, id+" (pack)")
					} else {
						named = append(named, "`"+id+"`")
					}
				}
				by = strings.Join(named, ", ")
			}
			fmt.Fprintf(&b, "| %s | %s | %s |\n", t, req, by)
		}
		b.WriteString("\nIts own scripts:\n\n| script | topic | keywords | patterns | examples |\n|---|---|---|---|---|\n")
		for _, sc := range s.Own {
			fmt.Fprintf(&b, "| `%s` | %s | %d | %d | %d |\n", sc.ID, sc.Topic, len(sc.Keywords), len(sc.Patterns), len(sc.Examples))
		}
		b.WriteString("\nSample vars (replace them; `xm lint` lists those left):\n\n")
		for _, k := range s.Vars {
			fmt.Fprintf(&b, "- `%s`: %v\n", k, s.Samples[k])
		}
		fmt.Fprintf(&b, "\nTest questions: %d in `tests/questions.txt`, %d met.\n", s.Questions, s.Met)
		if f, ok := figs[s.Category.ID]; ok {
			fmt.Fprintf(&b, "\nOn real buyer messages (%s): %d topical, %.1f%% right, %.1f%% wrong, %.1f%% fallback; chit-chat firing a script %.1f%%; disputes and handoff requests reaching a human %.1f%%.\n",
				f.Set, f.Topical, f.Right, f.Wrong, f.Fallback, f.ChitChat, f.ToHuman)
			if h := f.HeldOut; h != nil {
				fmt.Fprintf(&b, "\nHeld out (%s, not read while tuning): %d topical, %.1f%% right, %.1f%% wrong, %.1f%% fallback; chit-chat firing a script %.1f%%; disputes and handoff requests reaching a human %.1f%%.\n",
					h.Set, h.Topical, h.Right, h.Wrong, h.Fallback, h.ChitChat, h.ToHuman)
			}
			if len(f.TopicRate) > 0 {
				var ts []string
				for t := range f.TopicRate {
					ts = append(ts, t)
				}
				slices.Sort(ts)
				b.WriteString("\n| topic | right |\n|---|---|\n")
				for _, t := range ts {
					fmt.Fprintf(&b, "| %s | %.1f%% |\n", t, f.TopicRate[t])
				}
			}
		}
	}
	return b.String()
}
