//go:build js && wasm

package main

import (
	"fmt"
	"syscall/js"

	"github.com/smmuplay/smmuplay/internal/export"
)

// The playground's Export buttons (web/app.js), in both engines. The work
// is in internal/export (pure Go, tested natively).
//
//	exportTrace([from, to])  → Chrome Trace Event JSON (string) of the run up to the current event
//	exportLog()              → the kernel log up to the current event (string)
//	exportPNG()              → the current picture as PNG bytes (Uint8Array)
//	exportName()             → "smmuplay-<scenario>-n<event>", a file name base
func init() {
	api = append(api,
		apiFunc{"exportTrace", false, func(a *app, args []js.Value) (any, error) {
			from, err := intArg(args, 0, "from", 0)
			if err != nil {
				return nil, err
			}
			to, err := intArg(args, 1, "to", 0)
			if err != nil {
				return nil, err
			}
			if (from == 0) != (to == 0) {
				return nil, fmt.Errorf("give both from and to, or neither (the run up to the current event)")
			}
			b, err := export.TraceJSON(a.x.Sim(), from, to)
			if err != nil {
				return nil, err
			}
			return string(b), nil
		}},
		apiFunc{"exportLog", false, func(a *app, _ []js.Value) (any, error) { return export.LogText(a.x.Sim()), nil }},
		apiFunc{"exportPNG", false, func(a *app, _ []js.Value) (any, error) {
			h, lines := a.g.Selected()
			dark := false
			switch a.x.Params().View.Theme {
			case "dark":
				dark = true
			case "":
				dark = js.Global().Call("matchMedia", "(prefers-color-scheme: dark)").Get("matches").Bool()
			}
			w, ht, scale := a.g.Size()
			b, err := export.PNG(a.x.Sim(), w, ht, max(1, min(scale, 4)), h, lines, dark)
			if err != nil {
				return nil, err
			}
			u := js.Global().Get("Uint8Array").New(len(b))
			js.CopyBytesToJS(u, b)
			return u, nil
		}},
		apiFunc{"exportName", false, func(a *app, _ []js.Value) (any, error) {
			return export.FileBase(a.x.Sim().Scenario().File, a.x.Sim().N()), nil
		}},
	)
}
