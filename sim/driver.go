package sim

import (
	"fmt"

	"github.com/smmuplay/smmuplay/sim/cmdq"
	"github.com/smmuplay/smmuplay/sim/klog"
	"github.com/smmuplay/smmuplay/sim/ste"
)

// master is the arm-smmu-v3 driver's per-device state (struct
// arm_smmu_master), one per endpoint.
type master struct {
	atsEnabled bool  // master->ats_enabled: ATC_INVs go to this device
	atsBroken  bool  // master->ats_broken (series)
	domain     int32 // attached domain, -1 = blocking domain
}

// driver is the arm-smmu-v3 driver's global state.
type driver struct {
	masters     []master
	atcTimeouts []uint32 // cmdq->atc_sync_timeouts: slot indices whose CMD_SYNC hit an ATC timeout
	locks       []lockState
	// The dev_err_ratelimited() states of arm_smmu_cmdq_issue_cmdlist's
	// two messages (one static state per call site).
	rlSync, rlSpace klog.Ratelimit
}

// issueCmdlist names the function whose ratelimit states print "N
// callbacks suppressed".
const issueCmdlist = "arm_smmu_cmdq_issue_cmdlist"

// logRatelimited is dev_err_ratelimited(): the message passes the call
// site's ratelimit state, and ___ratelimit() first reports what an earlier
// interval refused.
func (m *machine) logRatelimited(rs *klog.Ratelimit, format string, args ...any) {
	ok, missed := rs.Allow(int64(m.now))
	if missed > 0 {
		m.logBare(warnLevel, fmt.Sprintf(klog.FmtSuppressed, issueCmdlist, missed))
	}
	if ok {
		m.logf(errLevel, format, args...)
	}
}

type lockState struct {
	id    int32
	owner int32 // thread
}

func (d driver) clone() driver {
	d.masters = append([]master(nil), d.masters...)
	d.atcTimeouts = append([]uint32(nil), d.atcTimeouts...)
	d.locks = append([]lockState(nil), d.locks...)
	return d
}

func (d *driver) setTimeout(idx uint32) {
	for _, x := range d.atcTimeouts {
		if x == idx {
			return
		}
	}
	d.atcTimeouts = append(d.atcTimeouts, idx)
}

// clearTimeout drops a slot's bit when a CMD_SYNC is written into the slot.
// An ISR can set the bit of a CMD_SYNC whose issuer already gave up (an ATS
// timeout longer than the 1 s poll budget): without this the bit would
// outlive its submission, and the next CMD_SYNC to reuse the slot after
// the queue wraps would read it and return -EIO for an error that was not
// its own.
func (d *driver) clearTimeout(idx uint32) { d.testAndClearTimeout(idx) }

func (d *driver) testAndClearTimeout(idx uint32) bool {
	for i, x := range d.atcTimeouts {
		if x == idx {
			d.atcTimeouts = append(d.atcTimeouts[:i], d.atcTimeouts[i+1:]...)
			return true
		}
	}
	return false
}

