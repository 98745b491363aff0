// Package strategy measures what identifying k broken devices among N costs
// the series' driver, for the two retry strategies the simulator models
// (sim/retry.go): `per-device` (the series: retry every master of the
// failing flush alone) and `halving` (a variant: test both halves of a
// failing set, recursively). Costs are measured by running the simulator
// on one unmap and compared with closed forms derived from the driver code
// and with the information-theoretic lower bound ⌈log2 C(N,k)⌉ tests.
//
// Definitions (docs/lab.md has the derivations):
//
//   - a test is one retry submission of the issuer: the ATC_INVs of a set
//     of masters followed by its own CMD_SYNC (an empty set is a lone
//     CMD_SYNC). The failing flush that detected the timeout is not a test.
//   - ATC timeouts count every CERROR_ATC_INV_SYNC of the unmap, the
//     detecting one included.
//   - issuer CMD_SYNCs count every CMD_SYNC the unmapping thread waited
//     for: the TLBI sync, one per flush, the tests, and one CFGI_STE sync
//     per StreamID of each quarantined master.
//   - wall time is the unmap operation's duration on the issuer, from its
//     start to its end.
//
// Everything here is pure Go (the wasm page calls Measure, Table, Sweep
// and SVG).
package strategy
