package sim

import (
	"github.com/smmuplay/smmuplay/sim/scenario"
	"github.com/smmuplay/smmuplay/sim/ste"
)

// invReqArrive: an Invalidate Request (record seq) reaches endpoint ep.
func (m *machine) invReqArrive(ep int32, itag uint8, seq uint64) {
	e := &m.eps[ep]
	r := m.findInv(seq)
	dropped := 0
	if r != nil && e.behavior != scenario.Unresponsive && !e.inFLR {
		dropped = e.atcInvalidate(r.inv)
	}
	switch {
	case e.inFLR || e.behavior == scenario.Unresponsive:
		// The function never answers: the SMMU's timer will run out.
		m.emit(EvInvReqReceived, ep, uint64(itag), 1, 0)
		return
	case e.behavior == scenario.Slow:
		m.sendInvCpl(ep, itag, seq, m.now+e.slowDelay+Time(m.cfg.sc.SMMU.LinkLatency))
	default:
		m.sendInvCpl(ep, itag, seq, m.now+Time(m.cfg.sc.PCI.InvLatency+m.cfg.sc.SMMU.LinkLatency))
	}
	m.emit(EvInvReqReceived, ep, uint64(itag), 0, uint64(dropped))
}

// findInv finds an outstanding request by sequence number (invs stays
// sorted by it: appended in order, retired without reordering).
func (m *machine) findInv(seq uint64) *invRecord {
	lo, hi := 0, len(m.invs)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if m.invs[mid].seq < seq {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo < len(m.invs) && m.invs[lo].seq == seq {
		return &m.invs[lo]
	}
	return nil
}

// An Invalidate Completion message carries the requester ID, an ITag
// Vector (one bit per ITag it completes) and a Completion Count: how many
// completions the function sends for each of those requests (one per
// Traffic Class it used). The model's functions use one TC and complete
// one request per message: vector 1<<itag, CC = 1. seq rides along only
// so the narration can tell which request the function was answering; the
// SMMU matches by (function, ITag) and never looks at it.
const cplCCShift = 56 // the CC in the action's c, above seq

func (m *machine) sendInvCpl(ep int32, itag uint8, seq uint64, at Time) {
	m.schedule(at, actInvCplArrive, ep, int32(uint32(1)<<itag), seq|1<<cplCCShift)
}

// Outcomes of an Invalidate Completion (EvInvCplReceived B).
const (
	cplInTime  = 0 // counted; the request completed if this was its last
	cplLate    = 1 // its request is past the deadline: the timer already fired
	cplUnknown = 2 // no request holds that ITag: dropped (an error the TA reports its own way)
	cplAliased = 3 // a late completion for an ITag since reused: counted for the new request
)

// invCplArrive: endpoint ep's Invalidate Completion reaches the SMMU with
// ITag vector vec and the function's truth (c: seq | CC<<56).
func (m *machine) invCplArrive(ep int32, vec uint32, c uint64) {
	seq, cc := c&(1<<cplCCShift-1), uint8(c>>cplCCShift)
	for t := uint8(0); t < 32; t++ {
		if vec&(1<<t) != 0 {
			m.completeITag(ep, t, cc, seq)
		}
	}
}

// holder is the outstanding request of ep that holds ITag t: the SMMU
// allocated t to it and has not released t.
func (m *machine) holder(ep int32, t uint8) *invRecord {
	e := &m.eps[ep]
	if e.itags&(1<<t) == 0 {
		return nil
	}
	return m.findInv(e.itagSeq[t])
}

// completeITag counts one completion for ITag t of ep. PCIe ATS (§10.3.1
// in PCIe 6.1, as quoted in riscv-non-isa/riscv-iommu#260): a TA does not
// reuse an ITag until the Invalidate Completions or a vendor-specific
// timeout release it, and a completion for an ITag with no outstanding
// request is an error the TA reports by implementation-specific means. The
// SMMU's timeout is that mechanism here, so an ITag can be reused while a
// slow function still owes a completion for it; the message names only the
// ITag, so that late completion counts for the request now holding it.
func (m *machine) completeITag(ep int32, t uint8, cc uint8, seq uint64) {
	r := m.holder(ep, t)
	switch {
	case r == nil || r.done:
		// Nothing outstanding holds t (it was retired, or this request
		// already completed): dropped. SMMUv3 has no architected report.
		m.counts.StrayCpls++
		m.emit(EvInvCplReceived, ep, uint64(t), cplUnknown, 0)
		return
	case m.now >= r.deadline:
		// Too late: the SMMU already counts this request as timed out.
		m.emit(EvInvCplReceived, ep, uint64(t), cplLate, 0)
		return
	}
	// CC is a 3-bit field in which 0 stands for 8 (the RISC-V IOMMU
	// reference model's handle_invalidation_completion counts modulo 8
	// the same way).
	need := cc & 7
	if need == 0 {
		need = 8
	}
	r.got++
	if r.got < need {
		m.emit(EvInvCplReceived, ep, uint64(t), cplInTime, uint64(r.got))
		return
	}
	r.done = true
	m.invNotDone--
	if m.cons.parked && m.invNotDone == 0 {
		// Everything the waiting CMD_SYNC waits for has completed.
		m.rescheduleSyncCheck(m.now)
	}
	outcome := uint64(cplInTime)
	if r.seq != seq {
		// The function answered an earlier use of t: the SMMU cannot
		// tell, and completes the request holding t now.
		m.counts.AliasedCpls++
		outcome = cplAliased
	}
	m.emit(EvInvCplReceived, ep, uint64(t), outcome, uint64(r.got))
}

// ---- DMA ----

// readBit marks a read in the field that carries an IOVA page or a PA.
const readBit = 1 << 63

// dmaIssue: endpoint ep's DMA engine reads or writes a random IOVA page of
// its domain (a hung or racing device does not know the page was unmapped).
func (m *machine) dmaIssue(ep int32, page uint64, read, scheduled bool) {
	e := &m.eps[ep]
	if scheduled {
		if !e.dmaOn {
			return
		}
		d := m.cfg.epDomain[ep]
		page = uint64(e.dma.intn(m.cfg.domains[d].Pages))
		read = e.dma.intn(2) == 0
		m.schedule(m.now+e.dmaPeriod, actDMA, ep, 0, 0)
	}
	rd := uint64(0)
	if read {
		rd = readBit
	}
	dir := rd >> 62 // 2 for a read, in EvDMAIssued's C
	link := Time(m.cfg.sc.SMMU.LinkLatency)
	switch {
	case e.inFLR:
		m.emit(EvDMAIssued, ep, page, DMAUntranslated, 1|dir)
		return
	case !e.atsEn:
		m.schedule(m.now+link, actUntranslated, ep, 0, page|rd)
		m.emit(EvDMAIssued, ep, page, DMAUntranslated, dir)
	default:
		if i, ok := e.atcLookup(page); ok {
			m.schedule(m.now+link, actTranslated, ep, int32(page), uint64(e.atc[i].pa)|rd)
			m.emit(EvDMAIssued, ep, page, DMAHit, dir)
			return
		}
		m.schedule(m.now+link, actTransReq, ep, 0, page|rd)
		m.emit(EvDMAIssued, ep, page, DMAMiss, dir)
	}
}

// epSTE is the configuration the SMMU applies to ep's requests (its first
// StreamID: the model's requester uses one RID).
func (m *machine) epSTE(ep int32) ste.STE {
	return m.steFor(m.cfg.epSIDs[ep][0])
}

// transReq: a Translation Request reaches the SMMU (c: page | readBit).
func (m *machine) transReq(ep int32, c uint64) {
	page := c &^ readBit
	if m.smmuOff() {
		// Nothing translates while SMMUEN = 0 [INFER: GBPA has no
		// translation to give]: the request gets UR.
		m.emit(EvTransReq, ep, page, TransOff, 0)
		return
	}
	s := m.epSTE(ep)
	link := Time(m.cfg.sc.SMMU.LinkLatency)
	switch {
	case !s.V() || s.Config() != ste.CfgS2Trans:
		m.evtqTransReq(ep, page, s) // evtq.go
		m.emit(EvTransReq, ep, page, TransAbort, 0)
		return
	case s.EATS() == ste.EATSAbort:
		// SMMU_CR0.ATSCHK is set: Unsupported Request, F_BAD_ATS_TREQ.
		m.evtqTransReq(ep, page, s) // evtq.go
		m.emit(EvTransReq, ep, page, TransUR, 0)
		return
	}
	pa, ok := m.mem.translate(m.cfg.epDomain[ep], page)
	if !ok {
		m.schedule(m.now+link, actTransCpl, ep, 0, c)
		m.emit(EvTransReq, ep, page, TransFault, 0)
		return
	}
	m.schedule(m.now+link, actTransCpl, ep, int32(pa+1), c)
	m.emit(EvTransReq, ep, page, TransOK, uint64(pa))
}

// transCpl: the Translation Completion reaches the endpoint, which caches
// it and sends the Translated access.
func (m *machine) transCpl(ep int32, paPlus1 uint32, c uint64) {
	page := c &^ readBit
	e := &m.eps[ep]
	if paPlus1 == 0 || !e.atsEn || e.inFLR {
		m.emit(EvTransCpl, ep, page, uint64(paPlus1), 0)
		return
	}
	e.atcInsert(page, paPlus1-1)
	m.schedule(m.now+Time(m.cfg.sc.SMMU.LinkLatency), actTranslated, ep, int32(page), uint64(paPlus1-1)|c&readBit)
	m.emit(EvTransCpl, ep, page, uint64(paPlus1), 0)
}

// translated: an access carrying a physical address reaches the SMMU
// (c: pa | readBit). With STE.EATS = 0b01 it bypasses translation: this is
// where a stale ATC entry corrupts (or reads) another owner's memory.
func (m *machine) translated(ep int32, page uint64, c uint64) {
	pa, rd := uint32(c&^readBit), c&readBit != 0
	if m.gbpaAborts(ep, page, pa, rd) {
		return
	}
	s := m.epSTE(ep)
	if !s.V() || s.Config() != ste.CfgS2Trans {
		m.evtqTranslated(ep, pa, rd, s) // evtq.go
		m.counts.AbortedDMA++
		m.emitDMA(ep, page, pa, rd, DMASTEAbort)
		return
	}
	if s.EATS() != ste.EATSTrans {
		m.evtqTranslated(ep, pa, rd, s) // evtq.go
		m.counts.AbortedDMA++
		m.emitDMA(ep, page, pa, rd, DMAAborted)
		return
	}
	m.land(ep, page, pa, rd)
}

// smmuOff reports CR0.SMMUEN = 0 (after Service Failure Mode the driver
// disables the SMMU).
func (m *machine) smmuOff() bool { return m.smmu.cr0&cr0SMMUEN == 0 }

// gbpaAborts applies SMMU_GBPA to an access while the SMMU is disabled
// (Arm IHI 0070 §6.3 SMMU_GBPA: no STE is read, nothing is translated or
// recorded). Linux keeps ABORT set, so the access is aborted; the bypass
// setting is not modelled.
func (m *machine) gbpaAborts(ep int32, page uint64, pa uint32, read bool) bool {
	if !m.smmuOff() || m.smmu.gbpa&gbpaAbort == 0 {
		return false
	}
	m.counts.AbortedDMA++
	m.emitDMA(ep, page, pa, read, DMAGBPA)
	return true
}

func (m *machine) emitDMA(ep int32, page uint64, pa uint32, read bool, outcome uint64) {
	if read {
		outcome |= 1 << 16
	}
	m.emit(EvDMAAccess, ep, page, uint64(pa), outcome)
}

// land delivers an access to physical page pa and checks its owner.
func (m *machine) land(ep int32, page uint64, pa uint32, read bool) {
	own := uint16(ownerDomain + m.cfg.epDomain[ep])
	if m.mem.owner[pa] == own {
		m.emitDMA(ep, page, pa, read, DMAOK)
		return
	}
	owner := uint64(m.mem.owner[pa]) << 8
	if read {
		// The device reads the new owner's data: a leak, not corruption.
		m.counts.LeakedDMA++
		m.emitDMA(ep, page, pa, read, DMALeak|owner)
		return
	}
	m.counts.CorruptDMA++
	m.mem.hits[pa]++
	m.mem.lastHit = int32(pa)
	m.corruptSeen(ep)
	m.emitDMA(ep, page, pa, read, DMACorrupt|owner)
}

// untranslated: an access with an IOVA (c: page | readBit); the SMMU walks
// the page table, so it can only reach what is mapped now.
func (m *machine) untranslated(ep int32, c uint64) {
	page, rd := c&^readBit, c&readBit != 0
	if m.gbpaAborts(ep, page, 0, rd) {
		return
	}
	s := m.epSTE(ep)
	if !s.V() || s.Config() != ste.CfgS2Trans {
		m.evtqUntranslated(ep, page, rd, s) // evtq.go
		m.counts.AbortedDMA++
		m.emitDMA(ep, page, 0, rd, DMASTEAbort)
		return
	}
	pa, ok := m.mem.translate(m.cfg.epDomain[ep], page)
	if !ok {
		m.evtqUntranslated(ep, page, rd, s) // evtq.go
		m.emitDMA(ep, page, 0, rd, DMAFault)
		return
	}
	m.land(ep, page, pa, rd)
}

// setBehavior changes how ep answers Invalidate Requests.
func (m *machine) setBehavior(ep int32, b scenario.Behavior, delay Time) {
	e := &m.eps[ep]
	e.behavior = b
	if b == scenario.Slow {
		e.slowDelay = delay
	}
	code := uint64(0)
	switch b {
	case scenario.Unresponsive:
		code = 1
	case scenario.Slow:
		code = 2
	}
	m.emit(EvBehavior, ep, code, 0, 0)
}
