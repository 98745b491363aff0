//go:build js && wasm && lab

package main

import (
	"fmt"
	"syscall/js"

	"github.com/smmuplay/smmuplay/internal/labweb"
)

// The lab functions (issue 7) for web/compare.html and web/lab.html, in
// the lab engine only (engine.go). The work is in internal/labweb (pure
// Go, tested natively); here JS values are converted. Specs are plain
// objects read through JSON.stringify, so unknown keys and wrong types
// get clear messages.
//
//	compare(spec)            → {scenario, title, seed, panes, divergence, end_ns, ticks, fragments, fragment, start}
//	compareAt(t_ns)          → view {time_ns, event: [b, s], event_ns, counts: [..], at_start, at_end, diverged}
//	compareStep(dir)         → view (dir 1 or -1: the next/previous event of the merged timeline)
//	compareEvents(b, s)      → view at those events (clamped)
//	compareDivergence()      → view at the first divergence
//	raceInfo()               → {scenarios: [{name, title}], rules: [...]}
//	race(spec)               → lab/race's report + links (one playground fragment per outcome)
//	strategy(spec)           → {table, text, sweep, svg}
//	dmesg(text | spec)       → {ok, errors: [{line, msg}], import, kinds, fragment, link}
func init() {
	labAPI = append(labAPI,
		apiFunc{"compare", false, func(_ *app, args []js.Value) (any, error) {
			var spec labweb.CompareSpec
			if err := specArg(args, 0, &spec); err != nil {
				return nil, err
			}
			c, res, err := labweb.Compare(spec)
			if err != nil {
				return nil, err
			}
			comparison = c
			return jsonValue(res)
		}},
		apiFunc{"compareAt", false, func(_ *app, args []js.Value) (any, error) {
			if comparison == nil {
				return nil, errNoComparison
			}
			t, err := intArg(args, 0, "t_ns", -1)
			if err != nil {
				return nil, err
			}
			return jsonValue(comparison.At(t))
		}},
		apiFunc{"compareStep", false, func(_ *app, args []js.Value) (any, error) {
			if comparison == nil {
				return nil, errNoComparison
			}
			dir, err := intArg(args, 0, "dir", 1)
			if err != nil {
				return nil, err
			}
			if dir != 1 && dir != -1 {
				return nil, fmt.Errorf("dir must be 1 (forward) or -1 (back), got %d", dir)
			}
			return jsonValue(comparison.Step(int(dir)))
		}},
		apiFunc{"compareEvents", false, func(_ *app, args []js.Value) (any, error) {
			if comparison == nil {
				return nil, errNoComparison
			}
			a, err := intArg(args, 0, "baseline event", -1)
			if err != nil {
				return nil, err
			}
			b, err := intArg(args, 1, "series event", -1)
			if err != nil {
				return nil, err
			}
			return jsonValue(comparison.Events(a, b))
		}},
		apiFunc{"compareDivergence", false, func(*app, []js.Value) (any, error) {
			if comparison == nil {
				return nil, errNoComparison
			}
			v, ok := comparison.Divergence()
			if !ok {
				return nil, fmt.Errorf("the two runs are identical: there is no divergence")
			}
			return jsonValue(v)
		}},
		apiFunc{"raceInfo", false, func(*app, []js.Value) (any, error) { return jsonValue(labweb.Info()) }},
		apiFunc{"race", false, func(_ *app, args []js.Value) (any, error) {
			var spec labweb.RaceSpec
			if err := specArg(args, 0, &spec); err != nil {
				return nil, err
			}
			r, err := labweb.Race(spec)
			if err != nil {
				return nil, err
			}
			return jsonValue(r)
		}},
		apiFunc{"strategy", false, func(_ *app, args []js.Value) (any, error) {
			var spec labweb.StrategySpec
			if err := specArg(args, 0, &spec); err != nil {
				return nil, err
			}
			r, err := labweb.Strategy(spec)
			if err != nil {
				return nil, err
			}
			return jsonValue(r)
		}},
		apiFunc{"dmesg", false, func(_ *app, args []js.Value) (any, error) {
			var spec labweb.DmesgSpec
			if len(args) > 0 && args[0].Type() == js.TypeString {
				spec.Text = args[0].String()
			} else if err := specArg(args, 0, &spec); err != nil {
				return nil, err
			}
			if len(spec.Text) > 4<<20 {
				return nil, fmt.Errorf("the text is %d bytes; at most %d", len(spec.Text), 4<<20)
			}
			return jsonValue(labweb.Dmesg(spec))
		}},
	)
}

// comparison is the side by side compare() ran last (JS calls hold a.mu).
var comparison *labweb.Comparison

var errNoComparison = fmt.Errorf("no side by side yet: call compare(spec) first")

// specArg reads argument i, a plain object, into spec (absent: all
// defaults).
func specArg(args []js.Value, i int, spec any) error {
	if i >= len(args) || args[i].IsUndefined() || args[i].IsNull() {
		return labweb.Decode(nil, spec)
	}
	if t := args[i].Type(); t != js.TypeObject {
		return fmt.Errorf("spec must be an object, got %s", t)
	}
	s := js.Global().Get("JSON").Call("stringify", args[i])
	if s.Type() != js.TypeString {
		return fmt.Errorf("spec must be a plain object")
	}
	return labweb.Decode([]byte(s.String()), spec)
}
