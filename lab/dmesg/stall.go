package dmesg

import (
	"fmt"
)

// A CMD_SYNC timeout with CONS.ERR = 0 means no command failed: the
// issuer gave up while the SMMU was still consuming (slowly, or not at
// all) the commands before its CMD_SYNC, or was waiting at the CMD_SYNC
// for invalidations to complete. The model has no stopped consumer, but
// a slow one prints the same line: with a command latency L, the SMMU
// consumes about 1 s / L commands during the issuer's 1 s poll. So one
// unmap whose ATC flush is "behind + k" commands long, written when the
// consumer is idle, leaves RD exactly "behind" commands before the
// CMD_SYNC when the poll runs out, if exactly k commands take less than
// 1 s and k+1 take more: L = 1 s / (k + ½).

// maxStallSIDs is the most StreamIDs the scenario language gives one
// domain (1024 endpoints of 8 StreamIDs): one ATC_INV each.
const maxStallSIDs = 1024 * 8

// stallStory reproduces the first CMD_SYNC timeout with CONS.ERR = 0.
func (r *repro) stallStory(ev *evidence, s *story) {
	i := ev.stalls[0]
	for _, j := range ev.stalls[1:] {
		r.gap(j, "only the first CMD_SYNC timeout of a slow or stopped consumer is reproduced: the scenario has one slow unmap")
	}
	l := r.im.Lines[i]
	at, cons := uint32(l.Values[0].Raw)&s.mask, uint32(l.Values[2].Raw)&s.mask
	behind := (at - cons) & s.mask
	if behind == 0 {
		r.slowEndpoint(i, at, s)
		return
	}
	// k commands consumed during the poll, N = behind + k ATC_INVs from
	// E endpoints of S StreamIDs. k >= 2: the unmap's TLBI and its
	// CMD_SYNC (2 commands, 2L < 1 s) must complete within the budget.
	k, n, spe := 0, 0, 0
	for kk := 2; kk <= 9 && k == 0; kk++ {
		for ss := 1; ss <= 8; ss++ {
			if nn := int(behind) + kk; nn%ss == 0 && nn/ss <= 1024 {
				k, n, spe = kk, nn, ss
				break
			}
		}
	}
	if k == 0 || n > maxStallSIDs || n+2 > 1<<s.qs {
		r.gap(i, fmt.Sprintf("RD is %d commands before the CMD_SYNC: more than one unmap of the model can hold (at most %d ATC_INVs in a queue of %d slots)",
			behind, min(maxStallSIDs, 1<<s.qs-2), 1<<s.qs))
		return
	}
	latency := 2_000_000_000 / (2*k + 1) // ns: k commands fit in 1 s, k+1 do not
	s.setStart(at - uint32(n) - 2)
	s.smmu = append(s.smmu, fmt.Sprintf("cmd-latency=%dns", latency))
	s.eps = fmt.Sprintf("endpoints %d sids-per-ep=%d dma=off", n/spe, spe)
	s.cfg = append(s.cfg,
		fmt.Sprintf("# a slow consumer: %d ns per command. One unmap: TLBI and CMD_SYNC, then %d ATC_INVs and the CMD_SYNC at 0x%x.", latency, n, at),
		fmt.Sprintf("# When the issuer's 1 s poll runs out the SMMU has consumed %d of them: RD is %d commands before the CMD_SYNC, and no command failed.", k, behind),
		"workload unmaps=1 period=20us")
	s.steps = append(s.steps, "run")
	s.expect = append(s.expect, "expect cmdq_errors == 0", `expect log !contains "unexpected global error reported"`)
	r.note(fmt.Sprintf("line %d is reproduced by a slow consumer (%d ns per command); the log cannot tell slow from stopped, and the model has no stopped consumer", l.Num, latency))
	r.claim(i)
}

// slowEndpoint: RD on the CMD_SYNC itself and no error: the SMMU waits at
// the CMD_SYNC for an ATC invalidation that takes longer than the poll.
// An endpoint that answers after 1.5 s, with an ATS timeout of 10 s,
// keeps it waiting past the issuer's 1 s budget.
func (r *repro) slowEndpoint(i int, at uint32, s *story) {
	s.setStart(at - 3)
	s.smmu = append(s.smmu, "ats-timeout=10s")
	s.eps = "endpoint ep0 sids=0x100 dma=off behavior=slow slow-delay=1500ms"
	s.cfg = append(s.cfg,
		fmt.Sprintf("# ep0 answers ATC invalidations after 1.5 s: the CMD_SYNC at 0x%x waits for it, past the issuer's 1 s poll, and nothing fails", at),
		"workload unmaps=1 period=20us")
	s.steps = append(s.steps, "run")
	s.expect = append(s.expect, "expect cmdq_errors == 0", `expect log !contains "unexpected global error reported"`)
	r.note(fmt.Sprintf("line %d is reproduced by an endpoint slow to answer an ATC invalidation; a stopped SMMU would print the same line", r.im.Lines[i].Num))
	r.claim(i)
}
