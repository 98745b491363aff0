package strategy

import (
	"fmt"
	"strings"

	"github.com/smmuplay/smmuplay/sim"
)

// Table compares the strategies for one N and broken set at several ATS
// timeouts.
type Table struct {
	Config     Config `json:"config"`
	LowerBound int    `json:"lower_bound"`
	Rows       []Row  `json:"rows"` // timeout-major, then Strategies order
	// WorstHalving is halving's worst case over every placement of k
	// broken (closed form); nil when there are too many placements.
	WorstHalving *Worst `json:"worst_halving"`
}

// Worst is a worst case over placements.
type Worst struct {
	Tests       int `json:"tests"`
	ATCTimeouts int `json:"atc_timeouts"`
}

// Compare measures both strategies at each timeout (Timeouts if nil).
func Compare(c Config, timeouts []int64) (*Table, error) {
	if timeouts == nil {
		timeouts = Timeouts
	}
	t := &Table{Config: c}
	for _, to := range timeouts {
		cc := c
		cc.ATSTimeoutNS = to
		for _, st := range Strategies {
			r, err := Measure(cc, st)
			if err != nil {
				return nil, err
			}
			t.Rows = append(t.Rows, r)
		}
	}
	if len(t.Rows) > 0 {
		t.LowerBound = t.Rows[0].LowerBound
		if tests, timeouts, ok := WorstHalving(c.N, t.Rows[0].K, c.batch()); ok {
			t.WorstHalving = &Worst{tests, timeouts}
		}
	}
	return t, nil
}

// Text renders the table for a terminal.
func (t *Table) Text() string {
	var b strings.Builder
	if len(t.Rows) == 0 {
		return "no rows\n"
	}
	r0 := t.Rows[0]
	broken := strings.Join(r0.Broken, ",")
	if broken == "" {
		broken = "none"
	}
	fmt.Fprintf(&b, "N=%d k=%d broken=%s batch=%d: lower bound ceil(log2 C(%d,%d)) = %d tests\n",
		r0.N, r0.K, broken, t.Config.batch(), r0.N, r0.K, t.LowerBound)
	if w := t.WorstHalving; w != nil {
		fmt.Fprintf(&b, "halving, worst placement: %d tests, %d ATC timeouts; per-device does not depend on placement\n", w.Tests, w.ATCTimeouts)
	}
	fmt.Fprintf(&b, "%-10s  %-11s  %-11s  %5s %6s  %8s %6s  %6s %6s  %-14s %-14s  %s\n",
		"strategy", "ats-timeout", "poll-budget", "tests", "(form)", "timeouts", "(form)", "syncs", "(form)", "wall", "(form >=)", "identified")
	note := ""
	for _, r := range t.Rows {
		m, c := r.Measured, r.Closed
		id := "yes"
		if !r.Identified {
			id = "NO: the poll budget ran out first"
		}
		if r.Note != "" {
			id += "*"
			note = r.Note
		}
		fmt.Fprintf(&b, "%-10s  %-11s  %-11s  %5d %6d  %8d %6d  %6d %6d  %-14s %-14s  %s\n",
			r.Strategy, sim.Time(r.ATSTimeoutNS), sim.Time(r.PollBudgetNS), m.Tests, c.Tests, m.ATCTimeouts, c.ATCTimeouts,
			m.IssuerSyncs, c.IssuerSyncs, sim.Time(m.WallNS), sim.Time(c.WallNS), id)
	}
	if note != "" {
		fmt.Fprintf(&b, "* %s\n", note)
	}
	return b.String()
}

// Sweep measures both strategies for each n in ns with c's k, placement
// and timeout (c.N is ignored): the data of the plot.
func Sweep(c Config, ns []int) ([]Row, error) {
	var rows []Row
	for _, n := range ns {
		cc := c
		cc.N = n
		cc.Broken = nil
		if cc.K > n {
			continue
		}
		for _, st := range Strategies {
			r, err := Measure(cc, st)
			if err != nil {
				return nil, err
			}
			rows = append(rows, r)
		}
	}
	return rows, nil
}
