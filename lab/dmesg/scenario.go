package dmesg

import (
	"fmt"
	"strings"

	"github.com/smmuplay/smmuplay/sim/cmdq"
)

// evidence is what the imported lines say happened.
type evidence struct {
	atc, ill, abt []uint32 // CONS values of CMDQ errors by code
	illCmds       []cmdq.Cmd
	syncs         []uint32 // CMD_SYNC timeout positions
	sfm           bool
	sfmThenCmdq   bool // a CMDQ error line follows the SFM line (the baseline handler)
	cmdqErrActive bool // some GERROR line has CMDQ_ERR
	notes         []string
}

func gather(im *Import) evidence {
	var ev evidence
	note := func(s string) {
		for _, n := range ev.notes {
			if n == s {
				return
			}
		}
		ev.notes = append(ev.notes, s)
	}
	for _, l := range im.Lines {
		switch l.Kind {
		case KindCmdqError:
			cons := uint32(l.Values[0].Raw)
			switch cmdq.ConsErr(cons) {
			case cmdq.CErrorATCInvSync:
				ev.atc = append(ev.atc, cons)
			case cmdq.CErrorIll:
				ev.ill = append(ev.ill, cons)
			case cmdq.CErrorAbt:
				ev.abt = append(ev.abt, cons)
			default:
				note(fmt.Sprintf("line %d: the simulated SMMU never raises ERR %d; not reproduced", l.Num, uint8(cmdq.ConsErr(cons))))
			}
			if ev.sfm {
				ev.sfmThenCmdq = true
			}
		case KindSkipping:
			ev.illCmds = append(ev.illCmds, l.cmd)
		case KindSyncTimeout:
			ev.syncs = append(ev.syncs, uint32(l.Values[0].Raw))
		case KindSFM:
			ev.sfm = true
		case KindGERROR:
			if l.Values[0].Raw&1 != 0 {
				ev.cmdqErrActive = true
			}
			if l.Values[0].Raw&0x100 != 0 {
				ev.sfm = true
			}
		case KindMSIAbort, KindQueueAbort:
			note(fmt.Sprintf("line %d: the simulator does not model MSI or queue write aborts; not reproduced", l.Num))
		case KindCmdqTimeout:
			note(fmt.Sprintf("line %d: \"CMDQ timeout\" (no queue space for a poll budget) is not reproduced: the driver model never fills the queue", l.Num))
		}
	}
	return ev
}

