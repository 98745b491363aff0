package tutorials

import (
	"errors"
	"strings"

	"github.com/smmuplay/smmuplay/sim/scenario"
)

// parseClaim reads a claim ("cons.err == 3") exactly as the scenario
// language reads an expect line, against the scenario the claim is about:
// it is appended to the scenario's text as `expect CLAIM` and parsed, so
// metric names, operators, value kinds and endpoint names follow the same
// rules and messages. The run is never made from that text.
func parseClaim(run *blockRun, claim string) (*scenario.Expect, error) {
	if strings.ContainsAny(claim, "\r\n") {
		return nil, errors.New("a claim is one line")
	}
	if strings.HasPrefix(strings.TrimSpace(claim), "#") || strings.TrimSpace(claim) == "" {
		return nil, errors.New("empty claim (want METRIC OP VALUE, e.g. cons.err == 3)")
	}
	src := strings.TrimRight(run.src, "\n") + "\n"
	line := strings.Count(src, "\n") + 1
	sc, err := scenario.ParseWith(run.name, []byte(src+"expect "+claim+"\n"), run.ov)
	if err != nil {
		var list scenario.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				if e.Pos.Line == line {
					return nil, errors.New(strings.TrimPrefix(e.Msg, "expect: "))
				}
			}
		}
		return nil, err
	}
	last := sc.Steps[len(sc.Steps)-1]
	if last.Kind != scenario.StepExpect || last.Expect == nil || last.Pos.Line != line {
		return nil, errors.New("not a claim (want METRIC OP VALUE, e.g. cons.err == 3)")
	}
	return last.Expect, nil
}
