//go:build js && wasm

// Command wasm is the browser playground: it reads the scenario and seed
// from the page's URL (?scenario=NAME&seed=N&policy=...), runs the
// simulator and shows it with the Ebiten layer. The page's controls, the
// JS API and the shareable state are issue 5's; this is the first frame.
package main

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/smmuplay/smmuplay/render/ebitenui"
	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/builtin"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

func main() {
	s, err := load(js.Global().Get("location").Get("search").String())
	if err != nil {
		// Shown on the page; the previous run (none yet) stays.
		js.Global().Call("smmuplayError", err.Error())
		s, _ = load("")
	}
	g := ebitenui.New(s)
	g.SetPlaying(true)
	ebiten.SetWindowTitle("smmuplay")
	if err := ebiten.RunGame(g); err != nil {
		js.Global().Call("smmuplayError", err.Error())
	}
}

// load builds the simulation a query string asks for.
func load(query string) (*sim.Sim, error) {
	q, err := url.ParseQuery(strings.TrimPrefix(query, "?"))
	if err != nil {
		return nil, fmt.Errorf("bad URL query: %v", err)
	}
	name := q.Get("scenario")
	if name == "" {
		name = "default"
	}
	src, ok := builtin.Source(name)
	if !ok {
		return nil, fmt.Errorf("unknown scenario %q (built-ins: %s)", name, strings.Join(builtin.Names(), ", "))
	}
	ov := scenario.Overrides{Policy: q.Get("policy"), Strategy: q.Get("strategy")}
	if v := q.Get("endpoints"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("endpoints=%q: want a positive number", v)
		}
		ov.Endpoints = n
	}
	if v := q.Get("broken"); v != "" {
		ov.Broken = strings.Split(v, ",")
	}
	sc, err := scenario.ParseWith(name, src, ov)
	if err != nil {
		return nil, err
	}
	seed := uint64(1)
	if sc.HasSeed {
		seed = sc.Seed
	}
	if v := q.Get("seed"); v != "" {
		if seed, err = strconv.ParseUint(v, 0, 64); err != nil {
			return nil, fmt.Errorf("seed=%q: want an unsigned number", v)
		}
	}
	return sim.New(sc, seed)
}
