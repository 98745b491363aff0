//go:build js && wasm

// Command wasm is the browser's engine, built as two wasm files: the
// playground's and, with -tags lab, the lab's (engine.go). It runs inside
// embed.html (which index.html shows in an iframe, since Ebiten sizes its
// canvas from the page body): it reads the run from the URL fragment
// (play.Params), shows it with the Ebiten layer, and exposes the JS API
// (window.smmuplay, built by embed.html around window.smmuplayRaw) that
// the page, host pages (through postMessage) and the tests drive.
package main

import (
	"runtime"
	"runtime/debug"
	"sync"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/smmuplay/smmuplay/play"
	"github.com/smmuplay/smmuplay/render/ebitenui"
)

// app is the one run the page shows. mu serialises the Ebiten loop and JS
// calls: both touch the simulation, and a JS callback runs on its own
// goroutine.
type app struct {
	mu   sync.Mutex
	x    *play.Session
	g    *ebitenui.Game
	seen uint64 // the game's change count last announced to the page
}

func main() {
	mark("main")
	a := &app{}
	p, err := play.ParseFragment(js.Global().Get("location").Get("hash").String())
	if err == nil {
		a.x, err = play.Open(p)
	}
	if err != nil {
		// Shown on the page; the default run is shown instead.
		callJS("smmuplayError", err.Error())
		a.x, _ = play.Open(play.Params{})
		p = play.Params{}
	}
	mark("open")
	restoreGC := deferGC()
	a.g = ebitenui.New(a.x.Sim())
	a.g.Trace = mark
	a.applyView(p.View)
	if p.Select != "" {
		if h, err := a.x.Target(p.Select); err == nil {
			a.g.Select(h)
		}
	}
	mark("game")
	a.exportAPI()
	ebiten.SetWindowTitle("smmuplay")
	ebiten.SetRunnableOnUnfocused(true)
	callJS("smmuplayReady")
	mark("rungame")
	if err := ebiten.RunGame(&loop{a: a, restoreGC: restoreGC}); err != nil {
		callJS("smmuplayError", err.Error())
	}
}

// startHeadroom is how much the memory in use may grow between play.Open
// and the first frame before the collector runs anyway.
const startHeadroom = 64 << 20

// deferGC keeps the garbage collector from running between play.Open and
// the first frame, unless memory grows by startHeadroom, and returns what
// restores it. The page has one thread, and the first collection came due
// during the first Draw (the heap reaches 4 MB there), where the reader
// waits for the picture: its mark phase took 3-78 ms of that wait. Up to
// the first frame the page allocates under 5 MB in all, so deferring
// costs about 2 MB of heap for a moment, never an unbounded amount: a
// page's ready hook may call finish() on a long run, and the memory limit
// still bounds that. play.Open (which simulates to the fragment's event,
// however far the URL asks) runs with the collector as usual.
func deferGC() (restore func()) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	percent := debug.SetGCPercent(-1)
	limit := debug.SetMemoryLimit(int64(ms.Sys-ms.HeapReleased) + startHeadroom)
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}

// mark records a startup milestone in window.smmuplayTimes:
// performance.now() when the page (embed.js) started loading the wasm
// ("start") and when it was compiled ("compiled"), then here: Go's main
// entered, after every package's init ("main"); the run opened, its
// scenario parsed and simulated to the fragment's event ("open"); the
// game built and the view applied ("game"); the API exported and the
// page's ready hooks run ("rungame"); Ebiten's first Update, after it
// made the canvas and its WebGL context ("update"); the first Draw
// entered ("draw"); its texts rasterised into the run atlas ("atlas", by
// ebitenui); the first Draw done ("frame").
func mark(name string) {
	if t := js.Global().Get("smmuplayTimes"); t.Type() == js.TypeObject {
		t.Set(name, js.Global().Get("performance").Call("now"))
	}
}

// callJS calls a page hook if the page defines it.
func callJS(name string, args ...any) {
	if f := js.Global().Get(name); f.Type() == js.TypeFunction {
		f.Invoke(args...)
	}
}

// applyView applies the presentation options a fragment carries.
func (a *app) applyView(v play.View) {
	a.x.SetView(v)
	switch v.Theme {
	case "dark":
		a.g.SetTheme(true)
	case "light":
		a.g.SetTheme(false)
	default:
		a.g.SetTheme(js.Global().Call("matchMedia", "(prefers-color-scheme: dark)").Get("matches").Bool())
	}
	a.g.SetReducedMotion(js.Global().Call("matchMedia", "(prefers-reduced-motion: reduce)").Get("matches").Bool())
	a.g.SetDetails(v.Details)
}

// announce tells the page that the position, play state or selection
// changed, at most once per call.
func (a *app) announce() {
	if c := a.g.Changes(); c != a.seen {
		a.seen = c
		callJS("smmuplayNotify")
	}
}

// loop wraps the Ebiten game: it holds the lock while the game runs and
// announces changes after each tick; it also reports the first frame.
type loop struct {
	a         *app
	frames    int
	updated   bool   // the first Update's milestone is recorded
	restoreGC func() // deferGC's, until the first frame is on screen
}

func (l *loop) Update() error {
	if !l.updated {
		l.updated = true
		mark("update")
	}
	if l.frames > 0 && l.restoreGC != nil {
		// The first frame is drawn and, this being the next tick, shown:
		// the collection it deferred may run now.
		l.restoreGC()
		l.restoreGC = nil
	}
	l.a.mu.Lock()
	err := l.a.g.Update()
	l.a.mu.Unlock()
	l.a.announce()
	return err
}

func (l *loop) Draw(screen *ebiten.Image) {
	if l.frames == 0 {
		mark("draw")
	}
	l.a.mu.Lock()
	l.a.g.Draw(screen)
	l.a.mu.Unlock()
	l.frames++
	if l.frames == 1 {
		js.Global().Set("smmuplayFirstFrameMs", js.Global().Get("performance").Call("now"))
		mark("frame")
		callJS("smmuplayFirstFrame")
	}
	js.Global().Set("smmuplayFrames", l.frames)
}

// LayoutF gives the game the canvas' CSS size; the screen it returns is
// that size times the devicePixelRatio, drawn 1:1 (no letterbox, no
// scaling).
func (l *loop) LayoutF(w, h float64) (float64, float64) {
	l.a.mu.Lock()
	defer l.a.mu.Unlock()
	return l.a.g.LayoutF(w, h)
}

// Layout is never called: Ebiten calls LayoutF when a game has it.
func (l *loop) Layout(w, h int) (int, int) {
	sw, sh := l.LayoutF(float64(w), float64(h))
	return int(sw + 0.999), int(sh + 0.999)
}
