package starters

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/compile"
	"github.com/xm-dev/xm/schema"
	"github.com/xm-dev/xm/simulate"
)

// openers are how buyers begin a message: a greeting, an address or a
// "may I ask", with and without the punctuation normalisation drops. A
// question that gets a script must get the same script after any of
// them: an opener that merges with the question's first word (你好几点,
// 亲人工) must not change what the bot answers.
var openers = []string{
	// greetings and addresses
	"你好，", "你好", "您好 ", "你们好", "你好呀", "哈喽", "hello，", "嗨", "早上好", "晚上好", "亲，", "亲", "亲亲",
	"亲爱的", "你好亲", "您好亲", "宝", "姐妹", "老板，", "老板", "老板你好", "掌柜的", "店家", "客服",
	"美女", "小姐姐", "打扰了", "那个", "对了",
	// are you there
	"在吗？", "在么", "在不在", "在的吗", "有人吗", "有人在吗", "在吗在吗", "在吗亲", "亲，在吗？",
	"亲亲在吗", "你好，在吗", "老板在吗", "客服在吗",
	// may I ask
	"请问", "您好，请问", "我想请问一下", "请教一下", "我想问", "麻烦问下", "问下", "问一下", "打扰一下", "咨询一下", "我想问下", "我想问一下",
	"想咨询下", "我想咨询一下", "你好 我想问下", "咨询个问题", "问个问题",
}

// openerAllowed are variants the sweeps tolerate, each with the reason
// no shield, concept or pattern can fix it. Left out of the lists rather
// than allowed: "hi"/"hello" with no punctuation (normalisation drops the
// space, and hi + L码 reads as one Latin word, hil码), and 客服呢/人呢,
// which ask for a human and rightly hand over.
var openerAllowed = map[string]string{
	"裤腰会不会紧急": "紧 + the tail 急 is 紧急 (urgent); no shield can tell 紧 急 from 紧急",
}

// TestOpeners prefixes every opener to every test question of every
// starter whose expected outcome is a script or a human, and wants the
// same outcome.
func TestOpeners(t *testing.T) {
	sweep(t, func(q string) []string {
		out := make([]string, len(openers))
		for i, o := range openers {
			out[i] = o + q
		}
		return out
	})
}

// sweep answers variants of every met test question expecting a script
// or a human (handoff, urgent) and reports those whose outcome changes.
func sweep(t *testing.T, variants func(q string) []string) {
	n := 0
	for _, c := range schema.Categories {
		dir := filepath.Join("../../examples", c.ID)
		p, err := schema.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		b, err := compile.Build(p)
		if err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 11, 25, 10, 0, 0, 0, b.Location())
		answer := func(q string) string { return b.OutcomeName(b.Answer(q, bot.Context{Now: now})) }
		path := filepath.Join(dir, "tests", "questions.txt")
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		r, err := simulate.NewReader(f, filepath.Join("examples", c.ID, "tests", "questions.txt"), simulate.FormatOf(path), simulate.DefaultMaxLine)
		if err != nil {
			t.Fatal(err)
		}
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if _, bad := err.(*simulate.Problem); bad {
				continue // a malformed line: TestStartersCover reports it
			} else if err != nil {
				t.Fatal(err)
			}
			q, want := rec.Text, rec.Expected
			if want == "" || bot.IsOutcomeName(want) && want != "handoff" && want != "urgent" || !simulate.Meets(want, answer(q)) {
				continue // not a script or a human, or not met (TestStartersCover says so)
			}
			for _, v := range variants(q) {
				if _, ok := openerAllowed[v]; ok {
					continue
				}
				n++
				if got := answer(v); !simulate.Meets(want, got) {
					t.Errorf("%s: %s:%d: 「%s」 → got %s, want %s", c.ID, rec.File, rec.Line, v, got, want)
				}
			}
		}
		f.Close()
	}
	t.Logf("%d variants answered", n)
}

// closers are the particles buyers end a question with; questionEnds are
// the question words they follow (什么时候发呀, 多少钱啊, 能便宜点不嘛, 发了没呀);
// a statement ending in 没有 (一点效果都没有) asks nothing and is left out.
var (
	closers      = []string{"呀", "啊", "呢", "哈", "嘛", "哦", "~"}
	questionEnds = []string{"什么", "啥", "怎么", "怎么办", "怎么弄", "多少", "几", "哪", "哪里", "哪儿",
		"多久", "为什么", "为啥", "咋", "咋办", "怎样", "如何", "了没", "了没有", "不"}
	// tails are what buyers add after any question: thanks, hurry, an
	// address. (…好吗 after a complaint is rhetorical, 收到的是假货好吗,
	// but reads as a question: left out.)
	tails = []string{"谢谢", "谢谢啦", "谢谢亲", "急", "在线等", "麻烦了", "亲", "老板", "哈哈", "？？"}
)

// TestClosers appends every closing particle to every test question that
// ends in a question word and expects a script, and every tail to every
// one expecting a script, and wants that script.
func TestClosers(t *testing.T) {
	sweep(t, func(q string) []string {
		ends := false
		for _, e := range questionEnds {
			ends = ends || strings.HasSuffix(q, e)
		}
		var out []string
		if ends {
			for _, c := range closers {
				out = append(out, q+c)
			}
		}
		for _, c := range tails {
			out = append(out, q+c)
		}
		return out
	})
}
