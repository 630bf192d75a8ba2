package schema

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"go.yaml.in/yaml/v4"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/internal/suggest"
)

// validate checks v against sch and turns every leaf error into a
// diagnostic at the offending key or value of f. It returns the JSON
// pointers of the rejected values.
func validate(f *File, sch *jsonschema.Schema, v any) (ds []diag.Diagnostic, invalid []string) {
	err := sch.Validate(v)
	if err == nil {
		return nil, nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []diag.Diagnostic{{File: f.Path, Line: 1, Column: 1, Rule: "schema", Severity: diag.Error,
			Message: i18n.F("无法校验：%v", "could not validate: %v", err)}}, []string{""}
	}
	var leaves []*jsonschema.ValidationError
	collectLeaves(ve, &leaves)
	for _, e := range leaves {
		ds = append(ds, schemaDiags(f, e)...)
		invalid = append(invalid, "/"+strings.Join(e.InstanceLocation, "/"))
	}
	return ds, invalid
}

func collectLeaves(e *jsonschema.ValidationError, out *[]*jsonschema.ValidationError) {
	switch e.ErrorKind.(type) {
	case *kind.OneOf, *kind.AnyOf:
		*out = append(*out, e)
		return
	}
	if len(e.Causes) == 0 {
		*out = append(*out, e)
		return
	}
	for _, c := range e.Causes {
		collectLeaves(c, out)
	}
}

var enPrinter = message.NewPrinter(language.English)

