package exercise

import (
	"fmt"
	"strings"

	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// verify checks every fact predict-recovery's prompt and hint state
// against the run, to its end (an FLR may start after the question's
// time): the groups, the unmaps, who is silent, when each reset is
// requested and how its FLR ends, that resets run one at a time in the
// order requested and take recFLRMS, that a silent device is BLOCKED_BROKEN soon
// after the first unmap, and that the answer is the run's.
func (p predictRecovery) verify(seed uint64) error {
	v, err := p.make(seed)
	if err != nil {
		return err
	}
	return p.verifyFacts(v)
}

func (p predictRecovery) verifyFacts(v recVariant) error {
	f := v.facts
	full := strings.Replace(v.src, fmt.Sprintf("run until=%dms\n", f.qMS), "run\n", 1)
	s, err := runToEnd("predict-recovery", full)
	if err != nil {
		return err
	}
	sc := s.Scenario()
	says := func(what, format string, args ...any) error {
		return fmt.Errorf("the prompt says %s, but %s", what, fmt.Sprintf(format, args...))
	}
	for i, e := range sc.Endpoints {
		if want := fmt.Sprintf("g%d", groupOf(f, i)); e.Group != want {
			return says(fmt.Sprintf("ep%d is in %s", i, want), "the scenario puts it in %s", e.Group)
		}
	}
	if sc.PCI.FLRTime != recFLRMS*scenario.Duration(sim.Millisecond) {
		return says(fmt.Sprintf("an FLR takes %d ms", recFLRMS), "the scenario's flr-time is %s", sim.FormatTime(sim.Time(sc.PCI.FLRTime)))
	}
	unmaps := eventsOf(s, sim.EvUnmapRequested)
	if len(unmaps) != recUnmaps {
		return says(fmt.Sprintf("the host unmaps %d times", recUnmaps), "the run has %d unmaps", len(unmaps))
	}
	for i := 1; i < len(unmaps); i++ {
		if d := unmaps[i].T - unmaps[i-1].T; d != recPeriodMS*sim.Millisecond {
			return says("the host unmaps a page every millisecond", "unmaps %d and %d are %s apart", i, i+1, sim.FormatTime(d))
		}
	}
	for _, e := range eventsOf(s, sim.EvBehavior) {
		silent := false
		for _, i := range f.silent {
			silent = silent || int32(i) == e.EP
		}
		if e.A == 1 && (e.T != 0 || !silent) {
			return says(fmt.Sprintf("the silent endpoints are %s, from the start", epList(f.silent)), "ep%d stops answering at %s", e.EP, sim.FormatTime(e.T))
		}
	}
	// The first time each silent endpoint is BLOCKED_BROKEN (the hint: within a
	// few milliseconds of the first unmap).
	for _, i := range f.silent {
		at := sim.Time(-1)
		for _, e := range eventsOf(s, sim.EvWorkRan) {
			if e.EP == int32(i) && e.A == 0 && at < 0 {
				at = e.T
			}
		}
		if at < 0 || at-unmaps[0].T > 10*sim.Millisecond {
			return says(fmt.Sprintf("ep%d, which does not answer, is BLOCKED_BROKEN within a few milliseconds of the first unmap", i), "it is blocked at %s", sim.FormatTime(at))
		}
	}
	// Resets: requested when stated, started one at a time in order,
	// each FLR recFLRMS long and ending as stated.
	var reqs, starts, dones []sim.Event
	for _, e := range eventsOf(s, sim.EvScript) {
		if st := sc.Steps[e.A]; st.Kind == scenario.StepFLR {
			reqs = append(reqs, e)
		}
	}
	starts, dones = eventsOf(s, sim.EvFLRStarted), eventsOf(s, sim.EvFLRDone)
	if len(reqs) != len(f.resets) || len(starts) != len(f.resets) || len(dones) != len(f.resets) {
		return says(fmt.Sprintf("%d resets are requested", len(f.resets)), "the run requests %d, starts %d and ends %d FLRs", len(reqs), len(starts), len(dones))
	}
	free := sim.Time(0) // when the reset thread is free again
	for k, rs := range f.resets {
		req, start, done := reqs[k], starts[k], dones[k]
		if req.EP != int32(rs.ep) || req.T != sim.Time(rs.atMS)*sim.Millisecond {
			return says(fmt.Sprintf("a reset of ep%d is requested at %d ms", rs.ep, rs.atMS), "the run's reset %d is of ep%d at %s", k+1, req.EP, sim.FormatTime(req.T))
		}
		if start.EP != req.EP || done.EP != req.EP {
			return says("resets run in the order they are requested", "FLR %d is of ep%d", k+1, start.EP)
		}
		if rs.starts && start.T-req.T > sim.Millisecond {
			return says(fmt.Sprintf("an FLR of ep%d starts at %d ms", rs.ep, rs.atMS), "it starts at %s: the reset thread is busy until then", sim.FormatTime(start.T))
		}
		if earliest := max(req.T, free); start.T < earliest || start.T-earliest > sim.Millisecond {
			return says("resets run one at a time, in the order they are requested", "ep%d's FLR starts at %s, the thread being free at %s", rs.ep, sim.FormatTime(start.T), sim.FormatTime(earliest))
		}
		if done.T-start.T != recFLRMS*sim.Millisecond {
			return says(fmt.Sprintf("an FLR takes %d ms", recFLRMS), "ep%d's takes %s", rs.ep, sim.FormatTime(done.T-start.T))
		}
		if (done.A == 1) != rs.ok {
			return says(fmt.Sprintf("ep%d's FLR will %s", rs.ep, either(rs.ok, "succeed", "fail")), "it %s", either(done.A == 1, "succeeds", "fails"))
		}
		for _, e := range eventsOf(s, sim.EvPrepare) {
			if e.EP == req.EP && e.T >= req.T && e.T <= start.T && e.T < free {
				return says("a reset still waiting for the reset thread has not touched its device", "ep%d's prepare() runs at %s, before the thread is free", rs.ep, sim.FormatTime(e.T))
			}
		}
		free = done.T
	}
	// The answer is the full run's at the question's time.
	q := sim.Time(f.qMS) * sim.Millisecond
	n := s.N()
	for n > 0 && s.Event(n).T > q {
		n--
	}
	if err := s.GoTo(n); err != nil {
		return err
	}
	for i := 0; i < 4; i++ {
		if got := strMetric(s, fmt.Sprintf("ep%d.state", i)); got != v.states[i] {
			return fmt.Errorf("the answer says ep%d is %s at %d ms, but the run to its end has %s there", i, v.states[i], f.qMS, got)
		}
	}
	return nil
}