// execUnit runs the unit at pc. It returns true when the thread stopped
// for this step (an event was emitted or it waits).
func (m *machine) execUnit(ti int32) bool {
	t := &m.threads[ti]
	u := t.prog[t.pc]
	switch u.kind {
	case uFlush:
		return m.flush(ti)
	case uUnmapPTE:
		pa, ok := m.mem.unmapPage(t.cur.dom, t.cur.page)
		t.pa = pa
		if !ok {
			// Nothing mapped: nothing to invalidate or free.
			t.prog = t.prog[:t.pc+1]
		}
		m.next(ti)
		m.emitT(EvUnmapped, -1, ti, t.cur.page<<12, uint64(pa), uint64(t.cur.dom))
		return true
	case uInvalidate:
		m.buildInvalidation(ti)
		t.pc++
		return false
	case uFreePage:
		m.mem.reuse(t.pa)
		m.next(ti)
		m.emitT(EvPageFreed, -1, ti, uint64(t.pa), 0, uint64(t.cur.dom))
		return true
	case uRemap:
		pa, ok := m.mem.mapPage(t.cur.dom, t.cur.page)
		m.next(ti)
		if !ok {
			return false
		}
		m.emitT(EvMapped, -1, ti, t.cur.page<<12, uint64(pa), uint64(t.cur.dom))
		return true
	case uPlanSTE:
		m.planSTE(ti, u.a, t.stes[u.b])
		t.pc++
		return false
	case uWriteSTE:
		return m.writeSTE(ti, u.a, t.stes[u.b])
	case uClearEATS:
		cur := m.stes[u.a]
		t.stes = append(t.stes, cur.WithEATS(ste.EATSAbort))
		m.planSTE(ti, u.a, t.stes[len(t.stes)-1])
		t.pc++
		return false
	case uATSBroken:
		m.drv.masters[u.a].atsBroken = u.b == 1
		m.dirty = true
		m.next(ti)
		m.emitT(EvATSBroken, u.a, ti, uint64(u.b), 0, 0)
		return true
	case uReport:
		m.reportBroken(u.a)
		m.next(ti)
		return true
	case uPCIATS:
		e := &m.eps[u.a]
		e.atsEn = u.b == 1
		m.drv.masters[u.a].atsEnabled = e.atsEn
		m.dirty = true
		m.next(ti)
		if e.atsEn {
			m.emitT(EvATSEnabled, u.a, ti, 0, 0, 0)
		} else {
			m.emitT(EvATSDisabled, u.a, ti, 0, 0, 0)
		}
		return true
	case uSetDomain:
		m.drv.masters[u.a].domain = u.b
		m.dirty = true
		m.next(ti)
		m.emitT(EvAttached, u.a, ti, uint64(int64(u.b)), 0, 0)
		return true
	case uAttach:
		m.expandAttach(ti, u.a, u.b)
		t.pc++
		return false
	case uGroupAttach:
		return m.groupAttach(ti, u.a, u.b, t.cur.must)
	case uLock:
		if m.tryLock(u.a, ti) {
			t.pc++
			return false
		}
		t.wait = waitLock
		t.lock = u.a
		t.gen++
		m.emitT(EvThreadWait, lockEP(u.a), ti, uint64(u.a), 0, 0)
		return true
	case uUnlock:
		m.unlock(u.a, ti)
		t.pc++
		return false
	case uPrepare:
		m.prepare(ti, u.a)
		return true
	case uFLR:
		m.startFLR(ti, u.a)
		return true
	case uDone:
		m.done(ti, u.a, t.cur.ok)
		return true
	case uWork:
		m.workBody(ti, u.a)
		return true
	}
	panic("sim: unknown unit")
}

func lockEP(id int32) int32 {
	if id&(1<<20) != 0 {
		return id &^ (1 << 20)
	}
	return -1
}

// ---- locks ----

func (m *machine) tryLock(id, ti int32) bool {
	for _, l := range m.drv.locks {
		if l.id == id {
			return l.owner == ti
		}
	}
	m.drv.locks = append(m.drv.locks, lockState{id: id, owner: ti})
	return true
}

func (m *machine) unlock(id, ti int32) {
	for i, l := range m.drv.locks {
		if l.id == id && l.owner == ti {
			m.drv.locks = append(m.drv.locks[:i], m.drv.locks[i+1:]...)
			break
		}
	}
	// Wake the lowest-numbered waiter: deterministic, and starvation is
	// impossible with four threads.
	for w := range m.threads {
		t := &m.threads[w]
		if t.wait == waitLock && t.lock == id {
			m.wake(int32(w), swStep)
			t.wait = waitLock // retryWait re-tries the lock
			return
		}
	}
}

// retryWait runs when a sleeping thread is woken: try again what it
// waits for.
func (m *machine) retryWait(ti int32) {
	t := &m.threads[ti]
	switch t.wait {
	case waitLock:
		if !m.tryLock(t.lock, ti) {
			return
		}
		t.wait = waitNone
		t.pc++
		m.wake(ti, swStep)
		m.emitT(EvThreadWait, lockEP(t.lock), ti, uint64(t.lock), 1, 0)
	case waitSpace:
		t.wait = waitNone
		m.flush(ti)
	case waitFLR:
		t.wait = waitNone
		m.next(ti)
	}
}

// ---- command submission ----

