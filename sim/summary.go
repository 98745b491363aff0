package sim

// Summary is the final account of a run: what `smmusim -json` prints as its
// last line, and what tests assert.
type Summary struct {
	Scenario            string   `json:"scenario"`
	Policy              string   `json:"policy"`
	Strategy            string   `json:"strategy"`
	Seed                uint64   `json:"seed"`
	Endpoints           int      `json:"endpoints"`
	Quarantined         []string `json:"quarantined"`
	ATCTimeouts         int64    `json:"atc_timeouts"`
	CmdSyncs            int64    `json:"cmd_syncs"`
	CmdqErrors          int64    `json:"cmdq_errors"`
	CorruptDMA          int64    `json:"corrupt_dma"`
	LeakedDMA           int64    `json:"leaked_dma"`
	AbortedDMA          int64    `json:"aborted_dma"`
	ATCInvSent          int64    `json:"atc_inv_sent"`
	Unmaps              int64    `json:"unmaps"`
	PollTimeouts        int64    `json:"poll_timeouts"`
	LogLines            int64    `json:"log_lines"`
	RecoveryCnt         int64    `json:"recovery_cnt"`
	InvariantViolations int64    `json:"invariant_violations"`
	ExpectFailures      int      `json:"expect_failures"`
	Events              int64    `json:"events"`
	SimTimeNS           int64    `json:"sim_time_ns"`
}

// Summary reports the run so far.
func (s *Sim) Summary() Summary {
	m := s.m
	sc := s.cfg.sc
	strategy := sc.Policy.Strategy
	if s.cfg.policy != policySeries {
		strategy = ""
	}
	fails := 0
	for _, r := range m.results {
		if !r.OK {
			fails++
		}
	}
	return Summary{
		Scenario:            sc.File,
		Policy:              sc.Policy.Name,
		Strategy:            strategy,
		Seed:                s.cfg.seed,
		Endpoints:           len(sc.Endpoints),
		Quarantined:         m.quarantined(),
		ATCTimeouts:         m.counts.ATCTimeouts,
		CmdSyncs:            m.counts.CmdSyncs,
		CmdqErrors:          m.counts.CmdqErrors,
		CorruptDMA:          m.counts.CorruptDMA,
		LeakedDMA:           m.counts.LeakedDMA,
		AbortedDMA:          m.counts.AbortedDMA,
		ATCInvSent:          m.counts.ATCInvSent,
		Unmaps:              m.counts.Unmaps,
		PollTimeouts:        m.counts.PollTimeouts,
		LogLines:            m.counts.LogLines,
		RecoveryCnt:         m.metric("recovery_cnt", -1).(int64),
		InvariantViolations: m.counts.Violations,
		ExpectFailures:      fails,
		Events:              m.n,
		SimTimeNS:           int64(m.now),
	}
}
