package sim

import "github.com/smmuplay/smmuplay/sim/scenario"

// The IOMMU core (drivers/iommu/iommu.c) with the series' group-device
// quarantine. Transitions follow kernel-facts.md §6.4; the [RECON] rows are
// documented in docs/architecture.md.

// Group-device blocked states (v4 patch 3: enum gdev_blocked).
const (
	blockedNone   = 0
	blockedReset  = 1
	blockedBroken = 2
)

var blockedNames = [...]string{"NONE", "RESET", "BROKEN"}

type gdev struct {
	blocked       uint8
	resetDepth    int32
	brokenPending bool
	workQueued    bool
}

type group struct {
	recoveryCnt int32
	domain      int32 // group->domain: what the devices return to
}

type core struct {
	gdevs  []gdev // per endpoint
	groups []group
}

func (c core) clone() core {
	c.gdevs = append([]gdev(nil), c.gdevs...)
	c.groups = append([]group(nil), c.groups...)
	return c
}

// reportBroken is iommu_report_device_broken(): called from the
// invalidation path (no group mutex), it marks the device and defers the
// blocking to a per-device work item.
func (m *machine) reportBroken(ep int32) {
	g := &m.core.gdevs[ep]
	g.brokenPending = true
	queued := uint64(0)
	if !g.workQueued {
		g.workQueued = true
		queued = 1
		m.schedule(m.now+Time(m.cfg.sc.Policy.WQLatency), actWork, ep, 0, 0)
	}
	m.dirty = true
	m.emitT(EvReportBroken, ep, thIssuer, queued, 0, 0)
}

// workQueued: the workqueue picks the item up; the kworker runs it.
func (m *machine) workStart(ep int32) {
	m.core.gdevs[ep].workQueued = false
	m.submit(thWorker, op{kind: opWork, ep: ep, dom: -1})
	m.emitT(EvWorkQueued, ep, thWorker, 0, 0, 0)
}

// workBody is the broken worker under group->mutex.
func (m *machine) workBody(ti int32, ep int32) {
	g := &m.core.gdevs[ep]
	grp := &m.core.groups[m.cfg.epGroup[ep]]
	out := uint64(workBlocked)
	switch {
	case !g.brokenPending && m.cfg.sc.Policy.BrokenPending:
		// A recovery (done ok) raced the report and won: skip.
		out = workSkipped
	case g.blocked == blockedBroken:
		out = workAlready
	case g.blocked == blockedReset:
		// Already on the blocking domain for a reset; keep it there as
		// BROKEN so only a successful reset lifts it.
		g.blocked = blockedBroken
	default:
		g.blocked = blockedBroken
		grp.recoveryCnt++
		m.threads[ti].insert(m.attachUnits(ep, -1)...)
	}
	g.brokenPending = false
	m.dirty = true
	m.next(ti)
	m.emitT(EvWorkRan, ep, ti, out, uint64(g.blocked), 0)
}

// prepare is pci_dev_reset_iommu_prepare().
func (m *machine) prepare(ti int32, ep int32) {
	g := &m.core.gdevs[ep]
	grp := &m.core.groups[m.cfg.epGroup[ep]]
	g.resetDepth++
	if g.resetDepth == 1 && g.blocked == blockedNone {
		g.blocked = blockedReset
		grp.recoveryCnt++
		m.threads[ti].insert(m.attachUnits(ep, -1)...)
	}
	m.dirty = true
	m.next(ti)
	m.emitT(EvPrepare, ep, ti, uint64(g.resetDepth), uint64(g.blocked), 0)
}

// startFLR begins a Function Level Reset; the thread waits for it.
func (m *machine) startFLR(ti int32, ep int32) {
	t := &m.threads[ti]
	e := &m.eps[ep]
	e.inFLR = true
	e.flrResult = t.cur.ok
	// FLR resets the ATS Control register.
	e.atsEn = false
	t.wait = waitFLR
	t.gen++
	m.schedule(m.now+Time(m.cfg.sc.PCI.FLRTime), actFLRDone, ep, ti, t.gen)
	m.emitT(EvFLRStarted, ep, ti, 0, 0, 0)
}

// flrDone: the reset finished. A function that recovers answers
// invalidations again; one that fails stays unresponsive. Either way its
// ATC is empty.
func (m *machine) flrDone(ep, ti int32, gen uint64) {
	e := &m.eps[ep]
	e.inFLR = false
	ok := e.flrResult
	dropped := e.atcFlush()
	if ok {
		e.behavior = scenario.Healthy
	}
	if ti >= 0 {
		if t := &m.threads[ti]; t.gen == gen && t.wait == waitFLR {
			t.wait = waitNone
			m.next(ti)
		}
	}
	m.drv.masters[ep].atsEnabled = e.atsEn
	m.dirty = true
	res := uint64(0)
	if ok {
		res = 1
	}
	m.emitT(EvFLRDone, ep, ti, res, uint64(dropped), 0)
}

// done is pci_dev_reset_iommu_done(dev, result).
func (m *machine) done(ti int32, ep int32, ok bool) {
	g := &m.core.gdevs[ep]
	grp := &m.core.groups[m.cfg.epGroup[ep]]
	res := uint64(0)
	if ok {
		res = 1
	}
	if g.resetDepth == 0 {
		m.next(ti)
		m.emitT(EvDone, ep, ti, res, uint64(g.blocked), 0)
		return
	}
	g.resetDepth--
	if g.resetDepth == 0 && g.blocked != blockedNone {
		gate := m.cfg.sc.Policy.GateDone
		if ok || !gate {
			// Recovered: the driver forgets ats_broken, then the device
			// goes back to group->domain (EATS, ATC flush, ATS on).
			var us []unit
			if m.drv.masters[ep].atsBroken {
				us = append(us, unit{kind: uATSBroken, a: ep, b: 0})
			}
			us = append(us, m.attachUnits(ep, grp.domain)...)
			m.threads[ti].insert(us...)
			g.blocked = blockedNone
			g.brokenPending = false
			grp.recoveryCnt--
		} else if g.blocked == blockedReset {
			// The reset failed: keep the device blocked as BROKEN.
			g.blocked = blockedBroken
		}
	}
	m.dirty = true
	m.next(ti)
	m.emitT(EvDone, ep, ti, res, uint64(g.blocked), uint64(g.resetDepth))
}
