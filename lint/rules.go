package lint

// Rules is the catalog, sorted by name. `xm lint --explain` and
// docs/rules.md are generated from it.
var Rules = []*Rule{
	DuplicateID,
	Encoding,
	Include,
	Limits,
	Schema,
	YAMLSyntax,
}
