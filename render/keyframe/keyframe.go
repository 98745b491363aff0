// Package keyframe holds the moments and canvas sizes the picture is
// pinned at: the golden display lists of render/scene, the golden PNGs of
// render/raster and render/ebitenui, and the README's pictures all draw
// these, so a change to the picture shows up everywhere at once.
package keyframe

import (
	"fmt"

	"github.com/smmuplay/smmuplay/render/display"
	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/render/scene"
	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// Frame is a scenario stopped at a moment that tells part of the story.
type Frame struct {
	Name  string
	Src   string
	Stop  func(s *sim.Sim) bool // true after the event to stop at
	Phase float32               // how far the last event's packet has travelled
}

// Frames: a healthy unmap's Invalidate Request in flight, the baseline's
// first ATC invalidation timeout, and the series quarantining the broken
// endpoint (ats_broken set and the core's block in place).
var Frames = []Frame{
	{
		Name:  "healthy-unmap",
		Src:   "policy series\nendpoint ep0 sids=0x100 dma=off\ndma ep0 iova=0x8000\nrun\nunmap vm0 iova=0x8000\nrun\n",
		Stop:  func(s *sim.Sim) bool { return s.Event(s.N()).Kind == sim.EvATCInvSent },
		Phase: 0.3,
	},
	{
		Name:  "baseline-timeout",
		Src:   "policy baseline\nendpoints 4\nbroken ep2\nworkload unmaps=5\nrun\n",
		Stop:  func(s *sim.Sim) bool { return s.Event(s.N()).Kind == sim.EvCmdError },
		Phase: 1,
	},
	{
		Name: "series-quarantine",
		Src:  "policy series\nendpoints 8\nbroken ep5\nworkload unmaps=20\nrun\n",
		Stop: func(s *sim.Sim) bool {
			e := s.Event(s.N())
			return e.Kind == sim.EvWorkRan && e.EP == 5
		},
		Phase: 1,
	},
}

// Size is a canvas in CSS px.
type Size struct{ W, H float32 }

// Sizes: a small embed, the default embed, the playground at a laptop's
// size and a phone in portrait.
var Sizes = []Size{{640, 360}, {800, 450}, {1280, 800}, {390, 700}}

// Scales are the devicePixelRatios every size is pinned at.
var Scales = []float32{1, 2}

// Run runs f's scenario with seed 1 to its moment.
func Run(f Frame) (*sim.Sim, error) {
	sc, err := scenario.Parse(f.Name+".scn", []byte(f.Src))
	if err != nil {
		return nil, err
	}
	s, err := sim.New(sc, 1)
	if err != nil {
		return nil, err
	}
	for s.Step() {
		if f.Stop(s) {
			return s, nil
		}
	}
	return nil, fmt.Errorf("keyframe %s: the run ended at event %d before its moment", f.Name, s.N())
}

// Options are how a still is drawn.
type Options struct {
	Dark    bool
	Phase   float32 // the last event's animation; 1 when it is over
	Reduced bool
	Details []string // in-canvas details card lines (needs Layout.Details)
	Sel     scene.Selection
}

// Build draws s's current moment on a w x h canvas at scale.
func Build(dst *display.List, s *sim.Sim, w, h, scale float32, o Options) *layout.Layout {
	var prev sim.Snapshot
	havePrev := false
	if n := s.N(); n > 0 {
		// The step before, for the changed-digit highlights; going back
		// and forth re-simulates exactly (sim's determinism).
		if err := s.GoTo(n - 1); err == nil {
			prev, havePrev = s.Snapshot(), true
		}
		_ = s.GoTo(n)
	}
	snap := s.Snapshot()
	lay := layout.New(layout.TopologyOf(&snap), w, h, layout.View{Zoom: 1}, layout.Options{Scale: scale, Details: len(o.Details) > 0})
	th := scene.Light()
	if o.Dark {
		th = scene.Dark()
	}
	sel := o.Sel
	sel.Details = o.Details
	anim := scene.Anim{Phase: o.Phase, Reduced: o.Reduced}
	if havePrev {
		anim.Prev = &prev
	}
	scene.Build(dst, &snap, &lay, anim, &th, sel)
	return &lay
}