// schemaDiags words one schema error for a seller, in both languages.
func schemaDiags(f *File, e *jsonschema.ValidationError) []diag.Diagnostic {
	_, valNode, path := locate(f.Root, e.InstanceLocation)
	name := ""
	if n := len(e.InstanceLocation); n > 0 {
		name = e.InstanceLocation[n-1]
	}
	at := func(n *yaml.Node, msg, hint i18n.Text, p string) diag.Diagnostic {
		d := diag.Diagnostic{File: f.Path, Rule: "schema", Severity: diag.Error, Message: msg, Hint: hint, Path: p}
		setPos(&d, n)
		return d
	}
	field := path
	switch k := e.ErrorKind.(type) {
	case *kind.AdditionalProperties:
		var ds []diag.Diagnostic
		allowed := allowedKeys(e.SchemaURL)
		for _, prop := range k.Properties {
			kn := KeyNode(valNode, prop)
			p := joinPath(path, prop)
			hint := i18n.F("可用的字段：%s", "allowed keys here: %s", strings.Join(sorted(allowed), ", "))
			if s := suggest.Nearest(prop, allowed); s != "" {
				hint = i18n.F("是不是想写 %q?", "did you mean %q?", s)
			} else if strings.Contains(e.SchemaURL, "/$defs/extension") {
				hint = i18n.F("extends 只加 %s，可以换 %s；知识包话术的 %s 不变，要改它就写一条同 id 的话术替换整条", "extends only adds %s and may set %s; the pack script's %s stays, to change it replace the whole script with one of yours of the same id",
					strings.Join(ExtendLists, ", "), strings.Join(ExtendSettings, ", "), prop)
			}
			in := path
			if in == "" {
				in = "(top level)"
			}
			ds = append(ds, at(kn, i18n.F("%s 里有未知字段 %q", "unknown key %[2]q in %[1]s", in, prop), hint, p))
		}
		return ds
	case *kind.Required:
		missing := strings.Join(k.Missing, ", ")
		where := field
		if where == "" {
			where = "(top level)"
		}
		return []diag.Diagnostic{at(valNode,
			i18n.F("%s 缺少必填字段 %s", "%s is missing the required key %s", where, missing),
			i18n.F("加上 %s: ...", "add %s: ...", k.Missing[0]), path)}
	case *kind.Type:
		return []diag.Diagnostic{at(valNode,
			i18n.T(fmt.Sprintf("%s 应为%s，这里是%s", field, typeZH(k.Want), typeZH([]string{k.Got})), fmt.Sprintf("%s must be %s, not %s", field, typeEN(k.Want), typeEN([]string{k.Got}))),
			typeHint(k.Want, name), path)}
	case *kind.Enum:
		want := make([]string, 0, len(k.Want))
		for _, w := range k.Want {
			want = append(want, fmt.Sprint(w))
		}
		got := fmt.Sprint(k.Got)
		hint := i18n.F("可选值：%s", "allowed values: %s", strings.Join(want, ", "))
		if s := suggest.Nearest(got, want); s != "" {
			hint = i18n.F("是不是想写 %q？可选值：%s", "did you mean %q? allowed values: %s", s, strings.Join(want, ", "))
		}
		return []diag.Diagnostic{at(valNode, i18n.F("%s 的值 %q 不在可选范围内", "%s: %q is not an allowed value", field, got), hint, path)}
	case *kind.Const:
		return []diag.Diagnostic{at(valNode, i18n.F("%s 必须是 %v", "%s must be %v", field, k.Want),
			i18n.F("写成 %s: %v", "write %s: %v", name, k.Want), path)}
	case *kind.MinItems:
		return []diag.Diagnostic{at(valNode, i18n.F("%s 至少要有 %d 项", "%s needs at least %d item(s)", field, k.Want),
			i18n.T("补上买家常用的说法", "add the phrasings buyers really use"), path)}
	case *kind.MaxItems:
		return []diag.Diagnostic{at(valNode, i18n.F("%s 最多 %d 项，这里有 %d 项", "%s takes at most %d item(s), not %d", field, k.Want, k.Got), i18n.Text{}, path)}
	case *kind.MinLength:
		return []diag.Diagnostic{at(valNode, i18n.F("%s 不能为空", "%s must not be empty", field),
			i18n.T("填写内容，或删除这一项", "fill it in, or delete the entry"), path)}
	case *kind.MaxLength:
		return []diag.Diagnostic{at(valNode, i18n.F("%s 太长：%d 个字符，最多 %d 个", "%s is too long: %d characters, at most %d", field, k.Got, k.Want),
			i18n.T("缩短它", "shorten it"), path)}
	case *kind.Pattern:
		pname := name
		if strings.HasPrefix(path, "vars") {
			pname = "$var"
		}
		return []diag.Diagnostic{at(valNode, i18n.F("%s 的格式不对：%q", "%s has the wrong form: %q", field, k.Got), patternHint(pname), path)}
	case *kind.Format:
		return []diag.Diagnostic{at(valNode, i18n.T(fmt.Sprintf("%s 不是有效的%s: %v", field, formatZH(k.Want), k.Got), fmt.Sprintf("%s is not a valid %s: %v", field, k.Want, k.Got)),
			formatHint(k.Want), path)}
	case *kind.Maximum:
		hint := i18n.Text{}
		if strings.Contains(path, "limits") {
			hint = i18n.T("这是硬上限，防止一个文件拖垮检查；把话术拆成更小的文件或项目", "this is a hard ceiling, so that no file can take lint's memory; split the scripts into smaller files or projects")
		}
		return []diag.Diagnostic{at(valNode, i18n.F("%s 是 %s，超过上限 %s", "%s is %s, over the ceiling of %s", field, i18n.Cut(k.Got.RatString()), k.Want.RatString()), hint, path)}
	case *kind.Minimum:
		return []diag.Diagnostic{at(valNode, i18n.F("%s 是 %s，不能小于 %s", "%s is %s, below the minimum of %s", field, i18n.Cut(k.Got.RatString()), k.Want.RatString()), i18n.Text{}, path)}
	case *kind.ExclusiveMinimum, *kind.ExclusiveMaximum:
		s := k.LocalizedString(enPrinter)
		return []diag.Diagnostic{at(valNode, i18n.F("%s 超出范围：%s", "%s is out of range: %s", field, s), i18n.Text{}, path)}
	case *kind.UniqueItems:
		return []diag.Diagnostic{at(valNode, i18n.F("%s 有重复项（第 %d 和第 %d 项）", "%s has duplicate items (%d and %d)", field, k.Duplicates[0]+1, k.Duplicates[1]+1),
			i18n.T("删除重复的一项", "delete the duplicate"), path)}
	case *kind.MinProperties:
		return []diag.Diagnostic{at(valNode, i18n.F("%s 是空的", "%s is empty", fieldOrFile(field)),
			emptyHint(path), path)}
	case *kind.Not:
		return []diag.Diagnostic{at(valNode, i18n.F("%s 不能用保留字 %q", "%s cannot be the reserved word %q", field, valNode.Value),
			i18n.T("handoff、fallback、urgent 是测试里表示结果的保留字，换一个编号", "handoff, fallback and urgent name outcomes in tests; choose another id"), path)}
	case *kind.OneOf, *kind.AnyOf:
		if strings.HasPrefix(path, "packs[") {
			return []diag.Diagnostic{at(valNode, i18n.F("%s 要写成 名字@版本，或带 name 和 version 的映射", "%s must be name@version, or a mapping with name and version", field),
				i18n.T("例如 commerce@1，或 {name: commerce, version: 1, disable: [invoice]}", "for example commerce@1, or {name: commerce, version: 1, disable: [invoice]}"), path)}
		}
		if strings.HasPrefix(path, "triggers[") {
			return []diag.Diagnostic{at(valNode, i18n.F("%s 必须有 on（订单事件）或 when（时间段）之一，且只能有一个", "%s needs exactly one of on (an order event) or when (a time window)", field),
				i18n.T("例如 on: order.shipped，或 when: {from: \"20:00\", to: \"22:00\"}", "for example on: order.shipped, or when: {from: \"20:00\", to: \"22:00\"}"), path)}
		}
	}
	s := e.ErrorKind.LocalizedString(enPrinter)
	return []diag.Diagnostic{at(valNode, i18n.F("%s: %s", "%s: %s", fieldOrFile(field), s), i18n.Text{}, path)}
}

