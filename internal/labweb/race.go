package labweb

import (
	"fmt"
	"slices"
	"strings"

	"github.com/smmuplay/smmuplay/lab/race"
	"github.com/smmuplay/smmuplay/play"
	"github.com/smmuplay/smmuplay/sim/builtin"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// RaceSpec is race()'s argument: a race scenario, a rule set and a bound.
type RaceSpec struct {
	Scenario   string `json:"scenario"`   // a built-in (race-* are the race scenarios)
	Rules      string `json:"rules"`      // "" or v4, broken-pending=off, gate-done=off, eats-lock=off
	Seed       Seed   `json:"seed"`       // default 1
	Deviations int    `json:"deviations"` // non-default choices per ordering, 1..MaxDeviations (0: 2)
	Horizon    int    `json:"horizon"`    // 0: 64
	Runs       int    `json:"runs"`       // 0: MaxRaceRuns
}

// Limits of race() on a page (the CLI has larger defaults).
const (
	MaxDeviations = 4
	MaxHorizon    = 256
	MaxRaceRuns   = 5000
	maxRaceEvents = 200_000
)

// RaceResult is the explorer's report with a playground link per outcome.
type RaceResult struct {
	race.Report
	// Links[i] is the playground fragment of Outcomes[i]: its scenario
	// (under the rules explored), seed and order, standing at the
	// violation's event when it has one.
	Links []string `json:"links"`
}

// RaceInfo lists what the explorer offers.
type RaceInfo struct {
	Scenarios []NameTitle `json:"scenarios"`
	Rules     []string    `json:"rules"`
}

// NameTitle is a built-in scenario.
type NameTitle struct {
	Name  string `json:"name"`
	Title string `json:"title"`
}

// Info is raceInfo()'s value.
func Info() RaceInfo {
	ri := RaceInfo{Rules: slices.Clone(race.AllRules)}
	for _, n := range race.Scenarios() {
		ri.Scenarios = append(ri.Scenarios, NameTitle{n, builtin.Title(n)})
	}
	return ri
}

// Race explores spec's scenario under spec's rules.
func Race(spec RaceSpec) (*RaceResult, error) {
	if spec.Scenario == "" {
		return nil, fmt.Errorf("scenario: missing (race scenarios: %s)", strings.Join(race.Scenarios(), ", "))
	}
	if spec.Rules == "" {
		spec.Rules = race.RulesV4
	}
	switch {
	case spec.Deviations < 0 || spec.Deviations > MaxDeviations:
		return nil, fmt.Errorf("deviations %d: want 1..%d", spec.Deviations, MaxDeviations)
	case spec.Horizon < 0 || spec.Horizon > MaxHorizon:
		return nil, fmt.Errorf("horizon %d: want 1..%d", spec.Horizon, MaxHorizon)
	case spec.Runs < 0 || spec.Runs > MaxRaceRuns:
		return nil, fmt.Errorf("runs %d: want 1..%d", spec.Runs, MaxRaceRuns)
	}
	src, ok := builtin.Source(spec.Scenario)
	if !ok {
		return nil, fmt.Errorf("unknown scenario %q (race scenarios: %s)", spec.Scenario, strings.Join(race.Scenarios(), ", "))
	}
	base, err := race.Load(spec.Scenario)
	if err != nil {
		return nil, err
	}
	sc, err := race.WithRules(base, spec.Rules)
	if err != nil {
		return nil, err
	}
	// The playground gets the rules through the scenario text unless the
	// built-in already runs under them.
	p := play.Params{Scenario: spec.Scenario}
	if race.Rules(base) != race.Rules(sc) {
		text, err := SourceWithRules(string(src), spec.Rules)
		if err != nil {
			return nil, err
		}
		p = play.Params{Source: text}
	}
	seed := uint64(1)
	if spec.Seed.Set {
		seed = spec.Seed.V
	}
	p.Seed, p.HasSeed = seed, true
	runs := spec.Runs
	if runs == 0 {
		runs = MaxRaceRuns
	}
	rep, err := race.Explore(sc, seed, race.Bound{Deviations: spec.Deviations, Horizon: spec.Horizon, Runs: runs, Events: maxRaceEvents})
	if err != nil {
		return nil, err
	}
	res := &RaceResult{Report: rep, Links: make([]string, len(rep.Outcomes))}
	for i, o := range rep.Outcomes {
		q := p
		q.Order = o.Order
		if o.Violation != nil {
			q.N = o.Violation.Event
		}
		res.Links[i] = q.Fragment()
	}
	return res, nil
}

// ruleOptions are the policy options the rule sets switch.
var ruleOptions = []string{"broken-pending", "gate-done", "eats-lock", "recovery-fence"}

// SourceWithRules rewrites the scenario's policy line so that it runs
// under rules (race.AllRules): the rule options it names are dropped and
// the one rules switches off is added. The result is checked by parsing.
func SourceWithRules(src, rules string) (string, error) {
	var add string
	switch rules {
	case race.RulesV4:
	case race.RulesBrokenPending, race.RulesGateDone, race.RulesEATSLock, race.RulesRecoveryFence:
		add = rules
	default:
		return "", fmt.Errorf("unknown rules %q (want one of %s)", rules, strings.Join(race.AllRules, ", "))
	}
	lines := strings.Split(src, "\n")
	found := false
	for i, l := range lines {
		f := strings.Fields(l)
		if len(f) < 2 || f[0] != "policy" {
			continue
		}
		if f[1] != "series" {
			return "", fmt.Errorf("the rules %s apply to the series policy; this scenario has policy %s", rules, f[1])
		}
		kept := f[:2]
		for _, w := range f[2:] {
			k, _, _ := strings.Cut(w, "=")
			if !slices.Contains(ruleOptions, k) {
				kept = append(kept, w)
			}
		}
		if add != "" {
			kept = append(kept, add)
		}
		lines[i] = strings.Join(kept, " ")
		found = true
		break
	}
	if !found {
		line := "policy series"
		if add != "" {
			line += " " + add
		}
		lines = append([]string{line}, lines...)
	}
	out := strings.Join(lines, "\n")
	sc, err := scenario.Parse("rules.scn", []byte(out))
	if err != nil {
		return "", err
	}
	if got := race.Rules(sc); got != rules {
		return "", fmt.Errorf("rewritten scenario runs under %q, not %q", got, rules)
	}
	return out, nil
}
