//go:build js && wasm

package main

import (
	"fmt"
	"slices"
	"syscall/js"
)

// This package builds two engines (build.sh): smmuplay.wasm, the
// playground's, loaded by index.html, embeds and the tutorials, and
// smmulab.wasm (-tags lab), which adds the lab (lab.go: side by side,
// race explorer, strategy lab, dmesg import) and the tutorial preview
// (tutorial.go, goldmark) for lab.html and compare.html. The playground
// uses none of those, and every reader of it would download them
// (issue 13). embed.js picks the file: embed.html?engine=lab loads the
// lab engine.

// labNames are the functions only the lab engine has. The playground
// engine answers each with an error that names the engine to load, so a
// page on the wrong one is told so (not "... is not a function").
var labNames = []string{
	"compare", "compareAt", "compareStep", "compareEvents", "compareDivergence",
	"raceInfo", "race", "strategy", "dmesg", "renderTutorial",
}

// labAPI is filled by the lab build's files; it is empty in the
// playground build.
var labAPI []apiFunc

// errLabOnly is what the playground engine answers for a lab function.
var errLabOnly = fmt.Errorf("in the lab engine only (smmulab.wasm, which embed.html?engine=lab loads); this page runs the playground engine (smmuplay.wasm)")

// engineAPI is this build's whole API: api and the lab's functions, or
// in the playground engine stand-ins for them. It fails when labAPI and
// labNames disagree, so a lab function added to one but not the other is
// caught the first time the lab engine starts.
func engineAPI() ([]apiFunc, error) {
	all := slices.Clone(api)
	if len(labAPI) == 0 {
		for _, name := range labNames {
			all = append(all, apiFunc{name, false, func(*app, []js.Value) (any, error) { return nil, errLabOnly }})
		}
		return all, nil
	}
	var have []string
	for _, f := range labAPI {
		have = append(have, f.name)
	}
	if !slices.Equal(slices.Sorted(slices.Values(have)), slices.Sorted(slices.Values(labNames))) {
		return all, fmt.Errorf("cmd/wasm: the lab build has %v but labNames lists %v", have, labNames)
	}
	return append(all, labAPI...), nil
}