func fieldOrFile(f string) string {
	if f == "" {
		return "file"
	}
	return f
}

func emptyHint(path string) i18n.Text {
	if path == "" {
		return i18n.T("写上 scripts: 或 triggers: 列表，或删除这个文件", "add a scripts: or triggers: list, or delete the file")
	}
	return i18n.T("填写内容，或删除这个字段", "fill it in, or delete the key")
}

func joinPath(parent, key string) string {
	k := formatPath([]step{{key: key, index: -1}})
	if parent == "" {
		return k
	}
	return parent + "." + k
}

// setPos points d at n: its line and column, and for a one-line scalar the
// end of its text, so the caret underlines it.
func setPos(d *diag.Diagnostic, n *yaml.Node) {
	if n == nil {
		d.Line, d.Column = 1, 1
		return
	}
	d.Line, d.Column = n.Line, n.Column
	if n.Kind == yaml.ScalarNode && n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 && !strings.Contains(n.Value, "\n") {
		w := utf8.RuneCountInString(n.Value)
		if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			w += 2
		}
		if w > 0 {
			d.EndLine, d.EndColumn = n.Line, n.Column+w
		}
	}
}

// Pos returns a diagnostic for file f pointing at node n; callers fill in
// the rule, severity and message.
func Pos(f *File, n *yaml.Node) diag.Diagnostic {
	d := diag.Diagnostic{}
	if f != nil {
		d.File = f.Path
	}
	setPos(&d, n)
	return d
}

var typeNames = map[string][2]string{
	"string":  {"文本", "text"},
	"array":   {"列表", "a list"},
	"object":  {"键值映射", "a mapping (key: value)"},
	"number":  {"数字", "a number"},
	"integer": {"整数", "a whole number"},
	"boolean": {"true 或 false", "true or false"},
	"null":    {"空值", "empty"},
}

func typeZH(ts []string) string {
	var out []string
	for _, t := range ts {
		if n, ok := typeNames[t]; ok {
			out = append(out, n[0])
		} else {
			out = append(out, t)
		}
	}
	return strings.Join(out, "或")
}

func typeEN(ts []string) string {
	var out []string
	for _, t := range ts {
		if n, ok := typeNames[t]; ok {
			out = append(out, n[1])
		} else {
			out = append(out, t)
		}
	}
	return strings.Join(out, " or ")
}

func typeHint(want []string, name string) i18n.Text {
	if slices.Contains(want, "array") {
		return i18n.F("写成列表，例如 %s: [M码，中码]，或每项一行以 \"- \" 开头", "write a list, e.g. %s: [M码, 中码], or one item a line starting with \"- \"", name)
	}
	if slices.Contains(want, "string") {
		return i18n.T("写成一段文字；含冒号等特殊字符时用引号括起来", "write text; quote it when it holds a colon or other special characters")
	}
	if slices.Contains(want, "integer") {
		return i18n.T("写一个整数，不加引号", "write a whole number, without quotes")
	}
	return i18n.Text{}
}

func patternHint(name string) i18n.Text {
	switch name {
	case "id":
		return i18n.T("编号只用小写字母、数字和 - _ .，例如 size-m", "use lowercase letters, digits and - _ . only, e.g. size-m")
	case "from", "to":
		return i18n.T("时间写成 \"HH:MM\"，例如 \"20:00\"", "write times as \"HH:MM\", e.g. \"20:00\"")
	case "on":
		return i18n.T("事件写成 对象.动作，例如 order.shipped", "write events as object.action, e.g. order.shipped")
	}
	if name == "$var" {
		return i18n.T("变量名只用字母、数字和下划线，且不以数字开头", "variable names use letters, digits and underscores, not starting with a digit")
	}
	return i18n.Text{}
}

func formatZH(f string) string {
	if f == "date" {
		return "日期"
	}
	return f
}

func formatHint(f string) i18n.Text {
	if f == "date" {
		return i18n.T("日期写成 YYYY-MM-DD，例如 2026-12-31，并确认这一天存在", "write dates as YYYY-MM-DD, e.g. 2026-12-31, and check the day exists")
	}
	return i18n.Text{}
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	sort.Strings(out)
	return out
}
