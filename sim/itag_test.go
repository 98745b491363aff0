package sim

import "testing"

// TestLateCompletionReusedITag: ep0 answers 3 ms after each request but
// the SMMU gives up after 2 ms, releases ITag 0 and reuses it. The late
// completion for the first request names only ITag 0, so it completes the
// second request (PCIe ATS: completions are matched by ITag; the TA may
// reuse an ITag once a vendor-specific timeout released it). The second
// request's own completion then finds no request holding ITag 0 and is
// dropped (issue 14 item 8). Matching by a sequence number, as before,
// dropped the first and let the second time out as well.
func TestLateCompletionReusedITag(t *testing.T) {
	const src = `smmu ats-timeout=2ms
policy none
endpoint ep0 sids=0x100 dma=off behavior=slow slow-delay=3ms
cmd atc-inv sid=0x100 all
cmd sync
run until=2500us
ack
run until=2600us
cmd atc-inv sid=0x100 all
cmd sync
run
`
	s := mustSim(t, "itag.scn", src, 1)
	if err := s.RunProgram(0); err != nil {
		t.Fatal(err)
	}
	var outcomes []uint64
	for n := int64(1); n <= s.Recorded(); n++ {
		if ev := s.Event(n); ev.Kind == EvInvCplReceived {
			if ev.A != 0 {
				t.Errorf("event %d: ITag %d, want 0 (reused)", n, ev.A)
			}
			outcomes = append(outcomes, ev.B)
		}
	}
	if len(outcomes) != 2 || outcomes[0] != cplAliased || outcomes[1] != cplUnknown {
		t.Errorf("completion outcomes %v, want [%d %d] (late one counted for the reused ITag, then a stray)", outcomes, cplAliased, cplUnknown)
	}
	if c := s.m.counts; c.CmdqErrors != 1 || c.CmdSyncs != 2 || c.AliasedCpls != 1 || c.StrayCpls != 1 {
		t.Errorf("counts %+v: want 1 CMDQ error, 2 CMD_SYNCs, 1 aliased, 1 stray completion", c)
	}
}

// TestITagVectorAndCount: one Invalidate Completion may complete several
// ITags (its ITag Vector), and a request is complete only when the
// Completion Count of completions arrived (one per Traffic Class).
func TestITagVectorAndCount(t *testing.T) {
	const src = `smmu ats-timeout=1ms
policy none
endpoint ep0 sids=0x100 dma=off behavior=unresponsive
cmd atc-inv sid=0x100 all
cmd atc-inv sid=0x100 all
cmd sync
`
	s := mustSim(t, "vec.scn", src, 1)
	// Eight events: the three lines, two requests sent, the CMD_SYNC
	// waiting, both requests received; the 1 ms timeout is still ahead.
	s.RunWhile(func(s *Sim) bool { return s.N() < 8 }, 0)
	m := s.m
	if len(m.invs) != 2 || m.invs[0].itag != 0 || m.invs[1].itag != 1 {
		t.Fatalf("outstanding requests %+v: want ITags 0 and 1", m.invs)
	}
	// Two completions, each for ITags 0 and 1, with Completion Count 2.
	m.invCplArrive(0, 0b11, m.invs[0].seq|2<<cplCCShift)
	if m.invs[0].done || m.invs[1].done || m.invs[0].got != 1 || m.invs[1].got != 1 {
		t.Fatalf("after one of two completions: %+v", m.invs)
	}
	m.invCplArrive(0, 0b11, m.invs[0].seq|2<<cplCCShift)
	if !m.invs[0].done || !m.invs[1].done || m.invNotDone != 0 {
		t.Fatalf("after both completions: %+v (not done %d)", m.invs, m.invNotDone)
	}
	// A Completion Count of 0 means 8 completions.
	m.invs[0].done, m.invs[0].got, m.invNotDone = false, 0, 1
	for i := 0; i < 7; i++ {
		m.invCplArrive(0, 0b1, m.invs[0].seq)
	}
	if m.invs[0].done {
		t.Fatal("CC=0 completed after 7 completions, want 8")
	}
	m.invCplArrive(0, 0b1, m.invs[0].seq)
	if !m.invs[0].done {
		t.Fatal("CC=0 did not complete after 8 completions")
	}
	// ITag 2 was never sent: dropped.
	m.invCplArrive(0, 0b100, 1<<cplCCShift)
	if m.counts.StrayCpls != 1 {
		t.Errorf("a completion for ITag 2 was not dropped: %+v", m.counts)
	}
}
