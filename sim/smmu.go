package sim

import (
	"github.com/smmuplay/smmuplay/sim/cmdq"
	"github.com/smmuplay/smmuplay/sim/ste"
)

// Queue positions are the QS+1 low bits of PROD/CONS: index plus wrap bit.

func (m *machine) posMask() uint32     { return m.cfg.wrapBit<<1 - 1 }
func (m *machine) inc(p uint32) uint32 { return (p + 1) & m.posMask() }
func (m *machine) idx(p uint32) uint32 { return p & m.cfg.idxMask }
func (m *machine) rd() uint32          { return m.smmu.cons & m.posMask() }
func (m *machine) queueEmpty() bool    { return m.smmu.prod == m.rd() }
func (m *machine) errActive(bit uint32) bool {
	return (m.smmu.gerror^m.smmu.gerrorn)&bit != 0
}

// used returns the number of queue slots between CONS and PROD.
func (m *machine) used() uint32 {
	return (m.smmu.prod - m.rd()) & m.posMask()
}

func (m *machine) slotAddr(pos uint32) uint64 {
	return m.cfg.queueBase + uint64(m.idx(pos))*16
}

// kick schedules the next command fetch if the SMMU can fetch one.
func (m *machine) kick() {
	c := &m.cons
	if c.scheduled || c.parked || c.itagStall >= 0 {
		return
	}
	r := &m.smmu
	if r.sfm || r.cr0&(cr0SMMUEN|cr0CMDQEN) != cr0SMMUEN|cr0CMDQEN {
		return
	}
	if m.errActive(GERRORCmdqErr) || m.queueEmpty() {
		return
	}
	c.scheduled = true
	m.schedule(m.now+Time(m.cfg.sc.SMMU.CmdLatency), actConsume, -1, 0, 0)
}

// consume executes the command at CONS.RD.
func (m *machine) consume() {
	m.cons.scheduled = false
	if m.smmu.abortNext {
		// CERROR_ABT: the fetch itself failed; RD does not move and the
		// same command is fetched again after the acknowledgement.
		m.smmu.abortNext = false
		m.raiseCmdError(cmdq.CErrorAbt)
		return
	}
	pos := m.rd()
	c := m.q.read(m.idx(pos))
	if err := cmdq.Check(c); err != nil {
		m.raiseCmdError(cmdq.CErrorIll)
		return
	}
	switch c.Op() {
	case cmdq.OpATCInv:
		m.sendATCInv(pos, c)
		return
	case cmdq.OpSync:
		m.syncReached(pos)
		return
	case cmdq.OpCfgiSTE:
		if i := m.cfg.sidIndex(c.SID()); i >= 0 {
			m.cache[i].valid = false
		}
	case cmdq.OpCfgiAll:
		for i := range m.cache {
			m.cache[i].valid = false
		}
	case cmdq.OpPrefetchCfg:
		if i := m.cfg.sidIndex(c.SID()); i >= 0 {
			m.cache[i] = steCache{valid: true, ste: m.stes[i]}
		}
	}
	// TLBIs and CFGI_CD only take time: the model has no SMMU TLB and no
	// context descriptors (its domains are stage 2).
	m.advance(pos)
	m.emit(EvCmdConsumed, -1, uint64(pos), c[0], c[1])
}

// advance moves CONS.RD past pos and fetches on.
func (m *machine) advance(pos uint32) {
	m.smmu.cons = m.smmu.cons&consErrMask | m.inc(pos)
	m.notifySpace()
	m.kick()
}

// sendATCInv sends an Invalidate Request for one CMD_ATC_INV, or stalls
// the consumer when the endpoint has no free ITag.
func (m *machine) sendATCInv(pos uint32, c cmdq.Cmd) {
	inv := cmdq.ATCInvOf(c)
	si := m.cfg.sidIndex(inv.SID)
	if si < 0 {
		// No function behind this StreamID: nothing to send.
		m.advance(pos)
		m.emit(EvCmdConsumed, -1, uint64(pos), c[0], c[1])
		return
	}
	ep := m.cfg.sids[si].ep
	e := &m.eps[ep]
	tag, ok := e.allocITag()
	if !ok {
		m.cons.itagStall = ep
		m.emit(EvITagStall, ep, uint64(pos), 0, 0)
		m.scheduleSyncCheck(m.earliestDeadline(ep))
		return
	}
	m.invSq++
	e.itagSeq[tag] = m.invSq
	m.invs = append(m.invs, invRecord{
		seq: m.invSq, ep: ep, itag: tag, slot: pos, sid: inv.SID, inv: inv,
		sent: m.now, deadline: m.now + Time(m.cfg.sc.SMMU.ATSTimeout),
	})
	m.counts.ATCInvSent++
	m.invNotDone++
	m.schedule(m.now+Time(m.cfg.sc.SMMU.LinkLatency), actInvReqArrive, ep, int32(tag), m.invSq)
	m.advance(pos)
	m.emit(EvATCInvSent, ep, uint64(pos), uint64(tag), uint64(inv.SID))
}

