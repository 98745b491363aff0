package play_test

import (
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/lab/race"
	"github.com/smmuplay/smmuplay/play"
	"github.com/smmuplay/smmuplay/sim/builtin"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// withRules is a scenario's text with one series rule switched off, the
// way a shared URL carries an earlier rule set (src=): the rule applied to
// the parsed scenario, printed back.
func withRules(t *testing.T, src, rules string) string {
	t.Helper()
	sc, err := scenario.Parse("rules.scn", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	x, err := race.WithRules(sc, rules)
	if err != nil {
		t.Fatal(err)
	}
	return scenario.Format(x)
}

// TestOrderRestoresViolation: the shortest violating ordering the race
// explorer finds, loaded through a URL fragment (order=...), gives the
// playground the same run: the same first violation at the same event, and
// the same number of events.
func TestOrderRestoresViolation(t *testing.T) {
	for _, c := range []struct{ scenario, rules string }{
		{"race-report-flr", race.RulesBrokenPending},
		{"race-attach-quarantine", race.RulesEATSLock},
		{"race-report-flr-fails", race.RulesGateDone},
	} {
		t.Run(c.scenario, func(t *testing.T) {
			sc, err := race.Load(c.scenario)
			if err != nil {
				t.Fatal(err)
			}
			sc, err = race.WithRules(sc, c.rules)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := race.Explore(sc, 1, race.Bound{})
			if err != nil {
				t.Fatal(err)
			}
			o := rep.Shortest
			if o == nil || o.Violation == nil {
				t.Fatalf("%s under %s: no violation found", c.scenario, c.rules)
			}
			src, _ := builtin.Source(c.scenario)
			p := play.Params{Source: withRules(t, string(src), c.rules), Seed: 1, HasSeed: true, Order: o.Order}
			frag := p.Fragment()
			if len(o.Order) > 0 && !strings.Contains(frag, "order="+o.Key) {
				t.Fatalf("fragment %q lacks order=%s", frag, o.Key)
			}
			q, err := play.ParseFragment(frag)
			if err != nil {
				t.Fatal(err)
			}
			x, err := play.Open(q)
			if err != nil {
				t.Fatal(err)
			}
			if err := x.Finish(); err != nil {
				t.Fatal(err)
			}
			s := x.Sim()
			vs := s.Violations()
			if len(vs) == 0 {
				t.Fatalf("order=%s: the playground run has no violation; the explorer found %q", o.Key, o.Violation.Message)
			}
			if vs[0].N != o.Violation.Event || vs[0].Msg != o.Violation.Message {
				t.Errorf("order=%s: playground violation at event %d %q; explorer at %d %q", o.Key, vs[0].N, vs[0].Msg, o.Violation.Event, o.Violation.Message)
			}
			if s.N() != o.Events {
				t.Errorf("order=%s: playground run has %d events; explorer's %d", o.Key, s.N(), o.Events)
			}
			if got := x.Fragment(); !strings.Contains(got, "order=") && len(o.Order) > 0 {
				t.Errorf("the session's fragment %q lost the order", got)
			}
			// The same URL without the order, under the series' rules, is
			// clean: the order (or the rule) is what breaks it.
			if len(o.Order) > 0 {
				p.Order = nil
				y, err := play.Open(p)
				if err != nil {
					t.Fatal(err)
				}
				if err := y.Finish(); err != nil {
					t.Fatal(err)
				}
				for _, v := range y.Sim().Violations() {
					if v.N == o.Violation.Event && v.Msg == o.Violation.Message {
						t.Errorf("the default order shows the same violation: the order changed nothing")
					}
				}
			}
		})
	}
}

// TestNoOrderIsDefaultRun: an empty order is the run sim.New makes.
func TestNoOrderIsDefaultRun(t *testing.T) {
	a, err := play.Open(play.Params{Scenario: "race-report-flr"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := play.Open(play.Params{Scenario: "race-report-flr", Order: []int{0, 0, 0}})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []*play.Session{a, b} {
		if err := x.Finish(); err != nil {
			t.Fatal(err)
		}
	}
	la, errA := a.LogLines(0)
	lb, errB := b.LogLines(0)
	if errA != nil || errB != nil || a.Sim().N() != b.Sim().N() || strings.Join(la, "\n") != strings.Join(lb, "\n") {
		t.Fatalf("order=0.0.0 differs from no order: %d vs %d events", a.Sim().N(), b.Sim().N())
	}
	if a.Sim().Racing() {
		t.Error("a session without an order records choice points")
	}
}
