// Package ebitenui is the thin Ebiten layer of the playground: once per tick
// it reads input into intents and advances the simulation and the
// animation; Draw executes the display list render/scene built, at the
// canvas' true size in device pixels. All the drawing decisions live in
// render/layout and render/scene, the geometry in render/tess and the text
// in render/font, which are tested without a GPU.
package ebitenui

import (
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/smmuplay/smmuplay/render/display"
	"github.com/smmuplay/smmuplay/render/intent"
	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/render/scene"
	"github.com/smmuplay/smmuplay/sim"
)

// Ticks per second Ebiten runs Update at (it may run slower in a busy
// browser; animations are counted in ticks, not wall time).
const tps = 60

// stepTicks is how long one manual step's animation lasts (half a second).
const stepTicks = 30

// Game is an ebiten.Game showing one simulation.
type Game struct {
	s          *sim.Sim
	snap, prev sim.Snapshot
	topo       layout.Topology
	lay        layout.Layout
	view       layout.View
	dl         display.List
	light      scene.Theme
	dark       scene.Theme
	isDark     bool
	reduced    bool
	details    bool // the in-canvas details card (an embed option)
	playing    bool
	help       bool
	// The canvas in CSS px and the devicePixelRatio.
	w, h, scale float32
	// TicksPerStep is how many Update ticks one event's animation lasts
	// while playing; above one event per tick, StepsPerTick events run
	// each tick instead (SetSpeed maps the page's slider onto both).
	TicksPerStep int
	StepsPerTick int
	tick         int // ticks since the last event while playing
	animTick     int // ticks since the last event's animation started
	animLen      int // its length in ticks; 0: no animation
	clock        int // ticks since the game started (pulses)
	// changes counts what a page must redraw its panels for: the event,
	// play/pause, the selection.
	changes uint64
	sel     scene.Selection
	intents []intent.Intent
	in      inputState
	r       renderer
	// Trace, if set, is told the first frame's milestones as Draw passes
	// them: "atlas" once that frame's texts are rasterised into the run
	// atlas (cmd/wasm records it with the page's startup times).
	Trace func(milestone string)
}

// New shows s, paused at its current event, on a 1280x720 canvas until
// the first Layout says otherwise.
func New(s *sim.Sim) *Game {
	g := &Game{s: s, view: layout.View{Zoom: 1}, TicksPerStep: 30, StepsPerTick: 1,
		light: scene.Light(), dark: scene.Dark(), w: 1280, h: 720, scale: 1}
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
	g.tick, g.animLen = 0, 0
	g.Refresh()
}

// Refresh takes a new snapshot after someone else moved the simulation.
func (g *Game) Refresh() {
	g.refresh()
	g.animLen = 0
	g.build()
}

// SetSpeed sets how many events per second playing shows, at Ebiten's
// 60 ticks per second: slow speeds animate each event over several
// ticks, fast ones run several events per tick.
func (g *Game) SetSpeed(eventsPerSecond float64) {
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
func (g *Game) SetHelp(on bool) { g.help = on; g.build() }

// SetTheme selects the dark or light palette.
func (g *Game) SetTheme(dark bool) { g.isDark = dark; g.build() }

// SetReducedMotion keeps every state change and drops the travel.
func (g *Game) SetReducedMotion(on bool) { g.reduced = on; g.build() }

// SetDetails shows the selection's details inside the canvas (embeds
// whose host page has no panel of its own).
func (g *Game) SetDetails(on bool) {
	g.details = on
	g.relayout()
	g.build()
}

// SetSize lays the picture out for a w x h CSS px canvas at scale device
// px per CSS px. Layout calls it; tests and the PNG export call it directly.
func (g *Game) SetSize(w, h, scale float32) {
	w, h = max(w, 1), max(h, 1)
	if scale <= 0 || math.IsNaN(float64(scale)) {
		scale = 1
	}
	if w == g.w && h == g.h && scale == g.scale {
		return
	}
	g.w, g.h, g.scale = w, h, scale
	g.relayout()
	g.build()
}

// Size is the canvas in CSS px and its scale.
func (g *Game) Size() (w, h, scale float32) { return g.w, g.h, g.scale }

// Update reads input once, acts on the intents, then advances time.
func (g *Game) Update() error {
	g.intents = intent.From(g.in.read(g.scale), g.intents[:0])
	for _, in := range g.intents {
		g.apply(in)
	}
	g.clock++
	if g.animLen > 0 && g.animTick < g.animLen {
		g.animTick++
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
			g.animate(g.TicksPerStep)
			if g.StepsPerTick > 1 {
				g.animLen = 0 // too fast to animate each event
			}
		}
	}
	g.build()
	return nil
}

