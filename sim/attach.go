package sim

import (
	"github.com/smmuplay/smmuplay/sim/cmdq"
	"github.com/smmuplay/smmuplay/sim/ste"
)

// vttbr is the (fictional but fixed) stage-2 page table base of domain d.
func vttbr(d int32) uint64 { return 0x40000000 + uint64(d)<<20 }

// domainSTE is the STE the driver writes for an endpoint in domain d, or
// the blocking domain's abort STE for d < 0.
func (m *machine) domainSTE(d int32, ats bool) ste.STE {
	if d < 0 {
		return ste.MakeAbort()
	}
	return ste.MakeS2Domain(m.cfg.domains[d].VMID, vttbr(d), ats)
}

// expandAttach is arm_smmu_attach_dev() for one master: decide ATS, turn
// ATS off at the device before the STE stops allowing it, rewrite every
// STE hitlessly where possible, then the commit's ATC flush and enable.
func (m *machine) expandAttach(ti int32, ep, dom int32) {
	t := &m.threads[ti]
	ms := &m.drv.masters[ep]
	e := &m.eps[ep]
	newATS := dom >= 0 && e.atsCap && !ms.atsBroken
	oldATS := ms.atsEnabled
	var us []unit
	if oldATS && !newATS {
		us = append(us, unit{kind: uPCIATS, a: ep, b: 0})
	}
	target := m.domainSTE(dom, newATS)
	for _, si := range m.cfg.epSIDs[ep] {
		t.stes = append(t.stes, target)
		us = append(us, unit{kind: uPlanSTE, a: si, b: int32(len(t.stes) - 1)})
	}
	us = append(us, unit{kind: uSetDomain, a: ep, b: dom})
	flushATC := newATS || (oldATS && !ms.atsBroken)
	if flushATC {
		lo := int32(len(t.cmds))
		for _, si := range m.cfg.epSIDs[ep] {
			t.cmds = append(t.cmds, cmdq.ATCInvAll(m.cfg.sids[si].sid, 0).Encode())
		}
		us = append(us, unit{kind: uFlush, sync: true, tag: tagPlain, lo: lo, hi: int32(len(t.cmds))})
	}
	if newATS && !oldATS {
		us = append(us, unit{kind: uPCIATS, a: ep, b: 1})
	}
	t.insert(us...)
}

// planSTE expands the hitless-update writes from the current STE of SID
// index si to target: each write is followed by CFGI_STE + CMD_SYNC. The
// plan is computed now, from the STE as it is now: an attach that planned
// earlier and writes later is exactly the race the EATS lock prevents.
func (m *machine) planSTE(ti int32, si int32, target ste.STE) {
	t := &m.threads[ti]
	p := ste.Plan(m.stes[si], target)
	sid := m.cfg.sids[si].sid
	us := make([]unit, 0, 2*len(p.Steps))
	for _, s := range p.Steps {
		t.stes = append(t.stes, s.Entry)
		lo, hi := t.addCmds(cmdq.CfgiSTE{SID: sid, Leaf: true}.Encode())
		us = append(us,
			unit{kind: uWriteSTE, a: si, b: int32(len(t.stes) - 1)},
			unit{kind: uFlush, sync: true, tag: tagPlain, lo: lo, hi: hi})
	}
	t.insert(us...)
}

// writeSTE stores an STE in the stream table. The SMMU keeps using its
// cached copy until a CFGI_STE.
func (m *machine) writeSTE(ti int32, si int32, v ste.STE) bool {
	old := m.stes[si]
	var mask uint64
	for i := range v {
		if v[i] != old[i] {
			mask |= 1 << i
		}
	}
	m.stes[si] = v
	m.dirty = true
	m.next(ti)
	m.emitT(EvSTEWritten, m.cfg.sids[si].ep, ti, uint64(m.cfg.sids[si].sid), mask, v[1])
	return true
}

// groupAttach is __iommu_group_set_domain_internal() for the endpoint's
// iommu group (the attach op holds group->mutex): nothing to do when the
// group is already on dom; -EBUSY while the group's recovery_cnt is
// non-zero, unless the caller passes IOMMU_SET_DOMAIN_MUST_SUCCEED (a
// detach or teardown path, 5474e6e17a26), which goes through the fence,
// skips the blocked devices (pci_dev_reset_iommu_done() attaches them to
// the new group->domain later) and attaches the others. The kernel logs
// nothing here; the caller gets the error. It reports whether it emitted
// an event: a plain successful attach goes straight on to the driver.
func (m *machine) groupAttach(ti int32, ep, dom int32, must bool) bool {
	gi := m.cfg.epGroup[ep]
	grp := &m.core.groups[gi]
	t := &m.threads[ti]
	outcome := -1
	blocked := uint64(0)
	var us []unit
	switch {
	case grp.domain == dom:
		outcome = setDomainSame
	case grp.recoveryCnt != 0 && !must && m.cfg.sc.Policy.RecoveryFence:
		outcome = setDomainRefused
	default:
		for i, g := range m.cfg.epGroup {
			if g != gi {
				continue
			}
			if m.core.gdevs[i].blocked != blockedNo && m.cfg.sc.Policy.RecoveryFence {
				blocked++
				continue
			}
			us = append(us, m.attachUnits(int32(i), dom)...)
		}
		grp.domain = dom
		if blocked > 0 {
			outcome = setDomainSkipped
		}
	}
	if outcome < 0 {
		t.insert(us...)
		t.pc++
		return false
	}
	ret := 0
	if outcome == setDomainRefused {
		ret = errEBUSY
	}
	t.insert(us...)
	m.dirty = true
	m.next(ti)
	m.emitT(EvSetDomain, ep, ti, uint64(int64(dom)), retCode(ret), uint64(outcome)|blocked<<8|uint64(grp.recoveryCnt)<<32)
	return true
}