// syncReached handles a CMD_SYNC at RD: complete it, fail it, or wait.
func (m *machine) syncReached(pos uint32) {
	pending, timedOut := m.invState()
	switch {
	case pending > 0 && m.cfg.mutation&mutSyncNoWait == 0:
		m.cons.parked = true
		m.scheduleSyncCheck(m.earliestPendingDeadline())
		m.emit(EvSyncWaiting, -1, uint64(pos), uint64(pending), 0)
	case timedOut > 0 && m.cfg.mutation&mutSilentTimeout == 0:
		m.invReportedTimeouts += int64(timedOut)
		m.noteTimeout(pos, timedOut)
		// Arm IHI 0070 §7.1: the CMD_SYNC is neither completed nor
		// consumed; RD stays on it. The timed-out requests will never
		// complete, so the model retires them (and frees their ITags): a
		// re-fetched CMD_SYNC then completes, as the seed's machine shows.
		m.retireInvs()
		m.raiseCmdError(cmdq.CErrorATCInvSync)
	default:
		m.retireInvs()
		m.completeSync(pos)
	}
}

func (m *machine) completeSync(pos uint32) {
	c := m.q.read(m.idx(pos))
	s := cmdq.SyncOf(c)
	if s.CS == cmdq.CSIRQ && s.MSIAddr == m.slotAddr(pos) {
		// Linux points the MSI at the CMD_SYNC's own slot with data 0 and
		// polls for the first word to become zero.
		c[0] &^= 0xffffffff
		m.q.write(m.idx(pos), c)
	}
	m.counts.CmdSyncs++
	m.cons.parked = false
	m.advance(pos)
	m.notifySync(pos)
	m.emit(EvSyncCompleted, -1, uint64(pos), uint64(s.CS), 0)
}

// noteTimeout remembers a CMD_SYNC that is about to raise
// CERROR_ATC_INV_SYNC: the batch it waited for (every record not yet
// retired, which is what the SMMU issued since the last CMD_SYNC resolved),
// how many of them missed their deadline, and the first endpoint that did.
func (m *machine) noteTimeout(pos uint32, missed int) {
	t := TimeoutSnap{Pos: pos, T: m.now, Batch: int32(len(m.invs)), Missed: int32(missed), EP: -1}
	for i := range m.invs {
		if r := &m.invs[i]; !r.done && m.now >= r.deadline {
			t.EP = r.ep
			break
		}
	}
	if m.nTimeouts == MaxTimeouts {
		copy(m.timeouts[:], m.timeouts[1:])
		m.nTimeouts--
	}
	m.timeouts[m.nTimeouts] = t
	m.nTimeouts++
}

// invState counts outstanding invalidations that may still complete and
// those that missed their deadline.
func (m *machine) invState() (pending, timedOut int) {
	for i := range m.invs {
		r := &m.invs[i]
		switch {
		case r.done:
		case m.now >= r.deadline:
			timedOut++
		default:
			pending++
		}
	}
	return pending, timedOut
}

// retireInvs drops every resolved record and releases its ITag.
func (m *machine) retireInvs() {
	keep := m.invs[:0]
	for _, r := range m.invs {
		if r.done || m.now >= r.deadline {
			if !r.done {
				m.invRetiredTimeouts++
				m.invNotDone--
			}
			if !r.released {
				m.eps[r.ep].itags &^= 1 << r.itag
			}
			continue
		}
		keep = append(keep, r)
	}
	m.invs = keep
}

// earliestPendingDeadline is the deadline of the oldest request that may
// still complete (deadlines grow in issue order).
func (m *machine) earliestPendingDeadline() Time {
	for i := range m.invs {
		if r := &m.invs[i]; !r.done && m.now < r.deadline {
			return r.deadline
		}
	}
	return -1
}

