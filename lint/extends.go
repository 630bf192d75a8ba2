package lint

import (
	"github.com/xm-dev/xm/diag"
	"github.com/xm-dev/xm/i18n"
)

// Extends is reported by the loader: an entry that extends a script no
// included knowledge pack has.
var Extends = &Rule{
	Name:     "extends",
	Severity: diag.Error,
	Summary:  i18n.T("extends 扩展的话术不在包含的知识包里（写错了编号、被 disable 了、是自己的话术，或没有包含知识包），或两个扩展都给同一条话术写了 reply", "an extends that names no script of an included pack (a typo, a disabled script, one of your own, or no pack at all), or a second extension setting a script's reply"),
	Doc: i18n.T(
		"scripts 里写 extends: 编号 的一项，把本店的关键词、模式、例句和排除词加到知识包里的那条话术上；它也可以写 reply（以及 valid、handoff），换成本店自己的回复，触发词仍随 xm 升级。编号必须是 xm.yaml 的 packs 包含的知识包里、没有被 disable、也没有被你自己同编号话术替换掉的话术；否则这些词不会生效。xm 会给出最接近的编号和可以扩展的全部话术。一条话术只能有一个回复：两个扩展都写了同一条话术的 reply（或 valid、handoff）时，第二个是错误，第一个的生效；只保留一处。",
		"An entry extends: ID under scripts adds the shop's keywords, patterns, examples and exclude words to that script of a knowledge pack; it may also set reply (and valid, handoff), the shop's own answer, while the triggers keep improving with xm. The id must name a script of a pack xm.yaml includes, not disabled and not replaced by a script of yours with the same id; otherwise the words take no effect. xm names the nearest id and every script you can extend. A script has one reply: when two extensions set the reply (or valid, handoff) of the same script, the second is an error and the first one's holds; keep one."),
	Bad:  "- extends: shiping-time\n  examples: [下单后几号能寄出]",
	Good: "- extends: shipping-time\n  examples: [下单后几号能寄出]",
}
