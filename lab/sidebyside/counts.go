package sidebyside

import (
	"slices"

	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/cmdq"
)

// Counts are a pane's running totals after some event, the same counters
// as the simulator's (sim.Counters) but derived from the recorded events,
// so they can be read at any point without re-simulating.
type Counts struct {
	ATCTimeouts int64 `json:"atc_timeouts"` // CERROR_ATC_INV_SYNC raised (EvCmdError with ERR 3)
	CmdSyncs    int64 `json:"cmd_syncs"`    // CMD_SYNCs completed (EvSyncCompleted)
	CorruptDMA  int64 `json:"corrupt_dma"`  // Translated writes that landed on another owner's page
	LogLines    int64 `json:"log_lines"`    // kernel messages printed
}

// countIndex holds, per counter, the sorted event numbers at which it
// went up by one: a few entries per interesting event instead of four
// totals per event (a million-event run stays small).
type countIndex struct {
	atc, syncs, corrupt, logs []int64
}

func buildIndex(s *sim.Sim) countIndex {
	var x countIndex
	for n := int64(1); n <= s.N(); n++ {
		e := s.Event(n)
		switch {
		case e.Kind == sim.EvCmdError && e.B == uint64(cmdq.CErrorATCInvSync):
			x.atc = append(x.atc, n)
		case e.Kind == sim.EvSyncCompleted:
			x.syncs = append(x.syncs, n)
		case e.Kind == sim.EvDMAAccess && e.C&0xff == sim.DMACorrupt:
			x.corrupt = append(x.corrupt, n)
		}
	}
	for _, l := range s.Log() {
		x.logs = append(x.logs, l.N)
	}
	return x
}

// upTo counts the entries <= n.
func upTo(xs []int64, n int64) int64 {
	i, _ := slices.BinarySearch(xs, n+1)
	return int64(i)
}

// CountsAt returns pane i's totals just after event n (0 = the start).
func (r *Result) CountsAt(pane int, n int64) Counts {
	x := &r.idx[pane]
	return Counts{ATCTimeouts: upTo(x.atc, n), CmdSyncs: upTo(x.syncs, n),
		CorruptDMA: upTo(x.corrupt, n), LogLines: upTo(x.logs, n)}
}

// Point is the shared timeline at one simulated time: in each pane, the
// last event at or before that time and the totals after it.
type Point struct {
	TimeNS int64     `json:"time_ns"`
	Event  [2]int64  `json:"event"` // 0 = no event yet
	Counts [2]Counts `json:"counts"`
}

// At maps simulated time t (ns) to each pane's event index and totals.
// Event times never decrease within a run, so this is a binary search.
func (r *Result) At(t int64) Point {
	p := Point{TimeNS: t}
	for i, s := range r.Sims {
		lo, hi := int64(0), s.N() // invariant: events 1..lo are at or before t
		for lo < hi {
			mid := (lo + hi + 1) / 2
			if int64(s.Event(mid).T) <= t {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		p.Event[i] = lo
		p.Counts[i] = r.CountsAt(i, lo)
	}
	return p
}

// EndNS is the later of the two runs' last event times.
func (r *Result) EndNS() int64 {
	return max(r.Panes[0].EndNS, r.Panes[1].EndNS)
}

// Ticks samples the shared timeline at k+1 evenly spaced times from 0 to
// EndNS, for drawing the axis and the count curves.
func (r *Result) Ticks(k int) []Point {
	if k < 1 {
		k = 1
	}
	end := r.EndNS()
	out := make([]Point, 0, k+1)
	for j := 0; j <= k; j++ {
		out = append(out, r.At(end*int64(j)/int64(k)))
	}
	return out
}
