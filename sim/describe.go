package sim

import (
	"fmt"

	"github.com/smmuplay/smmuplay/sim/cmdq"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// Describe narrates an event in one sentence (the page's aria-live text
// and the CLI's -events output).
func (s *Sim) Describe(e Event) string {
	c := s.cfg
	ep := c.epName(e.EP)
	th := "?"
	if e.Thread >= 0 && int(e.Thread) < numThreads {
		th = threadNames[e.Thread]
	}
	pos := func(p uint64) string { return fmt.Sprintf("0x%05x", p) }
	switch e.Kind {
	case EvScript:
		who := "scenario: "
		if int(e.A) >= len(c.steps) {
			who = "injected: "
		}
		return who + describeStep(c.stepAt(int(e.A))) + either(e.B == 1, " (queue full: dropped)", "")
	case EvCmdsWritten:
		return fmt.Sprintf("%s wrote %s at %s and set CMDQ_PROD to %s", th, Count(int64(e.B), "command", "commands"), pos(e.A), pos(e.C))
	case EvCmdConsumed:
		return fmt.Sprintf("SMMU consumed %s at %s", cmdq.Describe(cmdq.Cmd{e.B, e.C}), pos(e.A))
	case EvATCInvSent:
		return fmt.Sprintf("SMMU consumed CMD_ATC_INV at %s: Invalidate Request ITag %d for SID 0x%x sent to %s", pos(e.A), e.B, e.C, ep)
	case EvITagStall:
		if e.B == 1 {
			return fmt.Sprintf("SMMU re-checked the ITag stall for %s", ep)
		}
		return fmt.Sprintf("SMMU stalled at %s: all 32 ITags of %s are in flight", pos(e.A), ep)
	case EvSyncWaiting:
		return fmt.Sprintf("CMD_SYNC at %s waits for %s", pos(e.A), Count(int64(e.B), "ATC invalidation", "ATC invalidations"))
	case EvSyncCompleted:
		return fmt.Sprintf("CMD_SYNC at %s completed (CS=%s)", pos(e.A), cmdq.CS(e.B))
	case EvCmdError:
		code := cmdq.CERROR(e.B)
		return fmt.Sprintf("%s: SMMU stopped with CMDQ_CONS 0x%08x (ERR %d, RD %s) and toggled GERROR.CMDQ_ERR (GERROR 0x%08x)", code, e.A, e.B, pos(e.A&uint64(c.wrapBit<<1-1)), e.C)
	case EvInvReqReceived:
		if e.B == 1 {
			return fmt.Sprintf("%s received Invalidate Request ITag %d and never answers", ep, e.A)
		}
		return fmt.Sprintf("%s received Invalidate Request ITag %d, dropped %s", ep, e.A, Count(int64(e.C), "ATC entry", "ATC entries"))
	case EvInvCplReceived:
		switch e.B {
		case cplLate:
			return fmt.Sprintf("SMMU received %s's Invalidate Completion ITag %d after the timeout", ep, e.A)
		case cplUnknown:
			return fmt.Sprintf("SMMU dropped %s's Invalidate Completion ITag %d: no outstanding request holds that ITag", ep, e.A)
		case cplAliased:
			return fmt.Sprintf("SMMU counted %s's late Invalidate Completion ITag %d for the request that reuses the ITag: it completed", ep, e.A)
		}
		return fmt.Sprintf("SMMU received %s's Invalidate Completion ITag %d", ep, e.A)
	case EvTransReq:
		switch e.B {
		case TransOK:
			return fmt.Sprintf("SMMU translated %s's request for IOVA 0x%x to page %d", ep, e.A<<12, e.C)
		case TransFault:
			return fmt.Sprintf("SMMU answered %s's Translation Request for unmapped IOVA 0x%x with no access", ep, e.A<<12)
		case TransUR:
			return fmt.Sprintf("SMMU rejected %s's Translation Request (STE.EATS=0: UR, F_BAD_ATS_TREQ)", ep)
		case TransOff:
			return fmt.Sprintf("SMMU rejected %s's Translation Request (SMMU disabled, CR0.SMMUEN=0: UR)", ep)
		}
		return fmt.Sprintf("SMMU aborted %s's Translation Request (STE aborts)", ep)
	case EvTransCpl:
		if e.B == 0 {
			return fmt.Sprintf("%s got no translation for IOVA 0x%x", ep, e.A<<12)
		}
		return fmt.Sprintf("%s cached IOVA 0x%x -> page %d in its ATC", ep, e.A<<12, e.B-1)
	case EvDMAIssued:
		if e.C&1 == 1 {
			return fmt.Sprintf("%s is in reset: no DMA", ep)
		}
		return fmt.Sprintf("%s started a DMA %s of IOVA 0x%x (%s)", ep, dmaDir(e.C&2 != 0), e.A<<12, [...]string{"ATC hit: Translated request", "ATC miss: Translation Request first", "ATS off: Untranslated request"}[e.B])
	case EvDMAAccess:
		d, _ := e.DMA()
		dir := dmaDir(d.Read)
		owner := s.m.ownerName(uint16(d.Owner))
		switch d.Outcome {
		case DMAOK:
			return fmt.Sprintf("%s's %s of IOVA 0x%x reached its own page %d", ep, dir, d.Page<<12, d.PA)
		case DMACorrupt:
			return fmt.Sprintf("CORRUPTION: %s's Translated write (stale ATC entry for IOVA 0x%x) landed in page %d, now owned by %s", ep, d.Page<<12, d.PA, owner)
		case DMALeak:
			return fmt.Sprintf("LEAK: %s's Translated read (stale ATC entry for IOVA 0x%x) read page %d, now owned by %s", ep, d.Page<<12, d.PA, owner)
		case DMAAborted:
			return fmt.Sprintf("SMMU aborted %s's Translated %s (STE.EATS=0: F_TRANSL_FORBIDDEN)", ep, dir)
		case DMAFault:
			return fmt.Sprintf("SMMU faulted %s's %s of unmapped IOVA 0x%x (F_TRANSLATION)", ep, dir, d.Page<<12)
		case DMAGBPA:
			return fmt.Sprintf("SMMU aborted %s's %s (SMMU disabled, CR0.SMMUEN=0, SMMU_GBPA.ABORT=1)", ep, dir)
		}
		return fmt.Sprintf("SMMU aborted %s's %s (STE aborts)", ep, dir)
	case EvATSEnabled:
		return fmt.Sprintf("%s: ATS enabled (pci_enable_ats)", ep)
	case EvATSDisabled:
		return fmt.Sprintf("%s: ATS disabled", ep)
	case EvBehavior:
		return fmt.Sprintf("%s is now %s", ep, [...]string{"healthy", "unresponsive", "slow"}[e.A])
	case EvFLRStarted:
		return fmt.Sprintf("%s: Function Level Reset started", ep)
	case EvFLRDone:
		return fmt.Sprintf("%s: FLR %s, ATC emptied (%s)", ep, either(e.A == 1, "succeeded", "failed"), Count(int64(e.B), "entry", "entries"))
	case EvUnmapped:
		return fmt.Sprintf("%s unmapped IOVA 0x%x (page %d) from %s", th, e.A, e.B, c.domains[e.C].Name)
	case EvMapped:
		return fmt.Sprintf("%s mapped IOVA 0x%x to page %d in %s", th, e.A, e.B, c.domains[e.C].Name)
	case EvPageFreed:
		return fmt.Sprintf("%s freed page %d: the host kernel reuses it", th, e.A)
	case EvIssuerDone:
		ret := int64(e.B)
		r := map[int64]string{0: "0", errETIMEDOUT: "-ETIMEDOUT", errEIO: "-EIO"}[ret]
		extra := ""
		if n := e.C & 0xffffffff; n > 0 {
			extra = "; retrying " + Count(int64(n), "master", "masters")
		}
		if e.C>>32 != 0 {
			extra += "; co-cleared CMDQ_ERR"
		}
		return fmt.Sprintf("%s: CMD_SYNC at %s returned %s%s", th, pos(e.A), r, extra)
	case EvISR:
		if e.A&gerrorErrMask == 0 {
			return "GERROR handler found nothing active (IRQ_NONE)"
		}
		return fmt.Sprintf("GERROR handler ran (active 0x%08x) and acknowledged GERRORN = 0x%08x", e.A, e.B)
	case EvIRQDeferred:
		return fmt.Sprintf("GERROR IRQ held: CPU%d has interrupts off (%s polls)", e.A, th)
	case EvSTEWritten:
		return fmt.Sprintf("%s wrote STE[0x%x] (qwords %s), EATS now %d", th, e.A, qwordList(e.B), (e.C>>28)&3)
	case EvATSBroken:
		if e.A == 1 {
			return fmt.Sprintf("%s is quarantined: master->ats_broken set (no more ATC invalidations to it)", ep)
		}
		return fmt.Sprintf("%s: reset_device_done cleared master->ats_broken; the quarantine is lifted", ep)
	case EvThreadWait:
		switch {
		case e.B == 1:
			return fmt.Sprintf("%s took the lock it waited for", th)
		case e.A == 0:
			return fmt.Sprintf("%s waits for command queue space", th)
		}
		return fmt.Sprintf("%s waits for a lock", th)
	case EvThreadStart:
		return fmt.Sprintf("%s started %s%s", th, opKind(e.A), opTarget(c, e))
	case EvThreadEnd:
		return fmt.Sprintf("%s finished %s%s", th, opKind(e.A), opTarget(c, e))
	case EvPollTimeout:
		return fmt.Sprintf("%s: poll budget exhausted", th)
	case EvReportBroken:
		return fmt.Sprintf("iommu_report_device_broken(%s): broken_pending set%s", ep, either(e.A == 1, ", work queued", ""))
	case EvWorkQueued:
		return fmt.Sprintf("workqueue dispatched %s's broken work", ep)
	case EvWorkRan:
		return fmt.Sprintf("%s's broken work %s; state %s", ep, [...]string{"blocked it", "found broken_pending clear and did nothing", "found it already " + BlockedBroken}[e.A], blockedNames[e.B])
	case EvPrepare:
		return fmt.Sprintf("pci_dev_reset_iommu_prepare(%s): reset_depth %d, %s", ep, e.A, s.blockedText(e.B))
	case EvDone:
		if e.A == doneNoResult {
			return fmt.Sprintf("pci_dev_reset_iommu_done(%s): %s, reset_depth %d", ep, s.blockedText(e.B), e.C)
		}
		return fmt.Sprintf("pci_dev_reset_iommu_done(%s, %s): %s, reset_depth %d", ep, either(e.A == doneOK, "ok", "failed"), blockedNames[e.B], e.C)
	case EvSetDomain:
		dom := "the blocking domain"
		if d := int64(e.A); d >= 0 {
			dom = c.domains[d].Name
		}
		grp := c.sc.Groups[c.epGroup[e.EP]].Name
		switch e.C & 0xff {
		case setDomainRefused:
			return fmt.Sprintf("%s: the iommu core refused to attach group %s to %s: -EBUSY, recovery_cnt is %d (a device of the group is being recovered); no STE changed", th, grp, dom, e.C>>32)
		case setDomainSkipped:
			n := e.C >> 8 & 0xffffff
			who := fmt.Sprintf("%d blocked devices stay", n)
			if n == 1 {
				who = "the blocked device stays"
			}
			return fmt.Sprintf("%s: group %s's domain is now %s (MUST_SUCCEED goes through the recovery fence); %s on the blocking domain until pci_dev_reset_iommu_done()", th, grp, dom, who)
		}
		return fmt.Sprintf("%s: group %s is already attached to %s: nothing to do", th, grp, dom)
	case EvAttached:
		d := int64(e.A)
		if d < 0 {
			return fmt.Sprintf("%s attached to the blocking domain", ep)
		}
		return fmt.Sprintf("%s attached to %s", ep, c.domains[d].Name)
	case EvUnmapRequested:
		return fmt.Sprintf("host requested unmap #%d of IOVA 0x%x", e.C, e.A<<12)
	case EvEvtqThread:
		return describeEvtqThread(e)
	}
	return fmt.Sprintf("event %d", e.Kind)
}

func opTarget(c *config, e Event) string {
	switch opKind(e.A) {
	case opUnmap:
		return fmt.Sprintf(" of IOVA 0x%x", e.B<<12)
	}
	if e.EP >= 0 {
		return " of " + c.epName(e.EP)
	}
	return ""
}

func qwordList(mask uint64) string {
	s := ""
	for i := 0; i < 8; i++ {
		if mask&(1<<i) != 0 {
			if s != "" {
				s += ","
			}
			s += fmt.Sprint(i)
		}
	}
	if s == "" {
		return "none"
	}
	return s
}

func describeStep(st *scenario.Step) string {
	switch st.Kind {
	case scenario.StepCmd:
		return "cmd " + st.CmdText
	case scenario.StepAck:
		return "ack: GERRORN = GERROR"
	case scenario.StepMap:
		return fmt.Sprintf("map %s iova=0x%x pages=%d", st.Target, st.IOVA, st.Pages)
	case scenario.StepUnmap:
		return fmt.Sprintf("unmap %s iova=0x%x pages=%d", st.Target, st.IOVA, st.Pages)
	case scenario.StepDMA:
		if st.Count > 1 {
			return fmt.Sprintf("dma %s iova=0x%x %s count=%d every=%s", st.Target, st.IOVA, dmaDir(!st.Write), st.Count, Time(st.Every))
		}
		return fmt.Sprintf("dma %s iova=0x%x %s", st.Target, st.IOVA, dmaDir(!st.Write))
	case scenario.StepBehave:
		return fmt.Sprintf("%s becomes %s", st.Target, st.Behavior)
	case scenario.StepFLR:
		return "flr " + st.Target
	case scenario.StepSFM:
		return "inject Service Failure Mode"
	case scenario.StepFetchAbort:
		return "the next command fetch will abort"
	case scenario.StepAttach:
		if st.Must {
			return fmt.Sprintf("attach %s to %s (must succeed)", st.Target, st.Domain)
		}
		return fmt.Sprintf("attach %s to %s", st.Target, st.Domain)
	}
	return "step"
}

func dmaDir(read bool) string {
	if read {
		return "read"
	}
	return "write"
}

// blockedText names a blocked state the way the run's core has it: the
// series' enum gdev_blocked, or upstream's bool gdev->blocked.
func (s *Sim) blockedText(b uint64) string {
	if s.cfg.policy == policySeries {
		return blockedNames[b]
	}
	return fmt.Sprintf("blocked %v", b != blockedNo)
}

// either is yes when cond holds, else no: the narration's choice of words
// without a map allocated per call (map[bool]string{...}[cond] did that).
func either(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}
