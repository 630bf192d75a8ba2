package main

import (
	"bytes"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/internal/atomicfile"
	"github.com/xm-dev/xm/internal/termsafe"
	"github.com/xm-dev/xm/mine"
	"github.com/xm-dev/xm/simulate"
)

func newMineCmd(e *env) *cobra.Command {
	var (
		format, htmlOut, inFormat string
		apply                     bool
		maxLine, workers          int
		followUp                  time.Duration
	)
	cmd := &cobra.Command{
		Use:   "mine LOG...",
		Short: "Cluster what the bot could not answer in chat logs and suggest script changes / 从聊天记录里找出没答好的问题并给出修改建议",
		Long: `Replay chat logs (.txt, .tsv/.csv with a header, .jsonl) through the project
(the nearest xm.yaml at or above the working directory, or -C), collect what needs a
human look (fallbacks, close calls between topics, similarity answers of low
confidence; small talk and handoffs are not collected), learn keywords from
the messages a keyword answered confidently (a word nearly always seen with
one script that unanswered messages have too, checked like every
suggestion), cluster it by
normalised text and concepts, rank the clusters by the buyers they affect,
and suggest for each one new examples (and a keyword) for an existing
script, checked by building the project with the change and running lint and
the matcher, or a new script for you to write. Scripts buyers often write
again after are listed when the logs have buyers and times.

--apply writes the checked suggestions into the scripts' YAML files (layout
and comments kept, each addition marked "# xm mine DATE"; --now sets the
date; a knowledge pack's script is never edited: what it learns goes into
an extension of it, extends: ID, in your own files, by default
scripts/packs.yaml) and the new-script drafts into mine/drafts.yaml, which
is not loaded until you move the drafts into scripts/.

Exit status: 0 done, 2 xm could not run.`,
		Example: `  xm mine logs/november.jsonl
  xm mine logs/*.txt --apply --html review.html
  xm mine -C my-shop chats.tsv --format json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, "text", "json"); err != nil {
				return err
			}
			// The project is the working directory's (or -C's): logs
			// usually live elsewhere.
			t, p, err := loadProject(nil)
			if err != nil {
				return err
			}
			b, errs, err := lintAndBuild(t, p, e)
			if len(errs) > 0 {
				fmt.Fprintln(e.stderr, i18n.F("xm: 注意：项目有 %d 个错误（运行 xm lint 查看），出错的部分没有参与回放", "xm: note: the project has %d error(s) (run xm lint); the broken parts take no part", len(errs)).In(e.lang))
			}
			if err != nil {
				return err
			}
			in, err := e.openReplay(args, simulate.Format(inFormat), maxLine, workers)
			if err != nil {
				return err
			}
			defer in.close()
			var rep *mine.Report
			if err := in.run(e, false, func(readers []simulate.Reader) (err error) {
				rep, err = mine.Run(p, b, readers, mine.Options{Now: e.now, FollowUp: followUp, Workers: workers})
				return err
			}); err != nil {
				return err
			}
			if apply {
				if err := rep.Apply(p); err != nil {
					return usageErr(i18n.F("无法写入：%v", "cannot write: %v", errText(err)), i18n.Text{})
				}
			}
			if format == "json" {
				if err := mine.WriteJSON(e.stdout, rep, e.lang); err != nil {
					return err
				}
			} else if err := mine.WriteText(termsafe.Writer{W: e.stdout}, rep, e.lang); err != nil {
				return err
			}
			if htmlOut != "" {
				var buf bytes.Buffer
				if err := mine.WriteHTML(&buf, b.Shop, rep, e.lang); err != nil {
					return err
				}
				if err := atomicfile.Write(htmlOut, buf.Bytes(), 0o644); err != nil {
					return usageErr(i18n.F("无法写入 %s：%v", "cannot write %s: %v", htmlOut, errText(err)), i18n.Text{})
				}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&apply, "apply", false, "write the checked suggestions into the YAML files and the drafts into mine/drafts.yaml")
	f.StringVar(&format, "format", "text", "output format: text or json")
	f.StringVar(&htmlOut, "html", "", "also write a self-contained HTML review page to `FILE`")
	f.StringVar(&inFormat, "input-format", "", "txt, tsv, csv or jsonl (default: from the file name)")
	f.IntVar(&maxLine, "max-line", simulate.DefaultMaxLine, "longest input line in bytes; longer ones are skipped")
	f.IntVar(&workers, "workers", 0, "goroutines answering (default: every core)")
	f.DurationVar(&followUp, "follow-up", 3*time.Minute, "a buyer writing again within this after an automatic reply counts as a follow-up")
	return cmd
}
