// Command minibot is the smallest serving bot: it loads a bundle and
// answers the questions on standard input, one a line. It exists to
// measure what importing package bot costs a binary (bench/README.md).
//
//	go build -o /tmp/minibot ./minibot && ls -l /tmp/minibot
package main

import (
	"bufio"
	"fmt"
	"os"
	"time"

	"github.com/xm-dev/xm/bot"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: minibot BUNDLE.xmb < questions.txt")
		os.Exit(2)
	}
	b, err := bot.Load(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		now := time.Now()
		a := b.Answer(in.Text(), bot.Context{Now: now})
		fmt.Printf("%s\t%s\n", b.OutcomeName(a), b.Render(nil, &a, nil, now))
	}
}
