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

// dmaIssue: endpoint ep's DMA engine writes to a random IOVA page of its
// domain (a hung or racing device does not know the page was unmapped).
func (m *machine) dmaIssue(ep int32, page uint64, scheduled bool) {
	e := &m.eps[ep]
	if scheduled {
		if !e.dmaOn {
			return
		}
		d := m.cfg.epDomain[ep]
		page = uint64(e.dma.intn(m.cfg.domains[d].Pages))
		m.schedule(m.now+e.dmaPeriod, actDMA, ep, 0, 0)
	}
	link := Time(m.cfg.sc.SMMU.LinkLatency)
	switch {
	case e.inFLR:
		m.emit(EvDMAIssued, ep, page, dmaUntranslated, 1)
		return
	case !e.atsEn:
		m.schedule(m.now+link, actUntranslatedWrite, ep, 0, page)
		m.emit(EvDMAIssued, ep, page, dmaUntranslated, 0)
	default:
		if i, ok := e.atcLookup(page); ok {
			m.schedule(m.now+link, actTranslatedWrite, ep, int32(page), uint64(e.atc[i].pa))
			m.emit(EvDMAIssued, ep, page, dmaHit, 0)
			return
		}
		m.schedule(m.now+link, actTransReq, ep, 0, page)
		m.emit(EvDMAIssued, ep, page, dmaMiss, 0)
	}
}

// epSTE is the configuration the SMMU applies to ep's requests (its first
// StreamID: the model's requester uses one RID).
func (m *machine) epSTE(ep int32) ste.STE {
	return m.steFor(m.cfg.epSIDs[ep][0])
}

// transReq: a Translation Request reaches the SMMU.
func (m *machine) transReq(ep int32, page uint64) {
	s := m.epSTE(ep)
	link := Time(m.cfg.sc.SMMU.LinkLatency)
	switch {
	case !s.V() || s.Config() != ste.CfgS2Trans:
		m.emit(EvTransReq, ep, page, transAbort, 0)
		return
	case s.EATS() == ste.EATSAbort:
		// SMMU_CR0.ATSCHK is set: Unsupported Request, F_BAD_ATS_TREQ.
		m.emit(EvTransReq, ep, page, transUR, 0)
		return
	}
	pa, ok := m.mem.translate(m.cfg.epDomain[ep], page)
	if !ok {
		m.schedule(m.now+link, actTransCpl, ep, 0, page)
		m.emit(EvTransReq, ep, page, transFault, 0)
		return
	}
	m.schedule(m.now+link, actTransCpl, ep, int32(pa+1), page)
	m.emit(EvTransReq, ep, page, transOK, uint64(pa))
}

// transCpl: the Translation Completion reaches the endpoint, which caches
// it and sends the Translated write.
func (m *machine) transCpl(ep int32, paPlus1 uint32, page uint64) {
	e := &m.eps[ep]
	if paPlus1 == 0 || !e.atsEn || e.inFLR {
		m.emit(EvTransCpl, ep, page, uint64(paPlus1), 0)
		return
	}
	e.atcInsert(page, paPlus1-1)
	m.schedule(m.now+Time(m.cfg.sc.SMMU.LinkLatency), actTranslatedWrite, ep, int32(page), uint64(paPlus1-1))
	m.emit(EvTransCpl, ep, page, uint64(paPlus1), 0)
}

// translatedWrite: a write carrying a physical address reaches the SMMU.
// With STE.EATS = 0b01 it bypasses translation: this is where a stale ATC
// entry corrupts memory.
func (m *machine) translatedWrite(ep int32, page uint64, pa uint32) {
	s := m.epSTE(ep)
	if !s.V() || s.Config() != ste.CfgS2Trans {
		m.counts.AbortedDMA++
		m.emit(EvDMAWrite, ep, page, uint64(pa), dmaSTEAbort)
		return
	}
	if s.EATS() != ste.EATSTrans {
		m.counts.AbortedDMA++
		m.emit(EvDMAWrite, ep, page, uint64(pa), dmaAborted)
		return
	}
	m.landWrite(ep, page, pa)
}

func (m *machine) landWrite(ep int32, page uint64, pa uint32) {
	own := uint16(ownerDomain + m.cfg.epDomain[ep])
	if m.mem.owner[pa] != own {
		m.counts.CorruptDMA++
		m.mem.hits[pa]++
		m.mem.lastHit = int32(pa)
		m.corruptSeen(ep)
		m.emit(EvDMAWrite, ep, page, uint64(pa), dmaCorrupt|uint64(m.mem.owner[pa])<<8)
		return
	}
	m.emit(EvDMAWrite, ep, page, uint64(pa), dmaOK)
}

// untranslatedWrite: a write with an IOVA; the SMMU walks the page table,
// so it can only reach what is mapped now.
func (m *machine) untranslatedWrite(ep int32, page uint64) {
	s := m.epSTE(ep)
	if !s.V() || s.Config() != ste.CfgS2Trans {
		m.counts.AbortedDMA++
		m.emit(EvDMAWrite, ep, page, 0, dmaSTEAbort)
		return
	}
	pa, ok := m.mem.translate(m.cfg.epDomain[ep], page)
	if !ok {
		m.emit(EvDMAWrite, ep, page, 0, dmaFault)
		return
	}
	m.landWrite(ep, page, pa)
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
