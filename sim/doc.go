// Package sim is smmuplay's deterministic simulator of an Arm SMMUv3 with
// PCIe ATS endpoints and of the Linux side that drives it: the arm-smmu-v3
// driver before and after the "Quarantine device upon ATC invalidation
// timeout" series, the IOMMU core's group-device quarantine and PCI resets.
//
// # Model
//
// A Sim is a discrete-event simulation in virtual nanoseconds. Its state
// (a machine) holds the SMMU registers and command queue, the stream table
// and configuration cache, the PCIe endpoints with their ATCs, physical
// memory with page owners, and the software: driver threads, the IOMMU
// core's groups and a workqueue. Future work is a heap of scheduled actions
// ordered by (time, sequence number). Step executes exactly one unit of work
// (a scenario line or one scheduled action) and records exactly one Event in
// the past tense, so "event N" names a point in the run unambiguously.
//
// # Determinism
//
// The package uses only the standard library, runs on one goroutine, never
// reads the wall clock and never iterates a map where order could leak. All
// randomness comes from PCG streams seeded from (seed, stream name), so
// adding a device does not shift the draws of another. The same scenario and
// seed give byte-identical events and kernel logs on every platform,
// including GOOS=js GOARCH=wasm.
//
// # History
//
// Sim keeps every event, the kernel log and periodic checkpoints (deep
// copies whose command-queue pages are shared copy-on-write). GoTo(n)
// restores the nearest checkpoint at or before n and re-simulates, so going
// to event n backward or forward gives exactly the state of a fresh run to n.
// Re-simulated events are compared with the recorded ones as a self-check.
package sim
