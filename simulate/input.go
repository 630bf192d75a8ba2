// Package simulate replays buyer questions and chat logs against a
// compiled bundle and computes the figures a seller steers by: auto-reply,
// handoff and fallback rates, accuracy and confusions where expectations
// exist, hits per script and topic, questions by hour, follow-up rate per
// script, and the most frequent unanswered questions. It streams its
// input in constant memory and answers on every core, keeping output in
// input order. It does not load projects (schema and compile do) nor
// print (the report writers in this package take a Figures value).
package simulate

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/internal/textenc"
)

// Record is one buyer message, or an order event, to replay.
type Record struct {
	File string
	Line int
	Time time.Time // zero when the input has none
	// Local says that Time named no timezone: its wall clock is read in
	// the shop's timezone when the record is replayed.
	Local    bool
	Buyer    string
	Text     string
	Event    string
	Order    map[string]string
	Expected string // a script id, handoff, urgent or fallback; "" for none
}

// Problem is a malformed input line, reported with its place.
type Problem struct {
	File string
	Line int
	Msg  i18n.Text
	Hint i18n.Text // what to do, when there is something to say
}

func (p *Problem) Error() string { return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg.EN) }

// EncodingError stops reading a file that is not UTF-8 but recognisably
// another encoding (a GBK CSV saved by Excel on Chinese Windows, a UTF-16
// export): every line would be garbled, so it is named once, with the fix.
type EncodingError struct {
	Problem
	Encoding string // as iconv names it: GB18030, BIG5, UTF-16LE...
}

func (e *EncodingError) Error() string { return e.Problem.Error() }

func (l *lineReader) encodingError(enc string) *EncodingError {
	from := enc
	if strings.HasPrefix(enc, "UTF-16") {
		from = "UTF-16"
	}
	return &EncodingError{Problem: Problem{File: l.file, Line: l.line, Msg: textenc.Describe(enc), Hint: textenc.ConvertHint(l.file, from)}, Encoding: enc}
}

// localize reads a zone-less time as a wall clock in loc.
func (r *Record) localize(loc *time.Location) {
	if r.Local && loc != nil {
		t := r.Time
		r.Time = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
		r.Local = false
	}
}

// zoned and local are the time layouts of shop exports, after "/" in
// dates is read as "-": RFC 3339, a space for the T, with or without
// seconds (fractions are accepted after seconds), one-digit months, days
// and hours.
var (
	zoned = []string{"2006-1-2T15:04:05Z07:00", "2006-1-2 15:04:05Z07:00", "2006-1-2 15:04:05 Z07:00", "2006-1-2T15:04Z07:00", "2006-1-2 15:04Z07:00"}
	local = []string{"2006-1-2T15:04:05", "2006-1-2 15:04:05", "2006-1-2T15:04", "2006-1-2 15:04"}
)

// parseTime reads a log's time. local is true when it names no timezone
// (its wall clock is then the shop's).
func parseTime(s string) (t time.Time, isLocal, ok bool) {
	s = strings.TrimSpace(s)
	if date, rest, found := strings.Cut(s, " "); found || strings.Contains(s, "/") {
		s = strings.ReplaceAll(date, "/", "-")
		if found {
			s += " " + strings.TrimSpace(rest)
		}
	}
	for _, l := range zoned {
		if t, err := time.Parse(l, s); err == nil {
			return t, false, true
		}
	}
	for _, l := range local {
		if t, err := time.Parse(l, s); err == nil {
			return t, true, true
		}
	}
	return time.Time{}, false, false
}

// badTime is the problem of a time parseTime cannot read.
func badTime(file string, line int, s string) *Problem {
	return &Problem{File: file, Line: line,
		Msg:  i18n.F("时间 %q 无法识别", "time %q is not a time xm reads", s),
		Hint: i18n.T("写成 2026-11-25 21:03:00（店铺时区）、2026/11/25 21:03 或 2026-11-25T21:03:00+08:00", "write 2026-11-25 21:03:00 (in the shop's timezone), 2026/11/25 21:03 or 2026-11-25T21:03:00+08:00")}
}

