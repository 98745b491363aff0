package sim

import (
	"github.com/smmuplay/smmuplay/sim/cmdq"
	"github.com/smmuplay/smmuplay/sim/ste"
)

// Snapshot is a deep value copy of what a renderer or the browser API
// shows. It shares nothing with the Sim: keep it as long as you like.
// SnapshotInto refills one without allocating once its slices have grown.
type Snapshot struct {
	N    int64
	Time Time
	Last Event // the event just executed (Kind EvNone at the start)

	GERROR, GERRORN uint32
	CmdqProd        uint32
	CmdqCons        uint32 // with ERR in [30:24]
	QS              int
	SFM             bool
	Outstanding     int           // ATC invalidations the SMMU tracks
	Window          []Slot        // command queue slots around CONS..PROD
	SyncWaiting     bool          // the consumer is stopped at a CMD_SYNC
	ATSTimeout      Time          // how long the SMMU waits for an Invalidate Completion
	ATCSize         int           // ATC entries per endpoint
	Invs            []InvSnap     // the ATC invalidations the SMMU tracks, in issue order
	Timeouts        []TimeoutSnap // the last MaxTimeouts CERROR_ATC_INV_SYNCs, oldest first
	EVTQ            EvtqSnap      // the Event queue (evtq.go)

	RootPorts []string
	Endpoints []EndpointSnap
	Groups    []GroupSnap
	Pages     []PageSnap // physical pages that a corrupt write hit
	Counters  Counters
}

// Slot is one command queue slot.
type Slot struct {
	Pos   uint32 // queue position (index and wrap bit)
	Cmd   cmdq.Cmd
	State SlotState
}

// SlotState says where a slot stands relative to CONS and PROD.
type SlotState uint8

// Slot states.
const (
	SlotConsumed SlotState = iota // before CONS
	SlotAtCons                    // the command at CONS.RD
	SlotError                     // at CONS.RD with CMDQ_ERR active
	SlotPending                   // between CONS and PROD
)

// InvSnap is one CMD_ATC_INV the SMMU sent and has not retired: what a
// waiting CMD_SYNC waits for.
type InvSnap struct {
	EP       int32
	ITag     uint8
	Done     bool   // its Invalidate Completion arrived in time
	Pos      uint32 // queue position of the CMD_ATC_INV
	Sent     Time
	Deadline Time // Sent + the ATS timeout: past it, the CMD_SYNC fails
}

// MaxTimeouts is how many CERROR_ATC_INV_SYNCs a snapshot remembers.
const MaxTimeouts = 4

// TimeoutSnap is one CMD_SYNC that raised CERROR_ATC_INV_SYNC.
type TimeoutSnap struct {
	Pos    uint32 // queue position of the CMD_SYNC
	T      Time   // when the error was raised
	Batch  int32  // ATC invalidations it waited for
	Missed int32  // how many of them timed out
	EP     int32  // the first endpoint that did not answer
}

// EndpointSnap is one endpoint's visible state.
type EndpointSnap struct {
	Name      string
	Port      int
	SIDs      []uint32
	STE       []ste.STE // per SID, as in memory
	Behavior  string
	ATSCap    bool
	ATS       bool // ATS Enable bit
	ATSBroken bool
	State     string // NONE, RESET, BROKEN
	InFLR     bool
	ITags     uint32
	ATC       []ATCEntrySnap
	Domain    int // attached domain, -1 blocking
	Group     int
}

// ATCEntrySnap is one valid ATC entry.
type ATCEntrySnap struct {
	IOVA  uint64
	Page  uint32
	Stale bool // the IOVA no longer maps to this page
}

// GroupSnap is one iommu_group.
type GroupSnap struct {
	Name        string
	RecoveryCnt int32
}

// PageSnap is a page hit by corrupt writes.
type PageSnap struct {
	Page  uint32
	Owner string
	Hits  uint32
}

// windowBefore is how many consumed slots the window keeps before CONS:
// enough history to fill a 64-slot ring with the batch that led here.
const windowBefore = 56

// windowMax bounds the slots a snapshot copies.
const windowMax = 96

// Snapshot returns a deep copy of the current state.
func (s *Sim) Snapshot() Snapshot {
	var snap Snapshot
	s.SnapshotInto(&snap)
	return snap
}

