// Package ebitenui is the thin Ebiten layer of the playground: once per tick
// it reads input into intents and advances the simulation and the
// animation; Draw executes the display list render/scene built. All the
// drawing decisions live in render/layout and render/scene, which are
// tested without a GPU.
package ebitenui

import (
	"github.com/hajimehoshi/ebiten/v2"

	"github.com/smmuplay/smmuplay/render/intent"
	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/render/scene"
	"github.com/smmuplay/smmuplay/sim"
)

// Canvas size: the logical resolution the scene is laid out for.
const (
	Width  = 1280
	Height = 720
)

// Game is an ebiten.Game showing one simulation.
type Game struct {
	s          *sim.Sim
	snap, prev sim.Snapshot
	topo       layout.Topology
	lay        layout.Layout
	view       layout.View
	dl         scene.DisplayList
	dark       bool
	reduced    bool
	playing    bool
	help       bool
	// TicksPerStep is how many Update ticks one event's animation lasts;
	// above one event per tick, StepsPerTick events run each tick instead
	// (SetSpeed maps the page's logarithmic slider onto both).
	TicksPerStep int
	StepsPerTick int
	tick         int
	// changes counts what a page must redraw its panels for: the event,
	// play/pause, the selection.
	changes   uint64
	sel       scene.Selection
	narration string
	intents   []intent.Intent
	in        inputState
	r         renderer
}

// New shows s, paused at its current event.
func New(s *sim.Sim) *Game {
	g := &Game{s: s, view: layout.View{Zoom: 1}, TicksPerStep: 30, StepsPerTick: 1}
	// Every frame paints its whole background, so Ebiten's own clear is
	// turned off (one full-screen pass less for software WebGL).
	ebiten.SetScreenClearedEveryFrame(false)
	g.refresh()
	return g
}

// SetPlaying starts or pauses the animation.
func (g *Game) SetPlaying(on bool) {
	if g.playing != on {
		g.playing = on
		g.changes++
	}
}

// Playing reports whether the animation runs.
func (g *Game) Playing() bool { return g.playing }

// Changes increases whenever the event, play state or selection changed.
func (g *Game) Changes() uint64 { return g.changes }

// SetSim shows another simulation (a new scenario was loaded); the view
// and the selection start afresh.
func (g *Game) SetSim(s *sim.Sim) {
	g.s = s
	g.snap, g.prev = sim.Snapshot{}, sim.Snapshot{}
	g.sel = scene.Selection{}
	g.view = layout.View{Zoom: 1}
	g.tick = 0
	g.Refresh()
}

// Refresh takes a new snapshot after someone else moved the simulation.
func (g *Game) Refresh() {
	g.refresh()
	g.build()
}

// SetSpeed sets how many events per second playing shows, at Ebiten's
// 60 ticks per second: slow speeds animate each event over several
// ticks, fast ones run several events per tick.
func (g *Game) SetSpeed(eventsPerSecond float64) {
	const tps = 60
	switch {
	case eventsPerSecond <= 0:
		g.TicksPerStep, g.StepsPerTick = 30, 1
	case eventsPerSecond <= tps:
		g.TicksPerStep, g.StepsPerTick = max(1, int(tps/eventsPerSecond+0.5)), 1
	default:
		g.TicksPerStep, g.StepsPerTick = 1, min(100_000, int(eventsPerSecond/tps+0.5))
	}
}

// Select highlights an object (layout.HitNone clears) and fills its details.
func (g *Game) Select(h layout.Hit) {
	g.sel.Selected = h
	g.sel.Details = nil
	if h.Kind != layout.HitNone {
		g.sel.Details = scene.Details(&g.snap, h)
	}
	g.changes++
	g.build()
}

// Selected is the highlighted object and its details.
func (g *Game) Selected() (layout.Hit, []string) { return g.sel.Selected, g.sel.Details }

// SetHelp shows or hides the help overlay.
func (g *Game) SetHelp(on bool) { g.help = on }

// SetTheme selects the dark or light palette.
func (g *Game) SetTheme(dark bool) { g.dark = dark }

// SetReducedMotion turns travelling packets off.
func (g *Game) SetReducedMotion(on bool) { g.reduced = on }

// Update reads input once, acts on the intents, then advances time.
func (g *Game) Update() error {
	g.intents = intent.From(g.in.read(), g.intents[:0])
	for _, in := range g.intents {
		g.apply(in)
	}
	if g.playing {
		g.tick++
		if g.tick >= g.TicksPerStep {
			g.tick = 0
			for i := 0; i < max(1, g.StepsPerTick); i++ {
				if !g.s.Step() {
					g.playing = false
					g.changes++
					break
				}
			}
			g.refresh()
		}
	}
	g.build()
	return nil
}

func (g *Game) apply(in intent.Intent) {
	switch in.Kind {
	case intent.TogglePlay:
		g.SetPlaying(!g.playing)
	case intent.Step:
		g.playing = false
		g.s.Step()
		g.refresh()
	case intent.StepBack:
		g.playing = false
		if n := g.s.N(); n > 0 {
			_ = g.s.GoTo(n - 1) // going back never fails for n-1 >= 0
		}
		g.refresh()
	case intent.Select:
		g.sel.Selected = g.lay.HitTest(in.X, in.Y)
		g.sel.Details = scene.Details(&g.snap, g.sel.Selected)
		g.changes++
	case intent.Hover:
		g.sel.Hover = g.lay.HitTest(in.X, in.Y)
	case intent.Zoom:
		z := g.view.Zoom * (1 + 0.1*in.DY)
		g.view = g.lay.ClampView(layout.View{Zoom: z, PanX: g.view.PanX, PanY: g.view.PanY})
		g.relayout()
	case intent.Pan:
		g.view = g.lay.ClampView(layout.View{Zoom: g.view.Zoom, PanX: g.view.PanX + in.DX, PanY: g.view.PanY + in.DY})
		g.relayout()
	case intent.Help:
		g.help = !g.help
	case intent.ToggleTheme:
		g.dark = !g.dark
	case intent.ToggleMotion:
		g.reduced = !g.reduced
	}
}

// refresh takes a new snapshot after the simulation moved.
func (g *Game) refresh() {
	g.changes++
	g.prev, g.snap = g.snap, g.prev
	g.s.SnapshotInto(&g.snap)
	g.narration = ""
	if n := g.s.N(); n > 0 {
		g.narration = g.s.Describe(g.s.Event(n))
	}
	if g.sel.Selected.Kind != layout.HitNone {
		g.sel.Details = scene.Details(&g.snap, g.sel.Selected)
	}
	g.relayout()
}

func (g *Game) relayout() {
	layout.TopologyInto(&g.topo, &g.snap)
	layout.Into(&g.lay, g.topo, Width, Height, g.view)
}

func (g *Game) build() {
	theme := scene.Light()
	if g.dark {
		theme = scene.Dark()
	}
	phase := float32(1)
	if g.playing {
		phase = float32(g.tick) / float32(g.TicksPerStep)
	}
	prev := &g.prev
	if prev.N == g.snap.N {
		prev = nil
	}
	scene.Build(&g.dl, &g.snap, &g.lay, scene.Anim{Phase: phase, Reduced: g.reduced, Prev: prev, Narration: g.narration}, theme, g.sel)
}

// Draw paints the last display list.
func (g *Game) Draw(screen *ebiten.Image) {
	g.r.draw(screen, &g.dl)
	if g.help {
		g.r.help(screen)
	}
}

// Layout fixes the logical canvas; Ebiten scales it to the window.
func (g *Game) Layout(int, int) (int, int) { return Width, Height }
