package play

import (
	"slices"
	"testing"

	"github.com/smmuplay/smmuplay/sim"
)

// TestTimelineLandmarks: the timeline's marks agree with the run they
// were computed from: as many ATC timeouts as the summary counts, each
// quarantine mark at the event where the endpoint becomes quarantined
// (not before it), resets where an FLR starts; the session does not move.
func TestTimelineLandmarks(t *testing.T) {
	for _, c := range []struct {
		scenario string
		kinds    []string // kinds that must appear
	}{
		{"baseline-spam", []string{MarkATCTimeout, MarkGERROR}},
		{"one-broken-of-8", []string{MarkATCTimeout, MarkGERROR, MarkQuarantine}},
		{"flr-recovery", []string{MarkReset, MarkQuarantine}},
	} {
		x, err := Open(Params{Scenario: c.scenario, N: 7})
		if err != nil {
			t.Fatal(err)
		}
		tl, err := x.Timeline()
		if err != nil {
			t.Fatal(err)
		}
		if x.Sim().N() != 7 {
			t.Fatalf("%s: the timeline moved the session to %d", c.scenario, x.Sim().N())
		}
		end, _ := Open(Params{Scenario: c.scenario})
		if err := end.Finish(); err != nil {
			t.Fatal(err)
		}
		sum := end.Sim().Summary()
		if !tl.Complete || tl.Events != end.Sim().N() || tl.EndNS != int64(end.Sim().Now()) {
			t.Errorf("%s: timeline covers %d events to %d ns (complete %v); the run has %d to %d", c.scenario, tl.Events, tl.EndNS, tl.Complete, end.Sim().N(), end.Sim().Now())
		}
		byKind := map[string][]Landmark{}
		for i, m := range tl.Marks {
			byKind[m.Kind] = append(byKind[m.Kind], m)
			if i > 0 && m.N < tl.Marks[i-1].N {
				t.Errorf("%s: marks out of order at %d", c.scenario, i)
			}
			if m.TimeNS != int64(end.Sim().Event(m.N).T) {
				t.Errorf("%s: mark %+v: time differs from event %d's", c.scenario, m, m.N)
			}
			if m.Time != sim.FormatTime(sim.Time(m.TimeNS)) {
				t.Errorf("%s: mark %+v: time not in the pages' format", c.scenario, m)
			}
		}
		for _, k := range c.kinds {
			if len(byKind[k]) == 0 {
				t.Errorf("%s: no %s mark", c.scenario, k)
			}
		}
		if got := int64(len(byKind[MarkATCTimeout])); got != sum.ATCTimeouts {
			t.Errorf("%s: %d ATC timeout marks, the run counts %d", c.scenario, got, sum.ATCTimeouts)
		}
		quarantined := map[string]bool{}
		for _, m := range byKind[MarkQuarantine] {
			quarantined[m.EP] = true
			at := func(n int64) bool {
				if err := end.GoTo(n); err != nil {
					t.Fatal(err)
				}
				v, _ := end.Sim().MetricValue("quarantined")
				return slices.Contains(v.([]string), m.EP)
			}
			if !at(m.N) || at(m.N-1) {
				t.Errorf("%s: quarantine mark of %s at event %d: quarantined there %v, the event before %v", c.scenario, m.EP, m.N, at(m.N), at(m.N-1))
			}
		}
		for _, ep := range sum.Quarantined {
			if !quarantined[ep] {
				t.Errorf("%s: %s ends quarantined but has no mark", c.scenario, ep)
			}
		}
		for _, m := range byKind[MarkReset] {
			if k := end.Sim().Event(m.N).Kind; k != sim.EvFLRStarted {
				t.Errorf("%s: reset mark at event %d, which is a %v", c.scenario, m.N, k)
			}
		}
	}
}
