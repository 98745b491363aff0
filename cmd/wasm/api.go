//go:build js && wasm

package main

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"strings"
	"sync/atomic"
	"syscall/js"

	"github.com/norunners/vert"

	"github.com/smmuplay/smmuplay/play"
	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/builtin"
)

// apiFunc is one JS API function: it gets the call's arguments and
// returns a Go value (converted with vert) or an error (thrown as a JS
// Error by embed.html's wrapper). moves says whether it can change what
// the canvas shows.
type apiFunc struct {
	name  string
	moves bool
	fn    func(a *app, args []js.Value) (any, error)
}

var api = []apiFunc{
	{"load", true, (*app).load},
	{"step", true, func(a *app, args []js.Value) (any, error) {
		n, err := intArg(args, 0, "n", 1)
		if err != nil {
			return nil, err
		}
		done, err := a.x.Step(n)
		return map[string]any{"stepped": done, "n": a.x.Sim().N()}, err
	}},
	{"back", true, func(a *app, args []js.Value) (any, error) {
		n, err := intArg(args, 0, "n", 1)
		if err != nil {
			return nil, err
		}
		done, err := a.x.Back(n)
		return map[string]any{"moved": done, "n": a.x.Sim().N()}, err
	}},
	{"seek", true, func(a *app, args []js.Value) (any, error) {
		n, err := intArg(args, 0, "event", -1)
		if err != nil {
			return nil, err
		}
		err = a.x.GoTo(n) // the move first: the result is where it ends (docs/embedding.md)
		return a.x.Sim().N(), err
	}},
	{"finish", true, func(a *app, _ []js.Value) (any, error) {
		err := a.x.Finish()
		return a.x.Sim().N(), err
	}},
	{"pos", false, func(a *app, _ []js.Value) (any, error) {
		s := a.x.Sim()
		return map[string]any{"n": s.N(), "time_ns": int64(s.Now()), "time": sim.FormatTime(s.Now()), "playing": a.g.Playing(), "recorded": s.Recorded(), "log_lines": len(s.Log())}, nil
	}},
	{"state", false, func(a *app, _ []js.Value) (any, error) { return a.x.State(), nil }},
	{"log", false, func(a *app, args []js.Value) (any, error) {
		from, err := intArg(args, 0, "from", 0)
		if err != nil {
			return nil, err
		}
		if n := int64(len(a.x.Sim().Log())); from > n {
			return nil, fmt.Errorf("from=%d: the log has %d lines", from, n) // not int(from): 1e18 would wrap
		}
		return a.x.LogLines(int(from))
	}},
	{"narrate", false, func(a *app, args []js.Value) (any, error) {
		n, err := intArg(args, 0, "event", a.x.Sim().N())
		if err != nil {
			return nil, err
		}
		return a.x.Narration(n), nil
	}},
	{"play", true, func(a *app, args []js.Value) (any, error) {
		on := true
		if len(args) > 0 && !args[0].IsUndefined() {
			if args[0].Type() != js.TypeBoolean {
				return nil, fmt.Errorf("play(on): on must be true or false, got %s", args[0].Type())
			}
			on = args[0].Bool()
		}
		a.g.SetPlaying(on)
		return on, nil
	}},
	{"playing", false, func(a *app, _ []js.Value) (any, error) { return a.g.Playing(), nil }},
	{"speed", false, func(a *app, args []js.Value) (any, error) {
		if len(args) < 1 || args[0].Type() != js.TypeNumber || args[0].Float() <= 0 || args[0].Float() > 1e7 || math.IsNaN(args[0].Float()) {
			return nil, fmt.Errorf("speed(eventsPerSecond): want a number above 0 and at most 1e7")
		}
		a.g.SetSpeed(args[0].Float())
		return args[0].Float(), nil
	}},
	{"fault", true, func(a *app, args []js.Value) (any, error) {
		if a.x.Params().View.ReadOnly {
			return nil, fmt.Errorf("this embed is read-only")
		}
		ep, err := strArg(args, 0, "endpoint")
		if err != nil {
			return nil, err
		}
		kind, err := strArg(args, 1, "kind")
		if err != nil {
			return nil, err
		}
		err = a.x.Fault(ep, kind)
		return a.x.Sim().N(), err
	}},
	{"select", true, func(a *app, args []js.Value) (any, error) {
		t, err := strArg(args, 0, "target")
		if err != nil {
			return nil, err
		}
		h := layout.Hit{}
		if t != "" {
			if h, err = a.x.Target(t); err != nil {
				return nil, err
			}
		}
		a.g.Select(h)
		_, lines := a.g.Selected()
		return lines, nil
	}},
	{"details", false, func(a *app, _ []js.Value) (any, error) {
		h, lines := a.g.Selected()
		return map[string]any{"target": targetName(a, h), "lines": stringsOrEmpty(lines)}, nil
	}},
	{"fragment", false, func(a *app, _ []js.Value) (any, error) {
		p := a.x.Params()
		h, _ := a.g.Selected()
		p.Select = targetName(a, h)
		return p.Fragment(), nil
	}},
	{"scenarios", false, func(*app, []js.Value) (any, error) {
		var out []map[string]any
		for _, n := range builtin.Names() {
			out = append(out, map[string]any{"name": n, "title": builtin.Title(n)})
		}
		return out, nil
	}},
	{"summary", false, func(a *app, _ []js.Value) (any, error) { return jsonValue(a.x.Sim().Summary()) }},
	{"theme", true, func(a *app, args []js.Value) (any, error) {
		t, err := strArg(args, 0, "theme")
		if err != nil {
			return nil, err
		}
		if t != "light" && t != "dark" && t != "auto" {
			return nil, fmt.Errorf("theme(%q): want light, dark or auto", t)
		}
		v := a.x.Params().View
		v.Theme = strings.TrimPrefix(t, "auto")
		a.applyView(v)
		a.g.Refresh()
		return t, nil
	}},
	// The whole run's extent and landmarks (ATC timeouts, GERROR,
	// quarantine, resets, violations) for the page's timeline, computed
	// in a simulation of its own: the run shown does not move.
	{"timeline", false, func(a *app, _ []js.Value) (any, error) {
		tl, err := a.x.Timeline()
		if err != nil {
			return nil, err
		}
		return jsonValue(tl)
	}},
	{"help", true, func(a *app, args []js.Value) (any, error) {
		on := len(args) > 0 && args[0].Truthy()
		a.g.SetHelp(on)
		return on, nil
	}},
}

