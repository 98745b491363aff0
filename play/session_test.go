package play

import (
	"reflect"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/builtin"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

func open(t *testing.T, p Params) *Session {
	t.Helper()
	x, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// TestLogMatchesCLI: finishing a session prints what cmd/smmusim prints
// for the same scenario and seed (same seed rule, same program run).
func TestLogMatchesCLI(t *testing.T) {
	for _, name := range []string{"seed-log", "baseline-spam", "one-broken-of-8"} {
		x := open(t, Params{Scenario: name})
		if err := x.Finish(); err != nil {
			t.Fatal(err)
		}
		src, _ := builtin.Source(name)
		sc, err := scenario.Parse(name, src)
		if err != nil {
			t.Fatal(err)
		}
		s, _ := sim.New(sc, sc.RunSeed(0, false))
		if err := s.RunProgram(0); err != nil {
			t.Fatal(err)
		}
		want := s.FormatLog(s.Log())
		if got := strings.Join(allLines(t, x), "\n") + "\n"; want != "" && got != want {
			t.Errorf("%s: session log differs from the CLI's:\n%s\n---\n%s", name, got, want)
		}
		if want == "" {
			t.Errorf("%s: the CLI prints nothing; pick a scenario that logs", name)
		}
	}
}

// TestFragmentRestoresState: a session's fragment, opened afresh, gives
// the same state(), faults and forks included.
func TestFragmentRestoresState(t *testing.T) {
	x := open(t, Params{Scenario: "default", Policy: "series", Endpoints: 6})
	if _, err := x.Step(200); err != nil {
		t.Fatal(err)
	}
	if err := x.Fault("ep3", "silent"); err != nil {
		t.Fatal(err)
	}
	if _, err := x.Step(3000); err != nil {
		t.Fatal(err)
	}
	if _, err := x.Back(500); err != nil {
		t.Fatal(err)
	}
	if err := x.Fault("ep3", "flr-ok"); err != nil {
		t.Fatal(err)
	}
	if _, err := x.Step(2000); err != nil {
		t.Fatal(err)
	}
	if got := len(x.Params().Faults); got != 2 {
		t.Fatalf("%d faults recorded, want 2", got)
	}
	p, err := ParseFragment(x.Fragment())
	if err != nil {
		t.Fatal(err)
	}
	y := open(t, p)
	if a, b := x.State(), y.State(); !reflect.DeepEqual(a, b) {
		t.Fatalf("restored state differs:\n%+v\n%+v", a, b)
	}
	if a, b := allLines(t, x), allLines(t, y); !reflect.DeepEqual(a, b) {
		t.Fatalf("restored log differs")
	}
	// A fault before the first forgets both.
	if err := x.GoTo(100); err != nil {
		t.Fatal(err)
	}
	if err := x.Fault("ep1", "slow"); err != nil {
		t.Fatal(err)
	}
	if f := x.Params().Faults; len(f) != 1 || f[0] != (Fault{At: 100, EP: "ep1", Kind: "slow"}) {
		t.Fatalf("faults after forking early: %+v", f)
	}
}

func TestBackThenForwardSameState(t *testing.T) {
	x := open(t, Params{Scenario: "baseline-spam"})
	if _, err := x.Step(777); err != nil {
		t.Fatal(err)
	}
	before := x.State()
	if _, err := x.Back(1); err != nil {
		t.Fatal(err)
	}
	if x.State().N != before.N-1 {
		t.Fatalf("back moved to %d", x.State().N)
	}
	if _, err := x.Step(1); err != nil {
		t.Fatal(err)
	}
	if after := x.State(); !reflect.DeepEqual(before, after) {
		t.Fatalf("state after back+step differs:\n%+v\n%+v", before, after)
	}
}

// TestBadRequestsKeepTheRun: every failing call names the problem and
// leaves the session where it was.
func TestBadRequestsKeepTheRun(t *testing.T) {
	x := open(t, Params{Scenario: "default"})
	if _, err := x.Step(50); err != nil {
		t.Fatal(err)
	}
	before := x.State()
	for _, c := range []struct {
		what string
		do   func() error
		want string
	}{
		{"step 0", func() error { return second(x.Step(0)) }, "want 1 to"},
		{"back -1", func() error { return second(x.Back(-1)) }, "want 1 to"},
		{"seek past the end", func() error { return x.GoTo(100_000) }, "the run ends after event"},
		{"seek past the budget", func() error { return x.GoTo(MaxN) }, "past the budget"},
		{"seek negative", func() error { return x.GoTo(-1) }, "want 0 to"},
		{"fault unknown kind", func() error { return x.Fault("ep1", "explode") }, "want one of"},
		{"fault unknown endpoint", func() error { return x.Fault("ep99", "silent") }, `no endpoint "ep99"`},
	} {
		if err := c.do(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error containing %q", c.what, err, c.want)
		}
		if after := x.State(); !reflect.DeepEqual(before, after) {
			t.Fatalf("%s changed the state", c.what)
		}
	}
	for _, c := range []struct {
		p    Params
		want string
	}{
		{Params{Scenario: "nope"}, `unknown scenario "nope"`},
		{Params{Source: "policy fast\n"}, "custom.scn:1:"},
		{Params{Scenario: "default", Broken: []string{"ep99"}}, "ep99"},
		{Params{Scenario: "default", N: MaxN}, "n=50000000"},
		{Params{Scenario: "default", Select: "ep:ep77"}, `no endpoint "ep77"`},
		{Params{Scenario: "default", Faults: []Fault{{At: 1, EP: "zz", Kind: "silent"}}}, `no endpoint "zz"`},
	} {
		if _, err := Open(c.p); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Open(%+v) = %v, want an error containing %q", c.p, err, c.want)
		}
	}
}

func second(_ int64, err error) error { return err }

// allLines is the whole log of x.
func allLines(t testing.TB, x *Session) []string {
	t.Helper()
	l, err := x.LogLines(0)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestLogLinesFrom(t *testing.T) {
	x := open(t, Params{Scenario: "seed-log"})
	if err := x.Finish(); err != nil {
		t.Fatal(err)
	}
	all := allLines(t, x)
	if len(all) < 3 {
		t.Fatalf("seed-log printed %d lines", len(all))
	}
	tail, err := x.LogLines(2)
	if err != nil || !reflect.DeepEqual(tail, all[2:]) {
		t.Fatalf("LogLines(2) = %q, %v; want %q", tail, err, all[2:])
	}
	if l, err := x.LogLines(len(all)); err != nil || len(l) != 0 {
		t.Fatalf("LogLines(len) = %q, %v", l, err)
	}
	for _, bad := range []int{-1, len(all) + 1} {
		if _, err := x.LogLines(bad); err == nil || !strings.Contains(err.Error(), "the log has") {
			t.Errorf("LogLines(%d) = %v", bad, err)
		}
	}
}
