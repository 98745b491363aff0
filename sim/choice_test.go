package sim

import (
	"reflect"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/sim/builtin"
	"github.com/smmuplay/smmuplay/sim/scenario"

	"github.com/smmuplay/smmuplay/internal/golden"
)

func parseBuiltin(t *testing.T, name string) *scenario.Scenario {
	t.Helper()
	src, ok := builtin.Source(name)
	if !ok {
		t.Fatalf("no built-in %s", name)
	}
	sc, err := scenario.Parse(name, src)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func runAll(t *testing.T, s *Sim) {
	t.Helper()
	if err := s.RunProgram(5_000_000); err != nil {
		t.Fatal(err)
	}
}

func sameRun(t *testing.T, name string, a, b *Sim) {
	t.Helper()
	if a.N() != b.N() {
		t.Fatalf("%s: %d events vs %d", name, a.N(), b.N())
	}
	for n := int64(1); n <= a.N(); n++ {
		if a.Event(n) != b.Event(n) {
			t.Fatalf("%s: event %d differs: %+v vs %+v", name, n, a.Event(n), b.Event(n))
		}
	}
	if x, y := a.FormatLog(a.Log()), b.FormatLog(b.Log()); x != y {
		t.Fatalf("%s: logs differ:\n%s", name, golden.FirstDiff(x, y))
	}
}

// TestRaceModeDefaultOrder: with choice points on and no choices given,
// every built-in scenario makes exactly the run New makes.
func TestRaceModeDefaultOrder(t *testing.T) {
	for _, name := range builtin.Names() {
		sc := parseBuiltin(t, name)
		a, err := New(sc, 1)
		if err != nil {
			t.Fatal(err)
		}
		b, err := NewWith(sc, 1, Options{Race: true})
		if err != nil {
			t.Fatal(err)
		}
		runAll(t, a)
		runAll(t, b)
		sameRun(t, name, a, b)
		if len(a.ChoicePoints()) != 0 || a.Racing() {
			t.Fatalf("%s: New met choice points", name)
		}
		for i, p := range b.ChoicePoints() {
			if p.Chosen != 0 || len(p.Alts) < 2 || p.N < 1 || p.N > b.N()+1 {
				t.Fatalf("%s: choice point %d: %+v", name, i, p)
			}
		}
		// Choices only zeros: the same run again.
		c, _ := NewWith(sc, 1, Options{Choices: make([]int, len(b.ChoicePoints()))})
		runAll(t, c)
		sameRun(t, name, a, c)
	}
}

// TestChoicesChangeTheRun: taking another alternative reorders the parties
// and is recorded; an out-of-range choice means 0.
func TestChoicesChangeTheRun(t *testing.T) {
	sc := parseBuiltin(t, "race-report-flr")
	def, _ := NewWith(sc, 1, Options{Race: true})
	runAll(t, def)
	pts := def.ChoicePoints()
	if len(pts) < 2 {
		t.Fatalf("race-report-flr meets %d choice points", len(pts))
	}
	alt, _ := NewWith(sc, 1, Options{Choices: []int{1}})
	runAll(t, alt)
	p := alt.ChoicePoints()[0]
	if p.Chosen != 1 || p.N != pts[0].N {
		t.Fatalf("first point: %+v (default %+v)", p, pts[0])
	}
	if alt.Event(p.N) == def.Event(p.N) {
		t.Fatalf("choosing alternative 1 left event %d unchanged", p.N)
	}
	big, _ := NewWith(sc, 1, Options{Choices: []int{200}})
	runAll(t, big)
	sameRun(t, "out of range", def, big)
	for _, bad := range []Options{{Choices: []int{-1}}, {Choices: []int{256}}, {Window: -1}, {Choices: make([]int, MaxChoices+1)}} {
		if _, err := NewWith(sc, 1, bad); err == nil {
			t.Errorf("NewWith(%v...) accepted", bad.Window)
		}
	}
}

// TestChoicesSurviveGoTo: going back and forth re-takes the choices (a
// divergence would panic) and ChoicePoints follows the position.
func TestChoicesSurviveGoTo(t *testing.T) {
	sc := parseBuiltin(t, "race-report-flr")
	order := []int{0, 0, 0, 0, 0, 1}
	s, _ := NewWith(sc, 1, Options{Choices: order})
	runAll(t, s)
	end, all := s.N(), len(s.ChoicePoints())
	ref, _ := NewWith(sc, 1, Options{Choices: order})
	runAll(t, ref)
	for _, n := range []int64{0, end / 2, 3, end, 1, end - 1} {
		if err := s.GoTo(n); err != nil {
			t.Fatal(err)
		}
		for _, p := range s.ChoicePoints() {
			if p.N > n+1 {
				t.Fatalf("at event %d: a choice point of event %d", n, p.N)
			}
		}
	}
	if err := s.GoTo(end); err != nil {
		t.Fatal(err)
	}
	if len(s.ChoicePoints()) != all {
		t.Fatalf("%d choice points after GoTo, %d before", len(s.ChoicePoints()), all)
	}
	sameRun(t, "goto", ref, s)
	// An injection forks the run: points of the forgotten future go.
	if err := s.GoTo(10); err != nil {
		t.Fatal(err)
	}
	if err := s.Inject(scenario.Step{Kind: scenario.StepBehave, Target: "ep0", Behavior: scenario.Unresponsive}); err != nil {
		t.Fatal(err)
	}
	runAll(t, s)
	for i, p := range s.ChoicePoints() {
		if i > 0 && p.N < s.ChoicePoints()[i-1].N {
			t.Fatalf("choice points out of order after a fork: %+v", s.ChoicePoints())
		}
	}
	// ... and the points are those of a fresh run forked the same way.
	fresh, _ := NewWith(sc, 1, Options{Choices: order})
	if err := fresh.GoTo(10); err != nil {
		t.Fatal(err)
	}
	if err := fresh.Inject(scenario.Step{Kind: scenario.StepBehave, Target: "ep0", Behavior: scenario.Unresponsive}); err != nil {
		t.Fatal(err)
	}
	runAll(t, fresh)
	if !reflect.DeepEqual(s.ChoicePoints(), fresh.ChoicePoints()) {
		t.Fatalf("choice points after a fork: %d, a fresh forked run has %d", len(s.ChoicePoints()), len(fresh.ChoicePoints()))
	}
}

// TestAgendaRemoveAt keeps the heap ordered whatever is removed.
func TestAgendaRemoveAt(t *testing.T) {
	var q agenda
	r := newStream(3, "agenda")
	for i := 0; i < 200; i++ {
		q.push(action{at: Time(r.intn(50))})
	}
	for q.len() > 0 {
		i := r.intn(q.len())
		q.removeAt(i)
		for j := 1; j < q.len(); j++ {
			if q.h[j].before(&q.h[(j-1)>>2]) {
				t.Fatalf("heap property broken at %d", j)
			}
		}
	}
}

// TestNewInvariants: invariants 6 and 7 catch the earlier rules (v3 and
// v2) in the scenarios made for them, and no built-in scenario breaks them.
func TestNewInvariants(t *testing.T) {
	has := func(s *Sim, inv string) bool {
		for _, v := range s.Violations() {
			if strings.HasPrefix(v.Msg, inv) {
				return true
			}
		}
		return false
	}
	if s := variant(t, "recovery-race", "policy series wq-latency=200ms broken-pending=off"); !has(s, "invariant 6:") {
		t.Errorf("v3 recovery race: no invariant 6: %v", s.Violations())
	}
	if s := variant(t, "flr-fails", "policy series gate-done=off"); !has(s, "invariant 7:") {
		t.Errorf("v2 failed reset: no invariant 7: %v", s.Violations())
	}
	for _, name := range builtin.Names() {
		s, _ := New(parseBuiltin(t, name), 1)
		runAll(t, s)
		if has(s, "invariant 6:") || has(s, "invariant 7:") {
			t.Errorf("%s: %v", name, s.Violations())
		}
	}
}
