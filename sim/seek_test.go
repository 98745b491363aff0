package sim

import (
	"reflect"
	"testing"

	"github.com/smmuplay/smmuplay/sim/builtin"
	"github.com/smmuplay/smmuplay/sim/scenario"

	"github.com/smmuplay/smmuplay/internal/golden"
)

func mustSim(t testing.TB, name, src string, seed uint64) *Sim {
	t.Helper()
	sc, err := scenario.Parse(name, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(sc, seed)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

const seekScenario = `policy series
endpoints 8
broken ep5
workload unmaps=1500 period=20us
at 3ms flr ep5 result=ok
run
`

// TestSeekExact: going to event n, backward or forward, gives exactly the
// state of a fresh run stepped to n. Replay also re-checks every event it
// passes against the recording, so hidden state (agenda, threads) that
// diverged would panic rather than pass.
func TestSeekExact(t *testing.T) {
	s := mustSim(t, "seek", seekScenario, 3)
	if err := s.RunProgram(0); err != nil {
		t.Fatal(err)
	}
	total := s.N()
	if total < 3*checkpointEvery {
		t.Fatalf("run too short to cross checkpoints: %d events", total)
	}
	targets := []int64{total, 0, 1, total / 2, checkpointEvery, checkpointEvery - 1, checkpointEvery + 1, total - 1, 7, total / 3}
	for _, n := range targets {
		if err := s.GoTo(n); err != nil {
			t.Fatal(err)
		}
		fresh := mustSim(t, "seek", seekScenario, 3)
		for fresh.N() < n {
			if !fresh.Step() {
				t.Fatalf("fresh run ended at %d before %d", fresh.N(), n)
			}
		}
		if got, want := s.Snapshot(), fresh.Snapshot(); !reflect.DeepEqual(got, want) {
			t.Fatalf("GoTo(%d) state differs from a fresh run to %d:\n got %+v\nwant %+v", n, n, got.Counters, want.Counters)
		}
		if got, want := s.FormatLog(s.Log()), fresh.FormatLog(fresh.Log()); got != want {
			t.Fatalf("GoTo(%d): log differs", n)
		}
	}
	// Step back one at a time across a checkpoint boundary, then forward.
	if err := s.GoTo(checkpointEvery + 3); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 6; i++ {
		if err := s.GoTo(s.N() - 1); err != nil {
			t.Fatal(err)
		}
	}
	before := s.Snapshot()
	s.Step()
	if err := s.GoTo(s.N() - 1); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, s.Snapshot()) {
		t.Fatal("step then step back does not return to the same state")
	}
	if err := s.GoTo(total + 1); err == nil {
		t.Fatal("GoTo past the end of the run must fail")
	}
	if err := s.GoTo(-1); err == nil {
		t.Fatal("GoTo(-1) must fail")
	}
}

// TestDeterminism: the same scenario and seed give byte-identical events
// and logs; another seed gives another run.
func TestDeterminism(t *testing.T) {
	run := func(name string, seed uint64) string {
		src, _ := builtin.Source(name)
		return transcript(t, name, src, seed, true)
	}
	for _, name := range []string{"baseline-spam", "one-broken-of-8", "recovery-race"} {
		a, b := run(name, 9), run(name, 9)
		if a != b {
			t.Errorf("%s: two runs with seed 9 differ:\n%s", name, golden.FirstDiff(a, b))
		}
	}
	if run("baseline-spam", 1) == run("baseline-spam", 2) {
		t.Error("seeds 1 and 2 gave the same run: the seed is not used")
	}
}

// TestSnapshotIsACopy: a kept snapshot does not change when the run goes on.
func TestSnapshotIsACopy(t *testing.T) {
	s := mustSim(t, "snap", seekScenario, 1)
	for i := 0; i < 500; i++ {
		s.Step()
	}
	snap := s.Snapshot()
	keep := s.Snapshot()
	for i := 0; i < 2000; i++ {
		s.Step()
	}
	if !reflect.DeepEqual(snap, keep) {
		t.Fatal("a snapshot changed after the simulation moved on")
	}
	var reuse Snapshot
	s.SnapshotInto(&reuse)
	if allocs := testing.AllocsPerRun(20, func() { s.SnapshotInto(&reuse) }); allocs > 0 {
		t.Errorf("SnapshotInto allocates %.0f times per call in steady state", allocs)
	}
}

// TestRunUntilAndWhile: run to a time, then to a condition.
func TestRunUntilAndWhile(t *testing.T) {
	s := mustSim(t, "run", seekScenario, 1)
	s.RunUntil(2 * Millisecond)
	if s.Now() > 2*Millisecond || s.m.nextTime() <= 2*Millisecond {
		t.Fatalf("RunUntil(2ms) stopped at %s with the next event at %s", s.Now(), s.m.nextTime())
	}
	if !s.RunWhile(func(s *Sim) bool { return s.Summary().ATCTimeouts < 2 }, 0) {
		t.Fatal("the run ended before the second ATC timeout")
	}
	if got := s.Summary().ATCTimeouts; got != 2 {
		t.Fatalf("stopped with %d ATC timeouts, want exactly 2", got)
	}
	if s.RunWhile(func(*Sim) bool { return true }, 10) {
		t.Fatal("RunWhile ignored its bound")
	}
}
