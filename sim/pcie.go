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
		m.schedule(m.now+e.slowDelay+Time(m.cfg.sc.SMMU.LinkLatency), actInvCplArrive, ep, int32(itag), seq)
	default:
		m.schedule(m.now+Time(m.cfg.sc.PCI.InvLatency+m.cfg.sc.SMMU.LinkLatency), actInvCplArrive, ep, int32(itag), seq)
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

// invCplArrive: endpoint ep's Invalidate Completion reaches the SMMU.
func (m *machine) invCplArrive(ep int32, itag uint8, seq uint64) {
	r := m.findInv(seq)
	switch {
	case r == nil:
		// The request was retired as timed out; its ITag may already be
		// reused, so the completion is dropped.
		m.emit(EvInvCplReceived, ep, uint64(itag), 2, 0)
		return
	case m.now >= r.deadline:
		// Too late: the SMMU already counts this request as timed out.
		m.emit(EvInvCplReceived, ep, uint64(itag), 1, 0)
		return
	}
	r.done = true
	m.invNotDone--
	if m.cons.parked && m.invNotDone == 0 {
		// Everything the waiting CMD_SYNC waits for has completed.
		m.rescheduleSyncCheck(m.now)
	}
	m.emit(EvInvCplReceived, ep, uint64(itag), 0, 0)
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
