package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/xm-dev/xm/bot"
	"github.com/xm-dev/xm/compile"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/internal/suggest"
	"github.com/xm-dev/xm/schema"
)

// conceptView is one concept as xm concepts shows it.
type conceptView struct {
	Name        string   `json:"name"`
	Reserved    bool     `json:"reserved"`
	Source      string   `json:"source"`            // builtin or project
	Project     string   `json:"project,omitempty"` // new, replaces or extends: what the project's concept does
	Where       string   `json:"where,omitempty"`   // file:line of the project's definition
	Description string   `json:"description"`
	Members     []string `json:"members"`            // as written, ~refs kept
	Expanded    []string `json:"expanded,omitempty"` // the literal members, with NAME only
}

func newConceptsCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "concepts [NAME]",
		Short: "List the concepts ~name stands for / 列出概念(~名称)",
		Long: `List the concepts keywords, patterns, require and exclude can name with
~name: xm's built-in library and, inside a project, the project's own (which
replace a built-in of the same name, or extend it when they list ~itself).
With NAME, show that concept's description, its members as written and the
literal members they expand to.`,
		Example: `  xm concepts
  xm concepts when
  xm concepts ~ship --format json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, "text", "json"); err != nil {
				return err
			}
			views, expanded, err := conceptViews(e)
			if err != nil {
				return err
			}
			if len(args) == 0 {
				if format == "json" {
					return writeJSON(e.stdout, map[string]any{"version": 1, "concepts": views})
				}
				writeConcepts(e.stdout, views, e.lang)
				return nil
			}
			name, _ := bot.ConceptRef(args[0])
			if name == "" {
				name = strings.TrimSpace(args[0])
			}
			i := slices.IndexFunc(views, func(v conceptView) bool { return v.Name == name })
			if i < 0 {
				var names []string
				for _, v := range views {
					names = append(names, v.Name)
				}
				hint := i18n.T("运行 xm concepts 查看所有概念", "run xm concepts for the list")
				if s := suggest.Nearest(name, names); s != "" {
					hint = i18n.F("是不是想写 ~%s？", "did you mean ~%s?", s)
				}
				return usageErr(i18n.F("没有名为 ~%s 的概念", "no concept named ~%s", name), hint)
			}
			v := views[i]
			v.Expanded = nonNil(expanded[name])
			if format == "json" {
				return writeJSON(e.stdout, v)
			}
			writeConcept(e.stdout, v, e.lang)
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// conceptViews lists the library's concepts and, when the working
// directory is inside a project, the project's own: one entry a name, the
// library's order first, then the project's new names in load order.
func conceptViews(e *env) ([]conceptView, map[string][]string, error) {
	p := &schema.Project{}
	if root, err := schema.Find("."); err == nil {
		p, err = schema.Load(root)
		if err != nil {
			return nil, nil, usageErr(i18n.F("无法加载项目 %s：%v", "cannot load the project in %s: %v", root, errText(err)), i18n.Text{})
		}
	} else if !errors.Is(err, schema.ErrNoProject) {
		return nil, nil, usageErr(i18n.F("无法读取项目：%v", "cannot read the project: %v", errText(err)), i18n.Text{})
	}
	reserved := bot.Reserved
	var views []conceptView
	at := map[string]int{}
	for _, c := range compile.Library() {
		at[c.Name] = len(views)
		views = append(views, conceptView{Name: c.Name, Reserved: reserved(c.Name), Source: "builtin",
			Description: c.Doc.In(e.lang), Members: c.Members})
	}
	for _, c := range p.Concepts {
		d := schema.Pos(c.File, c.Key)
		v := conceptView{Name: c.Name, Reserved: reserved(c.Name), Source: "project", Project: "new",
			Where: fmt.Sprintf("%s:%d", d.File, d.Line), Members: nonNil(c.Members)}
		i, ok := at[c.Name]
		if !ok {
			at[c.Name] = len(views)
			views = append(views, v)
			continue
		}
		if lib, isLib := compile.LibraryConcept(c.Name); isLib {
			v.Description = lib.Doc.In(e.lang)
			v.Project = "replaces"
			if slices.ContainsFunc(c.Members, func(m string) bool { r, _ := bot.ConceptRef(m); return r == c.Name }) {
				v.Project = "extends"
			}
		}
		views[i] = v
	}
	return views, compile.Concepts(p), nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// origin words where a concept comes from, for the text output.
func origin(v conceptView, l i18n.Lang) string {
	var t i18n.Text
	switch v.Project {
	case "":
		return ""
	case "new":
		t = i18n.F("项目定义，%s", "the project's, %s", v.Where)
	case "replaces":
		t = i18n.F("项目定义，替换内置概念，%s", "the project's, replaces the built-in, %s", v.Where)
	case "extends":
		t = i18n.F("项目定义，扩展内置概念，%s", "the project's, extends the built-in, %s", v.Where)
	}
	return t.In(l)
}

func writeConcepts(w io.Writer, views []conceptView, l i18n.Lang) {
	width := 0
	for _, v := range views {
		width = max(width, len(v.Name)+1)
	}
	groups := []struct {
		title    i18n.Text
		reserved bool
	}{
		{i18n.T("# 保留概念：匹配引擎自己读取（闲聊、否定、问句、屏蔽词、投诉……）", "# reserved: the engine reads them (small talk, negation, questions, shielding, complaints, ...)"), true},
		{i18n.T("# 话题概念：在 keywords、patterns、require、exclude 里用 ~名称 引用", "# topic concepts: name them as ~name in keywords, patterns, require and exclude"), false},
	}
	for gi, g := range groups {
		if gi > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w, g.title.In(l))
		for _, v := range views {
			if v.Reserved != g.reserved {
				continue
			}
			desc := v.Description
			if o := origin(v, l); o != "" {
				if desc != "" {
					desc += " "
				}
				desc += "(" + o + ")"
			}
			fmt.Fprintf(w, "%-*s  %s\n", width, "~"+v.Name, strings.Join(append([]string{desc + " |"}, v.Members...), " "))
		}
	}
}

func writeConcept(w io.Writer, v conceptView, l i18n.Lang) {
	T := func(zh, en string) string { return i18n.T(zh, en).In(l) }
	kind := T("话题概念", "topic concept")
	if v.Reserved {
		kind = T("保留概念，匹配引擎读取", "reserved: the engine reads it")
	}
	fmt.Fprintf(w, "~%s  (%s)\n", v.Name, kind)
	if o := origin(v, l); o != "" {
		fmt.Fprintf(w, "%s%s\n", T("来源：", "source: "), o)
	} else {
		fmt.Fprintf(w, "%s%s\n", T("来源：", "source: "), T("xm 内置", "xm's built-in library"))
	}
	if v.Description != "" {
		fmt.Fprintf(w, "%s%s\n", T("说明：", "description: "), v.Description)
	}
	fmt.Fprintf(w, "%s%s\n", T("成员：", "members: "), strings.Join(v.Members, " "))
	fmt.Fprintf(w, "%s%s\n", fmt.Sprintf(T("展开（%d 个）：", "expanded (%d): "), len(v.Expanded)), strings.Join(v.Expanded, " "))
}

// nonNil makes a nil list an empty one, for JSON.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
