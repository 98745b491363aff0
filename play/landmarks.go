package play

import (
	"fmt"
	"slices"

	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/cmdq"
)

// Landmark kinds: what the playground's timeline marks.
const (
	MarkATCTimeout = "atc-timeout" // the SMMU raised CERROR_ATC_INV_SYNC (EvCmdError, ERR 3)
	MarkGERROR     = "gerror"      // the GERROR handler found an error active (EvISR)
	MarkQuarantine = "quarantine"  // an endpoint became quarantined (sim.IsQuarantined turned true)
	MarkReset      = "reset"       // an FLR of an endpoint started (EvFLRStarted)
	MarkViolation  = "violation"   // an invariant was broken (sim.Violation)
)

// MaxLandmarkEvents bounds the run a timeline is computed over; a longer
// run's timeline covers its first MaxLandmarkEvents events (Complete is
// false). MaxLandmarks bounds the marks of each kind.
const (
	MaxLandmarkEvents = 2_000_000
	MaxLandmarks      = 2000
)

// Landmark is one moment the timeline marks.
type Landmark struct {
	N      int64  `json:"n"`
	TimeNS int64  `json:"time_ns"`
	Time   string `json:"time"` // TimeNS as the pages print times (sim.FormatTime)
	Kind   string `json:"kind"`
	EP     string `json:"ep,omitempty"` // the endpoint, when the mark is about one
	Text   string `json:"text"`         // the event in words (sim.Describe) or the violation
}

// Timeline is the whole run's extent and its landmarks, in event order.
type Timeline struct {
	Events   int64      `json:"events"`   // events in the run (to the end of its program, or of what was played)
	EndNS    int64      `json:"end_ns"`   // the time of the last one
	Complete bool       `json:"complete"` // false: the run is longer than MaxLandmarkEvents
	Marks    []Landmark `json:"marks"`
	Dropped  int        `json:"dropped"` // marks left out past MaxLandmarks of a kind
}

// Timeline runs the session's run (its scenario and faults) from the
// start in a simulation of its own, to the end of its program or to the
// furthest event the session has recorded, whichever is later, and
// collects its landmarks. The session itself does not move. Quarantine
// uses the simulator's own definition (sim.IsQuarantined, through the
// "quarantined" metric), read after the events that can change it.
func (x *Session) Timeline() (Timeline, error) {
	p := x.Params()
	p.N, p.Select = 0, ""
	y, err := Open(p)
	if err != nil {
		return Timeline{}, fmt.Errorf("timeline: %v", err)
	}
	s := y.s
	want := x.s.Recorded()
	var tl Timeline
	count := map[string]int{}
	add := func(m Landmark) {
		if count[m.Kind] >= MaxLandmarks {
			tl.Dropped++
			return
		}
		m.Time = sim.FormatTime(sim.Time(m.TimeNS))
		count[m.Kind]++
		tl.Marks = append(tl.Marks, m)
	}
	quarantined, _ := s.MetricValue("quarantined")
	was := quarantined.([]string)
	seenViol := 0
	for s.N() < MaxLandmarkEvents && (!s.ProgramDone() || s.N() < want) {
		if !s.Step() {
			break
		}
		e := s.Event(s.N())
		mark := func(kind string) {
			m := Landmark{N: e.N, TimeNS: int64(e.T), Kind: kind, Text: s.Describe(e)}
			if e.EP >= 0 && int(e.EP) < len(s.Scenario().Endpoints) {
				m.EP = s.Scenario().Endpoints[e.EP].Name
			}
			add(m)
		}
		switch e.Kind {
		case sim.EvCmdError:
			if e.B == uint64(cmdq.CErrorATCInvSync) {
				mark(MarkATCTimeout)
			}
		case sim.EvISR:
			if e.A != 0 {
				mark(MarkGERROR)
			}
		case sim.EvFLRStarted:
			mark(MarkReset)
		case sim.EvATSBroken, sim.EvWorkRan, sim.EvPrepare, sim.EvDone, sim.EvFLRDone, sim.EvAttached:
			// The events after which an endpoint's quarantine can change.
			v, _ := s.MetricValue("quarantined")
			now := v.([]string)
			for _, ep := range now {
				if !slices.Contains(was, ep) {
					add(Landmark{N: e.N, TimeNS: int64(e.T), Kind: MarkQuarantine, EP: ep, Text: ep + " quarantined: " + s.Describe(e)})
				}
			}
			was = now
		}
		if vs := s.Violations(); len(vs) > seenViol {
			for _, v := range vs[seenViol:] {
				add(Landmark{N: v.N, TimeNS: int64(v.T), Kind: MarkViolation, Text: v.Msg})
			}
			seenViol = len(vs)
		}
	}
	tl.Events = s.N()
	tl.EndNS = int64(s.Now())
	tl.Complete = s.ProgramDone() && s.N() >= want
	if tl.Marks == nil {
		tl.Marks = []Landmark{}
	}
	return tl, nil
}
