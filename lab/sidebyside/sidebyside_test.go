package sidebyside

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/builtin"
	"github.com/smmuplay/smmuplay/sim/cmdq"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

func runBuiltin(t *testing.T, name string, ov scenario.Overrides) *Result {
	t.Helper()
	src, ok := builtin.Source(name)
	if !ok {
		t.Fatalf("no built-in %q", name)
	}
	r, err := Run(Options{Name: name, Source: src, Overrides: ov})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// firstSyncAfterSilence finds, from the events alone, the first CMD_SYNC
// (in queue order) after the first Invalidate Request an endpoint left
// unanswered: where the endpoint is first seen to stop answering.
func firstSyncAfterSilence(t *testing.T, s *sim.Sim) (pos uint32, ignored int64) {
	t.Helper()
	for n := int64(1); n <= s.N(); n++ {
		e := s.Event(n)
		if e.Kind != sim.EvInvReqReceived || e.B != 1 {
			continue
		}
		// The CMD_ATC_INV that sent this request.
		var sent int64
		for m := n - 1; m >= 1; m-- {
			x := s.Event(m)
			if x.Kind == sim.EvATCInvSent && x.EP == e.EP && x.B == e.A {
				sent = m
				break
			}
		}
		if sent == 0 {
			t.Fatalf("event %d: no CMD_ATC_INV sent the ignored request", n)
		}
		// The consumer's next stop at a CMD_SYNC after that command.
		for m := sent + 1; m <= s.N(); m++ {
			x := s.Event(m)
			if x.Kind == sim.EvSyncWaiting || x.Kind == sim.EvSyncCompleted {
				return uint32(x.A), n
			}
		}
		t.Fatalf("no CMD_SYNC after event %d", sent)
	}
	t.Fatal("no endpoint ever left an Invalidate Request unanswered")
	return 0, 0
}

// TestBaselineSpamDivergence: the acceptance test. The two drivers act
// alike until the first CMD_SYNC after ep2 stops answering; there the
// baseline's issuer is told 0 and the series' -EIO.
func TestBaselineSpamDivergence(t *testing.T) {
	r := runBuiltin(t, "baseline-spam", scenario.Overrides{})
	d := r.Divergence
	if d == nil {
		t.Fatal("the runs did not diverge")
	}
	base, series := r.Sims[0], r.Sims[1]
	for n := int64(1); n < d.Event; n++ {
		if base.Event(n) != series.Event(n) {
			t.Fatalf("event %d differs before the divergence point %d", n, d.Event)
		}
	}
	if base.Event(d.Event) == series.Event(d.Event) && d.Reason == "event" {
		t.Fatalf("event %d is the same in both runs", d.Event)
	}
	want, ignored := firstSyncAfterSilence(t, base)
	if ignored >= d.Event {
		t.Fatalf("the endpoint stopped answering at event %d, after the divergence %d", ignored, d.Event)
	}
	for i, run := range d.Runs {
		ref := run.Sync
		if ref == nil {
			t.Fatalf("%s: the diverging event %q names no CMD_SYNC", Policies[i], run.Text)
		}
		if ref.Pos != want {
			t.Errorf("%s: divergence belongs to the CMD_SYNC at 0x%x, want the first after the silence, 0x%x", Policies[i], ref.Pos, want)
		}
		if ref.Error == 0 || ref.Error >= d.Event || ref.CERROR != uint64(cmdq.CErrorATCInvSync) {
			t.Errorf("%s: CMD_SYNC %+v: want a CERROR_ATC_INV_SYNC before event %d", Policies[i], ref, d.Event)
		}
		if run.Kind != "IssuerDone" || ref.Returned != d.Event {
			t.Errorf("%s: diverging event is %s (%q), want the issuer's return from that CMD_SYNC", Policies[i], run.Kind, run.Text)
		}
	}
	if got := d.Runs[0].Sync.Ret; got != 0 {
		t.Errorf("baseline issuer returned %d, want 0 (the error is invisible to it)", got)
	}
	if got := d.Runs[1].Sync.Ret; got != -5 {
		t.Errorf("series issuer returned %d, want -EIO", got)
	}
	t.Logf("divergence at event %d (%s): %q | %q", d.Event, sim.Time(d.TimeNS), d.Runs[0].Text, d.Runs[1].Text)
}

// TestCountsMatchSummary: counts derived from events agree with the
// simulator's own counters at the end of both runs.
func TestCountsMatchSummary(t *testing.T) {
	for _, name := range []string{"baseline-spam", "one-broken-of-8", "same-cpu"} {
		r := runBuiltin(t, name, scenario.Overrides{})
		for i, p := range r.Panes {
			s := p.Summary
			want := Counts{ATCTimeouts: s.ATCTimeouts, CmdSyncs: s.CmdSyncs, CorruptDMA: s.CorruptDMA, LogLines: s.LogLines}
			if p.Final != want {
				t.Errorf("%s %s: counts %+v, summary says %+v", name, Policies[i], p.Final, want)
			}
		}
		if r.Panes[0].Final.CorruptDMA == 0 && name == "baseline-spam" {
			t.Errorf("baseline-spam: no corrupt DMA in the baseline pane")
		}
	}
}

// TestTimeline: At is monotonic, agrees with event times and CountsAt.
func TestTimeline(t *testing.T) {
	r := runBuiltin(t, "baseline-spam", scenario.Overrides{Unmaps: 5})
	prev := Point{}
	for _, p := range r.Ticks(64) {
		for i, s := range r.Sims {
			n := p.Event[i]
			if n < prev.Event[i] {
				t.Fatalf("pane %d: event index went back at %d ns", i, p.TimeNS)
			}
			if n > 0 && int64(s.Event(n).T) > p.TimeNS {
				t.Fatalf("pane %d: event %d at %d is after %d", i, n, s.Event(n).T, p.TimeNS)
			}
			if n < s.N() && int64(s.Event(n+1).T) <= p.TimeNS {
				t.Fatalf("pane %d: event %d at %d is not the last at or before %d", i, n, s.Event(n+1).T, p.TimeNS)
			}
			if p.Counts[i] != r.CountsAt(i, n) {
				t.Fatalf("pane %d: counts differ", i)
			}
		}
		prev = p
	}
	end := r.At(r.EndNS())
	for i := range r.Sims {
		if end.Counts[i] != r.Panes[i].Final {
			t.Errorf("pane %d: counts at the end %+v != final %+v", i, end.Counts[i], r.Panes[i].Final)
		}
	}
}

// TestIdenticalRuns: with nothing broken the drivers never differ.
func TestIdenticalRuns(t *testing.T) {
	r := runBuiltin(t, "healthy-unmap", scenario.Overrides{})
	if r.Divergence != nil {
		t.Fatalf("healthy run diverged: %+v", r.Divergence)
	}
	if r.Panes[0].Events != r.Panes[1].Events {
		t.Fatalf("event counts %d and %d", r.Panes[0].Events, r.Panes[1].Events)
	}
}

func TestJSONShape(t *testing.T) {
	r := runBuiltin(t, "seed-log", scenario.Overrides{})
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	json.Unmarshal(b, &m)
	for _, k := range []string{"scenario", "seed", "panes", "divergence"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, b)
		}
	}
}

