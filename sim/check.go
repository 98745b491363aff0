package sim

import (
	"fmt"

	"github.com/smmuplay/smmuplay/sim/cmdq"
	"github.com/smmuplay/smmuplay/sim/ste"
)

// Invariants (docs/architecture.md lists them with their reasons):
//
//	1 recovery_cnt of every group equals its group devices with blocked != BLOCKED_NO
//	2 master->ats_broken implies STE.EATS = 0 on every StreamID of the master
//	3 no CMD_ATC_INV for an ats_broken master sits in the command queue
//	4 under the series, no device corrupts memory: a quarantined one
//	  cannot, and the series quarantines before it frees a page
//	5 a CMD_SYNC completes only when every earlier ATC invalidation completed,
//	  and every timed-out invalidation was reported by CERROR_ATC_INV_SYNC
//	6 a BLOCKED_BROKEN group device outside a reset is ats_broken or its last FLR
//	  failed: a device a successful reset recovered is never left blocked
//	  (the v3 race: a late broken worker blocks a recovered device)
//	7 under the series, a reset that fails leaves its device blocked:
//	  done(fail) at reset_depth 0 never moves it to BLOCKED_NO (v2 lifted
//	  the quarantine; upstream's done() has no result and always does)
//	8 a blocked group device's STEs all abort whenever its group->mutex
//	  is free: hardware blocks what the core says is blocked (an attach
//	  during recovery must not rewrite them)
func (m *machine) checkInvariants() {
	ev := m.out.ev
	if ev.Kind == EvSyncCompleted {
		if len(m.invs) != 0 {
			m.violation(5, fmt.Sprintf("CMD_SYNC at 0x%x completed with %d ATC invalidations outstanding", ev.A, len(m.invs)))
		}
	}
	if m.invRetiredTimeouts != m.invReportedTimeouts {
		m.violation(5, fmt.Sprintf("%d timed-out ATC invalidations retired but %d reported", m.invRetiredTimeouts, m.invReportedTimeouts))
		m.invReportedTimeouts = m.invRetiredTimeouts
	}
	if ev.Kind == EvDone && m.v4() && ev.A == doneFailed && ev.C == 0 && ev.B == blockedNo {
		m.violation(7, fmt.Sprintf("%s's reset failed but done() moved it to %s", m.cfg.epName(ev.EP), BlockedNo))
	}
	if !m.dirty && ev.Kind != EvCmdsWritten && ev.Kind != EvScript {
		return
	}
	counts := make([]int32, len(m.core.groups))
	for i, g := range m.core.gdevs {
		if g.blocked != blockedNo {
			counts[m.cfg.epGroup[i]]++
		}
	}
	for gi, g := range m.core.groups {
		if g.recoveryCnt != counts[gi] {
			m.violation(1, fmt.Sprintf("group %s: recovery_cnt %d but %d blocked devices", m.cfg.sc.Groups[gi].Name, g.recoveryCnt, counts[gi]))
		}
	}
	for ep := range m.core.gdevs {
		g := &m.core.gdevs[ep]
		if g.blocked == blockedBroken && g.resetDepth == 0 && !m.drv.masters[ep].atsBroken && m.eps[ep].flrResult && !m.eps[ep].inFLR {
			m.violation(6, fmt.Sprintf("%s is %s though its last FLR succeeded and it is not ats_broken", m.cfg.epName(int32(ep)), BlockedBroken))
		}
		if g.blocked != blockedNo && !m.locked(lockGroup(m.cfg.epGroup[ep])) {
			for _, si := range m.cfg.epSIDs[ep] {
				if st := m.stes[si]; st.V() && st.Config() != ste.CfgAbort {
					m.violation(8, fmt.Sprintf("%s is %s but STE[0x%x] does not abort: %s", m.cfg.epName(int32(ep)), blockedNames[g.blocked], m.cfg.sids[si].sid, ste.Describe(m.stes[si])))
					break
				}
			}
		}
	}
	anyBroken := false
	for ep, ms := range m.drv.masters {
		if !ms.atsBroken {
			continue
		}
		anyBroken = true
		for _, si := range m.cfg.epSIDs[ep] {
			if e := m.stes[si].EATS(); e != ste.EATSAbort {
				m.violation(2, fmt.Sprintf("%s is ats_broken but STE[0x%x].EATS = %d", m.cfg.epName(int32(ep)), m.cfg.sids[si].sid, e))
			}
		}
	}
	if anyBroken {
		for p := m.rd(); p != m.smmu.prod; p = m.inc(p) {
			c := m.q.read(m.idx(p))
			if c.Op() != cmdq.OpATCInv {
				continue
			}
			if si := m.cfg.sidIndex(c.SID()); si >= 0 && m.drv.masters[m.cfg.sids[si].ep].atsBroken {
				m.violation(3, fmt.Sprintf("CMD_ATC_INV for ats_broken %s queued at 0x%x", m.cfg.epName(m.cfg.sids[si].ep), p))
			}
		}
	}
}

// corruptSeen checks invariant 4 when a corrupt write lands.
func (m *machine) corruptSeen(ep int32) {
	if m.cfg.policy != policySeries {
		return
	}
	if m.drv.masters[ep].atsBroken || m.core.gdevs[ep].blocked != blockedNo {
		m.violation(4, fmt.Sprintf("quarantined %s corrupted memory", m.cfg.epName(ep)))
		return
	}
	// The series frees a page only after its ATC flush returned, and an
	// ATC timeout returns -EIO and quarantines first: an unquarantined
	// device can corrupt memory only when the timeout went unseen, as when
	// the ATS timeout is at least the 1 s poll budget (-ETIMEDOUT, no bit).
	m.violation(4, fmt.Sprintf("%s corrupted memory under the series without being quarantined: its ATC invalidation timeout went unseen", m.cfg.epName(ep)))
}

// locked reports whether some thread holds lock id.
func (m *machine) locked(id int32) bool {
	for _, l := range m.drv.locks {
		if l.id == id {
			return true
		}
	}
	return false
}
