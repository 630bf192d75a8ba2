package lint

// Rules is the catalog, sorted by name. `xm lint --explain` and
// docs/rules.md are generated from it.
var Rules = []*Rule{
	ConfusableKeyword,
	ControlChar,
	DuplicateID,
	Encoding,
	ExampleMisroute,
	ExpiredPromotion,
	GenericKeyword,
	IgnoreReason,
	Include,
	KeywordOverlap,
	Limits,
	MissingTopic,
	NoExamples,
	NoFallback,
	NoHandoff,
	NoScripts,
	Placeholder,
	PlatformPolicy,
	ReplyTooLong,
	Schema,
	ShopWords,
	TimeWindow,
	UndefinedVar,
	UnknownEvent,
	UnusedIgnore,
	VagueReply,
	YAMLShape,
	YAMLSyntax,
}
