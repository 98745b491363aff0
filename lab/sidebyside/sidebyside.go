package sidebyside

import (
	"errors"
	"fmt"

	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// Policies are the two panes' driver policies, left then right.
var Policies = [2]string{"baseline", "series"}

// DefaultMaxEvents bounds each run when Options.MaxEvents is 0: a side by
// side is for reading, and 4 M events is far past what a page shows.
const DefaultMaxEvents = 4 << 20

// Options say what to run.
type Options struct {
	Name      string             // scenario name, used in error positions
	Source    []byte             // scenario text
	Overrides scenario.Overrides // applied to both runs; Policy is ignored (each pane sets its own)
	Seed      uint64             // used when SeedSet, else the scenario's seed, else 1
	SeedSet   bool
	MaxEvents int64 // per run; 0 means DefaultMaxEvents
	Check     bool  // check invariants after every event
}

// Result is the side by side of two runs.
type Result struct {
	Scenario   string      `json:"scenario"`
	Title      string      `json:"title"`
	Seed       uint64      `json:"seed"`
	Panes      [2]Pane     `json:"panes"`
	Divergence *Divergence `json:"divergence"` // nil: the runs are identical

	// Sims are the two finished runs (left = baseline), for snapshots and
	// GoTo; the page keeps them.
	Sims [2]*sim.Sim `json:"-"`

	idx [2]countIndex
}

// Pane is one run's totals.
type Pane struct {
	Policy  string      `json:"policy"`
	Events  int64       `json:"events"`
	EndNS   int64       `json:"end_ns"`
	Final   Counts      `json:"final"`
	Summary sim.Summary `json:"summary"`
	// Core is where the IOMMU core ends (sim.Sim.CoreState): upstream's
	// core and the series' differ after a failed reset even when the
	// counters agree.
	Core string `json:"core"`
}

// Run parses the scenario twice (baseline, series), runs both in
// lock-step and compares them event by event.
func Run(o Options) (*Result, error) {
	if o.MaxEvents <= 0 {
		o.MaxEvents = DefaultMaxEvents
	}
	r := &Result{Scenario: o.Name}
	for i, pol := range Policies {
		ov := o.Overrides
		ov.Policy = pol
		if pol != "series" {
			ov.Strategy = "" // a strategy only applies to the series
		}
		sc, err := scenario.ParseWith(o.Name, o.Source, ov)
		if err != nil {
			return nil, err
		}
		// Refuse before any work a run that would pass the bound anyway:
		// the lock-step found out only after millions of events.
		if est := sim.EstimateEvents(sc); est > o.MaxEvents {
			return nil, fmt.Errorf("%w: the %s run needs about %d events, over the bound of %d; use fewer unmaps or endpoints", ErrTooLong, pol, est, o.MaxEvents)
		}
		s, err := sim.New(sc, sc.RunSeed(o.Seed, o.SeedSet))
		if err != nil {
			return nil, err
		}
		s.SetChecks(o.Check)
		r.Sims[i] = s
		r.Seed, r.Title = s.Seed(), sc.Title
	}
	if err := r.lockStep(o.MaxEvents); err != nil {
		return nil, err
	}
	r.finishSyncs()
	for i, s := range r.Sims {
		r.idx[i] = buildIndex(s)
		r.Panes[i] = Pane{Policy: Policies[i], Events: s.N(), EndNS: int64(s.Now()),
			Final: r.CountsAt(i, s.N()), Summary: s.Summary(), Core: s.CoreState()}
	}
	return r, nil
}

// ErrTooLong is returned when a run exceeds MaxEvents.
var ErrTooLong = errors.New("sidebyside: run too long")

// lockStep advances both runs one event at a time until both programs are
// done, comparing each pair of events as it is produced.
func (r *Result) lockStep(max int64) error {
	var done [2]bool
	var logs [2]int
	for !done[0] || !done[1] {
		var lines [2][]sim.LogLine
		for i, s := range r.Sims {
			if done[i] {
				continue
			}
			if s.ProgramDone() || !s.Step() {
				done[i] = true
				continue
			}
			if s.N() > max {
				return fmt.Errorf("%w: the %s run passed %d events", ErrTooLong, Policies[i], max)
			}
			l := s.Log()
			lines[i] = l[logs[i]:]
			logs[i] = len(l)
		}
		if r.Divergence == nil {
			r.compare(done, lines)
		}
	}
	return nil
}
