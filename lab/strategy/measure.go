package strategy

import (
	"fmt"
	"slices"
	"strings"

	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/cmdq"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// Config is one measurement: n masters, the broken ones, the SMMU's ATS
// invalidation timeout and the driver's poll budget.
type Config struct {
	N            int    `json:"n"`
	K            int    `json:"k"`                // used when Broken is nil
	Placement    string `json:"placement"`        // "spread" (default), "first", "last"; used when Broken is nil
	Broken       []int  `json:"broken,omitempty"` // explicit broken indices 0..N-1
	ATSTimeoutNS int64  `json:"ats_timeout_ns"`
	// PollBudgetNS is the driver's CMD_SYNC poll budget; 0 means "auto":
	// max(1 s, 2 × the ATS timeout). Linux's budget is 1 s, so with an ATS
	// timeout of 1 s or more the issuer gives up (-ETIMEDOUT) before the
	// SMMU reports the timeout and nothing is identified; auto shows the
	// cost the strategies would have if the driver waited long enough.
	PollBudgetNS int64  `json:"poll_budget_ns"`
	Batch        int    `json:"batch"` // CMDQ_BATCH_ENTRIES; 0 means 64
	Seed         uint64 `json:"seed"`
}

// Limits of a measurement.
const (
	MaxN = 1024 // scenario.MaxEndpoints
)

// Timeouts are the ATS timeouts the lab offers: 1 ms (the simulator's
// default), 1 s (Linux's poll budget) and the PCIe completion budget of
// 60 to 90 s.
var Timeouts = []int64{1_000_000, 1_000_000_000, 60_000_000_000, 90_000_000_000}

func (c Config) broken() []int {
	if c.Broken != nil {
		b := slices.Clone(c.Broken)
		slices.Sort(b)
		return slices.Compact(b)
	}
	return Placement(c.Placement, c.N, c.K)
}

func (c Config) pollBudget() int64 {
	if c.PollBudgetNS > 0 {
		return c.PollBudgetNS
	}
	return max(1_000_000_000, 2*c.ATSTimeoutNS)
}

func (c Config) batch() int {
	if c.Batch <= 0 {
		return 64
	}
	return c.Batch
}

func (c Config) validate() error {
	switch {
	case c.N < 1 || c.N > MaxN:
		return fmt.Errorf("strategy: N = %d: want 1..%d", c.N, MaxN)
	case c.Broken == nil && (c.K < 0 || c.K > c.N):
		return fmt.Errorf("strategy: k = %d: want 0..N (%d)", c.K, c.N)
	case c.ATSTimeoutNS <= 0:
		return fmt.Errorf("strategy: ATS timeout %d ns: want a positive time", c.ATSTimeoutNS)
	case c.Batch < 0 || c.Batch > 64:
		return fmt.Errorf("strategy: batch %d: want 1..64", c.Batch)
	}
	switch c.Placement {
	case "", "spread", "first", "last":
	default:
		return fmt.Errorf("strategy: placement %q: want spread, first or last", c.Placement)
	}
	for _, i := range c.Broken {
		if i < 0 || i >= c.N {
			return fmt.Errorf("strategy: broken index %d: want 0..%d", i, c.N-1)
		}
	}
	return nil
}

// Scenario returns the scenario text a measurement runs: n endpoints in
// one domain with DMA off (DMA does not change the invalidation traffic),
// the broken ones, and one unmap.
func (c Config) Scenario(strategy string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "title \"strategy lab: %s, N=%d\"\n", strategy, c.N)
	fmt.Fprintf(&b, "policy series strategy=%s poll-budget=%s batch=%d\n", strategy, dur(c.pollBudget()), c.batch())
	fmt.Fprintf(&b, "smmu ats-timeout=%s\n", dur(c.ATSTimeoutNS))
	fmt.Fprintf(&b, "endpoints %d dma=off\n", c.N)
	if br := c.broken(); len(br) > 0 {
		names := make([]string, len(br))
		for i, x := range br {
			names[i] = fmt.Sprintf("ep%d", x)
		}
		fmt.Fprintf(&b, "broken %s\n", strings.Join(names, ","))
	}
	b.WriteString("workload unmaps=1\nrun\n")
	return b.String()
}

// dur writes a duration in the scenario language, exactly.
func dur(ns int64) string {
	switch {
	case ns%1_000_000_000 == 0:
		return fmt.Sprintf("%ds", ns/1_000_000_000)
	case ns%1_000_000 == 0:
		return fmt.Sprintf("%dms", ns/1_000_000)
	case ns%1000 == 0:
		return fmt.Sprintf("%dus", ns/1000)
	}
	return fmt.Sprintf("%dns", ns)
}

