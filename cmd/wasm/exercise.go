//go:build js && wasm

package main

import (
	"fmt"
	"strconv"
	"syscall/js"

	"github.com/smmuplay/smmuplay/tutorials/exercise"
)

// The exercise functions: exercise pages, and embeds on other sites
// through postMessage, ask for a seed's variant, a check and the
// solution. tutorials/exercise does not need goldmark, so these are in
// both engines.
func init() {
	api = append(api,
		apiFunc{"exercises", false, func(*app, []js.Value) (any, error) { return jsonValue(exercise.List()) }},
		apiFunc{"exercise", false, func(_ *app, args []js.Value) (any, error) {
			id, seed, err := exerciseArgs(args)
			if err != nil {
				return nil, err
			}
			v, err := exercise.Generate(id, seed)
			if err != nil {
				return nil, err
			}
			return jsonValue(v)
		}},
		apiFunc{"check", false, func(_ *app, args []js.Value) (any, error) {
			id, seed, err := exerciseArgs(args)
			if err != nil {
				return nil, err
			}
			if len(args) < 3 || args[2].Type() != js.TypeObject {
				return nil, fmt.Errorf("answer must be an object of field: value")
			}
			answer := map[string]string{}
			keys := js.Global().Get("Object").Call("keys", args[2])
			for i := 0; i < keys.Length(); i++ {
				k := keys.Index(i).String()
				answer[k] = js.Global().Get("String").Invoke(args[2].Get(k)).String()
			}
			r, err := exercise.Check(id, seed, answer)
			if err != nil {
				return nil, err
			}
			return jsonValue(r)
		}},
		apiFunc{"solution", false, func(_ *app, args []js.Value) (any, error) {
			id, seed, err := exerciseArgs(args)
			if err != nil {
				return nil, err
			}
			k, err := exercise.Solution(id, seed)
			if err != nil {
				return nil, err
			}
			return jsonValue(k)
		}},
	)
}

// exerciseArgs reads (id, seed); the seed may be a number or a decimal
// string (seeds can exceed 2^53).
func exerciseArgs(args []js.Value) (string, uint64, error) {
	id, err := strArg(args, 0, "id")
	if err != nil {
		return "", 0, err
	}
	if len(args) < 2 {
		return "", 0, fmt.Errorf("seed: missing")
	}
	switch v := args[1]; v.Type() {
	case js.TypeString:
		s, err := strconv.ParseUint(v.String(), 10, 64)
		if err != nil {
			return "", 0, fmt.Errorf("seed %q: want an unsigned decimal number", v.String())
		}
		return id, s, nil
	case js.TypeNumber:
		f := v.Float()
		if f < 0 || f != float64(uint64(f)) || f > 1<<53 {
			return "", 0, fmt.Errorf("seed %v: want an unsigned integer", f)
		}
		return id, uint64(f), nil
	}
	return "", 0, fmt.Errorf("seed must be a number or a decimal string, got %s", args[1].Type())
}
