// Package examples holds the starter projects, one real shop per
// category, that xm init writes and that the docs and tests use, and xm's
// knowledge packs (packs/NAME/: a pack.yaml and script files) that
// projects include by name and version. Each starter is lint-clean and
// answers its own tests/questions.txt. It owns no logic.
package examples

import "embed"

// FS holds every starter: CATEGORY/xm.yaml, scripts/, triggers/, tests/
// and a Chinese README.md; and every pack under packs/.
//
//go:embed apparel/xm.yaml apparel/README.md apparel/scripts apparel/triggers apparel/tests
//go:embed shoes/xm.yaml shoes/README.md shoes/scripts shoes/triggers shoes/tests
//go:embed food/xm.yaml food/README.md food/scripts food/triggers food/tests
//go:embed appliances/xm.yaml appliances/README.md appliances/scripts appliances/triggers appliances/tests
//go:embed electronics/xm.yaml electronics/README.md electronics/scripts electronics/triggers electronics/tests
//go:embed beauty/xm.yaml beauty/README.md beauty/scripts beauty/triggers beauty/tests
//go:embed general/xm.yaml general/README.md general/scripts general/triggers general/tests
//go:embed packs
var FS embed.FS