// load replaces the run: load("baseline-spam"), load("#scenario=...&n=5")
// or load({scenario: "default", policy: "series", n: 40}). A bad request
// throws and keeps the current run.
func (a *app) load(args []js.Value) (any, error) {
	if a.x.Params().View.ReadOnly {
		return nil, fmt.Errorf("this embed is read-only")
	}
	if len(args) < 1 {
		return nil, fmt.Errorf("load(spec): want a scenario name, a URL fragment or an object")
	}
	var p play.Params
	switch v := args[0]; v.Type() {
	case js.TypeString:
		s := v.String()
		if !strings.HasPrefix(s, "#") && !strings.Contains(s, "=") {
			s = "scenario=" + url.QueryEscape(s)
		}
		var err error
		if p, err = play.ParseFragment(s); err != nil {
			return nil, err
		}
	case js.TypeObject:
		keys := js.Global().Get("Object").Call("keys", v)
		for i := 0; i < keys.Length(); i++ {
			k := keys.Index(i).String()
			if err := p.SetField(k, js.Global().Get("String").Invoke(v.Get(k)).String()); err != nil {
				return nil, err
			}
		}
	default:
		return nil, fmt.Errorf("load(spec): want a scenario name, a URL fragment or an object, got %s", v.Type())
	}
	p.View = a.x.Params().View // how the page shows runs stays
	x, err := play.Open(p)
	if err != nil {
		return nil, err
	}
	a.x = x
	a.g.SetSim(x.Sim())
	if p.Select != "" {
		if h, err := x.Target(p.Select); err == nil {
			a.g.Select(h)
		}
	}
	return x.State(), nil
}

