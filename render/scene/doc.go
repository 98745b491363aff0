// Package scene turns a sim.Snapshot and a layout.Layout into a display
// list: plain rectangles, lines, ring slots and text with their colours.
// It imports no drawing library, so the whole picture is tested as text
// (golden display lists) without a GPU, and the Ebiten layer stays a thin
// loop over the ops.
//
// Build runs every frame, so it does not allocate once the display list has
// grown: text goes into a byte arena with strconv, never fmt. Details, run
// on a click, may allocate.
package scene
