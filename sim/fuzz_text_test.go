package sim

import (
	"reflect"
	"testing"

	"github.com/smmuplay/smmuplay/sim/builtin"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// FuzzScenarioText: any scenario text the parser accepts runs without a
// panic, within the budget or stopped by it with its error, and going back
// then forward again gives the same log and the same state: seeking
// replays from checkpoints, and a replay that diverged would show here.
func FuzzScenarioText(f *testing.F) {
	for _, name := range builtin.Names() {
		src, _ := builtin.Source(name)
		f.Add(src, uint16(40))
	}
	f.Add([]byte("endpoints 3\nbroken ep1\nworkload unmaps=4\nat 1ms flr ep1 result=fail\nrun\nexpect ep1.state == BROKEN\n"), uint16(3))
	f.Fuzz(func(t *testing.T, src []byte, back uint16) {
		sc, err := scenario.Parse("fuzz.scn", src)
		if err != nil {
			return
		}
		s, err := New(sc, 1)
		if err != nil {
			return // over the budget before any work: refused, as it should be
		}
		s.SetChecks(false)
		s.maxEvents = min(s.maxEvents, 200_000) // keep each input quick
		_ = s.RunProgram(0)                     // an error is the budget's, checked below
		if err := s.Stopped(); err != nil && s.N() != s.maxEvents {
			t.Fatalf("stopped at %d, not at the bound %d: %v", s.N(), s.maxEvents, err)
		}
		end := s.N()
		log := s.FormatLog(s.Log())
		snap := s.Snapshot()
		if err := s.GoTo(end - min(int64(back), end)); err != nil {
			t.Fatalf("back to %d: %v", end-min(int64(back), end), err)
		}
		if err := s.GoTo(end); err != nil {
			t.Fatalf("forward to %d: %v", end, err)
		}
		if got := s.FormatLog(s.Log()); got != log {
			t.Fatalf("log differs after back and forward:\n%s\nwas\n%s", got, log)
		}
		if got := s.Snapshot(); !reflect.DeepEqual(got, snap) {
			t.Fatalf("state differs after back and forward at event %d", end)
		}
	})
}
