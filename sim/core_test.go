package sim

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// runAllOf runs a scenario text to its end with every invariant checked.
func runAllOf(t *testing.T, src string) *Sim {
	t.Helper()
	s := mustSim(t, "t.scn", src, 1)
	if err := s.RunProgram(0); err != nil {
		t.Fatal(err)
	}
	return s
}

// eventsOf lists the run's events of one kind, narrated.
func eventsOf(s *Sim, k EventKind) []string {
	var out []string
	for n := int64(1); n <= s.N(); n++ {
		if e := s.Event(n); e.Kind == k {
			out = append(out, s.Describe(e))
		}
	}
	return out
}

// TestBaselineCoreIsUpstream: before the series the core is upstream
// v7.1's. pci_dev_reset_iommu_done(pdev) takes no result and always
// re-attaches group->domain, so a failed FLR leaves the device unblocked
// with ATS on, and nothing is quarantined; probing a reset method still
// goes through prepare()/done(). The series keeps the device blocked as
// BLOCKED_BROKEN and does not touch the IOMMU for a probe.
func TestBaselineCoreIsUpstream(t *testing.T) {
	fail := "policy %s\nendpoints 2\nflr ep0 result=fail\nrun\n"
	b := runAllOf(t, fmt.Sprintf(fail, "baseline"))
	if st, ats, eats := metricOf(t, b, "ep0.state"), metricOf(t, b, "ep0.ats"), metricOf(t, b, "ep0.eats"); st != BlockedNo || ats != "on" || eats != int64(1) {
		t.Errorf("baseline after a failed FLR: %v, ATS %v, EATS %v; want %s, ATS on, EATS 1 (done() re-attaches whatever the result)", st, ats, eats, BlockedNo)
	}
	if q := b.Summary().Quarantined; len(q) != 0 {
		t.Errorf("baseline quarantined %v; upstream has no quarantine", q)
	}
	if got := eventsOf(b, EvDone); !slices.Equal(got, []string{"pci_dev_reset_iommu_done(ep0): blocked false, reset_depth 0"}) {
		t.Errorf("baseline done(): %q", got)
	}
	if got := eventsOf(b, EvPrepare); !slices.Equal(got, []string{"pci_dev_reset_iommu_prepare(ep0): reset_depth 1, blocked true"}) {
		t.Errorf("baseline prepare(): %q", got)
	}
	if v := b.Violations(); len(v) != 0 {
		t.Errorf("baseline: %v", v)
	}

	s := runAllOf(t, fmt.Sprintf(fail, "series"))
	if st := metricOf(t, s, "ep0.state"); st != BlockedBroken {
		t.Errorf("series after a failed FLR: %v, want %s", st, BlockedBroken)
	}
	if q := s.Summary().Quarantined; !slices.Equal(q, []string{"ep0"}) {
		t.Errorf("series quarantined %v, want [ep0]", q)
	}
	if got := eventsOf(s, EvDone); !slices.Equal(got, []string{"pci_dev_reset_iommu_done(ep0, failed): BLOCKED_BROKEN, reset_depth 0"}) {
		t.Errorf("series done(): %q", got)
	}

	probe := "policy %s\nendpoints 2\nflr ep0 probe\nrun\n"
	b = runAllOf(t, fmt.Sprintf(probe, "baseline"))
	if len(eventsOf(b, EvPrepare)) != 1 || len(eventsOf(b, EvDone)) != 1 || len(eventsOf(b, EvFLRStarted)) != 0 {
		t.Errorf("baseline probe: prepare %q, done %q, FLR %q; want prepare and done around no FLR",
			eventsOf(b, EvPrepare), eventsOf(b, EvDone), eventsOf(b, EvFLRStarted))
	}
	if st, ats := metricOf(t, b, "ep0.state"), metricOf(t, b, "ep0.ats"); st != BlockedNo || ats != "on" {
		t.Errorf("baseline after a probe: %v, ATS %v", st, ats)
	}
	s = runAllOf(t, fmt.Sprintf(probe, "series"))
	if n := len(eventsOf(s, EvPrepare)) + len(eventsOf(s, EvDone)) + len(eventsOf(s, EvSTEWritten)); n != 0 {
		t.Errorf("series probe touched the IOMMU (%d prepare/done/STE events); v4 patch 1 says it must not", n)
	}
}

