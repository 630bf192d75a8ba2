package main

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/xm-dev/xm/examples"
	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/schema"
)

func categoryIDs() []string {
	var out []string
	for _, c := range schema.Categories {
		out = append(out, c.ID)
	}
	return out
}

func newInitCmd(e *env) *cobra.Command {
	var category, name string
	var shipHours int
	cmd := &cobra.Command{
		Use:   "init [--category C] [--name NAME] [DIR]",
		Short: "Start a project from a lint-clean template for your shop's category / 新建项目",
		Long: `Write a starter project into DIR (default: the working directory): a real,
lint-clean shop for the category with its high-frequency topics, vars for
every figure to fill in, triggers, test questions and a README in Chinese.
Categories: apparel, shoes, food, appliances, electronics, beauty, general.

Without --category on a terminal, xm asks for the category, the shop's
name and the shipping hours; with flags, or without a terminal, it never
asks. It never overwrites a file.`,
		Example: `  xm init --category apparel --name 小鹿女装 my-shop
  xm init my-shop          # asks on a terminal
  cd my-shop && xm lint && xm simulate tests/questions.txt`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			asked := false
			if !cmd.Flags().Changed("category") && isTerminal(e.stdin) && isTerminal(e.stdout) {
				category, name, shipHours = ask(e, category, name, shipHours)
				asked = true
			}
			if _, ok := schema.CategoryByID(category); !ok {
				return usageErr(i18n.F("没有 %q 这个类目", "there is no category %q", category),
					i18n.F("可选：%s", "choose one of: %s", strings.Join(categoryIDs(), ", ")))
			}
			if (asked || cmd.Flags().Changed("ship-hours")) && !validShipHours(shipHours) {
				return usageErr(i18n.F("发货时效 %d 小时不合理", "%d shipping hours is not plausible", shipHours), i18n.T("写 1 到 720 之间的小时数", "give hours between 1 and 720"))
			}
			files, name, err := starter(category, name, shipHours)
			if err != nil {
				return err
			}
			var clash []string
			for rel := range files {
				if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(rel))); err == nil {
					clash = append(clash, rel)
				}
			}
			if len(clash) > 0 {
				slices.Sort(clash)
				return usageErr(i18n.F("%s 里已经有这些文件，没有覆盖任何文件：%s", "%s already has these files; nothing was written: %s", dir, strings.Join(clash, ", ")),
					i18n.T("换一个空目录，例如 xm init my-shop", "choose an empty folder, e.g. xm init my-shop"))
			}
			for rel, data := range files {
				p := filepath.Join(dir, filepath.FromSlash(rel))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					return usageErr(i18n.F("无法创建 %s: %v", "cannot create %s: %v", filepath.Dir(p), errText(err)), i18n.Text{})
				}
				if err := os.WriteFile(p, data, 0o644); err != nil {
					return usageErr(i18n.F("无法写入 %s: %v", "cannot write %s: %v", p, errText(err)), i18n.Text{})
				}
			}
			c, _ := schema.CategoryByID(category)
			fmt.Fprintln(e.stdout, i18n.F("已在 %s 创建%s店铺「%s」的客服机器人项目（%d 个文件）。下一步：",
				"created the %[2]s shop %[3]s in %[1]s (%[4]d files). Next:", dir, c.Label.In(e.lang), name, len(files)).In(e.lang))
			steps := []string{
				i18n.T("把 xm.yaml 里的 vars 和 scripts/ 里的回复改成你店铺的（xm lint 用提示列出还没改的示例值）", "fill in the vars in xm.yaml and the replies in scripts/ with your shop's figures (xm lint lists the sample values left, as infos)").In(e.lang),
				"xm lint",
				"xm simulate tests/questions.txt",
				"xm compile",
			}
			if dir != "." {
				steps = append([]string{"cd " + dir}, steps...)
			}
			for i, s := range steps {
				fmt.Fprintf(e.stdout, "  %d. %s\n", i+1, s)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&category, "category", "general", "the shop's category: "+strings.Join(categoryIDs(), ", "))
	cmd.Flags().StringVar(&name, "name", "", "the shop's name (default: the starter's)")
	cmd.Flags().IntVar(&shipHours, "ship-hours", 0, "hours from payment to shipping (default: the starter's sample figure, which xm lint lists as one to fill in)")
	_ = cmd.RegisterFlagCompletionFunc("category", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return categoryIDs(), cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

// ask prompts on a terminal, each answer defaulting to what is in
// brackets. An answer that cannot be used (a category that does not
// exist, hours that are not a plausible number) is refused at once, with
// the reason, and asked again; at the end of the input the defaults stand.
func ask(e *env, category, name string, ship int) (string, string, int) {
	in := bufio.NewScanner(e.stdin)
	eof := false
	prompt := func(q string) string {
		if eof {
			return ""
		}
		fmt.Fprint(e.stdout, q)
		if !in.Scan() {
			eof = true
			fmt.Fprintln(e.stdout)
			return ""
		}
		return strings.TrimSpace(in.Text())
	}
	fmt.Fprintln(e.stdout, i18n.T("店铺类目：", "shop category:").In(e.lang))
	for i, c := range schema.Categories {
		fmt.Fprintf(e.stdout, "  %d. %s %s\n", i+1, c.ID, c.Label.ZH)
	}
	for {
		a := prompt(i18n.F("选择类目 [%s]: ", "category [%s]: ", category).In(e.lang))
		if a == "" {
			break
		}
		if n, err := strconv.Atoi(a); err == nil && n >= 1 && n <= len(schema.Categories) {
			category = schema.Categories[n-1].ID
			break
		}
		if _, ok := schema.CategoryByID(a); ok {
			category = a
			break
		}
		fmt.Fprintln(e.stdout, i18n.F("  没有 %q 这个类目：输入 1 到 %d 的序号，或类目名（%s）", "  there is no category %q: type a number from 1 to %d, or a category (%s)", a, len(schema.Categories), strings.Join(categoryIDs(), ", ")).In(e.lang))
	}
	def := name
	if def == "" {
		def = i18n.T("我的店铺", "my shop").In(e.lang)
	}
	name = def
	if a := prompt(i18n.F("店铺名称 [%s]: ", "shop name [%s]: ", def).In(e.lang)); a != "" {
		name = a
	}
	if ship == 0 {
		ship = 48
	}
	for {
		a := prompt(i18n.F("付款后多少小时内发货 [%d]: ", "hours from payment to shipping [%d]: ", ship).In(e.lang))
		if a == "" {
			break
		}
		if n, err := strconv.Atoi(a); err == nil && validShipHours(n) {
			ship = n
			break
		}
		fmt.Fprintln(e.stdout, i18n.F("  %q 不是合理的小时数：输入 1 到 720 之间的整数，例如 48", "  %q is not a plausible number of hours: type a whole number from 1 to 720, e.g. 48", a).In(e.lang))
	}
	return category, name, ship
}

func validShipHours(n int) bool { return n >= 1 && n <= 24*30 }

// yamlString writes s as a YAML scalar that reads back as s: plain when
// that is safe, else double-quoted with escapes (a name with a colon, a
// bracket, a #, quotes or a line break stays one string).
func yamlString(s string) string {
	plain := s != "" && strings.TrimSpace(s) == s
	for _, r := range s {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' ' || r == '_' || r == '-' || r == '·' || unicode.Is(unicode.Han, r)) {
			plain = false
		}
	}
	if plain {
		switch strings.ToLower(s) {
		case "true", "false", "yes", "no", "on", "off", "null", "y", "n":
			plain = false
		}
		if _, err := strconv.ParseFloat(s, 64); err == nil || strings.HasPrefix(s, "-") {
			plain = false
		}
	}
	if plain {
		return s
	}
	return strconv.Quote(s)
}