// SnapshotInto fills dst, reusing its slices.
func (s *Sim) SnapshotInto(dst *Snapshot) {
	m := s.m
	c := s.cfg
	dst.N = m.n
	dst.Time = m.now
	dst.Last = Event{}
	if m.n > 0 && m.n <= s.recorded {
		dst.Last = s.event(m.n)
	}
	r := &m.smmu
	dst.GERROR, dst.GERRORN, dst.CmdqProd, dst.CmdqCons = r.gerror, r.gerrorn, r.prod, r.cons
	dst.QS = int(c.qs)
	dst.SFM = r.sfm
	dst.Outstanding = len(m.invs)
	dst.SyncWaiting = m.cons.parked
	dst.ATSTimeout = Time(c.sc.SMMU.ATSTimeout)
	dst.ATCSize = c.sc.SMMU.ATCSize
	dst.Invs = dst.Invs[:0]
	for i := range m.invs {
		r := &m.invs[i]
		dst.Invs = append(dst.Invs, InvSnap{EP: r.ep, ITag: r.itag, Done: r.done, Pos: r.slot, Sent: r.sent, Deadline: r.deadline})
	}
	dst.Timeouts = append(dst.Timeouts[:0], m.timeouts[:m.nTimeouts]...)
	dst.Window = dst.Window[:0]
	rd := m.rd()
	before := min(uint32(windowBefore), c.wrapBit-m.used())
	p := (rd - before) & m.posMask()
	for i := 0; i < windowMax; i++ {
		if i >= int(before) && p == r.prod {
			break
		}
		st := SlotPending
		switch {
		case i < int(before):
			st = SlotConsumed
		case p == rd && m.errActive(GERRORCmdqErr):
			st = SlotError
		case p == rd:
			st = SlotAtCons
		}
		dst.Window = append(dst.Window, Slot{Pos: p, Cmd: m.q.read(m.idx(p)), State: st})
		p = m.inc(p)
	}
	dst.RootPorts = dst.RootPorts[:0]
	for _, rp := range c.sc.RootPorts {
		dst.RootPorts = append(dst.RootPorts, rp.Name)
	}
	if cap(dst.Endpoints) < len(m.eps) {
		dst.Endpoints = make([]EndpointSnap, len(m.eps))
	}
	dst.Endpoints = dst.Endpoints[:len(m.eps)]
	for i := range m.eps {
		e := &m.eps[i]
		d := &dst.Endpoints[i]
		d.Name = c.sc.Endpoints[i].Name
		d.Port = int(c.epPort[i])
		d.SIDs = d.SIDs[:0]
		d.STE = d.STE[:0]
		for _, si := range c.epSIDs[i] {
			d.SIDs = append(d.SIDs, c.sids[si].sid)
			d.STE = append(d.STE, m.stes[si])
		}
		d.Behavior = string(e.behavior)
		d.ATSCap, d.ATS = e.atsCap, e.atsEn
		d.ATSBroken = m.drv.masters[i].atsBroken
		d.State = blockedNames[m.core.gdevs[i].blocked]
		d.InFLR = e.inFLR
		d.ITags = e.itags
		d.Domain = int(m.drv.masters[i].domain)
		d.Group = int(c.epGroup[i])
		d.ATC = d.ATC[:0]
		dom := c.epDomain[i]
		for _, a := range e.atc {
			if !a.valid {
				continue
			}
			pa, ok := m.mem.translate(dom, a.page)
			d.ATC = append(d.ATC, ATCEntrySnap{IOVA: a.page << 12, Page: a.pa, Stale: !ok || pa != a.pa})
		}
	}
	dst.Groups = dst.Groups[:0]
	for gi, g := range m.core.groups {
		dst.Groups = append(dst.Groups, GroupSnap{Name: c.sc.Groups[gi].Name, RecoveryCnt: g.recoveryCnt})
	}
	dst.Pages = dst.Pages[:0]
	for p, h := range m.mem.hits {
		if h > 0 {
			dst.Pages = append(dst.Pages, PageSnap{Page: uint32(p), Owner: m.ownerName(m.mem.owner[p]), Hits: h})
		}
	}
	dst.Counters = m.counts
	m.evtqSnapInto(&dst.EVTQ)
}