// DefaultMaxLine bounds one input line (1 MiB): a longer one is reported
// and skipped, never read whole into memory.
const DefaultMaxLine = 1 << 20

// MaxMaxLine is the ceiling of --max-line (64 MiB).
const MaxMaxLine = 64 << 20

// Reader yields records. Next returns io.EOF at the end, a *Problem for a
// malformed line (the reader can go on), or another error (it cannot).
type Reader interface {
	Next() (Record, error)
}

// errStop ends each early without being an error.
var errStop = errors.New("stop")

// each reads every record of the readers in order, handing records to
// onRecord and malformed lines to onProblem. Either may return an error to
// stop (errStop stops without one); a read error also stops.
func each(readers []Reader, onRecord func(Record) error, onProblem func(*Problem) error) error {
	for _, r := range readers {
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			var p *Problem
			switch {
			case errors.As(err, &p):
				err = onProblem(p)
			case err == nil:
				err = onRecord(rec)
			}
			if err == errStop {
				return nil
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// Format names an input format.
type Format string

const (
	TXT   Format = "txt"
	TSV   Format = "tsv"
	CSV   Format = "csv"
	JSONL Format = "jsonl"
)

// FormatOf picks the format from a file name's extension; "" when unknown.
func FormatOf(name string) Format {
	switch {
	case strings.HasSuffix(name, ".txt"):
		return TXT
	case strings.HasSuffix(name, ".tsv"):
		return TSV
	case strings.HasSuffix(name, ".csv"):
		return CSV
	case strings.HasSuffix(name, ".jsonl"), strings.HasSuffix(name, ".ndjson"):
		return JSONL
	}
	return ""
}

// NewReader reads records of format f from r, naming them file.
func NewReader(r io.Reader, file string, f Format, maxLine int) (Reader, error) {
	if maxLine <= 0 {
		maxLine = DefaultMaxLine
	}
	maxLine = min(maxLine, MaxMaxLine)
	lr := &lineReader{r: bufio.NewReaderSize(r, 64<<10), file: file, max: maxLine}
	switch f {
	case TXT:
		return &txtReader{lr}, nil
	case JSONL:
		return &jsonlReader{lr}, nil
	case TSV, CSV:
		return newTableReader(lr, f)
	}
	return nil, fmt.Errorf("unknown input format %q", f)
}

// lineReader reads lines of at most max bytes; a longer line is skipped to
// its end and reported.
type lineReader struct {
	r    *bufio.Reader
	file string
	max  int
	line int
}

var errLineTooLong = errors.New("line too long")

// maxSkip is how many times max bytes a line may run on, skipped, before
// the input is taken for what it is: not text (a stream of zeros, a
// binary file). Reading stops there with an error instead of skipping
// forever.
const maxSkip = 16

// NotTextError stops a reader on a line with no end in sight.
type NotTextError struct {
	File  string
	Line  int
	Bytes int64
}

func (e *NotTextError) Error() string {
	return fmt.Sprintf("%s:%d: no line break in %d bytes: not a text file; stopped reading it", e.File, e.Line, e.Bytes)
}

func (l *lineReader) next() (string, error) {
	var buf []byte
	long := false
	skipped := int64(0)
	for {
		chunk, err := l.r.ReadSlice('\n')
		if long {
			if skipped += int64(len(chunk)); skipped > int64(maxSkip)*int64(l.max) {
				return "", &NotTextError{l.file, l.line + 1, skipped}
			}
		}
		if !long {
			if len(buf)+len(chunk) > l.max {
				long = true
				buf = nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF && len(chunk) == 0 && len(buf) == 0 && !long:
			return "", io.EOF
		case err != nil && err != io.EOF:
			return "", err
		}
		l.line++
		if long {
			return "", errLineTooLong
		}
		if l.line == 1 {
			buf = bytes.TrimPrefix(buf, []byte("\xef\xbb\xbf"))
			if enc := textenc.UTF16(buf); enc != "" {
				return "", l.encodingError(enc)
			}
		}
		if !utf8.Valid(buf) {
			if enc, _ := textenc.Chinese(buf); enc != "" {
				return "", l.encodingError(enc)
			}
		}
		return strings.TrimRight(string(buf), "\r\n"), nil
	}
}

func (l *lineReader) problem(msg i18n.Text) *Problem {
	return &Problem{File: l.file, Line: l.line, Msg: msg}
}

func (l *lineReader) tooLong() *Problem {
	return l.problem(i18n.F("这一行超过 %d 字节，已跳过", "line longer than %d bytes, skipped", l.max))
}

func (l *lineReader) checkUTF8(s string) *Problem {
	if !utf8.ValidString(s) {
		return l.problem(i18n.T("这一行不是有效的 UTF-8，已跳过", "this line is not valid UTF-8; skipped"))
	}
	return nil
}

// txtReader reads "question => expected" lines; # starts a comment.
type txtReader struct{ l *lineReader }

func (t *txtReader) Next() (Record, error) {
	for {
		s, err := t.l.next()
		if err == errLineTooLong {
			return Record{}, t.l.tooLong()
		}
		if err != nil {
			return Record{}, err
		}
		if p := t.l.checkUTF8(s); p != nil {
			return Record{}, p
		}
		s = strings.TrimSpace(s)
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		rec := Record{File: t.l.file, Line: t.l.line, Text: s}
		if i := strings.LastIndex(s, "=>"); i >= 0 {
			rec.Text = strings.TrimSpace(s[:i])
			rec.Expected = strings.TrimSpace(s[i+2:])
			if rec.Expected == "" {
				return Record{}, t.l.problem(i18n.T("=> 后面没有写期望的结果", "nothing after =>: write a script id, handoff, urgent or fallback"))
			}
		}
		if rec.Text == "" {
			return Record{}, t.l.problem(i18n.T("=> 前面没有问题", "no question before =>"))
		}
		return rec, nil
	}
}

// jsonlReader reads chat-log lines: {"time", "buyer", "text", "event",
// "order", "expected"}.
type jsonlReader struct{ l *lineReader }

type jsonLine struct {
	Time     string         `json:"time"`
	Buyer    string         `json:"buyer"`
	Text     string         `json:"text"`
	Event    string         `json:"event"`
	Order    map[string]any `json:"order"`
	Expected string         `json:"expected"`
}

func (j *jsonlReader) Next() (Record, error) {
	for {
		s, err := j.l.next()
		if err == errLineTooLong {
			return Record{}, j.l.tooLong()
		}
		if err != nil {
			return Record{}, err
		}
		if strings.TrimSpace(s) == "" {
			continue
		}
		var v jsonLine
		if err := json.Unmarshal([]byte(s), &v); err != nil {
			return Record{}, j.l.problem(i18n.F("不是有效的 JSON: %v", "not valid JSON: %v", err))
		}
		rec := Record{File: j.l.file, Line: j.l.line, Buyer: v.Buyer, Text: strings.TrimSpace(v.Text), Event: v.Event, Expected: v.Expected}
		if v.Time != "" {
			t, isLocal, ok := parseTime(v.Time)
			if !ok {
				return Record{}, badTime(j.l.file, j.l.line, v.Time)
			}
			rec.Time, rec.Local = t, isLocal
		}
		if rec.Text == "" && rec.Event == "" {
			return Record{}, j.l.problem(i18n.T("既没有 text 也没有 event", "neither text nor event"))
		}
		if len(v.Order) > 0 {
			rec.Order = map[string]string{}
			for k, x := range v.Order {
				rec.Order[k] = fmt.Sprint(x)
			}
		}
		return rec, nil
	}
}

// tableReader reads TSV or CSV with a header naming the columns.
type tableReader struct {
	l                  *lineReader
	c                  *csv.Reader
	qCol, eCol, tCol   int
	buyerCol, eventCol int
}

// lineSource feeds the csv reader line by line through lineReader, so the
// line limit holds and line numbers stay right.
type lineSource struct {
	l   *lineReader
	buf []byte
	err error
}

func (s *lineSource) Read(p []byte) (int, error) {
	for len(s.buf) == 0 {
		if s.err != nil {
			return 0, s.err
		}
		line, err := s.l.next()
		if err == errLineTooLong {
			// Reported once; reading goes on with the next line.
			return 0, s.l.tooLong()
		}
		if err != nil {
			s.err = err
			return 0, err
		}
		s.buf = append([]byte(line), '\n')
	}
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	return n, nil
}

func newTableReader(l *lineReader, f Format) (Reader, error) {
	c := csv.NewReader(&lineSource{l: l})
	if f == TSV {
		c.Comma = '\t'
		c.LazyQuotes = true
	}
	c.FieldsPerRecord = -1
	c.ReuseRecord = true
	header, err := c.Read()
	var ee *EncodingError
	if errors.As(err, &ee) {
		return nil, ee
	}
	if err != nil {
		if err == io.EOF {
			return nil, &Problem{File: l.file, Line: 1, Msg: i18n.T("文件是空的：第一行应是表头（question, expected, time）", "empty file: the first line must be a header (question, expected, time)")}
		}
		return nil, &Problem{File: l.file, Line: 1, Msg: i18n.F("无法读取表头：%v", "cannot read the header: %v", err)}
	}
	t := &tableReader{l: l, c: c, qCol: -1, eCol: -1, tCol: -1, buyerCol: -1, eventCol: -1}
	for i, h := range header {
		switch strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))) {
		case "question", "text", "问题":
			t.qCol = i
		case "expected", "expect", "期望", "期望结果":
			t.eCol = i
		case "time", "时间":
			t.tCol = i
		case "buyer", "买家":
			t.buyerCol = i
		case "event", "事件":
			t.eventCol = i
		}
	}
	if t.qCol < 0 {
		return nil, &Problem{File: l.file, Line: 1, Msg: i18n.F("表头里没有 question 列（表头是：%s）", "the header has no question column (it has: %s)", strings.Join(header, ", "))}
	}
	return t, nil
}

func (t *tableReader) Next() (Record, error) {
	for {
		row, err := t.c.Read()
		var p *Problem
		if errors.As(err, &p) {
			return Record{}, p
		}
		if err == io.EOF {
			return Record{}, io.EOF
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return Record{}, &Problem{File: t.l.file, Line: pe.Line, Msg: i18n.F("CSV 格式错误：%v", "malformed CSV: %v", pe.Err)}
			}
			return Record{}, err
		}
		line, _ := t.c.FieldPos(0) // only valid after a successful Read
		get := func(i int) string {
			if i < 0 || i >= len(row) {
				return ""
			}
			return strings.TrimSpace(row[i])
		}
		rec := Record{File: t.l.file, Line: line, Text: get(t.qCol), Expected: get(t.eCol), Buyer: get(t.buyerCol), Event: get(t.eventCol)}
		if s := get(t.tCol); s != "" {
			tm, isLocal, ok := parseTime(s)
			if !ok {
				return Record{}, badTime(t.l.file, line, s)
			}
			rec.Time, rec.Local = tm, isLocal
		}
		if !utf8.ValidString(rec.Text) {
			return Record{}, &Problem{File: t.l.file, Line: line, Msg: i18n.T("问题不是有效的 UTF-8", "the question is not valid UTF-8")}
		}
		if rec.Text == "" && rec.Event == "" {
			continue
		}
		return rec, nil
	}
}