var (
	modeline = regexp.MustCompile(`(?m)^# yaml-language-server: \$schema=\S+`)
	nameLine = regexp.MustCompile(`(?m)^  name: .*$`)
	shipLine = regexp.MustCompile(`(?m)^  ship_hours: \d+`)
)

// starter returns the files of a category's starter, with the shop's name
// and shipping hours (unless ship is 0) filled in, every modeline pointing at the project's
// own copy of the schema (.xm/xm.schema.json), and a .gitignore; and the
// shop's name, the starter's own when name is empty.
func starter(category, name string, ship int) (map[string][]byte, string, error) {
	files := map[string][]byte{}
	root := category
	var oldName string
	err := fs.WalkDir(examples.FS, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := examples.FS.ReadFile(p)
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(p, root+"/")
		s := string(data)
		if rel == schema.ManifestName {
			if m := nameLine.FindString(s); m != "" {
				oldName = strings.TrimPrefix(m, "  name: ")
			}
		}
		files[rel] = []byte(s)
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	if name == "" {
		name = oldName
	}
	// In prose and comments the name goes on one line; in xm.yaml's
	// shop.name it is a YAML string that reads back as the name (replies
	// say {{shop.name}}, so they need no copy of it).
	oneLine := strings.Join(strings.Fields(name), " ")
	for rel, data := range files {
		s := string(data)
		yamlFile := strings.HasSuffix(rel, ".yaml")
		if yamlFile {
			up := strings.Repeat("../", strings.Count(rel, "/"))
			s = modeline.ReplaceAllLiteralString(s, "# yaml-language-server: $schema="+up+".xm/xm.schema.json")
		}
		if rel == schema.ManifestName {
			s = nameLine.ReplaceAllLiteralString(s, "  name: "+yamlString(name))
			if ship > 0 {
				s = shipLine.ReplaceAllString(s, fmt.Sprintf("  ship_hours: %d", ship))
			}
		}
		if oldName != "" && oldName != name {
			lines := strings.Split(s, "\n")
			for i, l := range lines {
				if !yamlFile || strings.HasPrefix(strings.TrimSpace(l), "#") {
					lines[i] = strings.ReplaceAll(l, oldName, oneLine)
				}
			}
			s = strings.Join(lines, "\n")
		}
		files[rel] = []byte(s)
	}
	files[".xm/xm.schema.json"] = schema.JSON()
	files[".gitignore"] = []byte("dist/\n")
	return files, name, nil
}
