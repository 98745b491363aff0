package sim

import (
	"fmt"

	"github.com/smmuplay/smmuplay/sim/scenario"
)

// Inject runs an action line now, as the next event: the page's fault
// buttons (an endpoint goes silent or slow, an FLR that succeeds or
// fails) and anything else a scenario line can do to an endpoint. If the
// viewer had gone back, the recorded future is forgotten first: the run
// forks here. The injection becomes part of the run, so GoTo and
// re-simulation retrace it.
func (s *Sim) Inject(st scenario.Step) error {
	switch st.Kind {
	case scenario.StepBehave, scenario.StepFLR, scenario.StepDMA, scenario.StepAttach:
	default:
		return fmt.Errorf("sim: inject: only behave, flr, dma and attach lines can be injected")
	}
	ep := s.cfg.epIndex(st.Target)
	if ep < 0 {
		return fmt.Errorf("sim: inject: no endpoint %q", st.Target)
	}
	if st.Kind == scenario.StepBehave && st.Behavior == scenario.Slow && st.Delay <= 0 {
		st.Delay = scenario.Duration(5_000_000) // the language's default
	}
	if st.Kind == scenario.StepAttach && st.Domain != "blocking" && s.cfg.domIndex(st.Domain) < 0 {
		return fmt.Errorf("sim: inject: no domain %q", st.Domain)
	}
	st.HasAt = false
	s.forget()
	s.cfg.inj = append(s.cfg.inj, injection{after: s.m.n, step: st})
	if !s.Step() {
		return fmt.Errorf("sim: inject: the injected action did not run") // cannot happen: it runs first
	}
	return nil
}

// Injected returns how many actions were injected into the run so far.
func (s *Sim) Injected() int { return s.m.prog.inj }

// forget drops everything recorded after the current event: the events,
// their log lines, violations and shows, the checkpoints past it, the
// injections that had not happened yet and the choice points met later.
func (s *Sim) forget() {
	n := s.m.n
	if n < s.recorded {
		ci, i := chunkOf(n)
		keep := ci
		if i > 0 {
			keep = ci + 1
		}
		s.chunks = s.chunks[:keep]
		s.cur = nil
		if keep > 0 {
			s.cur = s.chunks[keep-1]
		}
		s.recorded = n
	}
	trimN := func(k int, at func(int) int64) int {
		for k > 0 && at(k-1) > n {
			k--
		}
		return k
	}
	s.logs = s.logs[:trimN(len(s.logs), func(i int) int64 { return s.logs[i].N })]
	s.violations = s.violations[:trimN(len(s.violations), func(i int) int64 { return s.violations[i].N })]
	// A show printed with N == n came from program lines run before
	// event n+1, which the injection now precedes: it will print again.
	k := len(s.shows)
	for k > 0 && s.shows[k-1].N >= n {
		k--
	}
	s.shows = s.shows[:k]
	s.lastShow = -1
	if k > 0 {
		s.lastShow = s.shows[k-1].Step
	}
	keep := int(n/checkpointEvery) + 1
	if keep < len(s.ckpts) {
		s.ckpts = s.ckpts[:keep]
	}
	s.nextCkpt = int64(len(s.ckpts)) * checkpointEvery
	s.cfg.inj = s.cfg.inj[:s.m.prog.inj]
	// Choice points met after n belong to the forgotten future too.
	k = len(s.points)
	for k > 0 && s.points[k-1].N > n {
		k--
	}
	s.points = s.points[:k]
}
