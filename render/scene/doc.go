// Package scene turns a sim.Snapshot and a layout.Layout into a display
// list (render/display): cards, the command-queue ring, registers, root
// ports, endpoint tiles with state badges, links, packets and overlays,
// with their colours, in CSS pixels. It imports no drawing library, so the
// whole picture is tested as text (golden display lists) and questioned
// directly (text sizes, contrast, what covers the canvas, where the
// quarantine is drawn) without a GPU, and the Ebiten layer stays a thin
// loop over the ops.
//
// Every figure it shows is computed from the snapshot: register values and
// fields, queue positions, the countdown of a waiting CMD_SYNC, ITags,
// ATC fill. Build runs every frame, so it does not allocate once the
// display list has grown: text goes into a byte arena with strconv, never
// fmt. Details, run on a click, may allocate.
package scene
