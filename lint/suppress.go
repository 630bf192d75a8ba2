package lint

import (
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"

	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/internal/suggest"
	"github.com/xm-dev/xm/schema"
)

// ignore is one "# xm:ignore RULE[,RULE] -- reason" comment.
type ignore struct {
	file       *schema.File
	line, col  int // where the comment is
	from, to   int // the lines it covers
	rules      []string
	reason     string
	wholeFile  bool
	used       map[string]bool
	ruleCols   []int // column of each rule name, for findings about it
	ruleLength []int
}

// parseIgnores finds the ignore comments of f. A comment at the end of a
// line covers the node that line starts and its children; a comment on a
// line of its own covers the node on the next line; "xm:ignore-file"
// covers the whole file.
func parseIgnores(f *schema.File) []*ignore {
	var out []*ignore
	spans := nodeSpans(f)
	for i, line := range f.Lines {
		at := commentStart(line)
		if at < 0 {
			continue
		}
		text := strings.TrimSpace(line[at+1:])
		var whole bool
		switch {
		case strings.HasPrefix(text, "xm:ignore-file"):
			whole = true
			text = text[len("xm:ignore-file"):]
		case strings.HasPrefix(text, "xm:ignore"):
			text = text[len("xm:ignore"):]
		default:
			continue
		}
		if text != "" && text[0] != ' ' && text[0] != '\t' {
			continue // xm:ignored, xm:ignore-this...
		}
		spec, reason := cutReason(text)
		ig := &ignore{file: f, line: i + 1, col: utf8.RuneCountInString(line[:at]) + 1, reason: strings.TrimSpace(reason), wholeFile: whole, used: map[string]bool{}}
		specStart := at + 1 + strings.Index(line[at+1:], spec)
		for _, r := range strings.FieldsFunc(spec, func(c rune) bool { return c == ',' || c == '，' || c == '、' }) {
			name := strings.TrimSpace(r)
			if name == "" {
				continue
			}
			off := strings.Index(line[specStart:], name)
			ig.rules = append(ig.rules, name)
			ig.ruleCols = append(ig.ruleCols, utf8.RuneCountInString(line[:specStart+max(off, 0)])+1)
			ig.ruleLength = append(ig.ruleLength, utf8.RuneCountInString(name))
		}
		target := i + 1 // 1-based line of the comment
		if strings.TrimSpace(line[:at]) == "" {
			// A comment line: the next line with content.
			target = 0
			for j := i + 1; j < len(f.Lines); j++ {
				t := strings.TrimSpace(f.Lines[j])
				if t != "" && !strings.HasPrefix(t, "#") {
					target = j + 1
					break
				}
			}
		}
		ig.from, ig.to = target, target
		if end, ok := spans[target]; ok {
			ig.to = end
		}
		out = append(out, ig)
	}
	return out
}

// commentStart returns the byte index of a "#" that starts a comment on
// the line (at the start, or after white space, outside quotes), or -1.
func commentStart(line string) int {
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			if i == 0 || line[i-1] == ' ' || line[i-1] == '[' || line[i-1] == '{' || line[i-1] == ',' || line[i-1] == ':' {
				quote = c
			}
		case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			return i
		}
	}
	return -1
}

// nodeSpans maps each line that starts a key or a list item to the last
// line of the outermost node starting there, children included.
func nodeSpans(f *schema.File) map[int]int {
	spans := map[int]int{}
	if f.Root == nil {
		return spans
	}
	note := func(start, end int) {
		if end > spans[start] {
			spans[start] = end
		}
	}
	var last func(n *yaml.Node, keyCol int) int
	last = func(n *yaml.Node, keyCol int) int {
		switch n.Kind {
		case yaml.DocumentNode, yaml.SequenceNode:
			end := n.Line
			for _, c := range n.Content {
				e := last(c, n.Column)
				note(c.Line, e)
				end = max(end, e)
			}
			return end
		case yaml.MappingNode:
			end := n.Line
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				e := max(k.Line, last(v, k.Column))
				note(k.Line, e)
				end = max(end, e)
			}
			return end
		case yaml.ScalarNode:
			if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
				// A block scalar runs while lines are blank or indented
				// deeper than its key.
				end := n.Line
				for j := n.Line; j < len(f.Lines); j++ {
					l := f.Lines[j]
					if strings.TrimSpace(l) == "" {
						continue
					}
					if len(l)-len(strings.TrimLeft(l, " ")) < keyCol {
						break
					}
					end = j + 1
				}
				return end
			}
			return n.Line + strings.Count(n.Value, "\n")
		}
		return n.Line
	}
	last(f.Root, 0)
	return spans
}

func (ig *ignore) covers(d diag.Diagnostic) (string, bool) {
	for _, r := range ig.rules {
		if r == d.Rule || r == "all" {
			if ig.wholeFile || d.Line >= ig.from && d.Line <= ig.to {
				return r, true
			}
		}
	}
	return "", false
}

