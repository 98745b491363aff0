package sim

import (
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/sim/builtin"
)

func runBuiltin(t *testing.T, name string) *Sim {
	t.Helper()
	src, ok := builtin.Source(name)
	if !ok {
		t.Fatalf("no built-in %s", name)
	}
	s := mustSim(t, name, string(src), 1)
	if err := s.RunProgram(0); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSFMSubmissionsPoll: after Service Failure Mode the driver does not
// know the SMMU is off. Each submission writes its commands and PROD and
// polls its CMD_SYNC for the whole budget before -ETIMEDOUT and the
// "CMD_SYNC timeout" line (issue 14 item 7); it does not fail at once.
func TestSFMSubmissionsPoll(t *testing.T) {
	s := runBuiltin(t, "sfm-timeout")
	budget := Time(s.Scenario().Policy.PollBudget)
	var sfmAt Time = -1
	written := map[uint64]Time{} // CMD_SYNC position -> time written
	after := 0
	for n := int64(1); n <= s.Recorded(); n++ {
		ev := s.Event(n)
		switch ev.Kind {
		case EvISR:
			if ev.A&GERRORSFMErr != 0 {
				sfmAt = ev.T
			}
		case EvCmdsWritten:
			if sfmAt >= 0 {
				written[(ev.C-1)&uint64(s.m.posMask())] = ev.T
			}
		case EvIssuerDone:
			at, ok := written[ev.A]
			if sfmAt < 0 || !ok {
				continue
			}
			after++
			if int64(ev.B) != errETIMEDOUT || ev.T-at < budget {
				t.Errorf("event %d: CMD_SYNC at %#x written at %v returned %d at %v: want -ETIMEDOUT after the %v budget", n, ev.A, at, int64(ev.B), ev.T, budget)
			}
		}
	}
	if sfmAt < 0 || after < 2 {
		t.Fatalf("SFM at %v, %d submissions after it: want SFM and at least 2", sfmAt, after)
	}
	log := s.FormatLog(s.Log())
	if n := strings.Count(log, "CMD_SYNC timeout at"); n != 3 {
		t.Errorf("%d CMD_SYNC timeout lines, want 3:\n%s", n, log)
	}
}

// TestGBPAAbort: with CR0.SMMUEN = 0 the SMMU reads no STE; incoming DMA
// follows SMMU_GBPA, and Linux keeps ABORT set.
func TestGBPAAbort(t *testing.T) {
	s := runBuiltin(t, "sfm-timeout")
	if s.m.smmu.cr0&cr0SMMUEN != 0 {
		t.Fatal("the SMMU is still enabled after SFM")
	}
	gbpa := 0
	for n := int64(1); n <= s.Recorded(); n++ {
		ev := s.Event(n)
		if ev.Kind == EvDMAAccess && ev.C&0xff == DMAGBPA {
			gbpa++
		}
		if ev.Kind == EvDMAAccess && ev.T > 2*Millisecond && ev.C&0xff != DMAGBPA {
			t.Errorf("event %d: DMA with the SMMU off was not aborted by GBPA: %s", n, s.Describe(ev))
		}
	}
	if gbpa != 1 {
		t.Errorf("%d GBPA aborts, want 1", gbpa)
	}
}

// TestCmdlistRatelimit: the CMD_SYNC timeout message goes through
// dev_err_ratelimited: ten per five seconds, then ___ratelimit's report.
func TestCmdlistRatelimit(t *testing.T) {
	s := mustSim(t, "t.scn", "endpoint ep0 dma=off\n", 1)
	m := s.m
	for range 12 {
		m.logRatelimited(&m.drv.rlSync, fmtSyncTimeout, 3, 4, 3)
	}
	m.now += 5*Second + 1
	m.logRatelimited(&m.drv.rlSync, fmtSyncTimeout, 3, 4, 3)
	var got []string
	for _, l := range m.out.logs {
		got = append(got, l.text)
	}
	if len(got) != 12 || got[10] != "arm_smmu_cmdq_issue_cmdlist: 2 callbacks suppressed" || !m.out.logs[10].bare {
		t.Errorf("log = %q", got)
	}
}