func targetName(a *app, h layout.Hit) string {
	if h.Kind == layout.HitNone {
		return ""
	}
	if h.Kind == layout.HitEndpoint {
		if eps := a.x.Sim().Scenario().Endpoints; h.Index < len(eps) {
			return "ep:" + eps[h.Index].Name
		}
	}
	return play.Target{Kind: h.Kind, Index: h.Index}.String()
}

func stringsOrEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// exportAPI installs window.smmuplayRaw: each function returns
// {ok: true, result} or {ok: false, error}; embed.html turns the latter
// into a thrown Error. A panic inside (a JS getter that throws while an
// argument is read) becomes an error too, so a bad call never takes the
// Go runtime down nor leaves the lock held.
func (a *app) exportAPI() {
	all, err := engineAPI()
	if err != nil {
		callJS("smmuplayError", err.Error())
	}
	raw := js.Global().Get("Object").New()
	for _, f := range all {
		raw.Set(f.name, js.FuncOf(func(_ js.Value, args []js.Value) any {
			v, err := a.call(f, args)
			if f.moves {
				a.announce()
			}
			if err != nil {
				return failure(f.name + ": " + err.Error())
			}
			return success(v)
		}))
	}
	js.Global().Set("smmuplayRaw", raw)
}

// inCall is set while an API function runs. Reading a JS argument can run
// the caller's code (a getter, a Proxy trap, toJSON, toString), and that
// code can call the API again: the nested call would wait for the lock its
// own caller holds, and the page would freeze for good. It is refused
// instead.
var inCall atomic.Bool

// call runs one API function under the lock, which is released however
// the function ends, a panic included.
func (a *app) call(f apiFunc, args []js.Value) (v any, err error) {
	if !inCall.CompareAndSwap(false, true) {
		return nil, fmt.Errorf("called from inside another smmuplay call (a getter, Proxy trap, toJSON or toString of an argument?): refused")
	}
	defer inCall.Store(false)
	a.mu.Lock()
	defer a.mu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			v, err = nil, fmt.Errorf("aborted: %v", r) // e.g. "JavaScript error: …" from a throwing getter
		}
	}()
	v, err = f.fn(a, args)
	if err == nil && f.moves {
		a.g.Refresh()
	}
	return v, err
}

func success(v any) any {
	var jv js.Value
	switch x := v.(type) {
	case js.Value:
		jv = x
	case nil:
		jv = js.Undefined()
	default:
		jv = vert.ValueOf(v).JSValue()
	}
	o := js.Global().Get("Object").New()
	o.Set("ok", true)
	o.Set("result", jv)
	return o
}

func failure(msg string) any {
	o := js.Global().Get("Object").New()
	o.Set("ok", false)
	o.Set("error", msg)
	return o
}

// jsonValue converts a value with json tags (the simulator's and the
// lab's result types) into a plain JS object.
func jsonValue(v any) (js.Value, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return js.Undefined(), err
	}
	return js.Global().Get("JSON").Call("parse", string(b)), nil
}

// intArg reads argument i as an integer (def when absent; def < 0 means
// required).
func intArg(args []js.Value, i int, name string, def int64) (int64, error) {
	if i >= len(args) || args[i].IsUndefined() {
		if def < 0 {
			return 0, fmt.Errorf("%s: missing", name)
		}
		return def, nil
	}
	v := args[i]
	if v.Type() != js.TypeNumber {
		return 0, fmt.Errorf("%s must be an integer, got %s", name, v.Type())
	}
	f := v.Float()
	if f != math.Trunc(f) || math.IsInf(f, 0) || math.Abs(f) > 1<<53 {
		return 0, fmt.Errorf("%s must be an integer, got %v", name, f)
	}
	return int64(f), nil
}

func strArg(args []js.Value, i int, name string) (string, error) {
	if i >= len(args) || args[i].Type() != js.TypeString {
		got := "nothing"
		if i < len(args) {
			got = args[i].Type().String()
		}
		return "", fmt.Errorf("%s must be a string, got %s", name, got)
	}
	return args[i].String(), nil
}
