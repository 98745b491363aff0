package sim

import (
	"github.com/smmuplay/smmuplay/sim/cmdq"
	"github.com/smmuplay/smmuplay/sim/klog"
)

const (
	errLevel  = klog.Err
	warnLevel = klog.Warn

	fmtSyncTimeout = klog.FmtSyncTimeout
)

// gerrorIRQ delivers the GERROR interrupt to its CPU. A CPU whose thread
// polls a CMD_SYNC with interrupts off holds it until the poll ends.
func (m *machine) gerrorIRQ() {
	cpu := int32(m.cfg.sc.SMMU.IRQCPU)
	c := &m.cpus[cpu]
	if c.irqsOffBy >= 0 {
		c.pendingIRQ = true
		m.emitT(EvIRQDeferred, -1, c.irqsOffBy, uint64(cpu), 0, 0)
		return
	}
	m.isr()
}

// isr is arm_smmu_gerror_handler().
func (m *machine) isr() {
	gerror, gerrorn := m.smmu.gerror, m.smmu.gerrorn
	active := gerror ^ gerrorn
	if active&gerrorErrMask == 0 {
		m.emit(EvISR, -1, uint64(active), uint64(gerror), 0) // IRQ_NONE
		return
	}
	m.logf(warnLevel, klog.FmtUnexpectedGError, active)
	sfm := active&GERRORSFMErr != 0
	if sfm {
		m.logf(errLevel, klog.FmtSFM)
		m.smmu.cr0 = 0 // arm_smmu_device_disable()
	}
	// Patch 13: on SFM the series skips the remaining causes.
	if !(sfm && m.cfg.policy == policySeries) && active&GERRORCmdqErr != 0 {
		m.skipErr()
	}
	m.writeGerrorn(gerror)
	m.dirty = true
	m.emit(EvISR, -1, uint64(active), uint64(gerror), 0)
}

// skipErr is __arm_smmu_cmdq_skip_err(): print the error and, for an
// illegal command, overwrite it with a CMD_SYNC. An ATC invalidation
// timeout is left in place (the baseline's "skip" that is no skip); the
// series records it in atc_sync_timeouts for the issuer.
func (m *machine) skipErr() {
	cons := m.smmu.cons
	code := cmdq.ConsErr(cons)
	m.logf(errLevel, klog.FmtCmdqError, cons, code.KernelString())
	switch code {
	case cmdq.CErrorAbt:
		m.logf(errLevel, klog.FmtRetryFetch)
	case cmdq.CErrorNone:
	case cmdq.CErrorATCInvSync:
		if m.cfg.policy == policySeries {
			m.drv.setTimeout(m.idx(cons))
		}
	default:
		pos := cons & m.posMask()
		bad := m.q.read(m.idx(pos))
		m.logf(errLevel, klog.FmtSkipping)
		m.logf(errLevel, klog.FmtCmdDword, bad[0])
		m.logf(errLevel, klog.FmtCmdDword, bad[1])
		m.q.write(m.idx(pos), cmdq.KernelSync(cmdq.CSSEV, 0).Encode())
	}
}

// coClear is the series' issuer-side handling of a CMDQ_ERR the ISR has
// not handled yet (patches 15 and 16), under the lock the ISR also takes.
func (m *machine) coClear(ti int32) {
	if !m.errActive(GERRORCmdqErr) {
		return
	}
	m.skipErr()
	m.writeGerrorn(m.smmu.gerrorn ^ GERRORCmdqErr)
	m.coCleared = true
}
