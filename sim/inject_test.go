package sim

import (
	"reflect"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/sim/scenario"
)

const injectScenario = `policy series
endpoints 4
workload unmaps=3000 period=20us
run
`

func silent(ep string) scenario.Step {
	return scenario.Step{Kind: scenario.StepBehave, Target: ep, Behavior: scenario.Unresponsive}
}

// TestInjectFork: a fault injected after going back forks the run: the
// old future is forgotten, the new one is recorded, and seeking anywhere
// in it (across checkpoints) gives the state of a fresh run that injected
// the same fault at the same event.
func TestInjectFork(t *testing.T) {
	s := mustSim(t, "inj", injectScenario, 5)
	if err := s.RunProgram(0); err != nil {
		t.Fatal(err)
	}
	healthy := s.Summary()
	if healthy.ATCTimeouts != 0 {
		t.Fatalf("healthy run timed out: %+v", healthy)
	}
	at := checkpointEvery + 123 // past a checkpoint, so one must be dropped
	if err := s.GoTo(int64(at)); err != nil {
		t.Fatal(err)
	}
	if err := s.Inject(silent("ep2")); err != nil {
		t.Fatal(err)
	}
	if s.Recorded() != s.N() || s.N() != int64(at)+1 {
		t.Fatalf("after the injection: N %d, recorded %d, want both %d", s.N(), s.Recorded(), at+1)
	}
	if d := s.Describe(s.Event(s.N())); !strings.HasPrefix(d, "injected: ") || !strings.Contains(d, "ep2") {
		t.Fatalf("injected event described as %q", d)
	}
	if err := s.RunProgram(0); err != nil {
		t.Fatal(err)
	}
	forked := s.Summary()
	if forked.ATCTimeouts == 0 || len(forked.Quarantined) != 1 || forked.Quarantined[0] != "ep2" {
		t.Fatalf("forked run did not quarantine ep2: %+v", forked)
	}
	total := s.N()
	for _, n := range []int64{total, 0, int64(at), int64(at) + 1, int64(at) + 2, 2 * checkpointEvery, total - 1, 1} {
		if err := s.GoTo(n); err != nil {
			t.Fatal(err)
		}
		fresh := mustSim(t, "inj", injectScenario, 5)
		if err := fresh.GoTo(int64(at)); err != nil {
			t.Fatal(err)
		}
		if err := fresh.Inject(silent("ep2")); err != nil {
			t.Fatal(err)
		}
		if err := fresh.GoTo(n); err != nil {
			t.Fatal(err)
		}
		if got, want := s.Snapshot(), fresh.Snapshot(); !reflect.DeepEqual(got, want) {
			t.Fatalf("GoTo(%d) after the fork differs from a fresh forked run", n)
		}
		if got, want := s.FormatLog(s.Log()), fresh.FormatLog(fresh.Log()); got != want {
			t.Fatalf("GoTo(%d): log differs:\n%s\n---\n%s", n, got, want)
		}
	}
	// Forking again before the first injection forgets it too.
	if err := s.GoTo(10); err != nil {
		t.Fatal(err)
	}
	if err := s.Inject(scenario.Step{Kind: scenario.StepBehave, Target: "ep1", Behavior: scenario.Slow}); err != nil {
		t.Fatal(err)
	}
	if s.Injected() != 1 {
		t.Fatalf("Injected() = %d after forking before the first injection, want 1", s.Injected())
	}
	if err := s.RunProgram(0); err != nil {
		t.Fatal(err)
	}
	// ep1 answers in 5 ms, past the 1 ms ATS timeout: it alone is
	// quarantined, and ep2's silence is gone with the old future.
	if q := s.Summary().Quarantined; len(q) != 1 || q[0] != "ep1" {
		t.Fatalf("quarantined %v after forking before ep2 went silent; want [ep1]", q)
	}
}

func TestInjectErrors(t *testing.T) {
	s := mustSim(t, "inj", injectScenario, 5)
	for _, st := range []scenario.Step{
		{Kind: scenario.StepBehave, Target: "ep9", Behavior: scenario.Unresponsive},
		{Kind: scenario.StepUnmap, Target: "vm0"},
		{Kind: scenario.StepAttach, Target: "ep1", Domain: "nope"},
	} {
		if err := s.Inject(st); err == nil {
			t.Errorf("Inject(%+v) succeeded", st)
		}
	}
	if s.N() != 0 || s.Recorded() != 0 {
		t.Fatalf("failed injections moved the run: N %d", s.N())
	}
}