// buildScenario writes a scenario reproducing the imported lines' kinds.
// The first story (ATC timeouts, else an illegal command, else a fetch
// abort, else Service Failure Mode) starts the queue where the log's first
// error sits, so its CONS value is reproduced exactly; further kinds are
// appended as separate episodes, SFM last (it disables the SMMU).
func buildScenario(im *Import) string {
	ev := gather(im)
	qs := im.QS
	mask := uint32(1)<<(qs+1) - 1
	var cfg, steps []string
	var b strings.Builder
	b.WriteString("title \"imported from dmesg: " + strings.Join(im.Kinds(), ", ") + "\"\n")
	b.WriteString("# Built by smmuplay's dmesg importer (lab/dmesg); comments say what each line reproduces.\n")

	policy := "baseline"
	polOpts := ""
	if qs < 7 {
		polOpts += fmt.Sprintf(" batch=%d", 1<<qs-1) // the queue must hold a batch and its CMD_SYNC
	}
	smmu := fmt.Sprintf("smmu qs=%d", qs)
	endpoints := "endpoint ep0 sids=0x100 dma=off"
	var expect []string
	start, startSet := uint32(0), false
	setStart := func(pos uint32) {
		if !startSet {
			start, startSet = pos&mask, true
		}
	}
	primary := ""
	switch {
	case len(ev.atc) > 0 || len(ev.syncs) > 0:
		primary = "atc"
		first := uint32(0)
		count := len(ev.atc)
		if count > 0 {
			first = ev.atc[0] & 0xfffff
		} else {
			first, count = ev.syncs[0], len(ev.syncs)
		}
		n := 1 // endpoints sharing the domain: each unmap is TLBI, CMD_SYNC, n ATC_INVs, CMD_SYNC
		if len(ev.atc) >= 2 {
			gap := (ev.atc[1] - ev.atc[0]) & mask
			even := true
			for i := 2; i < len(ev.atc); i++ {
				even = even && (ev.atc[i]-ev.atc[i-1])&mask == gap
			}
			if even && gap >= 4 && int(gap)-3 <= batchOf(qs) {
				n = int(gap) - 3
			} else {
				ev.notes = append(ev.notes, "the ATC timeouts are not evenly spaced in the queue; the scenario places the first exactly and the others one unmap apart")
			}
		}
		setStart(first - uint32(n+2))
		if n > 1 {
			endpoints = fmt.Sprintf("endpoints %d dma=off", n)
			cfg = append(cfg, fmt.Sprintf("# %d endpoints share the domain: one unmap takes %d queue slots, the gap between the errors", n, n+3))
		}
		cfg = append(cfg, "broken ep0", fmt.Sprintf("workload unmaps=%d period=20us", count))
		if len(ev.syncs) > 0 {
			// The issuer polls with interrupts off on the CPU the GERROR IRQ
			// is routed to: its poll times out before the handler runs.
			smmu += " irq-cpu=0"
			polOpts += " issuer-cpu=0"
			cfg = append(cfg, "# the GERROR IRQ goes to the polling CPU: the poll times out (1 s) before the handler runs")
		}
		steps = append(steps, "run")
		if len(ev.atc) > 0 {
			expect = append(expect, fmt.Sprintf("expect log contains \"CMDQ error (cons 0x%08x): ATC invalidate timeout\"", ev.atc[0]))
		}
	case len(ev.ill) > 0:
		primary = "ill"
		setStart(ev.ill[0])
		expect = append(expect, fmt.Sprintf("expect log contains \"CMDQ error (cons 0x%08x): Illegal command\"", ev.ill[0]))
	case len(ev.abt) > 0:
		primary = "abt"
		setStart(ev.abt[0])
		expect = append(expect, fmt.Sprintf("expect log contains \"CMDQ error (cons 0x%08x): Abort on command fetch\"", ev.abt[0]))
	case ev.sfm:
		primary = "sfm"
	default:
		// Only GERROR lines: a CMDQ_ERR is shown by one ATC timeout.
		primary = "atc"
		setStart(0)
		cfg = append(cfg, "broken ep0", "workload unmaps=1 period=20us")
		steps = append(steps, "run")
	}
	if len(ev.ill) > 0 || len(ev.illCmds) > 0 {
		steps = append(steps, illSteps(&ev)...)
	}
	if len(ev.abt) > 0 {
		steps = append(steps, "# an external abort on the next command fetch (CERROR_ABT), then an unmap to fetch", "fetch-abort", "unmap vm0 iova=0x0", "run")
	}
	if ev.sfm {
		if !ev.sfmThenCmdq {
			policy = "series" // its handler stops after SFM: no CMDQ error line follows
		}
		if primary == "sfm" && ev.cmdqErrActive {
			// GERROR 0x101: SFM arrives while a CMD_SYNC's ATC timeout is pending.
			smmu += " irq-latency=1ms"
			cfg = append(cfg, "broken ep0")
			steps = append(steps, "# the CMD_SYNC fails at 1 ms; Service Failure Mode comes before the slow (1 ms) IRQ is handled",
				"unmap vm0 iova=0x0", "at 1500us sfm", "run")
		} else {
			steps = append(steps, "sfm", "run")
		}
	}
	if startSet && start != 0 {
		smmu += fmt.Sprintf(" cmdq-start=0x%x", start)
	}
	fmt.Fprintf(&b, "policy %s%s\n%s\n%s\n", policy, polOpts, smmu, endpoints)
	for _, c := range cfg {
		b.WriteString(c + "\n")
	}
	for _, s := range steps {
		b.WriteString(s + "\n")
	}
	for _, e := range expect {
		b.WriteString(e + "\n")
	}
	im.Notes = append(im.Notes, ev.notes...)
	return b.String()
}

func batchOf(qs int) int {
	if qs < 7 {
		return 1<<qs - 1
	}
	return 64
}

// illSteps writes each skipped command back into the queue. A command the
// simulated SMMU finds legal would not fail, so an unknown opcode stands in.
func illSteps(ev *evidence) []string {
	cmds := ev.illCmds
	for len(cmds) < len(ev.ill) {
		cmds = append(cmds, cmdq.Cmd{0xff, 0})
	}
	var out []string
	for _, c := range cmds {
		if cmdq.Check(c) == nil {
			ev.notes = append(ev.notes, fmt.Sprintf("the skipped command %s is legal for the simulated SMMU; an unknown opcode (0xff) stands in for it", cmdq.Describe(c)))
			c = cmdq.Cmd{0xff, 0}
		}
		out = append(out, fmt.Sprintf("# the illegal command: %s", cmdq.Describe(c)), fmt.Sprintf("cmd raw dw0=0x%x dw1=0x%x", c[0], c[1]), "run")
	}
	return out
}
