package bot_test

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/compile"
	"github.com/xm-dev/xm/schema"
)

// A serving bot loads the bundle once, then answers every buyer message
// from any number of goroutines. (Here the bundle is compiled from the
// shipped example first, as `xm compile` would.)
func Example() {
	p, _ := schema.Load("../examples/apparel")
	built, _ := compile.Build(p)
	path := filepath.Join(os.TempDir(), "xm-example.xmb")
	built.WriteFile(path)
	defer os.Remove(path)

	bundle, err := bot.Load(path)
	if err != nil {
		fmt.Println(err) // a corrupt, truncated or newer bundle is refused here
		return
	}
	now := time.Date(2026, 11, 25, 21, 5, 0, 0, bundle.Location())
	a := bundle.Answer("請問Ｍ碼適合多少斤", bot.Context{Now: now})
	fmt.Println(bundle.OutcomeName(a), a.HandsOver)
	fmt.Println(string(bundle.Render(nil, &a, nil, now)))
	for _, n := range a.Notices[:a.NumNotices] {
		fmt.Println("+", bundle.Triggers[n].ID)
	}

	// An order event alone is answered by its trigger, filled in from
	// the order (never by the fallback).
	e := bundle.Answer("", bot.Context{Now: now, Event: "order.shipped"})
	order := bot.Order{"item": "连衣裙", "tracking_no": "SF1234567890"}
	fmt.Println(bundle.OutcomeName(e), bundle.Triggers[e.Trigger].ID)
	fmt.Println(string(bundle.Render(nil, &e, order, now)))
	// Output:
	// size false
	// 亲，这款尺码标准：S 码 90-100 斤、M 码 100-110 斤、L 码 110-125 斤、XL 码 125-140 斤；身高 155-175cm 都合适，在两个码之间建议选大一码。尺码表：https://shop.example.com/xiaolu/size-chart
	// + peak-busy
	// event shipped
	// 亲，您的【连衣裙】已发货，物流单号 SF1234567890，预计 2-4 天送达，注意查收~
}
