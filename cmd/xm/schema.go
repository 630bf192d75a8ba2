package main

import (
	"github.com/spf13/cobra"

	"github.com/xm-dev/xm/schema"
)

func newSchemaCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON schema of xm's YAML files / 打印 YAML 文件的 JSON schema",
		Long: `Print the JSON schema (draft 2020-12) that xm.yaml and the script and
trigger files follow. Editors use it for help and autocompletion: save it
and point the yaml-language-server modeline at it.`,
		Example: "  xm schema > xm.schema.json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := e.stdout.Write(schema.JSON())
			return err
		},
	}
}
