package sim

import (
	"testing"

	"github.com/smmuplay/smmuplay/sim/scenario"
)

// TestEventFields: every typed view answers for its own kind only, and
// names every value a run produces (none falls through to "…?").
func TestEventFields(t *testing.T) {
	sc, err := scenario.Parse("f", []byte("policy series\nendpoints 4\nbroken ep2\nworkload unmaps=20\nat 3ms flr ep2 result=ok\nrun\n"))
	if err != nil {
		t.Fatal(err)
	}
	s, _ := New(sc, 1)
	if err := s.RunProgram(0); err != nil {
		t.Fatal(err)
	}
	seen := map[EventKind]bool{}
	for n := int64(1); n <= s.N(); n++ {
		e := s.Event(n)
		seen[e.Kind] = true
		if th, ok := e.ThreadOf(); ok != (e.Thread >= 0) || ok && th.String() == "thread?" {
			t.Fatalf("event %d: ThreadOf = %v %v for Thread %d", n, th, ok, e.Thread)
		}
		if op, ok := e.Op(); ok != (e.Kind == EvThreadStart || e.Kind == EvThreadEnd) || ok && op.String() == "op?" {
			t.Fatalf("event %d (%s): Op = %v %v", n, e.Kind, op, ok)
		}
		if d, ok := e.DMA(); ok != (e.Kind == EvDMAAccess) || ok && d.Outcome.String() == "outcome?" {
			t.Fatalf("event %d (%s): DMA = %+v %v", n, e.Kind, d, ok)
		}
		if o, ok := e.TransOutcome(); ok != (e.Kind == EvTransReq) || ok && o.String() == "outcome?" {
			t.Fatalf("event %d (%s): TransOutcome = %v %v", n, e.Kind, o, ok)
		}
		if _, st, ok := e.InvCpl(); ok != (e.Kind == EvInvCplReceived) || ok && st.String() == "status?" {
			t.Fatalf("event %d (%s): InvCpl = %v %v", n, e.Kind, st, ok)
		}
		if w, ok := e.Written(); ok != (e.Kind == EvCmdsWritten) || ok && !w.Holds(w.First, sc.SMMU.QS) {
			t.Fatalf("event %d (%s): Written = %+v %v", n, e.Kind, w, ok)
		}
		if inv, ok := e.ATCInv(); ok != (e.Kind == EvATCInvSent) || ok && inv.SID < 0x100 {
			t.Fatalf("event %d (%s): ATCInv = %+v %v", n, e.Kind, inv, ok)
		}
		if _, ok := e.CmdError(); ok != (e.Kind == EvCmdError) {
			t.Fatalf("event %d (%s): CmdError ok = %v", n, e.Kind, ok)
		}
		if _, _, ok := e.Consumed(); ok != (e.Kind == EvCmdConsumed) {
			t.Fatalf("event %d (%s): Consumed ok = %v", n, e.Kind, ok)
		}
	}
	for _, k := range []EventKind{EvThreadStart, EvDMAAccess, EvTransReq, EvInvCplReceived, EvCmdsWritten, EvATCInvSent, EvCmdError, EvCmdConsumed} {
		if !seen[k] {
			t.Errorf("the run has no %s event: the test checks nothing of it", k)
		}
	}
	if len(Threads()) != numThreads {
		t.Errorf("Threads() lists %d of %d threads", len(Threads()), numThreads)
	}
}
