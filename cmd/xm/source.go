package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/schema"
	"github.com/xm-dev/xm/simulate"
)

// The three things explain, simulate and diff each need, given one way:
// the bundle to answer from, the clock the questions are asked at, and the
// question files to read.

// bundleFrom says where a bundle came from.
type bundleFrom struct {
	source     string // the --bundle file, or the project's folder as shown
	lintErrors int    // the project's lint errors (their parts take no part); 0 for a bundle file
}

// bundleFor gives a command its bundle: the --bundle file when one is
// named, else the project. The project is found as xm lint finds it: in
// project (a path the user named) when given; else -C or the working
// directory and the folders above it; else beside the first input file.
// A project with lint errors is still built, with a note on stderr.
func (e *env) bundleFor(bundle string, project string, inputs []string) (*bot.Bundle, bundleFrom, error) {
	if bundle != "" {
		if project != "" {
			return nil, bundleFrom{}, usageErr(i18n.T("--bundle 和项目路径只能二选一", "give --bundle or a project path, not both"), i18n.Text{})
		}
		b, err := loadBundle(bundle)
		return b, bundleFrom{source: bundle}, err
	}
	where := project
	if where == "" {
		where = "."
		if _, err := schema.Find("."); errors.Is(err, schema.ErrNoProject) && e.dir == "" {
			for _, in := range inputs {
				if in == "-" {
					continue
				}
				if _, err := schema.Find(in); err == nil {
					where = filepath.Dir(in)
				}
				break
			}
		}
	}
	if _, err := schema.Find(where); errors.Is(err, schema.ErrNoProject) && project == "" && len(inputs) > 0 {
		return nil, bundleFrom{}, usageErr(i18n.T("当前目录及其上级目录里没有 xm.yaml，输入文件旁边也没有", "no xm.yaml in the working directory or any folder above it, nor beside the input files"),
			i18n.T("在项目目录里运行，用 -C 指定项目目录，或用 --bundle 指定匹配包", "run inside the project, name it with -C, or name a bundle with --bundle"))
	}
	t, p, err := loadProject([]string{where})
	if err != nil {
		return nil, bundleFrom{}, err
	}
	b, errs, berr := lintAndBuild(t, p, e)
	from := bundleFrom{source: t.shown, lintErrors: len(errs)}
	if from.source == "." {
		from.source = filepath.Base(t.root)
	}
	if from.lintErrors > 0 {
		fmt.Fprintln(e.stderr, i18n.F("xm: 注意：项目有 %d 个错误（运行 xm lint 查看），出错的部分没有参与回答", "xm: note: the project has %d error(s) (run xm lint); the broken parts take no part", from.lintErrors).In(e.lang))
	}
	return b, from, berr
}