// suppress drops the findings inline ignores cover and reports the ignores
// that cover nothing, name unknown rules, or give no reason.
func suppress(p *schema.Project, ds []diag.Diagnostic, disabled []string) []diag.Diagnostic {
	byFile := map[string][]*ignore{}
	var all []*ignore
	for _, f := range p.Files {
		if f.Broken {
			continue
		}
		igs := parseIgnores(f)
		byFile[f.Path] = igs
		all = append(all, igs...)
	}
	if len(all) == 0 {
		return ds
	}
	out := ds[:0]
	for _, d := range ds {
		silenced := false
		for _, ig := range byFile[d.File] {
			if r, ok := ig.covers(d); ok {
				ig.used[r] = true
				silenced = true
			}
		}
		if !silenced {
			out = append(out, d)
		}
	}
	for _, ig := range all {
		for i, r := range ig.rules {
			at := diag.Diagnostic{File: ig.file.Path, Line: ig.line, Column: ig.ruleCols[i], EndLine: ig.line, EndColumn: ig.ruleCols[i] + ig.ruleLength[i],
				Rule: UnusedIgnore.Name, Severity: UnusedIgnore.Severity}
			_, known := Lookup(r)
			switch {
			case !known && r != "all":
				at.Message = i18n.F("xm:ignore 里的规则 %q 不存在", "xm:ignore names an unknown rule %q", r)
				at.Hint = i18n.T("运行 xm lint --explain 查看规则列表", "run xm lint --explain for the list of rules")
				if s := suggest.Nearest(r, ruleNames()); s != "" {
					at.Hint = i18n.F("是不是想写 %s?", "did you mean %s?", s)
				}
			case ig.used[r] || slices.Contains(disabled, r):
				continue
			default:
				at.Message = i18n.F("xm:ignore %s 没有屏蔽任何问题", "xm:ignore %s silences nothing", r)
				at.Hint = i18n.T("问题已经修好了：删掉这条注释", "the problem is gone: delete the comment")
			}
			out = append(out, at)
		}
		if ig.reason == "" {
			out = append(out, diag.Diagnostic{File: ig.file.Path, Line: ig.line, Column: ig.col, Rule: IgnoreReason.Name, Severity: IgnoreReason.Severity,
				Message: i18n.T("xm:ignore 没有写原因", "xm:ignore without a reason"),
				Hint:    i18n.T("在后面写上原因：# xm:ignore 规则 -- 为什么这里没问题", "say why after it: # xm:ignore RULE -- why this is fine")})
		}
	}
	return out
}

func ruleNames() []string {
	var out []string
	for _, r := range Rules {
		out = append(out, r.Name)
	}
	return out
}

// UnusedIgnore flags ignore comments that silence nothing.
var UnusedIgnore = &Rule{
	Name:     "unused-ignore",
	Severity: diag.Warning,
	Summary:  i18n.T("xm:ignore 注释没有屏蔽任何问题，或写了不存在的规则", "an xm:ignore that silences nothing, or names an unknown rule"),
	Doc: i18n.T(
		"# xm:ignore 规则 -- 原因 可以屏蔽它所在节点（及子节点）上的问题，写在行尾或上一行；# xm:ignore-file 规则 -- 原因 屏蔽整个文件。问题修好后，留下的注释会让以后真正的问题悄悄溜过去，所以没有屏蔽任何问题的注释要删掉。",
		"# xm:ignore RULE -- reason silences findings on the node it is written on (at the end of the line or on the line above) and its children; # xm:ignore-file RULE -- reason silences a whole file. Once the problem is fixed, a leftover comment would let a later real problem slip by, so an ignore that silences nothing must go."),
	Bad:  "reply: 亲，M 码适合 100-110 斤 # xm:ignore vague-reply -- 详情页已有尺码表",
	Good: "reply: 亲，M 码适合 100-110 斤",
}

// IgnoreReason flags ignore comments without a reason.
var IgnoreReason = &Rule{
	Name:     "ignore-reason",
	Severity: diag.Warning,
	Summary:  i18n.T("xm:ignore 没有写原因", "an xm:ignore without a reason"),
	Doc: i18n.T(
		"屏蔽一个问题时写下原因（# xm:ignore 规则 -- 原因），半年后的自己和同事才知道这里为什么没问题，评审时也能判断该不该屏蔽。-- 也可以写成中文输入法打出的 —— 或 —；多条规则用英文或中文逗号分开。",
		"Say why when you silence a finding (# xm:ignore RULE -- reason), so that you and your colleagues know months later why it is fine, and a reviewer can judge whether it should be. The -- may also be the dash a Chinese keyboard types (—— or —); separate several rules with commas (, or ，)."),
	Bad:  "reply: 请参考详情页 # xm:ignore vague-reply",
	Good: "reply: 请参考详情页 # xm:ignore vague-reply -- 这家店的详情页只有一张尺码表，买家都看得到",
}

// reasonDashes separate the rules from the reason: the ASCII "--" and the
// dashes a Chinese keyboard types for it (——, —, －－, －, –).
var reasonDashes = []string{"--", "——", "—", "－－", "－", "–"}

// cutReason splits "RULE[,RULE] -- reason" at the first dash of any kind.
func cutReason(text string) (spec, reason string) {
	at, n := -1, 0
	for _, d := range reasonDashes {
		if i := strings.Index(text, d); i >= 0 && (at < 0 || i < at || i == at && len(d) > n) {
			at, n = i, len(d)
		}
	}
	if at < 0 {
		return text, ""
	}
	return text[:at], strings.TrimLeft(text[at+n:], "-—－– ")
}