func (m *machine) earliestDeadline(ep int32) Time {
	t := Time(-1)
	for i := range m.invs {
		r := &m.invs[i]
		if r.ep == ep && !r.done && (t < 0 || r.deadline < t) {
			t = r.deadline
		}
	}
	return t
}

// scheduleSyncCheck arranges for the consumer to look again at t. A newer
// check replaces an older one (stale checks are dropped when popped).
func (m *machine) scheduleSyncCheck(t Time) {
	if t < 0 {
		return
	}
	c := &m.cons
	if c.checkPending && c.checkAt <= t {
		return // an earlier or equal check is already due
	}
	c.checkGen++
	c.checkPending = true
	c.checkAt = t
	m.schedule(t, actSyncCheck, -1, 0, c.checkGen)
}

// rescheduleSyncCheck replaces the pending check with one at t.
func (m *machine) rescheduleSyncCheck(t Time) {
	m.cons.checkPending = false
	m.scheduleSyncCheck(t)
}

// syncCheck runs when a deadline passes or a completion arrives while the
// consumer is stopped at a CMD_SYNC or an ITag stall.
func (m *machine) syncCheck() {
	m.cons.checkPending = false
	if m.cons.itagStall >= 0 {
		ep := m.cons.itagStall
		// Release ITags whose requests are past their deadline; the
		// CMD_SYNC that follows will still report them.
		for i := range m.invs {
			r := &m.invs[i]
			if r.ep == ep && !r.done && !r.released && m.now >= r.deadline {
				m.eps[ep].itags &^= 1 << r.itag
				r.released = true
			}
		}
		if m.eps[ep].itags != 0xffffffff {
			m.cons.itagStall = -1
			m.kick()
		} else {
			m.scheduleSyncCheck(m.earliestDeadline(ep))
		}
		m.emit(EvITagStall, ep, uint64(m.rd()), 1, 0)
		return
	}
	if pending, _ := m.invState(); pending > 0 && m.cons.parked {
		// An earlier deadline passed but other requests may still
		// complete: wait on. A timer re-arm, not an event.
		m.scheduleSyncCheck(m.earliestPendingDeadline())
		return
	}
	pos := m.rd()
	m.cons.parked = false
	m.syncReached(pos)
}

// raiseCmdError stops the queue with CONS.ERR = code. ERR is written before
// GERROR.CMDQ_ERR toggles (Arm IHI 0070 §7.1).
func (m *machine) raiseCmdError(code cmdq.CERROR) {
	m.cons.parked = false
	m.smmu.cons = m.smmu.cons&^consErrMask | uint32(code)<<consErrShift
	m.counts.CmdqErrors++
	if code == cmdq.CErrorATCInvSync {
		m.counts.ATCTimeouts++
	}
	m.raiseGerror(GERRORCmdqErr)
	m.emit(EvCmdError, -1, uint64(m.smmu.cons), uint64(code), uint64(m.smmu.gerror))
}

// raiseGerror makes a global error active (toggling an inactive bit) and
// delivers the GERROR interrupt.
func (m *machine) raiseGerror(bit uint32) {
	if m.errActive(bit) {
		return
	}
	m.smmu.gerror ^= bit
	if m.smmu.irqCtrl&irqCtrlGerrorEn != 0 && m.cfg.policy != policyNone {
		m.schedule(m.now+Time(m.cfg.sc.SMMU.IRQLatency), actGerrorIRQ, -1, 0, 0)
	}
}

// writeGerrorn is a software write to SMMU_GERRORN.
func (m *machine) writeGerrorn(v uint32) {
	wasCmdqErr := m.errActive(GERRORCmdqErr)
	m.smmu.gerrorn = v
	if wasCmdqErr && !m.errActive(GERRORCmdqErr) {
		// Commands at and after RD are fetched again.
		m.kick()
	}
}

// enterSFM injects Service Failure Mode.
func (m *machine) enterSFM() {
	m.smmu.sfm = true
	m.raiseGerror(GERRORSFMErr)
}

// steFor returns the configuration the SMMU uses for a StreamID: the cached
// copy when valid, else it fetches the stream table entry into the cache.
func (m *machine) steFor(si int32) ste.STE {
	if !m.cache[si].valid {
		m.cache[si] = steCache{valid: true, ste: m.stes[si]}
	}
	return m.cache[si].ste
}
