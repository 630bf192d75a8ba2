// Package junit writes JUnit XML test reports, the format the test
// reporters of GitLab, Jenkins and GitHub Actions read. A report is
// streamed: test cases go to a temporary file as they come and only the
// suites' counts stay in memory, so a replay of millions of questions
// writes its report in constant memory.
package junit

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Case is one test case.
type Case struct {
	Name      string
	Classname string
	File      string // the source file, shown by GitLab
	Line      int
	Time      time.Duration
	// Failure, when not empty, is the one-line reason the case failed;
	// Detail is the text under it.
	Failure string
	Type    string // the failure's kind (error, warning, expectation...)
	Detail  string
	Skipped string // when not empty, the case did not count: why
	Output  string // system-out
}

// Writer streams test cases, grouped into suites in the order they come.
type Writer struct {
	w      io.Writer
	tmp    *os.File
	buf    *bufio.Writer
	name   string
	suites []suite
	off    int64
}

type suite struct {
	name                     string
	tests, failures, skipped int
	start, end               int64
}

// New starts a report named name that will be written to w on Close.
func New(w io.Writer, name string) (*Writer, error) {
	tmp, err := os.CreateTemp("", "xm-junit-*.xml")
	if err != nil {
		return nil, err
	}
	return &Writer{w: w, tmp: tmp, buf: bufio.NewWriter(tmp), name: name}, nil
}

// Add appends a case to the suite named suiteName (a new suite when it
// differs from the previous case's).
func (j *Writer) Add(suiteName string, c Case) error {
	if len(j.suites) == 0 || j.suites[len(j.suites)-1].name != suiteName {
		j.suites = append(j.suites, suite{name: suiteName, start: j.off, end: j.off})
	}
	s := &j.suites[len(j.suites)-1]
	s.tests++
	var b strings.Builder
	fmt.Fprintf(&b, "    <testcase name=%s classname=%s", attr(c.Name), attr(c.Classname))
	if c.File != "" {
		fmt.Fprintf(&b, " file=%s", attr(c.File))
		if c.Line > 0 {
			fmt.Fprintf(&b, " line=\"%d\"", c.Line)
		}
	}
	fmt.Fprintf(&b, " time=\"%.3f\"", c.Time.Seconds())
	if c.Failure == "" && c.Skipped == "" && c.Output == "" {
		b.WriteString("></testcase>\n")
	} else {
		b.WriteString(">\n")
		switch {
		case c.Failure != "":
			s.failures++
			fmt.Fprintf(&b, "      <failure message=%s type=%s>%s</failure>\n", attr(c.Failure), attr(c.Type), text(c.Detail))
		case c.Skipped != "":
			s.skipped++
			fmt.Fprintf(&b, "      <skipped message=%s></skipped>\n", attr(c.Skipped))
		}
		if c.Output != "" {
			fmt.Fprintf(&b, "      <system-out>%s</system-out>\n", text(c.Output))
		}
		b.WriteString("    </testcase>\n")
	}
	n, err := j.buf.WriteString(b.String())
	j.off += int64(n)
	s.end = j.off
	return err
}

// Close writes the report to the writer given to New and removes the
// temporary file.
func (j *Writer) Close() error {
	defer os.Remove(j.tmp.Name())
	defer j.tmp.Close()
	if err := j.buf.Flush(); err != nil {
		return err
	}
	tests, failures, skipped := 0, 0, 0
	for _, s := range j.suites {
		tests, failures, skipped = tests+s.tests, failures+s.failures, skipped+s.skipped
	}
	out := bufio.NewWriter(j.w)
	fmt.Fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=%s tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\">\n", attr(j.name), tests, failures, skipped)
	for _, s := range j.suites {
		fmt.Fprintf(out, "  <testsuite name=%s tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\">\n", attr(s.name), s.tests, s.failures, s.skipped)
		if _, err := io.Copy(out, io.NewSectionReader(j.tmp, s.start, s.end-s.start)); err != nil {
			return err
		}
		out.WriteString("  </testsuite>\n")
	}
	out.WriteString("</testsuites>\n")
	return out.Flush()
}

// attr quotes s as an XML attribute value.
func attr(s string) string {
	return `"` + strings.NewReplacer(`"`, "&quot;", "\n", "&#xA;", "\r", "&#xD;", "\t", "&#x9;").Replace(text(s)) + `"`
}

// text escapes s for XML character data, dropping characters XML 1.0
// cannot carry.
func text(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r != 0xFFFE && r != 0xFFFF {
			return r
		}
		return -1
	}, s)
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
