package sim

import (
	"github.com/smmuplay/smmuplay/sim/cmdq"
	"github.com/smmuplay/smmuplay/sim/ste"
)

// machine is the whole simulated state at one instant. Everything in it is
// a value or a slice it owns (except cfg, which is immutable, and the
// command queue, whose pages are copy-on-write), so clone is a deep copy.
type machine struct {
	cfg *config
	now Time
	ag  agenda

	smmu       smmuRegs
	q          cmdQueue
	cons       consumer
	invs       []invRecord // outstanding ATC invalidations, in issue order
	invNotDone int         // records in invs without a completion
	invSq      uint64      // sequence numbers for invRecord
	stes       []ste.STE   // stream table memory, indexed like cfg.sids
	cache      []steCache  // SMMU configuration cache, indexed like cfg.sids
	evq        evtQueue    // the Event queue and its IRQ thread (evtq.go)
	eps        []endpoint
	mem        memory

	cpus    []cpu
	threads []thread
	drv     driver
	core    core
	wl      workload

	prog    program
	n       int64 // events executed
	out     *stepOut
	logSink func(n int64) string // the Sim's kernel log up to event n
	counts  Counters

	timeouts  [MaxTimeouts]TimeoutSnap // the last CERROR_ATC_INV_SYNCs, oldest first
	nTimeouts int                      // how many of timeouts are filled

	invRetiredTimeouts  int64 // timed-out invalidations the SMMU retired
	invReportedTimeouts int64 // ... and reported with CERROR_ATC_INV_SYNC

	retryNote uint64 // masters a failed flush sends to retry (for its event)
	coCleared bool   // the issuer co-cleared a CMDQ_ERR (for its event)
	results   []ExpectResult
	dirty     bool // software state changed: invariants worth re-checking
}

// smmuRegs holds the architected registers the model implements.
type smmuRegs struct {
	gerror, gerrorn uint32
	prod, cons      uint32 // SMMU_CMDQ_PROD, SMMU_CMDQ_CONS (with ERR)
	cr0             uint32
	irqCtrl         uint32
	gbpa            uint32 // SMMU_GBPA: what incoming traffic gets while CR0.SMMUEN = 0
	sfm             bool
	abortNext       bool // injected: the next command fetch gets an external abort
}

// Register bits (Arm IHI 0070 §6.3; Linux arm-smmu-v3.h).
const (
	GERRORCmdqErr = 1 << 0
	GERRORSFMErr  = 1 << 8
	gerrorErrMask = 0x1fd // GERROR_ERR_MASK: bits 0 and 2-8

	cr0SMMUEN = 1 << 0
	cr0EVTQEN = 1 << 2
	cr0CMDQEN = 1 << 3
	cr0ATSCHK = 1 << 4

	irqCtrlGerrorEn = 1 << 0

	gbpaAbort = 1 << 20 // SMMU_GBPA.ABORT: abort all incoming traffic while SMMUEN = 0

	consErrShift = cmdq.ConsErrShift
	consErrMask  = cmdq.ConsErrMask
)

// consumer is the SMMU's command-fetch state machine.
type consumer struct {
	scheduled    bool   // an actConsume is in the agenda
	parked       bool   // stopped at a CMD_SYNC waiting for ATC invalidations
	checkGen     uint64 // generation of the pending actSyncCheck; older ones are stale
	checkPending bool
	checkAt      Time
	itagStall    int32 // endpoint whose ITags are exhausted, or -1
}

// invRecord is one CMD_ATC_INV the SMMU sent and has not retired.
type invRecord struct {
	seq      uint64
	ep       int32
	itag     uint8
	slot     uint32 // queue position of the command
	sid      uint32
	inv      cmdq.ATCInv
	sent     Time
	deadline Time
	done     bool  // completion received before the deadline
	released bool  // ITag freed early for a stalled CMD_ATC_INV (timed out)
	got      uint8 // Invalidate Completions counted (done at the Completion Count)
}

// steCache is one configuration cache entry.
type steCache struct {
	valid bool
	ste   ste.STE
}

// cpu tracks what the interrupt model needs: whether a thread runs with
// local interrupts off, and an interrupt held until they come back on.
type cpu struct {
	irqsOffBy  int32 // thread index, or -1
	pendingIRQ bool
}

// Counters are running totals a summary and the renderer show.
type Counters struct {
	CmdSyncs     int64 // CMD_SYNCs completed
	ATCTimeouts  int64 // CERROR_ATC_INV_SYNC raised
	CmdqErrors   int64 // any CERROR raised
	CorruptDMA   int64 // Translated writes to a page the device's domain does not own
	LeakedDMA    int64 // Translated reads of such a page
	AbortedDMA   int64 // accesses aborted: STE.EATS = 0, an abort STE, or GBPA.ABORT with the SMMU off
	ATCInvSent   int64 // Invalidate Requests sent
	Unmaps       int64 // unmaps completed by the issuer
	LogLines     int64
	Violations   int64 // invariant violations
	PollTimeouts int64 // CMD_SYNC poll budget exhausted (-ETIMEDOUT)
	EIO          int64 // -EIO returned to an issuer (series)
	StrayCpls    int64 // Invalidate Completions for an ITag no request held: dropped
	AliasedCpls  int64 // late completions for a reused ITag, counted for its new request
}

func (m *machine) clone() *machine {
	c := *m
	c.ag = m.ag.clone()
	c.q = m.q.clone()
	c.evq = m.evq.clone()
	c.invs = append([]invRecord(nil), m.invs...)
	c.stes = append([]ste.STE(nil), m.stes...)
	c.cache = append([]steCache(nil), m.cache...)
	// One backing array for every endpoint's ATC: a checkpoint is then a
	// handful of allocations, not one per endpoint (GC and wasm care).
	total := 0
	for i := range m.eps {
		total += len(m.eps[i].atc)
	}
	backing := make([]atcEntry, total)
	c.eps = make([]endpoint, len(m.eps))
	off := 0
	for i := range m.eps {
		e := m.eps[i]
		n := copy(backing[off:], e.atc)
		e.atc = backing[off : off+n : off+n]
		c.eps[i] = e
		off += n
	}
	c.mem = m.mem.clone()
	c.cpus = append([]cpu(nil), m.cpus...)
	c.threads = make([]thread, len(m.threads))
	for i := range m.threads {
		c.threads[i] = m.threads[i].clone()
	}
	c.drv = m.drv.clone()
	c.core = m.core.clone()
	c.wl = m.wl.clone()
	c.prog = m.prog
	c.results = append([]ExpectResult(nil), m.results...)
	return &c
}

// schedule adds an action at time at.
func (m *machine) schedule(at Time, k actKind, a, b int32, c uint64) {
	if at < m.now {
		at = m.now
	}
	m.ag.push(action{at: at, kind: k, a: a, b: b, c: c})
}
