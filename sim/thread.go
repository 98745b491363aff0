package sim

import (
	"github.com/smmuplay/smmuplay/sim/cmdq"
	"github.com/smmuplay/smmuplay/sim/ste"
)

// Software threads. Each runs one operation at a time (an unmap, an
// attach, a reset, a work item) as a small program of units; a unit either
// finishes at once or makes the thread wait for its CMD_SYNC, a lock, an
// FLR or queue space. No goroutines: a waiting thread is just a state.

type opKind uint8

const (
	opUnmap  opKind = iota + 1 // unmap one IOVA page of a domain, invalidate, free the page
	opAttach                   // attach an endpoint to a domain (or the blocking domain)
	opReset                    // reset an endpoint: prepare, FLR, done
	opWork                     // the IOMMU core's broken-device work item
)

func (k opKind) String() string {
	switch k {
	case opUnmap:
		return "unmap"
	case opAttach:
		return "attach"
	case opReset:
		return "reset"
	case opWork:
		return "broken work"
	}
	return "op?"
}

type op struct {
	kind  opKind
	ep    int32
	dom   int32 // domain, or -1 for the blocking domain
	page  uint64
	ok    bool // reset: FLR result
	probe bool // reset: only probing the reset capability
	must  bool // attach: IOMMU_SET_DOMAIN_MUST_SUCCEED
	num   uint64
}

type unitKind uint8

const (
	uFlush       unitKind = iota + 1 // issue cmds[lo:hi] (+ CMD_SYNC when sync) and wait for the sync
	uUnmapPTE                        // clear the PTE of op.page
	uFreePage                        // hand the unmapped page to the host
	uRemap                           // map a fresh page at op.page
	uInvalidate                      // build the TLBI and ATC_INV flushes for op.page
	uPlanSTE                         // a = SID index: expand the writes taking its STE to stes[b]
	uWriteSTE                        // a = SID index: write stes[b] into the stream table
	uClearEATS                       // a = SID index: plan the surgical EATS=0 update
	uATSBroken                       // a = ep, b = 1 set / 0 clear master->ats_broken
	uReport                          // a = ep: iommu_report_device_broken()
	uPCIATS                          // a = ep, b = 1 pci_enable_ats / 0 pci_disable_ats
	uAttach                          // a = ep, b = domain or -1: decide and expand the attach
	uLock                            // a = lock id
	uUnlock                          // a = lock id
	uPrepare                         // a = ep: pci_dev_reset_iommu_prepare()
	uFLR                             // a = ep: run the FLR and wait for it
	uDone                            // a = ep: pci_dev_reset_iommu_done(result)
	uWork                            // a = ep: body of the broken work item
	uSetDomain                       // a = ep, b = domain: the master's invalidation membership
	uGroupAttach                     // a = ep, b = domain or -1: the core's attach of ep's group
)

// Flush tags: what a CMD_SYNC's result means to the issuer.
const (
	tagPlain       = iota // result ignored (CFGI_STE, TLBI)
	tagInv                // a domain invalidation flush holding ATC_INVs
	tagRetryMaster        // a = ep: per-device retry
	tagRetryHalf          // masters[a:b]: halving retry
)

type unit struct {
	kind   unitKind
	sync   bool
	tag    uint8
	a, b   int32
	lo, hi int32
}

type waitKind uint8

const (
	waitNone  waitKind = iota
	waitRun            // ready: an actThread is scheduled
	waitSync           // polling for its CMD_SYNC
	waitSpace          // polling for queue space
	waitLock           // sleeping on a lock
	waitFLR            // waiting for an FLR to finish
)

type thread struct {
	cpu      int32
	busy     bool
	cur      op
	prog     []unit
	pc       int
	cmds     []cmdq.Cmd
	stes     []ste.STE
	masters  []int32
	queue    []op
	wait     waitKind
	waitPos  uint32 // waitSync: queue position of the CMD_SYNC
	syncDone bool   // waitSync: the CMD_SYNC completed (its wake may still be pending)
	lock     int32  // waitLock: lock id
	gen      uint64 // wakes carry it; a stale wake is dropped
	pa       uint32 // opUnmap: the page that was unmapped
	unitAt   int    // pc of the flush being waited for
	started  Time   // waitSpace/waitSync: when the wait began

	deadline   Time // waitSync/waitSpace: when the poll budget runs out
	timerArmed bool // an actThreadTimeout is in the agenda
}

func (t thread) clone() thread {
	t.prog = append([]unit(nil), t.prog...)
	t.cmds = append([]cmdq.Cmd(nil), t.cmds...)
	t.stes = append([]ste.STE(nil), t.stes...)
	t.masters = append([]int32(nil), t.masters...)
	t.queue = append([]op(nil), t.queue...)
	return t
}

// Threads of the software model.
const (
	thIssuer = iota // the CPU that unmaps (the invalidation path)
	thWorker        // the workqueue kworker
	thReset         // the thread that resets devices (sysfs, AER)
	thAttach        // a thread attaching domains (VFIO, userspace)
	numThreads
)

var threadNames = [numThreads]string{"issuer", "kworker", "reset", "attach"}

// insert puts units right after the current one.
func (t *thread) insert(us ...unit) {
	at := t.pc + 1
	t.prog = append(t.prog, us...)
	copy(t.prog[at+len(us):], t.prog[at:len(t.prog)-len(us)])
	copy(t.prog[at:], us)
}

