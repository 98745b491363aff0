package scene

import (
	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/sim"
)

// Anim is what the caller knows about time that the snapshot does not.
type Anim struct {
	// Phase is how far the packets of snap.Last have travelled, 0 at the
	// sender, 1 at the receiver.
	Phase float32
	// Reduced is the reduced-motion mode: no travelling packets, only the
	// state after the event.
	Reduced bool
	// Prev is the snapshot before the last step, if any: register fields
	// that differ from it are highlighted.
	Prev *sim.Snapshot
	// Narration is snap.Last in words, from (*sim.Sim).Describe, which
	// the scene cannot call because it only holds the snapshot.
	Narration string
}

// Selection is the object the user clicked and the one under the pointer.
// A zero Hit (layout.HitNone) selects nothing.
type Selection struct {
	Selected, Hover layout.Hit
	// Details are the lines of the inspect panel: the caller computes them
	// with Details when the selection or the snapshot changes, since
	// formatting them allocates and Build must not.
	Details []string
}
