package sim

import "github.com/smmuplay/smmuplay/sim/scenario"

// The IOMMU core (drivers/iommu/iommu.c). Both driver policies share the
// upstream v7.1 core: per-gdev blocked state, reset_depth and the group's
// recovery_cnt (b296ca1fb43a, 0d5fd7a9323c), prepare()/done() around every
// reset (c279e83953d9), attaches refused while recovery_cnt is non-zero
// (__iommu_group_set_domain_internal, 5474e6e17a26). Only the series adds
// the v4 core patches: the reset result passed to done(), no IOMMU
// suspension when a reset is only probed, BLOCKED_BROKEN and the broken
// report with its work item. Transitions follow iommu.c's
// pci_dev_reset_iommu_prepare/done (upstream) and v4 patches 2-5 (as
// posted; reconstructed where the posting is not explicit);
// docs/architecture.md lists them.

// Group-device blocked states: v4 patch 3's enum gdev_blocked with the
// names the series gives them (v4 and its v5 changelog). Upstream's
// gdev->blocked is a bool; false and true are BLOCKED_NO and
// BLOCKED_RESETTING, as v5 04/18 converts it "with behaviour unchanged".
const (
	blockedNo        = 0
	blockedResetting = 1
	blockedBroken    = 2 // v4 only
)

// The blocked states by name, as snapshots, metrics, the JSON and the
// narration show them.
const (
	BlockedNo        = "BLOCKED_NO"
	BlockedResetting = "BLOCKED_RESETTING"
	BlockedBroken    = "BLOCKED_BROKEN"
)

var blockedNames = [...]string{BlockedNo, BlockedResetting, BlockedBroken}

type gdev struct {
	blocked       uint8
	resetDepth    int32
	brokenPending bool
	workQueued    bool
}

type group struct {
	recoveryCnt int32
	domain      int32 // group->domain: what the devices return to (-1: the blocking domain)
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

// v4 reports whether the core has the series' patches.
func (m *machine) v4() bool { return m.cfg.policy == policySeries }

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
	case g.blocked == blockedResetting:
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

// prepare is pci_dev_reset_iommu_prepare(), under group->mutex.
func (m *machine) prepare(ti int32, ep int32) {
	g := &m.core.gdevs[ep]
	grp := &m.core.groups[m.cfg.epGroup[ep]]
	g.resetDepth++
	if g.resetDepth == 1 && g.blocked == blockedNo {
		g.blocked = blockedResetting
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

// Values of EvDone's A: the result done() was given.
const (
	doneFailed   = 0 // v4: pci_dev_reset_iommu_done(pdev, result) with a failure
	doneOK       = 1 // v4: ... with success
	doneNoResult = 2 // upstream: pci_dev_reset_iommu_done(pdev) takes no result
)

// done is pci_dev_reset_iommu_done(), under group->mutex. Upstream it takes
// no result and always re-attaches group->domain: the device is unblocked
// and ATS comes back even after a failed FLR. The series passes the reset's
// result (v4 patches 2 and 4) and keeps a device whose reset failed
// blocked, as BLOCKED_BROKEN.
func (m *machine) done(ti int32, ep int32, ok bool) {
	g := &m.core.gdevs[ep]
	grp := &m.core.groups[m.cfg.epGroup[ep]]
	res := uint64(doneNoResult)
	if m.v4() {
		res = doneFailed
		if ok {
			res = doneOK
		}
	} else {
		ok = true // whatever the reset did
	}
	if g.resetDepth == 0 {
		m.next(ti)
		m.emitT(EvDone, ep, ti, res, uint64(g.blocked), 0)
		return
	}
	g.resetDepth--
	if g.resetDepth == 0 && g.blocked != blockedNo {
		if ok || !m.cfg.sc.Policy.GateDone {
			// Recovered: the driver forgets ats_broken (v4's
			// reset_device_done), then the device goes back to
			// group->domain (EATS, ATC flush, ATS on) unless that is
			// the blocking domain it is already on.
			var us []unit
			if m.v4() && m.drv.masters[ep].atsBroken {
				// v4 patch 5: ops->reset_device_done(); upstream has
				// no such callback (nor ats_broken).
				us = append(us, unit{kind: uATSBroken, a: ep, b: 0})
			}
			if grp.domain >= 0 {
				us = append(us, m.attachUnits(ep, grp.domain)...)
			}
			m.threads[ti].insert(us...)
			g.blocked = blockedNo
			g.brokenPending = false
			if m.cfg.mutation&mutKeepRecoveryCnt == 0 {
				grp.recoveryCnt--
			}
		} else if g.blocked == blockedResetting {
			// The reset failed: keep the device blocked as BROKEN.
			g.blocked = blockedBroken
		}
	}
	m.dirty = true
	m.next(ti)
	m.emitT(EvDone, ep, ti, res, uint64(g.blocked), uint64(g.resetDepth))
}