// clock is the time questions without one of their own are asked at: --at
// as HH:MM (today, in the shop's timezone) or a full date and time (in the
// shop's timezone unless it names its own), else --now or now.
func (e *env) clock(b *bot.Bundle, at string) (time.Time, error) {
	if at == "" {
		return e.now, nil
	}
	if t, ok := b.At(e.now, at); ok {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, at); err == nil {
		return t, nil
	}
	loc := b.Location()
	if loc == nil {
		loc = time.Local
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04", "2006/01/02 15:04:05", "2006/01/02 15:04"} {
		if t, err := time.ParseInLocation(layout, at, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, usageErr(i18n.F("--at 的时间 %q 无效", "--at %q is not a time", at),
		i18n.T("写成 21:00（今天，店铺时区），或 2026-11-25 21:00，或 2026-11-25T21:00:00+08:00", "write 21:00 (today, in the shop's timezone), 2026-11-25 21:00, or 2026-11-25T21:00:00+08:00"))
}

// inputs opens question files: "-" is standard input, --input-format (f)
// overrides the file name's extension, folders and devices are refused.
// It returns the readers, their total size (for progress, counted in done
// when done is not nil) and the function that closes them.
func (e *env) inputs(names []string, f simulate.Format, maxLine int, done *atomic.Int64) ([]simulate.Reader, int64, func(), error) {
	var files []*os.File
	closeAll := func() {
		for _, fh := range files {
			fh.Close()
		}
	}
	fail := func(err error) ([]simulate.Reader, int64, func(), error) {
		closeAll()
		return nil, 0, func() {}, err
	}
	if maxLine > simulate.MaxMaxLine {
		return fail(usageErr(i18n.F("--max-line %d 超过上限 %d 字节", "--max-line %d is over the ceiling of %d bytes", maxLine, simulate.MaxMaxLine),
			i18n.T("买家的一条消息不会这么长；更长的行会被报告并跳过", "no buyer message is that long; longer lines are reported and skipped")))
	}
	if f != "" && f != simulate.TXT && f != simulate.TSV && f != simulate.CSV && f != simulate.JSONL {
		return fail(usageErr(i18n.F("未知输入格式 %q", "unknown input format %q", string(f)), i18n.T("可用：txt, tsv, csv, jsonl", "use one of: txt, tsv, csv, jsonl")))
	}
	var readers []simulate.Reader
	var total int64
	for _, name := range names {
		var r io.Reader = e.stdin
		if name != "-" {
			fh, fi, err := openQuestions(name)
			if err != nil {
				return fail(err)
			}
			files = append(files, fh)
			total += fi.Size()
			r = fh
			if done != nil {
				r = &countingReader{r: fh, n: done}
			}
		}
		format := f
		if format == "" {
			format = simulate.FormatOf(name)
		}
		if format == "" {
			if name != "-" {
				return fail(usageErr(i18n.F("不知道 %s 是什么格式", "cannot tell the format of %s", name),
					i18n.T("用 .txt、.tsv、.csv 或 .jsonl 扩展名，或用 --input-format 指定", "use a .txt, .tsv, .csv or .jsonl name, or say --input-format")))
			}
			format = simulate.TXT
		}
		rd, err := simulate.NewReader(r, name, format, maxLine)
		if err != nil {
			return fail(e.inputError(err, false))
		}
		readers = append(readers, rd)
	}
	return readers, total, closeAll, nil
}

// replayInputs are the opened inputs of a replay (simulate, mine).
type replayInputs struct {
	readers []simulate.Reader
	total   int64
	done    atomic.Int64 // bytes read, for the progress line
	close   func()
}

// openReplay opens the inputs simulate and mine replay (files, or - for
// standard input, as inputs reads them) and notes a --workers over the
// ceiling. The caller defers close.
func (e *env) openReplay(names []string, f simulate.Format, maxLine, workers int) (*replayInputs, error) {
	if workers > simulate.MaxWorkers() {
		fmt.Fprintln(e.stderr, i18n.F("xm: 注意：--workers %d 超过上限，按 %d 个运行（每核 4 个）", "xm: note: --workers %d is over the ceiling; running %d (4 a core)", workers, simulate.MaxWorkers()).In(e.lang))
	}
	in := &replayInputs{}
	var err error
	if in.readers, in.total, in.close, err = e.inputs(names, f, maxLine, &in.done); err != nil {
		return nil, err
	}
	return in, nil
}

// run replays the inputs with run, showing the progress line on a
// terminal meanwhile, and words an error met reading them (strict: bad
// lines stop the replay).
func (in *replayInputs) run(e *env, strict bool, run func([]simulate.Reader) error) error {
	stop := progress(e, in.total, &in.done)
	err := run(in.readers)
	stop()
	if err != nil {
		return e.inputError(err, strict)
	}
	return nil
}

// inputWarning prints a malformed input line that was skipped.
func (e *env) inputWarning(p *simulate.Problem) error {
	_, err := fmt.Fprintf(e.stderr, "%s:%d: %s: %s [input]\n", p.File, p.Line, i18n.T("警告", "warning").In(e.lang), p.Msg.In(e.lang))
	if err == nil && !p.Hint.IsZero() {
		_, err = fmt.Fprintf(e.stderr, "    = %s: %s\n", helpWord(e.lang), p.Hint.In(e.lang))
	}
	return err
}

// inputError turns an error met reading the inputs into the message that
// ends the command: a file in another encoding, a malformed line (with
// --strict, it says so), or whatever else stopped the reading.
func (e *env) inputError(err error, strict bool) error {
	if nt := notText(err); nt != nil {
		return nt
	}
	var ee *simulate.EncodingError
	if errors.As(err, &ee) {
		return usageErr(i18n.Text{ZH: ee.File + ": " + ee.Msg.ZH, EN: ee.File + ": " + ee.Msg.EN}, ee.Hint)
	}
	var p *simulate.Problem
	if asProblem(err, &p) {
		hint := p.Hint
		zh, en := p.Msg.ZH, p.Msg.EN
		if strict {
			zh, en = zh+"(--strict)", en+" (--strict)"
			hint = i18n.T("修正这一行，或去掉 --strict 跳过坏行", "fix the line, or drop --strict to skip bad lines")
		}
		where := fmt.Sprintf("%s:%d: ", p.File, p.Line)
		return usageErr(i18n.Text{ZH: where + zh, EN: where + en}, hint)
	}
	return usageErr(i18n.F("无法读取输入：%v", "cannot read the input: %v", err), i18n.Text{})
}