// animate starts the last event's animation, n ticks long.
func (g *Game) animate(n int) {
	g.animTick, g.animLen = 0, n
}

func (g *Game) apply(in intent.Intent) {
	switch in.Kind {
	case intent.TogglePlay:
		g.SetPlaying(!g.playing)
	case intent.Step:
		g.playing = false
		g.s.Step()
		g.refresh()
		g.animate(stepTicks)
	case intent.StepBack:
		g.playing = false
		if n := g.s.N(); n > 0 {
			_ = g.s.GoTo(n - 1) // going back never fails for n-1 >= 0
		}
		g.refresh()
		g.animLen = 0
	case intent.Select:
		g.sel.Selected = g.hit(in.X, in.Y)
		g.sel.Details = scene.Details(&g.snap, g.sel.Selected)
		g.changes++
	case intent.Hover:
		g.sel.Hover = g.hit(in.X, in.Y)
		g.sel.HoverX, g.sel.HoverY = in.X, in.Y
	case intent.Zoom:
		z := g.view.Zoom * (1 + 0.1*in.DY)
		g.view = g.lay.ClampView(layout.View{Zoom: z, PanX: g.view.PanX, PanY: g.view.PanY})
		g.relayout()
	case intent.Pan:
		g.view = g.lay.ClampView(layout.View{Zoom: g.view.Zoom, PanX: g.view.PanX - in.DX, PanY: g.view.PanY - in.DY})
		g.relayout()
	case intent.Help:
		g.help = !g.help
	case intent.ToggleTheme:
		g.isDark = !g.isDark
	case intent.ToggleMotion:
		g.reduced = !g.reduced
	}
}

// hit is the object under the CSS px point, a ring slot turned into the
// queue index it shows.
func (g *Game) hit(x, y float32) layout.Hit {
	h := g.lay.HitTest(x, y, len(g.snap.Pages))
	if h.Kind == layout.HitSlot {
		h.Index = scene.QueueIndex(&g.snap, &g.lay, h.Index)
	}
	return h
}

// refresh takes a new snapshot after the simulation moved.
func (g *Game) refresh() {
	g.changes++
	g.prev, g.snap = g.snap, g.prev
	g.s.SnapshotInto(&g.snap)
	if g.sel.Selected.Kind != layout.HitNone {
		g.sel.Details = scene.Details(&g.snap, g.sel.Selected)
	}
	g.relayout()
}

func (g *Game) relayout() {
	layout.TopologyInto(&g.topo, &g.snap)
	layout.Into(&g.lay, g.topo, g.w, g.h, g.view, layout.Options{Scale: g.scale, Details: g.details})
}

func (g *Game) build() {
	th := &g.light
	if g.isDark {
		th = &g.dark
	}
	phase := float32(1)
	if g.animLen > 0 && !g.reduced {
		phase = float32(g.animTick) / float32(g.animLen)
	}
	prev := &g.prev
	if prev.N != g.snap.N-1 {
		prev = nil // not the step before: nothing to highlight against
	}
	anim := scene.Anim{Phase: phase, Reduced: g.reduced, Prev: prev, Clock: float32(g.clock) / tps}
	sel := g.sel
	if !g.details {
		sel.Details = nil // the page shows them
	}
	sel.Help = g.help
	scene.Build(&g.dl, &g.snap, &g.lay, anim, th, sel)
}

// Draw paints the last display list.
func (g *Game) Draw(screen *ebiten.Image) {
	g.r.trace = g.Trace
	g.r.draw(screen, &g.dl)
}

// LayoutF makes the screen the canvas' true size: its CSS size times the
// devicePixelRatio, so nothing is scaled and text is drawn at the
// device's pixel size.
func (g *Game) LayoutF(outsideW, outsideH float64) (float64, float64) {
	s := float32(ebiten.Monitor().DeviceScaleFactor())
	g.SetSize(float32(outsideW), float32(outsideH), s)
	return outsideW * float64(s), outsideH * float64(s)
}

// Layout is never called (LayoutF is); it satisfies ebiten.Game.
func (g *Game) Layout(w, h int) (int, int) {
	sw, sh := g.LayoutF(float64(w), float64(h))
	return int(math.Ceil(sw)), int(math.Ceil(sh))
}
