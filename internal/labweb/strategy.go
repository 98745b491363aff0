package labweb

import (
	"fmt"

	"github.com/smmuplay/smmuplay/lab/strategy"
)

// StrategySpec is strategy()'s argument.
type StrategySpec struct {
	N            int    `json:"n"`
	K            int    `json:"k"`
	Placement    string `json:"placement"`      // spread (default), first, last
	Broken       []int  `json:"broken"`         // explicit indices instead of k and placement
	ATSTimeoutNS int64  `json:"ats_timeout_ns"` // 0: every timeout of strategy.Timeouts
	PollBudgetNS int64  `json:"poll_budget_ns"` // 0: auto
	Batch        int    `json:"batch"`          // 0: 64
	Sweep        []int  `json:"sweep"`          // the plot's N values (nil: DefaultSweep)
}

// DefaultSweep is the plot's N values, as smmulab strategy's -sweep.
var DefaultSweep = []int{1, 2, 4, 8, 12, 16, 24, 32, 48, 64}

// MaxSweep bounds the plot's points.
const MaxSweep = 32

// StrategyResult is the table, its text form, the sweep and its plot.
type StrategyResult struct {
	Table *strategy.Table `json:"table"`
	Text  string          `json:"text"`
	Sweep []strategy.Row  `json:"sweep"`
	SVG   string          `json:"svg"`
}

// Strategy measures the table and the plot spec asks for.
func Strategy(spec StrategySpec) (*StrategyResult, error) {
	c := strategy.Config{N: spec.N, K: spec.K, Placement: spec.Placement, Broken: spec.Broken,
		PollBudgetNS: spec.PollBudgetNS, Batch: spec.Batch, ATSTimeoutNS: 1}
	if spec.PollBudgetNS < 0 {
		return nil, fmt.Errorf("poll_budget_ns %d: want a positive time, or 0 for auto", spec.PollBudgetNS)
	}
	var timeouts []int64
	switch {
	case spec.ATSTimeoutNS < 0:
		return nil, fmt.Errorf("ats_timeout_ns %d: want a positive time, or 0 for all of 1ms, 1s, 60s, 90s", spec.ATSTimeoutNS)
	case spec.ATSTimeoutNS > 0:
		timeouts = []int64{spec.ATSTimeoutNS}
	}
	ns := spec.Sweep
	if ns == nil {
		ns = DefaultSweep
	}
	if len(ns) > MaxSweep {
		return nil, fmt.Errorf("sweep: %d values; at most %d", len(ns), MaxSweep)
	}
	for _, n := range ns {
		if n < 1 || n > strategy.MaxN {
			return nil, fmt.Errorf("sweep: N = %d: want 1..%d", n, strategy.MaxN)
		}
	}
	tab, err := strategy.Compare(c, timeouts)
	if err != nil {
		return nil, err
	}
	sc := c
	sc.ATSTimeoutNS = tab.Rows[0].ATSTimeoutNS
	if sc.Broken != nil {
		sc.K = len(tab.Rows[0].Broken)
	}
	rows, err := strategy.Sweep(sc, ns)
	if err != nil {
		return nil, err
	}
	return &StrategyResult{Table: tab, Text: tab.Text(), Sweep: rows, SVG: strategy.SVG(rows)}, nil
}