// addCmds appends commands and returns their range.
func (t *thread) addCmds(cs ...cmdq.Cmd) (lo, hi int32) {
	lo = int32(len(t.cmds))
	t.cmds = append(t.cmds, cs...)
	return lo, int32(len(t.cmds))
}

// submit queues an operation on thread ti and starts it if the thread is idle.
func (m *machine) submit(ti int32, o op) {
	t := &m.threads[ti]
	t.queue = append(t.queue, o)
	if !t.busy {
		m.wake(ti, 0)
	}
}

// wake schedules thread ti to continue after d.
func (m *machine) wake(ti int32, d Time) {
	t := &m.threads[ti]
	t.gen++
	t.wait = waitRun
	m.schedule(m.now+d, actThread, ti, 0, t.gen)
}

// swStep is the time software takes between two units.
const swStep = 100 * Nanosecond

// threadRun continues thread ti. It executes units that finish at once
// and stops at the first that produces an event or makes the thread wait.
func (m *machine) threadRun(ti int32, gen uint64) {
	t := &m.threads[ti]
	if gen != t.gen {
		return // stale wake
	}
	switch t.wait {
	case waitSync:
		m.syncObserved(ti)
		return
	case waitSpace, waitLock, waitFLR:
		m.retryWait(ti)
		return
	}
	t.wait = waitNone
	if !t.busy {
		if len(t.queue) == 0 {
			return
		}
		m.startOp(ti)
		return
	}
	for t.pc < len(t.prog) {
		if m.execUnit(ti) {
			return
		}
	}
	m.endOp(ti)
}

func (m *machine) startOp(ti int32) {
	t := &m.threads[ti]
	t.cur = t.queue[0]
	copy(t.queue, t.queue[1:])
	t.queue = t.queue[:len(t.queue)-1]
	t.busy = true
	t.prog = t.prog[:0]
	t.cmds = t.cmds[:0]
	t.stes = t.stes[:0]
	t.masters = t.masters[:0]
	t.pc = 0
	m.buildOp(ti)
	m.wake(ti, swStep)
	m.dirty = true
	m.emitT(EvThreadStart, t.cur.ep, ti, uint64(t.cur.kind), t.cur.page, uint64(t.cur.dom))
}

func (m *machine) endOp(ti int32) {
	t := &m.threads[ti]
	t.busy = false
	k := t.cur
	if k.kind == opUnmap {
		m.counts.Unmaps++
		if k.num > 0 {
			m.unmapFinished()
		}
	}
	if len(t.queue) > 0 {
		m.wake(ti, swStep)
	} else {
		t.wait = waitNone
	}
	m.dirty = true
	m.emitT(EvThreadEnd, k.ep, ti, uint64(k.kind), k.page, uint64(k.dom))
}

// next advances past a unit that finished and schedules the thread.
func (m *machine) next(ti int32) {
	m.threads[ti].pc++
	m.wake(ti, swStep)
}

// buildOp writes the unit program of the current operation.
func (m *machine) buildOp(ti int32) {
	t := &m.threads[ti]
	o := t.cur
	switch o.kind {
	case opUnmap:
		t.prog = append(t.prog,
			unit{kind: uUnmapPTE},
			unit{kind: uInvalidate},
			unit{kind: uFreePage},
			unit{kind: uRemap})
	case opAttach:
		g := m.cfg.epGroup[o.ep]
		t.prog = append(t.prog,
			unit{kind: uLock, a: lockGroup(g)},
			unit{kind: uGroupAttach, a: o.ep, b: o.dom},
			unit{kind: uUnlock, a: lockGroup(g)})
	case opReset:
		// prepare() and done() each run under group->mutex; the FLR
		// itself does not hold it.
		g := m.cfg.epGroup[o.ep]
		prepare := []unit{{kind: uLock, a: lockGroup(g)}, {kind: uPrepare, a: o.ep}, {kind: uUnlock, a: lockGroup(g)}}
		done := []unit{{kind: uLock, a: lockGroup(g)}, {kind: uDone, a: o.ep}, {kind: uUnlock, a: lockGroup(g)}}
		switch {
		case o.probe && m.v4():
			// v4 patch 1: probing a reset method does not suspend the IOMMU.
		case o.probe:
			// Upstream wraps the probe like a reset: blocked and
			// re-attached, though nothing was reset.
			t.prog = append(append(t.prog, prepare...), done...)
		default:
			t.prog = append(append(append(t.prog, prepare...), unit{kind: uFLR, a: o.ep}), done...)
		}
	case opWork:
		g := m.cfg.epGroup[o.ep]
		t.prog = append(t.prog,
			unit{kind: uLock, a: lockGroup(g)},
			unit{kind: uWork, a: o.ep},
			unit{kind: uUnlock, a: lockGroup(g)})
	}
}

// attachUnits is the driver's attach_dev for one endpoint, wrapped in the
// EATS/ats_broken lock when the series serialises them.
func (m *machine) attachUnits(ep, dom int32) []unit {
	us := []unit{}
	lk := m.cfg.policy == policySeries && m.cfg.sc.Policy.EATSLock
	if lk {
		us = append(us, unit{kind: uLock, a: lockEATS(ep)})
	}
	us = append(us, unit{kind: uAttach, a: ep, b: dom})
	if lk {
		us = append(us, unit{kind: uUnlock, a: lockEATS(ep)})
	}
	return us
}

func lockGroup(g int32) int32 { return g }
func lockEATS(ep int32) int32 { return 1<<20 | ep }
