// Package race is smmuplay's race explorer. For the concurrent parts of the
// quarantine story (the broken report and its work item, an FLR's prepare
// and done, an attach, the GERROR handler against the issuer's co-clear) it
// enumerates the orderings the simulator's choice points allow (see
// sim.Options), runs each with every invariant checked, and lists the
// outcomes, violations first and the shortest violating ordering at their
// head. An ordering is a choice vector, the same one play.Params.Order
// carries in a URL, so every outcome can be replayed in the page or with
// sim.NewWith directly.
//
// The package is pure Go: no os, no goroutines, no wall clock; the same
// scenario, seed and bound give a byte-identical report natively and under
// GOOS=js GOARCH=wasm. docs/race.md explains the bound, the outcome classes
// and what the explorer finds.
package race
