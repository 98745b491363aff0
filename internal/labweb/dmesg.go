package labweb

import (
	"errors"

	"github.com/smmuplay/smmuplay/lab/dmesg"
	"github.com/smmuplay/smmuplay/play"
)

// DmesgSpec is dmesg()'s argument (a string is the text alone).
type DmesgSpec struct {
	Text string `json:"text"`
	QS   int    `json:"qs"` // CMDQ_BASE.LOG2SIZE; 0: 19
	// Strict rejects the whole paste at a line that is not an arm-smmu-v3
	// message or is cut (by default such lines are skipped or warned about).
	Strict bool `json:"strict"`
}

// DmesgResult is an import: either the decoded lines, the warnings, the
// skipped lines and the scenario that reproduces what can be, or the
// problems, each with its line number.
type DmesgResult struct {
	OK     bool           `json:"ok"`
	Errors []*dmesg.Error `json:"errors"`
	Import *dmesg.Import  `json:"import"`
	Kinds  []string       `json:"kinds"`
	// Fragment loads the built scenario in the playground: index.html#<fragment>;
	// "" when nothing can be reproduced, or the scenario is too long for a URL.
	Fragment string `json:"fragment"`
	// Link opens it with the playground's banner saying it came from here.
	Link string `json:"link"`
}

// FromDmesg is the query that makes the playground say its run came from
// the dmesg import (web/app.js shows the banner).
const FromDmesg = "from=dmesg"

// Dmesg imports a pasted kernel log. Problems in the text are part of the
// result, not an error.
func Dmesg(spec DmesgSpec) DmesgResult {
	im, err := dmesg.Parse(spec.Text, dmesg.Options{QS: spec.QS, Strict: spec.Strict})
	if err != nil {
		var el dmesg.ErrorList
		if !errors.As(err, &el) {
			el = dmesg.ErrorList{{Line: 1, Msg: err.Error()}}
		}
		return DmesgResult{Errors: el, Kinds: []string{}}
	}
	r := DmesgResult{OK: true, Errors: []*dmesg.Error{}, Import: im, Kinds: im.Kinds()}
	if im.Scenario != "" && len(im.Scenario) <= play.MaxSource { // else too long for a URL: no link
		r.Fragment = play.Params{Source: im.Scenario}.Fragment()
		r.Link = "index.html?" + FromDmesg + "#" + r.Fragment
	}
	return r
}
