// Package bench measures xm's matcher against the Go Aho-Corasick
// libraries a serving bot could use instead. It is a separate module so
// that those peers never enter xm's own go.mod. See README.md for the
// figures and how to reproduce them.
package bench

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xm-dev/xm/bot"
)

// Corpus is a deterministic keyword set and question set.
type Corpus struct {
	Keywords  []string // raw, as a seller writes them (some traditional or full-width)
	Patterns  []string // the distinct normalised keywords, what peers search for
	Questions []string // raw buyer questions
	Normed    []string // the questions normalised, what peers search in
}

// shopWords are phrases buyers and sellers really use.
var shopWords = strings.Fields(`尺码 码数 穿多大 多少斤 身高 体重 腰围 偏大 偏小 有货 库存 缺货 补货 断码
优惠 优惠券 满减 领券 打折 折扣 便宜 活动 红包 包邮 发货 什么时候发货 几天发货 催发货 快递 物流 单号
到哪了 没更新 几天到 改地址 修改地址 地址填错 收货地址 退款 退钱 到账 退货 换货 退换 七天无理由 吊牌
运费险 运费 邮费 发票 开票 电子发票 专票 抬头 保修 质保 安装 上门安装 材质 面料 纯棉 起球 掉色 缩水
保质期 生产日期 过期 正品 假货 防伪 会员 积分 定制 刻字 破损 投诉 赔偿 少发 发错 质量问题 客服 人工
连衣裙 衬衫 外套 裤子 裙子 卫衣 毛衣 羽绒服 鞋子 运动鞋 靴子 口红 面霜 精华 零食 坚果 茶叶 冰箱
洗衣机 空调 手机 耳机 充电器 数据线 看门 看门狗 门狗 颜色 黑色 白色 红色 蓝色 大码 小码 中码 加大码`)

// charPool returns common simplified characters: the simplified side of
// the traditional→simplified table, which is dense in everyday words.
func charPool() []rune {
	seen := map[rune]bool{}
	var out []rune
	for _, w := range shopWords {
		for _, r := range w {
			if !seen[r] {
				seen[r] = true
				out = append(out, r)
			}
		}
	}
	for r := rune(0x4E00); r < 0x9FA5 && len(out) < 3000; r += 7 {
		if !seen[r] && bot.Normalize(string(r)) == string(r) {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

// traditional maps some simplified characters back, to make traditional
// variants of keywords and questions.
var traditional = map[rune]rune{'码': '碼', '发': '發', '货': '貨', '门': '門', '适': '適', '么': '麼', '时': '時', '候': '候', '请': '請', '问': '問', '这': '這', '会': '會', '吗': '嗎', '运': '運', '费': '費', '险': '險', '换': '換', '优': '優', '惠': '惠', '单': '單', '号': '號', '快': '快', '递': '遞', '质': '質', '颜': '顏', '色': '色', '鞋': '鞋', '长': '長', '买': '買', '卖': '賣', '钱': '錢', '开': '開', '票': '票', '红': '紅', '蓝': '藍'}

func toTraditional(s string) string {
	var b strings.Builder
	for _, r := range s {
		if t, ok := traditional[r]; ok {
			r = t
		}
		b.WriteRune(r)
	}
	return b.String()
}

func toFullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r > ' ' && r < 0x7F {
			r += 0xFEE0
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Generate makes nKeywords keywords and nQuestions questions from seed.
// Keywords mix shop phrases, random Chinese words, English words, SKUs and
// digit strings, prefix chains, and traditional and full-width variants.
// Questions run 5 to 60 characters (median about 25) and mix hit rates:
// a third hit nothing, the rest embed one to three keywords; about 10% are
// traditional or full-width, about 10% carry an order number, some emoji.
func Generate(seed uint64, nKeywords, nQuestions int) *Corpus {
	r := rand.New(rand.NewPCG(seed, uint64(nKeywords)))
	pool := charPool()
	han := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteRune(pool[r.IntN(len(pool))])
		}
		return b.String()
	}
	latin := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('a' + r.IntN(26))
		}
		return string(b)
	}
	seen := map[string]bool{}
	c := &Corpus{}
	add := func(k string) {
		n := bot.Normalize(k)
		if n == "" || utf8.RuneCountInString(n) > 64 {
			return
		}
		c.Keywords = append(c.Keywords, k)
		if !seen[n] {
			seen[n] = true
			c.Patterns = append(c.Patterns, n)
		}
	}
	for _, w := range shopWords {
		if len(c.Keywords) < nKeywords {
			add(w)
		}
	}
	for len(c.Keywords) < nKeywords {
		switch x := r.IntN(100); {
		case x < 55:
			add(han(2 + r.IntN(4)))
		case x < 65:
			add(shopWords[r.IntN(len(shopWords))] + han(1+r.IntN(2))) // prefix chains
		case x < 75:
			add(latin(3 + r.IntN(6)))
		case x < 82:
			add(fmt.Sprintf("%s%d", strings.ToUpper(latin(1+r.IntN(2))), 100+r.IntN(90000))) // SKU
		case x < 86:
			add(fmt.Sprintf("%d", 1000+r.IntN(9_000_000)))
		case x < 93 && len(c.Keywords) > 0:
			add(toTraditional(c.Keywords[r.IntN(len(c.Keywords))]))
		default:
			add(toFullWidth(latin(2+r.IntN(3))) + han(1+r.IntN(2)))
		}
	}
	fillers := []string{"请问", "亲", "你好", "这个", "我想问一下", "麻烦", "谢谢", "吗", "呢", "啊", "的", "了"}
	punct := []string{",", "。", "?", "!", " ", "~", "…", "😊", "🙏"}
	for len(c.Questions) < nQuestions {
		// Mostly short (5 to 41, peaking near 22 before the last piece runs
		// over), one in ten long (30 to 60); an order number adds 20.
		target := max(5, 3+r.IntN(20)+r.IntN(20))
		if r.IntN(10) == 0 {
			target = 30 + r.IntN(31)
		}
		var b strings.Builder
		hits := r.IntN(4) // 0..3 keywords; a quarter hit nothing
		for n := 0; utf8.RuneCountInString(b.String()) < target; n++ {
			switch {
			case hits > 0 && r.IntN(3) == 0:
				b.WriteString(c.Keywords[r.IntN(len(c.Keywords))])
				hits--
			case r.IntN(4) == 0:
				b.WriteString(fillers[r.IntN(len(fillers))])
			case r.IntN(6) == 0:
				b.WriteString(punct[r.IntN(len(punct))])
			default:
				b.WriteString(han(1 + r.IntN(3)))
			}
		}
		q := b.String()
		if r.IntN(10) == 0 {
			q += fmt.Sprintf("订单%018d", r.Int64N(1e18))
		}
		switch r.IntN(10) {
		case 0:
			q = toTraditional(q)
		case 1:
			q = toFullWidth(q)
		}
		c.Questions = append(c.Questions, q)
		c.Normed = append(c.Normed, bot.Normalize(q))
	}
	return c
}

// Stats summarises the questions' lengths in characters.
func (c *Corpus) Stats() (minLen, median, maxLen int) {
	ls := make([]int, len(c.Questions))
	for i, q := range c.Questions {
		ls[i] = utf8.RuneCountInString(q)
	}
	slices.Sort(ls)
	return ls[0], ls[len(ls)/2], ls[len(ls)-1]
}