func TestBadScenario(t *testing.T) {
	_, err := Run(Options{Name: "x.scn", Source: []byte("smmu qz=1\n")})
	if err == nil {
		t.Fatal("no error")
	}
}

// TestTooLongRefusedFirst: a run the estimate already puts past the bound
// is refused before either run starts (the page froze 4 s for the error).
func TestTooLongRefusedFirst(t *testing.T) {
	_, err := Run(Options{Name: "big.scn", Source: []byte("endpoints 64\nworkload unmaps=20000\nrun\n"), MaxEvents: 1 << 20})
	if !errors.Is(err, ErrTooLong) || !strings.Contains(err.Error(), "needs about") {
		t.Fatalf("err = %v, want ErrTooLong from the estimate", err)
	}
}

// TestFailedResetDiverges: the baseline is upstream's core, whose done()
// takes no result and re-attaches; the series keeps a device whose reset
// failed blocked. The two runs part at that done(), and the panes say
// where each core ends and what each quarantined.
func TestFailedResetDiverges(t *testing.T) {
	r, err := Run(Options{Name: "t.scn", Source: []byte("endpoints 2\nflr ep0 result=fail\nrun\n")})
	if err != nil {
		t.Fatal(err)
	}
	d := r.Divergence
	if d == nil || d.Runs[0].Kind != "Done" || d.Runs[1].Kind != "Done" {
		t.Fatalf("divergence %+v, want at done()", d)
	}
	if got := d.Runs[0].Text + " | " + d.Runs[1].Text; got != "pci_dev_reset_iommu_done(ep0): blocked false, reset_depth 0 | pci_dev_reset_iommu_done(ep0, failed): BLOCKED_BROKEN, reset_depth 0" {
		t.Errorf("diverging events: %s", got)
	}
	if b, s := r.Panes[0], r.Panes[1]; b.Core != "all BLOCKED_NO recovery_cnt=0" || s.Core != "ep0:BLOCKED_BROKEN recovery_cnt=1" ||
		len(b.Summary.Quarantined) != 0 || len(s.Summary.Quarantined) != 1 {
		t.Errorf("baseline core %q quarantined %v; series core %q quarantined %v", b.Core, b.Summary.Quarantined, s.Core, s.Summary.Quarantined)
	}
}
