package sim

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// fullQueueScenario stops the queue on an illegal command with the rest
// of it (127 of 128 slots) written behind, and routes the GERROR IRQ so
// late (1.5 s) that the issuer's unmap polls its whole budget for space.
func fullQueueScenario(policy string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "smmu qs=7 irq-cpu=0 irq-latency=1500ms\npolicy %s issuer-cpu=0\nendpoints 2\nworkload unmaps=1 start=1us\n", policy)
	b.WriteString("cmd raw dw0=0xff dw1=0x0\n")
	for i := 0; i < 126; i++ {
		b.WriteString("cmd sync\n")
	}
	b.WriteString("run\n")
	return b.String()
}

// TestIssuerClearsItsOwnErrorWhenQueueFull: waiting for queue space, the
// series' issuer that runs out of its poll budget prints "CMDQ timeout"
// and co-clears the CMDQ_ERR itself (patch 15), so the queue moves at 1 s;
// the baseline only complains and waits for the handler at 1.5 s.
func TestIssuerClearsItsOwnErrorWhenQueueFull(t *testing.T) {
	tail := []string{
		"CMDQ error (cons 0x01000000): Illegal command",
		"skipping command in error state:",
		"\t0x00000000000000ff",
		"\t0x0000000000000000",
	}
	for _, c := range []struct {
		policy string
		want   []string
		at     Time // when the queue moves again
	}{
		{"series", append([]string{"CMDQ timeout"}, tail...), Second + 1*Microsecond},
		{"baseline", append([]string{"CMDQ timeout", "unexpected global error reported (0x00000001), this could be serious"}, tail...), 1500 * Millisecond},
	} {
		s := mustSim(t, "full.scn", fullQueueScenario(c.policy), 1)
		if err := s.RunProgram(0); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, l := range s.Log() {
			got = append(got, l.Text)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: log\n%q\nwant\n%q", c.policy, got, c.want)
		}
		spaceTimeouts := 0
		for n := int64(1); n <= s.N(); n++ {
			if e := s.Event(n); e.Kind == EvPollTimeout && e.B == 1 {
				spaceTimeouts++
				if th, _ := e.ThreadOf(); th != ThreadIssuer || e.T < Second || e.T > Second+10*Microsecond {
					t.Errorf("%s: space poll timeout by %s at %s", c.policy, th, e.T)
				}
			}
		}
		if spaceTimeouts != 1 {
			t.Errorf("%s: %d space poll timeouts, want 1", c.policy, spaceTimeouts)
		}
		if l := s.Log(); len(l) < 2 || l[len(l)-1].T < c.at || l[len(l)-1].T > c.at+10*Microsecond {
			t.Errorf("%s: the error was cleared at %s, want %s", c.policy, l[len(l)-1].T, c.at)
		}
	}
}

// TestITagStallWaitsForTheFirstDeadline: a 33rd ATC_INV to a function
// whose 32 ITags are all in flight stalls the consumer until the first
// request's deadline releases its ITag (ATS timeout after it was sent),
// then goes out with that ITag.
func TestITagStallWaitsForTheFirstDeadline(t *testing.T) {
	var b strings.Builder
	b.WriteString("policy none\nendpoint ep0 behavior=unresponsive dma=off\n")
	for i := 0; i < 33; i++ {
		b.WriteString("cmd atc-inv sid=0x100 all\n")
	}
	b.WriteString("cmd sync\nrun\n")
	s := mustSim(t, "itags.scn", b.String(), 1)
	if err := s.RunProgram(0); err != nil {
		t.Fatal(err)
	}
	var sent []Event
	var stalls []Event
	for n := int64(1); n <= s.N(); n++ {
		switch e := s.Event(n); e.Kind {
		case EvATCInvSent:
			sent = append(sent, e)
		case EvITagStall:
			stalls = append(stalls, e)
		}
	}
	if len(sent) != 33 {
		t.Fatalf("%d Invalidate Requests sent, want 33", len(sent))
	}
	deadline := sent[0].T + Time(s.Scenario().SMMU.ATSTimeout)
	if len(stalls) != 2 || stalls[0].B != 0 || stalls[0].T < sent[31].T || stalls[0].T > sent[31].T+Microsecond || stalls[1].B != 1 || stalls[1].T != deadline {
		t.Fatalf("stalls %+v: want one at the 33rd ATC_INV (after %d ns) and its release at the first deadline %d ns", stalls, sent[31].T, deadline)
	}
	if inv, _ := sent[32].ATCInv(); sent[32].T < deadline || sent[32].T > deadline+Microsecond || inv.ITag != 0 {
		t.Fatalf("33rd request at %d ns with ITag %d, want just after %d ns with the released ITag 0", sent[32].T, inv.ITag, deadline)
	}
}
