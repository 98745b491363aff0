package scene

import (
	"testing"

	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// frame is one moment of a real simulation, as the page would draw it.
type frame struct {
	snap, prev sim.Snapshot
	narration  string
}

// runTo runs scenario src with seed 1 until stop accepts an event (or the
// run ends) and returns the snapshots after and before that event.
func runTo(tb testing.TB, src string, stop func(e sim.Event, s *sim.Snapshot) bool) frame {
	tb.Helper()
	sc, err := scenario.Parse("test.scn", []byte(src))
	if err != nil {
		tb.Fatalf("parse: %v", err)
	}
	s, err := sim.New(sc, 1)
	if err != nil {
		tb.Fatalf("sim.New: %v", err)
	}
	var f frame
	s.SnapshotInto(&f.snap)
	for {
		f.prev, f.snap = f.snap, f.prev
		if !s.Step() {
			f.prev, f.snap = f.snap, f.prev
			break
		}
		s.SnapshotInto(&f.snap)
		if stop(f.snap.Last, &f.snap) {
			break
		}
	}
	f.narration = s.Describe(f.snap.Last)
	return f
}

// sceneCase is a golden scene: a scenario stopped at an interesting event.
type sceneCase struct {
	name string
	src  string
	stop func(e sim.Event, s *sim.Snapshot) bool
	anim Anim // Prev and Narration are filled in from the run
	dark bool
	sel  Selection
	view layout.View
}

func kindIs(k sim.EventKind) func(sim.Event, *sim.Snapshot) bool {
	return func(e sim.Event, _ *sim.Snapshot) bool { return e.Kind == k }
}

var sceneCases = []sceneCase{
	{
		// A healthy endpoint: an Invalidate Request on its way.
		name: "ep1",
		src:  "policy series\nendpoints 1\nworkload unmaps=5\nrun\n",
		stop: kindIs(sim.EvATCInvSent),
		anim: Anim{Phase: 0.5},
		sel:  Selection{Selected: layout.Hit{Kind: layout.HitEndpoint}},
	},
	{
		// The broken endpoint's batch times out: CERROR_ATC_INV_SYNC.
		name: "ep8",
		src:  "policy series\nendpoints 8\nbroken ep5\nworkload unmaps=20\nrun\n",
		stop: kindIs(sim.EvCmdError),
		anim: Anim{Phase: 0.25},
		sel:  Selection{Hover: layout.Hit{Kind: layout.HitRegister, Index: layout.RegCMDQCons}},
	},
	{
		// The old driver keeps ATS on: a stale translation corrupts a page.
		name: "ep64",
		src:  "policy baseline\nendpoints 64\nbroken ep32\nworkload unmaps=20\nrun\n",
		stop: func(e sim.Event, s *sim.Snapshot) bool { return e.Kind == sim.EvDMAAccess && e.C&0xff == dmaCorrupt },
		anim: Anim{Phase: 0.75},
		dark: true,
	},
	{
		// The series quarantines ep128 among 256: reduced motion, panned.
		name: "ep256",
		src:  "policy series\nendpoints 256\nbroken ep128\nworkload unmaps=20\nrun\n",
		stop: kindIs(sim.EvWorkRan),
		anim: Anim{Phase: 0.5, Reduced: true},
		view: layout.View{Zoom: 1, PanY: 120},
	},
}

func (c *sceneCase) build(tb testing.TB, dl *DisplayList) (frame, layout.Layout) {
	f := runTo(tb, c.src, c.stop)
	lay := layout.New(layout.TopologyOf(&f.snap), 1280, 720, c.view)
	anim := c.anim
	anim.Prev = &f.prev
	anim.Narration = f.narration
	th := Light()
	if c.dark {
		th = Dark()
	}
	sel := c.sel
	if sel.Selected.Kind != layout.HitNone {
		sel.Details = Details(&f.snap, sel.Selected)
	}
	Build(dl, &f.snap, &lay, anim, th, sel)
	return f, lay
}

func simTime(v int64) sim.Time { return sim.Time(v) }
