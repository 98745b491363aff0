// Package sidebyside runs one scenario and seed under the baseline driver
// and under the series, in lock-step, and finds the first event where the
// two runs differ.
//
// Both runs are deterministic and start from the same machine, so they
// agree event for event until the two drivers first act differently. The
// divergence point is the first event number n at which the two recorded
// events differ (time, kind, endpoint, thread or any operand) or the kernel
// log lines printed by that event differ, or one run has ended and the other
// has not. Events 1..n-1 are identical in both runs. Because what a driver
// does is decided when a CMD_SYNC wait ends, the result also names the
// CMD_SYNC each run's diverging event belongs to (the nearest event at or
// before it that names a CMD_SYNC's queue position) with that CMD_SYNC's
// history: written, waiting, error, completed, returned.
//
// Nothing here touches files or the clock: the wasm page calls Run and
// reads the JSON-tagged Result, At and Ticks.
package sidebyside
