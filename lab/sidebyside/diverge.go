package sidebyside

import (
	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/cmdq"
)

// Divergence is the first event where the two runs differ.
type Divergence struct {
	Event  int64  `json:"event"`   // events 1..Event-1 are identical in both runs
	TimeNS int64  `json:"time_ns"` // the earlier of the two diverging events' times
	Reason string `json:"reason"`  // "event", "log" or "ended"
	// Runs holds each run's event number Event (left = baseline).
	Runs [2]DivergedEvent `json:"runs"`
}

// DivergedEvent is one run's side of the divergence.
type DivergedEvent struct {
	N      int64    `json:"n"` // = Divergence.Event, or 0 when this run had ended
	TimeNS int64    `json:"time_ns"`
	Kind   string   `json:"kind"`
	Text   string   `json:"text"` // the event narrated
	Log    []string `json:"log"`  // kernel messages the event printed
	Sync   *SyncRef `json:"sync"` // the CMD_SYNC the event belongs to; nil if none
}

// SyncRef is one CMD_SYNC's history in a run: the event numbers at which
// it was written, made the consumer wait, raised a command error,
// completed and was returned to its issuer (0 = did not happen before the
// slot was written again).
type SyncRef struct {
	Pos       uint32 `json:"pos"` // queue position: index and wrap bit
	Written   int64  `json:"written"`
	Waiting   int64  `json:"waiting"`
	Error     int64  `json:"error"`
	CERROR    uint64 `json:"cerror"` // CONS.ERR of that error
	Completed int64  `json:"completed"`
	Returned  int64  `json:"returned"`
	Ret       int64  `json:"ret"` // the issuer's return value (0, -110 -ETIMEDOUT, -5 -EIO)
}

func (r *Result) compare(done [2]bool, lines [2][]sim.LogLine) {
	a, b := r.Sims[0], r.Sims[1]
	switch {
	case done[0] && done[1]:
		return
	case done[0] || done[1]:
		n := max(a.N(), b.N())
		r.diverge(n, "ended", lines)
		return
	}
	n := a.N()
	ea, eb := a.Event(n), b.Event(n)
	if ea != eb {
		r.diverge(n, "event", lines)
		return
	}
	if !sameLog(lines[0], lines[1]) {
		r.diverge(n, "log", lines)
	}
}

func sameLog(x, y []sim.LogLine) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i].Level != y[i].Level || x[i].Text != y[i].Text {
			return false
		}
	}
	return true
}

func (r *Result) diverge(n int64, reason string, lines [2][]sim.LogLine) {
	d := &Divergence{Event: n, Reason: reason, TimeNS: -1}
	for i, s := range r.Sims {
		if s.N() < n {
			continue // this run ended before event n
		}
		e := s.Event(n)
		de := DivergedEvent{N: n, TimeNS: int64(e.T), Kind: e.Kind.String(), Text: s.Describe(e), Log: []string{}}
		for _, l := range lines[i] {
			de.Log = append(de.Log, l.Text)
		}
		d.Runs[i] = de
		if d.TimeNS < 0 || int64(e.T) < d.TimeNS {
			d.TimeNS = int64(e.T)
		}
	}
	r.Divergence = d
}

// finishSyncs fills each diverging event's CMD_SYNC once both runs ended
// (its completion may come after the divergence).
func (r *Result) finishSyncs() {
	d := r.Divergence
	if d == nil {
		return
	}
	for i, s := range r.Sims {
		if d.Runs[i].N > 0 {
			d.Runs[i].Sync = SyncOf(s, d.Runs[i].N)
		}
	}
}

// posMask is the mask of a queue position (QS index bits and the wrap bit).
func posMask(s *sim.Sim) uint64 { return 1<<(s.Scenario().SMMU.QS+1) - 1 }

// syncPos returns the CMD_SYNC position an event names, if it names one.
func syncPos(s *sim.Sim, e sim.Event) (uint32, bool) {
	switch e.Kind {
	case sim.EvIssuerDone, sim.EvSyncCompleted, sim.EvSyncWaiting:
		return uint32(e.A), true
	case sim.EvPollTimeout:
		return uint32(e.A), e.B == 0 // B = 1: a wait for queue space, A = PROD
	case sim.EvCmdError:
		// Only CERROR_ATC_INV_SYNC is raised by a CMD_SYNC; RD stays on it.
		return uint32(e.A & posMask(s)), e.B == uint64(cmdq.CErrorATCInvSync)
	}
	return 0, false
}

// SyncOf returns the CMD_SYNC event n belongs to: the nearest event at or
// before n naming a CMD_SYNC position, with that CMD_SYNC's history.
func SyncOf(s *sim.Sim, n int64) *SyncRef {
	for m := n; m >= 1; m-- {
		e := s.Event(m)
		if p, ok := syncPos(s, e); ok {
			return syncHistory(s, p, m)
		}
	}
	return nil
}

// syncHistory finds the submission that wrote position p last at or
// before event at, and follows the slot until it is written again.
func syncHistory(s *sim.Sim, p uint32, at int64) *SyncRef {
	mask := posMask(s)
	covers := func(e sim.Event) bool {
		return e.Kind == sim.EvCmdsWritten && (uint64(p)-e.A)&mask < e.B
	}
	ref := &SyncRef{Pos: p}
	for m := at; m >= 1; m-- {
		if covers(s.Event(m)) {
			ref.Written = m
			break
		}
	}
	for m := ref.Written + 1; m <= s.N(); m++ {
		e := s.Event(m)
		if covers(e) {
			break
		}
		q, ok := syncPos(s, e)
		if !ok || q != p {
			continue
		}
		switch e.Kind {
		case sim.EvSyncWaiting:
			if ref.Waiting == 0 {
				ref.Waiting = m
			}
		case sim.EvCmdError:
			if ref.Error == 0 {
				ref.Error, ref.CERROR = m, e.B
			}
		case sim.EvSyncCompleted:
			ref.Completed = m
		case sim.EvIssuerDone:
			ref.Returned, ref.Ret = m, int64(e.B)
		}
	}
	return ref
}
