package sim

import (
	"slices"

	"github.com/smmuplay/smmuplay/sim/cmdq"
)

// onEIO runs when a CMD_SYNC wait returned -EIO: the ISR (or the issuer's
// co-clear) marked an ATC invalidation timeout on this flush's CMD_SYNC.
// The SMMU cannot say which ATC_INV failed, so the series retries.
func (m *machine) onEIO(ti int32) {
	t := &m.threads[ti]
	u := t.prog[t.unitAt]
	switch u.tag {
	case tagInv:
		first := int32(len(t.masters))
		for _, c := range t.cmds[u.lo:u.hi] {
			if c.Op() != cmdq.OpATCInv {
				continue
			}
			ep := m.cfg.sids[m.cfg.sidIndex(c.SID())].ep
			if n := len(t.masters); n > int(first) && t.masters[n-1] == ep {
				continue
			}
			if !slices.Contains(t.masters[first:], ep) {
				t.masters = append(t.masters, ep)
			}
		}
		last := int32(len(t.masters))
		if m.cfg.strategy == strategyHalving {
			m.insertHalves(ti, first, last)
		} else {
			us := make([]unit, 0, last-first)
			for _, ep := range t.masters[first:last] {
				lo, hi := m.masterCmds(ti, u, ep)
				us = append(us, unit{kind: uFlush, sync: true, tag: tagRetryMaster, a: ep, lo: lo, hi: hi})
			}
			t.insert(us...)
		}
		// The retry is a decision, not a step: it is told in the failing
		// flush's EvIssuerDone.
		m.retryNote = uint64(last - first)
	case tagRetryMaster:
		m.quarantine(ti, u.a)
	case tagRetryHalf:
		if u.b-u.a == 1 {
			m.quarantine(ti, t.masters[u.a])
			return
		}
		m.insertHalves(ti, u.a, u.b)
	}
}

// masterCmds copies the ATC_INVs of ep from the failed flush u.
func (m *machine) masterCmds(ti int32, u unit, ep int32) (lo, hi int32) {
	t := &m.threads[ti]
	lo = int32(len(t.cmds))
	for i := u.lo; i < u.hi; i++ {
		c := t.cmds[i]
		if c.Op() == cmdq.OpATCInv && m.cfg.sids[m.cfg.sidIndex(c.SID())].ep == ep {
			t.cmds = append(t.cmds, c)
		}
	}
	return lo, int32(len(t.cmds))
}

// insertHalves queues the two halves of masters[a:b], each with its own
// CMD_SYNC (the halving variant, not in the series).
func (m *machine) insertHalves(ti int32, a, b int32) {
	t := &m.threads[ti]
	mid := a + (b-a)/2
	src := t.prog[t.unitAt]
	var us [2]unit
	for i, r := range [2][2]int32{{a, mid}, {mid, b}} {
		lo := int32(len(t.cmds))
		for _, ep := range t.masters[r[0]:r[1]] {
			m.masterCmds(ti, src, ep)
		}
		us[i] = unit{kind: uFlush, sync: true, tag: tagRetryHalf, a: r[0], b: r[1], lo: lo, hi: int32(len(t.cmds))}
	}
	t.insert(us[:]...)
}

// quarantine queues the series' steps for one faulty master: a surgical
// STE update clearing EATS on every StreamID (each a CFGI_STE + CMD_SYNC),
// then ats_broken, then the report to the IOMMU core. With the EATS lock
// the first two happen under the lock an attach also takes.
func (m *machine) quarantine(ti int32, ep int32) {
	t := &m.threads[ti]
	var us []unit
	lk := m.cfg.sc.Policy.EATSLock
	if lk {
		us = append(us, unit{kind: uLock, a: lockEATS(ep)})
	}
	for _, si := range m.cfg.epSIDs[ep] {
		if m.cfg.mutation&mutKeepEATS == 0 {
			us = append(us, unit{kind: uClearEATS, a: si})
		}
	}
	us = append(us, unit{kind: uATSBroken, a: ep, b: 1})
	if lk {
		us = append(us, unit{kind: uUnlock, a: lockEATS(ep)})
	}
	us = append(us, unit{kind: uReport, a: ep})
	t.insert(us...)
}
