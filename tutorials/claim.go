package tutorials

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/smmuplay/smmuplay/sim"
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

// evalClaim checks x on the simulation's current state with the
// semantics of an expect line (sim's evalExpect): integers compare with the
// six operators, names and lists with == and != (lists sorted), lists and
// the log with contains and !contains. It returns what the metric is.
func evalClaim(s *sim.Sim, x *scenario.Expect) (got string, ok bool, err error) {
	v, err := s.MetricValue(x.Metric)
	if err != nil {
		return "", false, err
	}
	switch g := v.(type) {
	case int64:
		w := x.Value.Int
		switch x.Op {
		case "==":
			ok = g == w
		case "!=":
			ok = g != w
		case "<":
			ok = g < w
		case "<=":
			ok = g <= w
		case ">":
			ok = g > w
		case ">=":
			ok = g >= w
		default:
			return "", false, fmt.Errorf("operator %q does not apply to a number", x.Op)
		}
		return fmt.Sprint(g), ok, nil
	case string:
		spec, _, _ := scenario.LookupMetric(x.Metric)
		if spec.Kind == scenario.TextMetric {
			has := strings.Contains(g, x.Value.Str)
			return "(log)", has == (x.Op == "contains"), nil
		}
		return g, (g == x.Value.Str) == (x.Op != "!="), nil
	case []string:
		text := strings.Join(g, ",")
		if text == "" {
			text = "-"
		}
		switch x.Op {
		case "contains":
			return text, slices.Contains(g, x.Value.Str), nil
		case "!contains":
			return text, !slices.Contains(g, x.Value.Str), nil
		}
		return text, slices.Equal(g, x.Value.List) == (x.Op != "!="), nil
	}
	return "", false, fmt.Errorf("metric %s has a type claims cannot compare", x.Metric)
}