// flush issues the flush unit at pc. For a sync flush the thread then
// polls (with local interrupts off, as arm_smmu_cmdq_issue_cmdlist does).
func (m *machine) flush(ti int32) bool {
	t := &m.threads[ti]
	u := t.prog[t.pc]
	n := uint32(u.hi - u.lo)
	need := n
	if u.sync {
		need++
	}
	// A disabled SMMU (Service Failure Mode, CR0 = 0) is not special here:
	// the driver does not know. It writes the commands and PROD as always;
	// nothing is consumed, so a CMD_SYNC poll runs its full budget and
	// prints "CMD_SYNC timeout" (kick does not fetch while CMDQEN = 0).
	space := m.cfg.wrapBit - m.used()
	if space < need {
		if t.wait != waitSpace {
			t.started = m.now
		}
		t.wait = waitSpace
		t.gen++
		m.armTimeout(ti, t.started+Time(m.cfg.sc.Policy.PollBudget))
		m.emitT(EvThreadWait, -1, ti, 0, uint64(space), 0)
		return true
	}
	first := m.smmu.prod
	p := first
	for _, c := range t.cmds[u.lo:u.hi] {
		m.q.write(m.idx(p), c)
		p = m.inc(p)
	}
	if u.sync {
		m.q.write(m.idx(p), m.syncCmd(p))
		if m.cfg.policy == policySeries {
			// The slot is this submission's now: a bit left by an earlier
			// occupant is not its news (see clearTimeout).
			m.drv.clearTimeout(m.idx(p))
		}
		t.waitPos = p
		p = m.inc(p)
	}
	m.smmu.prod = p
	m.kick()
	if u.sync {
		t.wait = waitSync
		t.syncDone = false
		t.unitAt = t.pc
		t.started = m.now
		t.gen++
		m.cpus[t.cpu].irqsOffBy = ti
		m.armTimeout(ti, m.now+Time(m.cfg.sc.Policy.PollBudget))
	} else {
		m.next(ti)
	}
	m.emitT(EvCmdsWritten, -1, ti, uint64(first), uint64(need), uint64(p))
	return true
}

// syncCmd builds the CMD_SYNC Linux writes at position pos.
func (m *machine) syncCmd(pos uint32) cmdq.Cmd {
	switch m.cfg.sc.SMMU.Sync {
	case "msi":
		return cmdq.KernelSync(cmdq.CSIRQ, m.slotAddr(pos)).Encode()
	case "none":
		return cmdq.KernelSync(cmdq.CSNone, 0).Encode()
	}
	return cmdq.KernelSync(cmdq.CSSEV, 0).Encode()
}

// notifySync wakes threads polling for the CMD_SYNC at pos.
func (m *machine) notifySync(pos uint32) {
	for i := range m.threads {
		t := &m.threads[i]
		if t.wait == waitSync && t.waitPos == pos {
			t.syncDone = true
			t.gen++
			m.schedule(m.now+swStep, actThread, int32(i), 0, t.gen)
		}
	}
}

// notifySpace wakes threads waiting for queue space.
func (m *machine) notifySpace() {
	for i := range m.threads {
		t := &m.threads[i]
		if t.wait == waitSpace {
			t.gen++
			m.schedule(m.now+swStep, actThread, int32(i), 0, t.gen)
		}
	}
}

// syncObserved: the issuer saw its CMD_SYNC complete.
func (m *machine) syncObserved(ti int32) {
	t := &m.threads[ti]
	ret := 0
	if m.cfg.policy == policySeries && m.drv.testAndClearTimeout(m.idx(t.waitPos)) {
		ret = errEIO
	}
	m.endWait(ti, ret)
}

// armTimeout sets the deadline of thread ti's poll. Deadlines only move
// forward, so one timer action per thread suffices: when it fires early it
// re-arms itself for the current deadline. (A timer per wait would leave
// thousands of dead one-second timers in the agenda.)
func (m *machine) armTimeout(ti int32, deadline Time) {
	t := &m.threads[ti]
	t.deadline = deadline
	if !t.timerArmed {
		t.timerArmed = true
		m.schedule(deadline, actThreadTimeout, ti, 0, 0)
	}
}

