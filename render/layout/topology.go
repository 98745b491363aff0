package layout

import "github.com/smmuplay/smmuplay/sim"

// Topology is what the layout depends on: how many root ports there are,
// which port each endpoint hangs off and how many StreamIDs it has, and
// the command queue's size. It changes only when the scenario does, so a
// caller recomputes the layout on a resize, a zoom or pan, never per frame.
type Topology struct {
	RootPorts int
	EPPort    []int // root port of each endpoint
	EPSIDs    []int // StreamIDs of each endpoint
	QS        int   // CMDQ log2 size, which decides the ring's slot count
	Pages     bool  // some page was corrupted: the SMMU card shows a pages row
	EVTQ      bool  // the SMMU has written event records: the card shows an EVTQ row
}

// TopologyOf derives the topology from a snapshot.
func TopologyOf(snap *sim.Snapshot) Topology {
	var t Topology
	TopologyInto(&t, snap)
	return t
}

// TopologyInto refills t from snap, reusing its slices.
func TopologyInto(t *Topology, snap *sim.Snapshot) {
	t.RootPorts = len(snap.RootPorts)
	t.QS = snap.QS
	t.Pages = len(snap.Pages) > 0
	t.EVTQ = snap.EVTQ.Written+snap.EVTQ.Lost > 0
	t.EPPort = t.EPPort[:0]
	t.EPSIDs = t.EPSIDs[:0]
	for i := range snap.Endpoints {
		e := &snap.Endpoints[i]
		t.EPPort = append(t.EPPort, e.Port)
		t.EPSIDs = append(t.EPSIDs, len(e.SIDs))
	}
}

// Endpoints returns the endpoint count.
func (t *Topology) Endpoints() int { return len(t.EPPort) }

// portOf returns endpoint i's root port, clamped so that a malformed
// topology still lays out.
func (t *Topology) portOf(i int) int {
	p := t.EPPort[i]
	if p < 0 || p >= t.RootPorts {
		return 0
	}
	return p
}
