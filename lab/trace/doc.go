// Package trace exports a simulated run as Chrome Trace Event JSON (the
// object form, {"traceEvents": [...]}), which Perfetto and chrome://tracing
// open.
//
// Tracks are threads of three processes: "SMMU" (the command queue),
// "PCIe endpoints" (one thread per endpoint) and "Linux" (the issuer, the
// GERROR ISR, the workqueue's kworker, the reset and attach threads, and
// the scenario's own lines), each named with "M" metadata events.
// Timestamps are the simulated time in microseconds with nanosecond
// precision. Every event's args carry the simulator's event number, its
// narration and its decoded fields; kernel log lines ride on the event
// that printed them.
//
// The output is deterministic: events are ordered by time and then by
// event number, args keys are sorted, and numbers are formatted exactly.
package trace