// pollTimeout: the poll budget ran out (ARM_SMMU_POLL_TIMEOUT_US).
func (m *machine) pollTimeout(ti int32) {
	t := &m.threads[ti]
	t.timerArmed = false
	if t.wait != waitSync && t.wait != waitSpace {
		return
	}
	if m.now < t.deadline {
		m.armTimeout(ti, t.deadline)
		return
	}
	if t.wait == waitSpace {
		// arm_smmu_cmdq_poll_until_not_full() failed: complain and retry.
		m.logRatelimited(&m.drv.rlSpace, klog.FmtCmdqTimeout)
		if m.cfg.policy == policySeries {
			m.coClear(ti)
		}
		t.started = m.now
		t.gen++
		m.armTimeout(ti, m.now+Time(m.cfg.sc.Policy.PollBudget))
		m.emitT(EvPollTimeout, -1, ti, uint64(m.smmu.prod), 1, 0)
		return
	}
	if t.wait != waitSync {
		return
	}
	if t.syncDone {
		// The CMD_SYNC completed just before the deadline; the poll saw it.
		m.syncObserved(ti)
		return
	}
	m.counts.PollTimeouts++
	ret := errETIMEDOUT
	if m.cfg.policy == policySeries {
		// Patch 15: co-clear a pending CMDQ_ERR the ISR could not handle
		// (its CPU may be this one, with interrupts off); then the bitmap
		// bit is definitive.
		m.coClear(ti)
		if m.drv.testAndClearTimeout(m.idx(t.waitPos)) {
			ret = errEIO
		}
	}
	if ret == errETIMEDOUT {
		m.logRatelimited(&m.drv.rlSync, fmtSyncTimeout, t.waitPos, m.smmu.prod, m.smmu.cons)
	}
	m.endWait(ti, ret)
}

// endWait finishes a CMD_SYNC wait with ret and acts on the result.
func (m *machine) endWait(ti int32, ret int) {
	t := &m.threads[ti]
	pos := t.waitPos
	t.wait = waitNone
	c := &m.cpus[t.cpu]
	if c.irqsOffBy == ti {
		c.irqsOffBy = -1
		if c.pendingIRQ {
			c.pendingIRQ = false
			m.schedule(m.now, actGerrorIRQ, -1, 0, 0)
		}
	}
	if ret == errEIO {
		m.counts.EIO++
		m.onEIO(ti)
	}
	note := m.retryNote
	if m.coCleared {
		note |= 1 << 32
	}
	m.retryNote, m.coCleared = 0, false
	m.next(ti)
	m.emitT(EvIssuerDone, -1, ti, uint64(pos), retCode(ret), note)
}

// ---- the invalidation path ----

// buildInvalidation emits the flushes of one unmap of a 4 KiB page: the
// TLBI and its CMD_SYNC (ATS must come after a sync of the TLB
// invalidations), then one full ATC_INV per StreamID of every ATS master of
// the domain, sorted, in batches of at most BatchSize.
func (m *machine) buildInvalidation(ti int32) {
	t := &m.threads[ti]
	o := t.cur
	d := m.cfg.domains[o.dom]
	iova := o.page << 12
	// Domains are stage 2 (config refuses stage 1): TLBI_S2_IPA by VMID.
	lo, hi := t.addCmds(cmdq.TLBIS2IPA{VMID: d.VMID, Leaf: true, Addr: iova}.Encode())
	us := []unit{{kind: uFlush, sync: true, tag: tagPlain, lo: lo, hi: hi}}
	batch := int32(m.cfg.sc.Policy.BatchSize)
	start := int32(len(t.cmds))
	for _, s := range m.cfg.sids {
		ms := &m.drv.masters[s.ep]
		if ms.domain != o.dom || !ms.atsEnabled {
			continue
		}
		if ms.atsBroken && m.cfg.mutation&mutInvBroken == 0 {
			continue // patch 24: no more ATC_INVs to a quarantined master
		}
		t.addCmds(cmdq.ATCInvRange(s.sid, 0, iova, 4096).Encode())
		if int32(len(t.cmds))-start == batch {
			// A full batch goes out; the baseline sends it without a
			// CMD_SYNC, the series forces a sync per flush.
			us = append(us, unit{kind: uFlush, sync: m.cfg.policy == policySeries, tag: tagInv, lo: start, hi: int32(len(t.cmds))})
			start = int32(len(t.cmds))
		}
	}
	if int32(len(t.cmds)) > start {
		us = append(us, unit{kind: uFlush, sync: true, tag: tagInv, lo: start, hi: int32(len(t.cmds))})
	} else if len(us) > 1 && !us[len(us)-1].sync {
		// The last full batch had no sync: batch_submit adds one.
		us[len(us)-1].sync = true
	}
	t.insert(us...)
}

// retCode stores a negative errno in an event field.
func retCode(ret int) uint64 { return uint64(int64(ret)) }
