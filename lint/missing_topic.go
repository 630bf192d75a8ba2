package lint

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/schema"
)

// MissingTopic flags topics the shop's category must cover that have no script.
var MissingTopic = &Rule{
	Name:     "missing-topic",
	Severity: diag.Warning,
	Summary:  i18n.T("店铺类目必备的话题没有话术", "a topic the shop's category must cover has no script"),
	Doc: i18n.T(
		"约 80% 的买家问题是标准问题：售前（尺码、库存、优惠，约 50%）、售中（物流、改地址、催发货，约 30%）、售后（退款、退换货、运费险，约 20%）。缺一个话题，这类问题就全落到人工。每个类目有自己的必备话题（服装要尺码和材质，食品要保质期，家电要保修和安装），lint.require_topics 可以再加。",
		"About 80% of buyer questions are standard: pre-sale (size, stock, discounts: ~50%), in-sale (logistics, address changes, shipping: ~30%) and after-sale (refunds, returns, freight insurance: ~20%). A missing topic sends all of its questions to humans. Each category adds its own (apparel: size and material; food: shelf life; appliances: warranty and installation); lint.require_topics adds more."),
	Bad:  "shop: {category: apparel}\n# no script with topic: size",
	Good: "shop: {category: apparel}\n# scripts/presale.yaml has a script with topic: size",
	Run:  runMissingTopic,
}

func runMissingTopic(p *Pass) {
	m := p.Project.Manifest
	if m == nil || m.Node == nil {
		return
	}
	have := map[string]bool{}
	for _, s := range p.Project.Scripts {
		have[s.Topic] = true
	}
	shop := schema.Field(m.Node, "shop")
	catNode := schema.Field(shop, "category")
	var need []string
	if c, ok := schema.CategoryByID(m.Shop.Category); ok {
		need = append(need, c.Topics...)
	}
	for _, t := range m.Lint.RequireTopics {
		if !slices.Contains(need, t) {
			need = append(need, t)
		}
	}
	var fromCat, fromCfg []string
	for _, id := range need {
		if have[id] {
			continue
		}
		if slices.Contains(categoryTopics(m.Shop.Category), id) {
			fromCat = append(fromCat, id)
		} else {
			fromCfg = append(fromCfg, id)
		}
	}
	report := func(node *yaml.Node, path string, ids []string) {
		if len(ids) == 0 {
			return
		}
		var zh, en []string
		for _, id := range ids {
			t, _ := schema.TopicByID(id)
			zh = append(zh, t.Label.ZH+"("+id+")")
			en = append(en, id)
		}
		p.Report(m.File, node, path,
			i18n.T(fmt.Sprintf("这些话题没有话术，相关问题会全部转到人工：%s", strings.Join(zh, "、")),
				fmt.Sprintf("no script for %s: every such question goes to a human", strings.Join(en, ", "))),
			i18n.F("在 scripts/ 里为每个话题加一条话术，例如 topic: %s", "add a script for each under scripts/, e.g. topic: %s", ids[0]))
	}
	report(catNode, "shop.category", fromCat)
	if len(fromCfg) > 0 {
		report(requireTopicNode(m, fromCfg[0]), "lint.require_topics", fromCfg)
	}
}

func categoryTopics(cat string) []string {
	c, _ := schema.CategoryByID(cat)
	return c.Topics
}

// requireTopicNode finds the lint.require_topics entry naming id.
func requireTopicNode(m *schema.Manifest, id string) *yaml.Node {
	seq := schema.Field(schema.Field(m.Node, "lint"), "require_topics")
	if seq != nil {
		for _, n := range seq.Content {
			if n.Value == id {
				return n
			}
		}
	}
	return m.Node
}
