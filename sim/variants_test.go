package sim

import (
	"slices"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/sim/builtin"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// variant runs a built-in scenario under another policy line, with its
// expect lines dropped, and returns the Sim at the end. The change is made
// to the parsed scenario: the policy line is parsed on its own and its
// Policy replaces the scenario's.
func variant(t *testing.T, name, policy string) *Sim {
	t.Helper()
	src, ok := builtin.Source(name)
	if !ok {
		t.Fatalf("no built-in %s", name)
	}
	sc, err := scenario.Parse(name, src)
	if err != nil {
		t.Fatal(err)
	}
	pol, err := scenario.Parse("policy.scn", []byte(policy+"\nendpoint x\n"))
	if err != nil {
		t.Fatal(err)
	}
	sc.Policy = pol.Policy
	sc.Steps = slices.DeleteFunc(sc.Steps, func(st scenario.Step) bool { return st.Kind == scenario.StepExpect })
	s, err := New(sc, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RunProgram(0); err != nil {
		t.Fatal(err)
	}
	return s
}

func metricOf(t *testing.T, s *Sim, name string) any {
	t.Helper()
	v, err := s.MetricValue(name)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestRecoveryRaceV3: without broken_pending (v3) the late worker blocks a
// device that an FLR already recovered: healthy, yet BROKEN.
func TestRecoveryRaceV3(t *testing.T) {
	s := variant(t, "recovery-race", "policy series wq-latency=200ms broken-pending=off")
	if st, b := metricOf(t, s, "ep1.state"), metricOf(t, s, "ep1.behavior"); st != BlockedBroken || b != "healthy" {
		t.Fatalf("v3 rules: ep1 is %v and %v, want a healthy device left BROKEN", st, b)
	}
	s = variant(t, "recovery-race", "policy series wq-latency=200ms")
	if st := metricOf(t, s, "ep1.state"); st != BlockedNo {
		t.Fatalf("v4 rules: ep1 is %v, want NONE", st)
	}
}

// TestAttachRaceWithoutLock: without the EATS/ats_broken lock the racing
// attach re-sets EATS on an ats_broken master (invariant 2 breaks).
func TestAttachRaceWithoutLock(t *testing.T) {
	s := variant(t, "attach-race", "policy series eats-lock=off")
	found := false
	for _, v := range s.Violations() {
		found = found || strings.HasPrefix(v.Msg, "invariant 2:")
	}
	if !found {
		t.Fatalf("no invariant 2 violation without the lock; violations: %v", s.Violations())
	}
	s = variant(t, "attach-race", "policy series")
	if v := s.Violations(); len(v) != 0 {
		t.Fatalf("with the lock: %v", v)
	}
}

// TestFailedResetStaysBroken and its successful twin.
func TestResetOutcome(t *testing.T) {
	s := variant(t, "flr-recovery", "policy series")
	if st, ats, eats := metricOf(t, s, "ep1.state"), metricOf(t, s, "ep1.ats"), metricOf(t, s, "ep1.eats"); st != BlockedNo || ats != "on" || eats != int64(1) {
		t.Fatalf("after a good FLR: %v ATS %v EATS %v", st, ats, eats)
	}
	s = variant(t, "flr-fails", "policy series")
	if st := metricOf(t, s, "ep1.state"); st != BlockedBroken {
		t.Fatalf("after a failed FLR: %v", st)
	}
}
