package labweb

import (
	"errors"

	"github.com/smmuplay/smmuplay/lab/dmesg"
	"github.com/smmuplay/smmuplay/play"
)

// DmesgSpec is dmesg()'s argument (a string is the text alone).
type DmesgSpec struct {
	Text    string `json:"text"`
	QS      int    `json:"qs"`      // CMDQ_BASE.LOG2SIZE; 0: 19
	Lenient bool   `json:"lenient"` // skip lines that are not arm-smmu-v3 messages
}

// DmesgResult is an import: either the decoded lines and the scenario
// that reproduces them, or the problems, each with its line number.
type DmesgResult struct {
	OK     bool           `json:"ok"`
	Errors []*dmesg.Error `json:"errors"`
	Import *dmesg.Import  `json:"import"`
	Kinds  []string       `json:"kinds"`
	// Fragment loads the built scenario in the playground: index.html#<fragment>.
	Fragment string `json:"fragment"`
}

// Dmesg imports pasted kernel log lines. Problems in the text are part of
// the result, not an error.
func Dmesg(spec DmesgSpec) DmesgResult {
	im, err := dmesg.Parse(spec.Text, dmesg.Options{QS: spec.QS, Lenient: spec.Lenient})
	if err != nil {
		var el dmesg.ErrorList
		if !errors.As(err, &el) {
			el = dmesg.ErrorList{{Line: 1, Msg: err.Error()}}
		}
		return DmesgResult{Errors: el, Kinds: []string{}}
	}
	r := DmesgResult{OK: true, Errors: []*dmesg.Error{}, Import: im, Kinds: im.Kinds()}
	if len(im.Scenario) <= play.MaxSource { // else too long for a URL: no link
		r.Fragment = play.Params{Source: im.Scenario}.Fragment()
	}
	return r
}
