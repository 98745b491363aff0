package sim

import (
	"fmt"

	"github.com/smmuplay/smmuplay/sim/scenario"
)

// One work-and-memory budget bounds every simulation, whoever asks for it:
// a URL, the JS API, a postMessage, the lab or the CLI. A Sim keeps every
// event it ran (for seeking) and a copy of the machine every
// checkpointEvery events, so its memory grows with events × endpoints:
// measured natively, about 45 bytes per event plus 0.07 bytes per event
// and endpoint (the checkpoints). CostBase folds the first term into the
// second, so the cost of a run is
//
//	events × (endpoints + CostBase)
//
// and MaxCost keeps the largest run near 550 MB, which the browser's wasm
// memory holds with room to spare (a run that overflowed it made the Go
// runtime exit and left the page on "Loading the simulator…").
const (
	CostBase = 640
	MaxCost  = 8_000_000_000
)

// MaxEventsFor is the most events a run with this many endpoints may
// execute within the budget.
func MaxEventsFor(endpoints int) int64 {
	return MaxCost / int64(max(endpoints, 0)+CostBase)
}

// MaxEvents is the most events this run may execute.
func (s *Sim) MaxEvents() int64 { return s.maxEvents }

// BudgetError says a request would exceed the budget: before the work
// starts when Estimated, else when the run reached the bound.
type BudgetError struct {
	Events    int64 // what was asked for (or estimated); the bound when reached
	Max       int64 // MaxEventsFor(Endpoints)
	Endpoints int
	Estimated bool // Events is the scenario's estimate, checked before the run
	Asked     bool // Events is an event number someone asked to go to
}

func (e *BudgetError) Error() string {
	limit := fmt.Sprintf("a run of %d endpoints may execute at most %d events (events × (endpoints + %d) ≤ %d)",
		e.Endpoints, e.Max, CostBase, int64(MaxCost))
	switch {
	case e.Estimated:
		return fmt.Sprintf("sim: this scenario needs about %d events, over the budget: %s; use fewer unmaps or endpoints", e.Events, limit)
	case e.Asked:
		return fmt.Sprintf("sim: event %d is past the budget: %s", e.Events, limit)
	}
	return fmt.Sprintf("sim: the run stopped at event %d, the budget: %s; use fewer unmaps or endpoints", e.Events, limit)
}

// EstimateEvents is a lower estimate of the events sc's program runs, from
// its workload (a `run events=N` line may end early, when nothing is left
// to do, so it does not count). It errs low on purpose: a run
// it lets through is still stopped at the bound, but a run it refuses
// would really have gone over. The per-unmap rate is fitted to the default
// scenario (N endpoints sharing the workload's domain): 15.8 events per
// unmap for 1 endpoint, 44 for 8, 253 for 64, 983 for 256, 5010 for 1024.
func EstimateEvents(sc *scenario.Scenario) int64 {
	var n int64
	if wl := sc.Workload; wl != nil {
		inDomain := 0
		for _, ep := range sc.Endpoints {
			if ep.Domain == wl.Domain {
				inDomain++
			}
		}
		n += int64(wl.Unmaps) * (12 + 38*int64(inDomain)/10)
	}
	return n
}

// checkBudget refuses a scenario whose estimate is over the budget.
func checkBudget(sc *scenario.Scenario) error {
	max := MaxEventsFor(len(sc.Endpoints))
	if est := EstimateEvents(sc); est > max {
		return &BudgetError{Events: est, Max: max, Endpoints: len(sc.Endpoints), Estimated: true}
	}
	return nil
}
