package sim

import "testing"

// TestNoStaleTimeoutBit: with an ATS timeout above the 1 s poll budget the
// issuer gives up before the ISR marks its CMD_SYNC's slot in
// atc_sync_timeouts. The bit must not survive until the queue wraps and an
// unrelated CMD_SYNC in the same slot reads it as its own -EIO (with qs=4
// a TLBI sync in slot 0x04 did, issue 14 item 5).
func TestNoStaleTimeoutBit(t *testing.T) {
	const src = `smmu qs=4 ats-timeout=2500ms
policy series batch=4
domain vm0 pages=8
endpoints 2 dma=off
broken ep1
workload unmaps=12 period=500ms
`
	s := mustSim(t, "long.scn", src, 1)
	if err := s.RunProgram(0); err != nil {
		t.Fatal(err)
	}
	timeouts := 0
	for n := int64(1); n <= s.Recorded(); n++ {
		ev := s.Event(n)
		if ev.Kind != EvIssuerDone {
			continue
		}
		switch int64(ev.B) {
		case errEIO:
			t.Errorf("event %d: CMD_SYNC at %#x returned -EIO: nobody's ATC invalidation failed in that submission", n, ev.A)
		case errETIMEDOUT:
			timeouts++
		}
	}
	if timeouts == 0 {
		t.Error("no -ETIMEDOUT: the poll budget should run out before the 2.5 s ATS timeout")
	}
	if s.Summary().ATCTimeouts == 0 {
		t.Error("the SMMU never reported the ATC timeouts")
	}
}