// Row is one strategy's measured and closed-form cost.
type Row struct {
	Strategy     string   `json:"strategy"`
	N            int      `json:"n"`
	K            int      `json:"k"`
	Broken       []string `json:"broken"`
	ATSTimeoutNS int64    `json:"ats_timeout_ns"`
	PollBudgetNS int64    `json:"poll_budget_ns"`
	Measured     Cost     `json:"measured"`
	Closed       Cost     `json:"closed"`
	LowerBound   int      `json:"lower_bound"` // ⌈log2 C(N,k)⌉ tests
	Identified   bool     `json:"identified"`  // the quarantined set is exactly the broken set
	Quarantined  []string `json:"quarantined"`
	Events       int64    `json:"events"`
	// Note says what Linux itself would do when the row's poll budget is
	// not Linux's: with an ATS timeout at or above the 1 s budget the
	// measured cost is what the strategy would cost if the driver waited.
	Note string `json:"note,omitempty"`
}

// LinuxPollBudgetNS is ARM_SMMU_POLL_TIMEOUT_US, the driver's CMD_SYNC
// poll budget.
const LinuxPollBudgetNS = 1_000_000_000

// linuxNote is Row.Note for an ATS timeout the real driver never sees
// (issue 14 item 5; the built-in scenario long-ats-timeout shows it).
const linuxNote = "with Linux's 1 s poll budget: CMD_SYNC timeout, -ETIMEDOUT, nothing identified or quarantined; " +
	"the page is freed while the ATC still caches it and the device corrupts memory (scenario long-ats-timeout)"

// Measure runs one unmap under strategy and reads the cost off the events.
func Measure(c Config, strategy string) (Row, error) {
	if err := c.validate(); err != nil {
		return Row{}, err
	}
	if !slices.Contains(Strategies, strategy) {
		return Row{}, fmt.Errorf("strategy: %q: want per-device or halving", strategy)
	}
	src := c.Scenario(strategy)
	sc, err := scenario.Parse("strategy.scn", []byte(src))
	if err != nil {
		return Row{}, fmt.Errorf("strategy: generated scenario: %v", err)
	}
	s, err := sim.New(sc, max(c.Seed, 1))
	if err != nil {
		return Row{}, err
	}
	s.SetChecks(false)
	if err := s.RunProgram(1 << 22); err != nil {
		return Row{}, err
	}
	br := c.broken()
	row := Row{Strategy: strategy, N: c.N, K: len(br), ATSTimeoutNS: c.ATSTimeoutNS, PollBudgetNS: c.pollBudget(),
		Measured: measure(s), Closed: Closed(strategy, c.N, c.batch(), br, c.ATSTimeoutNS),
		LowerBound: LowerBound(c.N, len(br)), Events: s.N(), Broken: []string{}}
	for _, x := range br {
		row.Broken = append(row.Broken, fmt.Sprintf("ep%d", x))
	}
	sum := s.Summary()
	row.Quarantined = sum.Quarantined
	want := slices.Clone(row.Broken)
	slices.Sort(want)
	row.Identified = slices.Equal(want, sum.Quarantined)
	if c.ATSTimeoutNS >= LinuxPollBudgetNS && row.PollBudgetNS > LinuxPollBudgetNS {
		row.Note = linuxNote
	}
	return row, nil
}

// measure classifies every submission the issuer waited for by what it
// wrote: an original flush of ATC_INVs (it names a StreamID no earlier
// flush of this unmap named), a test (ATC_INVs of StreamIDs already
// flushed, or a lone CMD_SYNC), or other work (TLBI, CFGI_STE).
func measure(s *sim.Sim) Cost {
	var c Cost
	var start sim.Time
	flushed := map[uint32]bool{}
	var written sim.CmdsWritten // the issuer's last write
	wrote := false
	var sids []uint32
	other := false
	qs := s.Scenario().SMMU.QS
	for n := int64(1); n <= s.N(); n++ {
		e := s.Event(n)
		th, hasThread := e.ThreadOf()
		byIssuer := hasThread && th == sim.ThreadIssuer
		switch e.Kind {
		case sim.EvThreadStart:
			if op, _ := e.Op(); byIssuer && op == sim.OpUnmap {
				start = e.T
				clear(flushed)
			}
		case sim.EvThreadEnd:
			if op, _ := e.Op(); byIssuer && op == sim.OpUnmap {
				c.WallNS += int64(e.T - start)
			}
		case sim.EvCmdError:
			if ce, _ := e.CmdError(); ce.Err == uint8(cmdq.CErrorATCInvSync) {
				c.ATCTimeouts++
			}
		case sim.EvCmdsWritten:
			if byIssuer {
				written, _ = e.Written()
				wrote, sids, other = true, sids[:0], false
			}
		case sim.EvATCInvSent:
			if inv, _ := e.ATCInv(); wrote && written.Holds(inv.Pos, qs) {
				sids = append(sids, inv.SID)
			}
		case sim.EvCmdConsumed:
			if pos, _, _ := e.Consumed(); wrote && written.Holds(pos, qs) {
				other = true
			}
		case sim.EvIssuerDone:
			if !byIssuer {
				continue
			}
			c.IssuerSyncs++
			if other {
				continue
			}
			fresh := len(sids) > 0
			for _, sid := range sids {
				fresh = fresh && !flushed[sid]
			}
			if fresh {
				for _, sid := range sids {
					flushed[sid] = true
				}
				continue
			}
			c.Tests++
		}
	}
	return c
}
