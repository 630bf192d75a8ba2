package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/internal/atomicfile"
	"github.com/xm-dev/xm/internal/termsafe"
	"github.com/xm-dev/xm/simulate"
)

func newSimulateCmd(e *env) *cobra.Command {
	var (
		bundle, format, at, htmlOut, answers, inFormat string
		errorsOut                                      string
		minAcc, maxHandoff, maxFallback                float64
		followUp                                       time.Duration
		strict, allowLintErrors                        bool
		maxLine, workers                               int
	)
	cmd := &cobra.Command{
		Use:   "simulate FILE...",
		Short: "Replay buyer questions or chat logs and report the figures / 用买家问题回放测试",
		Long: `Replay buyer questions against the project (found as xm lint finds it:
-C, else the working directory and the folders above it, else beside the
first FILE) or a compiled --bundle, print what the bot
answers, and the figures a seller steers by: auto-reply, handoff and
fallback rates, accuracy and confusions where expectations are given,
hits by script and topic, questions by hour, follow-ups per script (logs),
and the most frequent unanswered questions.

Inputs: .txt (a question a line; "问题 => size-m", "=> handoff",
"=> urgent", "=> fallback" state the expected outcome; # comments),
.tsv/.csv with a header (question, expected, time, buyer, event), .jsonl
chat logs ({"time", "buyer", "text", "event", "order", "expected"}); "-"
reads standard input (--input-format says which).

Exit status: 0 all expectations met, gates passed and the project free of
lint errors (or --allow-lint-errors), 1 otherwise, 2 xm could not run.`,
		Example: `  xm simulate examples/apparel/tests/questions.txt
  xm simulate tests/*.txt --min-accuracy 0.9 --max-handoff 0.2
  xm simulate logs/november.jsonl --answers none --html report.html
  xm simulate tests/q.txt --bundle dist/shop.xmb --format json
  xm simulate tests/*.txt --format junit > simulate-report.xml`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, "text", "json", "junit"); err != nil {
				return err
			}
			if err := checkFormat(answers, "all", "misses", "none"); err != nil {
				return err
			}
			b, from, err := e.bundleFor(bundle, "", args)
			lintErrors, source := from.lintErrors, from.source
			if err != nil {
				return err
			}
			opt := simulate.Options{FollowUp: followUp, Strict: strict, Workers: workers}
			if opt.At, err = e.clock(b, at); err != nil {
				return err
			}
			in, err := e.openReplay(args, simulate.Format(inFormat), maxLine, workers)
			if err != nil {
				return err
			}
			defer in.close()
			keyword := func(p int32) string { return b.Pattern(p) }
			quality := simulate.NewQualityTally(b)
			var errw *simulate.ErrorsWriter
			if errorsOut != "" {
				fh, err := os.Create(errorsOut)
				if err != nil {
					return usageErr(i18n.F("无法写入 %s: %v", "cannot write %s: %v", errorsOut, errText(err)), i18n.Text{})
				}
				defer fh.Close()
				if errw, err = simulate.NewErrorsWriter(fh, keyword); err != nil {
					return usageErr(i18n.F("无法写入 %s: %v", "cannot write %s: %v", errorsOut, errText(err)), i18n.Text{})
				}
			}
			var ju *simulate.JUnit
			if format == "junit" {
				if ju, err = simulate.NewJUnit(e.stdout, keyword, e.lang); err != nil {
					return usageErr(i18n.F("无法创建 JUnit 报告：%v", "cannot start the JUnit report: %v", err), i18n.Text{})
				}
			}
			h := simulate.Handlers{
				Result: func(r *simulate.Result) error {
					quality.Add(r)
					if errw != nil {
						if err := errw.Add(r); err != nil {
							return err
						}
					}
					if r.HasQuery && r.Rec.Expected != "" && !knownOutcome(b, r.Rec.Expected) {
						fmt.Fprintln(e.stderr, i18n.F("%s:%d: 警告：期望的结果 %q 不是话术编号，也不是 handoff、urgent、smalltalk、event 或 fallback", "%s:%d: warning: expected outcome %q is not a script id, handoff, urgent, smalltalk, event or fallback", r.Rec.File, r.Rec.Line, r.Rec.Expected).In(e.lang))
					}
					switch {
					case ju != nil:
						return ju.Add(r)
					case answers == "none", answers == "misses" && (r.Rec.Expected == "" || r.Met):
						return nil
					case format == "json":
						return simulate.JSONAnswer(e.stdout, r, keyword)
					}
					return simulate.TextAnswer(termsafe.Writer{W: e.stdout}, r, e.lang)
				},
				Problem: e.inputWarning,
			}
			var figs *simulate.Figures
			if err := in.run(e, strict, func(readers []simulate.Reader) (err error) {
				figs, err = simulate.Run(b, readers, opt, h)
				return err
			}); err != nil {
				return err
			}
			var gates []simulate.Gate
			if cmd.Flags().Changed("min-accuracy") {
				gates = append(gates, simulate.Gate{Name: "min-accuracy", Limit: minAcc})
			}
			if cmd.Flags().Changed("max-handoff") {
				gates = append(gates, simulate.Gate{Name: "max-handoff", Limit: maxHandoff})
			}
			if cmd.Flags().Changed("max-fallback") {
				gates = append(gates, simulate.Gate{Name: "max-fallback", Limit: maxFallback})
			}
			results := simulate.Check(figs, gates)
			q := quality.Finish()
			if errw != nil {
				if err := errw.Close(); err != nil {
					return usageErr(i18n.F("无法写入 %s: %v", "cannot write %s: %v", errorsOut, errText(err)), i18n.Text{})
				}
			}
			if ju != nil {
				if err := ju.Close(results); err != nil {
					return err
				}
			} else if format == "json" {
				if err := simulate.JSONQuality(e.stdout, q); err != nil {
					return err
				}
				if err := simulate.JSONFigures(e.stdout, figs, results); err != nil {
					return err
				}
			} else {
				if err := simulate.TextFigures(termsafe.Writer{W: e.stdout}, figs, e.lang); err != nil {
					return err
				}
				if err := simulate.TextQuality(termsafe.Writer{W: e.stdout}, q, e.lang); err != nil {
					return err
				}
			}
			if htmlOut != "" {
				var buf bytes.Buffer
				info := simulate.ReportInfo{Shop: b.Shop, Generated: e.now.In(b.Location()), Inputs: args, Source: source,
					Lint: simulate.LintStatus{Checked: bundle == "", Errors: lintErrors}, Quality: q}
				if err := simulate.WriteHTML(&buf, info, figs, results, e.lang); err != nil {
					return err
				}
				if err := atomicfile.Write(htmlOut, buf.Bytes(), 0o644); err != nil {
					return usageErr(i18n.F("无法写入 %s: %v", "cannot write %s: %v", htmlOut, errText(err)), i18n.Text{})
				}
			}
			fail := false
			if missed := figs.Expected - figs.Met; missed > 0 {
				fmt.Fprintln(e.stderr, i18n.F("xm: %d 个问题没有得到期望的结果", "xm: %d expectation(s) missed", missed).In(e.lang))
				fail = true
			}
			for _, g := range results {
				switch {
				case g.NoData && figs.Questions == 0:
					fmt.Fprintln(e.stderr, i18n.F("xm: 门槛 %s 未通过：没有回放任何问题（跳过的坏行 %d 行）", "xm: gate %s failed: no question was replayed (%d malformed line(s) skipped)", g.Name, figs.Malformed).In(e.lang))
					fail = true
					continue
				case g.NoData:
					fmt.Fprintln(e.stderr, i18n.F("xm: 门槛 %s 未通过：没有问题写了期望的结果（问题 => 话术编号）", "xm: gate %s failed: no question carries an expected outcome (question => script id)", g.Name).In(e.lang))
					fail = true
					continue
				}
				if !g.Passed {
					op := "<"
					if strings.HasPrefix(g.Name, "max") {
						op = ">"
					}
					fmt.Fprintln(e.stderr, i18n.F("xm: 门槛 %s 未通过：%.1f%% %s %.1f%%", "xm: gate %s failed: %.1f%% %s %.1f%%", g.Name, 100*g.Value, op, 100*g.Limit).In(e.lang))
					fail = true
				}
			}
			if lintErrors > 0 && !allowLintErrors {
				fmt.Fprintln(e.stderr, i18n.F("xm: 项目有 %d 个检查错误，回放不算通过（运行 xm lint 查看；确实要忽略时加 --allow-lint-errors）", "xm: the project has %d lint error(s), so the replay does not pass (run xm lint; --allow-lint-errors to accept them)", lintErrors).In(e.lang))
				fail = true
			}
			if fail {
				return failed{exitFindings}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&bundle, "bundle", "", "replay against a compiled bundle instead of the project")
	f.StringVar(&format, "format", "text", "output format: text, json (JSON lines, the figures last) or junit (a test report: a case per question with an expectation)")
	f.StringVar(&at, "at", "", "the time for questions without one: HH:MM today, or a date and time such as 2026-11-25 21:00 (in the shop's timezone unless it names one)")
	f.DurationVar(&followUp, "follow-up", 3*time.Minute, "a buyer writing again within this after an automatic reply counts as a follow-up")
	f.Float64Var(&minAcc, "min-accuracy", 0, "fail (exit 1) when accuracy is below this, 0 to 1")
	f.Float64Var(&maxHandoff, "max-handoff", 0, "fail (exit 1) when the handoff rate is above this, 0 to 1")
	f.Float64Var(&maxFallback, "max-fallback", 0, "fail (exit 1) when the fallback rate is above this, 0 to 1")
	f.StringVar(&htmlOut, "html", "", "also write a self-contained HTML report to `FILE`")
	f.StringVar(&errorsOut, "errors", "", "also write the missed expectations to `FILE` as a JSON array")
	f.StringVar(&answers, "answers", "all", "which answers to print: all, misses or none")
	f.StringVar(&inFormat, "input-format", "", "txt, tsv, csv or jsonl (default: from the file name)")
	f.BoolVar(&strict, "strict", false, "stop at the first malformed line instead of skipping it")
	f.BoolVar(&allowLintErrors, "allow-lint-errors", false, "exit 0 even when the project has lint errors (the broken parts still take no part)")
	f.IntVar(&maxLine, "max-line", simulate.DefaultMaxLine, "longest input line in bytes; longer ones are skipped")
	f.IntVar(&workers, "workers", 0, "goroutines answering (default: every core)")
	return cmd
}

func knownOutcome(b *bot.Bundle, s string) bool {
	if bot.IsOutcomeName(s) {
		return true
	}
	for _, sc := range b.Scripts {
		if sc.ID == s {
			return true
		}
	}
	return false
}

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// progress shows how far a large replay has got, on a terminal only (never
// in pipes or CI); it returns the function that stops and clears it.
func progress(e *env, total int64, done *atomic.Int64) func() {
	if total < 4<<20 || !isTerminal(e.stderr) || e.getenv("CI") != "" {
		return func() {}
	}
	stop := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				fmt.Fprint(e.stderr, "\r\x1b[K")
				return
			case <-t.C:
				fmt.Fprintf(e.stderr, "\r%s %.0f%% (%s / %s)", i18n.T("回放中", "replaying").In(e.lang),
					100*float64(done.Load())/float64(total), byteSize(int(done.Load())), byteSize(int(total)))
			}
		}
	}()
	return func() { close(stop); <-finished }
}