// TestAttachRefusedDuringRecovery: while a group's recovery_cnt is
// non-zero the core refuses an attach with -EBUSY and the STEs stay on
// the blocking domain (for a BLOCKED_BROKEN device and for one in reset,
// under both policies); a MUST_SUCCEED attach updates group->domain only,
// and done() attaches the recovered device to it. No kernel log line.
func TestAttachRefusedDuringRecovery(t *testing.T) {
	s := runAllOf(t, `policy series
domain vm0
domain vm1 pages=16
endpoints 2 domain=vm0 dma=off
broken ep1
workload unmaps=1
at 20ms attach ep1 domain=vm1
run until=25ms
`)
	if d, eats := metricOf(t, s, "ep1.domain"), metricOf(t, s, "ep1.eats"); d != "blocking" || eats != int64(0) {
		t.Errorf("attach to a BLOCKED_BROKEN device: ep1 on %v with EATS %v, want the blocking domain", d, eats)
	}
	refused := eventsOf(s, EvSetDomain)
	if len(refused) != 1 || !strings.Contains(refused[0], "-EBUSY") {
		t.Errorf("SetDomain events %q, want one -EBUSY", refused)
	}
	for _, l := range s.Log() {
		if strings.Contains(l.Text, "EBUSY") || strings.Contains(l.Text, "attach") {
			t.Errorf("the kernel does not log a refused attach: %q", l.Text)
		}
	}
	if v := s.Violations(); len(v) != 0 {
		t.Errorf("violations: %v", v)
	}

	for _, pol := range []string{"baseline", "series"} {
		// The attach waits for group->mutex while prepare() blocks ep1,
		// then finds recovery_cnt 1; done() returns ep1 to vm0.
		s := runAllOf(t, "policy "+pol+"\ndomain vm0\ndomain vm1 pages=16\nendpoints 2 domain=vm0 dma=off\nat 1ms flr ep1\nat 1ms attach ep1 domain=vm1\n"+
			"run until=50ms\nexpect ep1.domain == blocking\nrun\nexpect ep1.domain == vm0\nexpect ep1.state == BLOCKED_NO\n")
		for _, r := range s.Results() {
			if !r.OK {
				t.Errorf("%s: line %d: %s (got %s)", pol, r.Pos.Line, r.Text, r.Got)
			}
		}
		if r := eventsOf(s, EvSetDomain); len(r) != 1 || !strings.Contains(r[0], "-EBUSY") {
			t.Errorf("%s: SetDomain events %q", pol, r)
		}
		if v := s.Violations(); len(v) != 0 {
			t.Errorf("%s: violations: %v", pol, v)
		}
	}

	// MUST_SUCCEED: through the fence, group->domain only; done() applies it.
	s = runAllOf(t, `policy series
domain vm0
domain vm1 pages=16
endpoints 2 domain=vm0 dma=off
broken ep1
workload unmaps=1
at 20ms attach ep1 domain=vm1 must-succeed
run until=25ms
expect ep1.domain == blocking
at 30ms flr ep1
run
expect ep1.domain == vm1
expect ep1.ats == on
`)
	for _, r := range s.Results() {
		if !r.OK {
			t.Errorf("line %d: %s (got %s)", r.Pos.Line, r.Text, r.Got)
		}
	}
	if r := eventsOf(s, EvSetDomain); len(r) != 1 || !strings.Contains(r[0], "MUST_SUCCEED") {
		t.Errorf("SetDomain events %q", r)
	}

	// Attaching the domain the group already has does nothing.
	s = runAllOf(t, "policy series\nendpoints 2\nattach ep1 domain=vm0\nrun\n")
	if n := len(eventsOf(s, EvSTEWritten)); n != 0 {
		t.Errorf("attach to the current domain wrote %d STEs", n)
	}
}
