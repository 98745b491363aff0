package race

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/sim"
)

func explore(t *testing.T, name, rules string) Report {
	t.Helper()
	sc, err := Load(name)
	if err != nil {
		t.Fatal(err)
	}
	if sc, err = WithRules(sc, rules); err != nil {
		t.Fatal(err)
	}
	rep, err := Explore(sc, 1, Bound{})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Complete {
		t.Fatalf("%s %s: the bound's run cap stopped the exploration after %d runs", name, rules, rep.Runs)
	}
	return rep
}

// TestScenarios: the explorer has its five scenarios.
func TestScenarios(t *testing.T) {
	want := []string{"race-attach-quarantine", "race-attach-reset", "race-isr-coclear", "race-report-flr", "race-report-flr-fails"}
	if got := Scenarios(); !slices.Equal(got, want) {
		t.Fatalf("Scenarios() = %v, want %v", got, want)
	}
}

// TestSeriesRulesHold: under the series' rules no ordering within the
// bound breaks an invariant, in any race scenario, and the default order
// meets its expectations.
func TestSeriesRulesHold(t *testing.T) {
	for _, name := range Scenarios() {
		rep := explore(t, name, RulesV4)
		if rep.Violations != 0 || rep.Shortest != nil {
			o := rep.Outcomes[0]
			t.Errorf("%s: %d violating orderings, first %s: %+v", name, rep.Violations, o.Key, o.Violation)
		}
		if rep.Runs < 2 || rep.Points == 0 {
			t.Errorf("%s: %d runs, %d choice points: nothing raced", name, rep.Runs, rep.Points)
		}
		for _, o := range rep.Outcomes {
			if o.Class != ClassOK {
				t.Errorf("%s: ordering %s ended %s (%s)", name, o.Key, o.Class, o.End)
				break
			}
		}
	}
}

// TestEarlierRulesBreak: each earlier rule has an ordering that breaks an
// invariant; the shortest is the one docs/race.md shows.
func TestEarlierRulesBreak(t *testing.T) {
	for _, c := range []struct {
		name, rules string
		inv         int
		key         string // the shortest violating ordering
		deviations  int
	}{
		{"race-report-flr", RulesBrokenPending, 6, "0.0.0.0.0.1", 1},
		{"race-report-flr-fails", RulesGateDone, 7, "", 0},
		{"race-attach-quarantine", RulesEATSLock, 2, "1", 1},
		{"race-attach-reset", RulesRecoveryFence, 8, "", 0},
	} {
		rep := explore(t, c.name, c.rules)
		s := rep.Shortest
		if s == nil {
			t.Errorf("%s %s: no violation in %d runs", c.name, c.rules, rep.Runs)
			continue
		}
		if s.Key != c.key || s.Deviations != c.deviations || s.Violation.Invariant != c.inv {
			t.Errorf("%s %s: shortest violation %q (%d deviations) breaks invariant %d, want %q, invariant %d",
				c.name, c.rules, s.Key, s.Deviations, s.Violation.Invariant, c.key, c.inv)
		}
		if rep.Outcomes[0].Key != s.Key {
			t.Errorf("%s: the shortest violation is not first", c.name)
		}
		// Every violation comes before every other outcome.
		seenOther := false
		for _, o := range rep.Outcomes {
			if o.Class != ClassViolation {
				seenOther = true
			} else if seenOther {
				t.Errorf("%s: violation %s listed after a non-violation", c.name, o.Key)
			}
		}
		// The choice vector replays to the same violation via sim directly.
		sc, _ := Load(c.name)
		sc, _ = WithRules(sc, c.rules)
		sm, err := sim.NewWith(sc, 1, sim.Options{Choices: s.Order})
		if err != nil {
			t.Fatal(err)
		}
		if err := sm.RunProgram(0); err != nil {
			t.Fatal(err)
		}
		vs := sm.Violations()
		if len(vs) == 0 || vs[0].N != s.Violation.Event || vs[0].Msg != s.Violation.Message {
			t.Errorf("%s: replaying %q gives %v, want event %d %q", c.name, s.Key, vs, s.Violation.Event, s.Violation.Message)
		}
		if c.deviations > 0 {
			// ...and the default order does not break it.
			d, _ := sim.NewWith(sc, 1, sim.Options{})
			d.RunProgram(0)
			if len(d.Violations()) != 0 {
				t.Errorf("%s %s: the default order already breaks: %v", c.name, c.rules, d.Violations())
			}
		}
	}
}

// TestDeterministic: two explorations give byte-identical reports.
func TestDeterministic(t *testing.T) {
	for _, rules := range []string{RulesV4, RulesBrokenPending} {
		a, _ := json.Marshal(explore(t, "race-report-flr", rules))
		b, _ := json.Marshal(explore(t, "race-report-flr", rules))
		if string(a) != string(b) {
			t.Fatalf("%s: two explorations differ", rules)
		}
	}
}

// TestBound: a run cap makes the report incomplete; zero deviations runs
// the default order only.
func TestBound(t *testing.T) {
	sc, _ := Load("race-report-flr")
	rep, err := Explore(sc, 1, Bound{Runs: 3})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Complete || rep.Runs != 3 || len(rep.Outcomes) != 3 {
		t.Fatalf("Runs: 3 gave complete=%v runs=%d outcomes=%d", rep.Complete, rep.Runs, len(rep.Outcomes))
	}
	one, _ := Explore(sc, 1, Bound{Deviations: 1})
	two, _ := Explore(sc, 1, Bound{Deviations: 2})
	if one.Runs != 1+one.Points || two.Runs <= one.Runs {
		t.Fatalf("deviations 1: %d runs (%d points); deviations 2: %d runs", one.Runs, one.Points, two.Runs)
	}
	// Negative: the default order alone.
	none, _ := Explore(sc, 1, Bound{Deviations: -1})
	if none.Runs != 1 || len(none.Outcomes) != 1 || none.Outcomes[0].Deviations != 0 {
		t.Fatalf("deviations -1: %d runs, %d outcomes", none.Runs, len(none.Outcomes))
	}
}

func TestRulesAndKey(t *testing.T) {
	sc, _ := Load("race-report-flr")
	for _, r := range AllRules {
		x, err := WithRules(sc, r)
		if err != nil || Rules(x) != r {
			t.Errorf("WithRules(%s) -> %s, %v", r, Rules(x), err)
		}
	}
	if Rules(sc) != RulesV4 {
		t.Errorf("the scenario itself is %s", Rules(sc))
	}
	if _, err := WithRules(sc, "v1"); err == nil || !strings.Contains(err.Error(), "broken-pending=off") {
		t.Errorf("unknown rules: %v", err)
	}
	if Key([]int{0, 2, 1}) != "0.2.1" || Key(nil) != "" {
		t.Error("Key")
	}
}
