package sim

import "github.com/smmuplay/smmuplay/sim/cmdq"

// Typed views of an Event's untyped fields, for the packages that read
// runs (the lab's trace export and strategy measurements): they name what
// A, B and C hold for a kind instead of copying sim's numbering.

// ThreadID is a simulated kernel thread, as Event.Thread holds it.
type ThreadID int8

// The simulated kernel threads.
const (
	ThreadIssuer ThreadID = thIssuer // the CPU that unmaps (the invalidation path)
	ThreadWorker ThreadID = thWorker // the workqueue kworker
	ThreadReset  ThreadID = thReset  // the thread that resets devices (sysfs, AER)
	ThreadAttach ThreadID = thAttach // a thread attaching domains (VFIO, userspace)
)

// Threads are the simulated kernel threads, in order.
func Threads() []ThreadID { return []ThreadID{ThreadIssuer, ThreadWorker, ThreadReset, ThreadAttach} }

func (t ThreadID) String() string {
	if t < 0 || int(t) >= numThreads {
		return "thread?"
	}
	return threadNames[t]
}

// ThreadOf is the thread that caused e, if a thread did.
func (e Event) ThreadOf() (ThreadID, bool) {
	if e.Thread < 0 || int(e.Thread) >= numThreads {
		return 0, false
	}
	return ThreadID(e.Thread), true
}

// Op is an operation a thread runs (EvThreadStart and EvThreadEnd).
type Op uint8

// The operations.
const (
	OpUnmap  = Op(opUnmap)  // unmap one IOVA page, invalidate, free the page
	OpAttach = Op(opAttach) // attach an endpoint to a domain (or the blocking domain)
	OpReset  = Op(opReset)  // reset an endpoint: prepare, FLR, done
	OpWork   = Op(opWork)   // the IOMMU core's broken-device work item
)

func (o Op) String() string { return opKind(o).String() }

// Op is the operation an EvThreadStart or EvThreadEnd started or ended.
func (e Event) Op() (Op, bool) {
	if e.Kind != EvThreadStart && e.Kind != EvThreadEnd {
		return 0, false
	}
	return Op(e.A), true
}

// CmdsWritten is what an EvCmdsWritten wrote: count commands from slot
// position First, then CMDQ_PROD = Prod.
type CmdsWritten struct {
	First, Prod uint32
	Count       int
}

// Written is e's CmdsWritten when e is an EvCmdsWritten.
func (e Event) Written() (CmdsWritten, bool) {
	if e.Kind != EvCmdsWritten {
		return CmdsWritten{}, false
	}
	return CmdsWritten{First: uint32(e.A), Count: int(e.B), Prod: uint32(e.C)}, true
}

// Holds reports whether queue position pos is one of w's slots, with a
// queue of 2^qs slots (positions carry a wrap bit above the index).
func (w CmdsWritten) Holds(pos uint32, qs int) bool {
	mask := uint32(1)<<(qs+1) - 1
	return (pos-w.First)&mask < uint32(w.Count)
}

// ATCInv is an EvATCInvSent: the command at Pos sent an Invalidate
// Request with ITag to StreamID SID.
type ATCInv struct {
	Pos  uint32
	ITag int
	SID  uint32
}

// ATCInv is e's ATCInv when e is an EvATCInvSent.
func (e Event) ATCInv() (ATCInv, bool) {
	if e.Kind != EvATCInvSent {
		return ATCInv{}, false
	}
	return ATCInv{Pos: uint32(e.A), ITag: int(e.B), SID: uint32(e.C)}, true
}

// CmdError is an EvCmdError: CMDQ_CONS with its ERR field, and GERROR.
type CmdError struct {
	Cons   uint32
	Err    uint8 // CMDQ_CONS.ERR (cmdq.CERROR)
	GError uint32
}

// CmdError is e's CmdError when e is an EvCmdError.
func (e Event) CmdError() (CmdError, bool) {
	if e.Kind != EvCmdError {
		return CmdError{}, false
	}
	return CmdError{Cons: uint32(e.A), Err: uint8(e.B), GError: uint32(e.C)}, true
}

// TransOutcome is how the SMMU answered a Translation Request.
type TransOutcome uint8

func (o TransOutcome) String() string {
	switch o {
	case TransOK:
		return "OK"
	case TransFault:
		return "fault"
	case TransUR:
		return "UR"
	case TransAbort:
		return "abort"
	case TransOff:
		return "UR (SMMU off)"
	}
	return "outcome?"
}

// TransOutcome is the answer of an EvTransReq.
func (e Event) TransOutcome() (TransOutcome, bool) {
	if e.Kind != EvTransReq {
		return 0, false
	}
	return TransOutcome(e.B), true
}

// DMAOutcome is where a DMA access landed.
type DMAOutcome uint8

func (o DMAOutcome) String() string {
	switch o {
	case DMAOK:
		return "OK"
	case DMACorrupt:
		return "CORRUPT"
	case DMAAborted:
		return "aborted"
	case DMAFault:
		return "fault"
	case DMASTEAbort:
		return "STE abort"
	case DMALeak:
		return "LEAK"
	case DMAGBPA:
		return "GBPA abort"
	}
	return "outcome?"
}

// DMAAccess is an EvDMAAccess: endpoint EP's access to IOVA page Page
// reached physical page PA with Outcome; Owner is the page's owner when
// it was someone else's.
type DMAAccess struct {
	Page, PA uint64
	Outcome  DMAOutcome
	Owner    int
	Read     bool
}

// DMA is e's DMAAccess when e is an EvDMAAccess.
func (e Event) DMA() (DMAAccess, bool) {
	if e.Kind != EvDMAAccess {
		return DMAAccess{}, false
	}
	return DMAAccess{Page: e.A, PA: e.B, Outcome: DMAOutcome(e.C & 0xff), Owner: int(e.C>>8) & 0xff, Read: e.C&(1<<16) != 0}, true
}

// InvCplStatus says when an Invalidate Completion arrived.
type InvCplStatus uint8

// The statuses of an EvInvCplReceived.
const (
	InvCplInTime   InvCplStatus = 0 // counted for its request
	InvCplLate     InvCplStatus = 1 // after its request's deadline
	InvCplUnheld   InvCplStatus = 2 // no request holds the ITag: dropped
	InvCplReissued InvCplStatus = 3 // a late one, counted for the ITag's new request
)

func (s InvCplStatus) String() string {
	switch s {
	case InvCplInTime:
		return "in time"
	case InvCplLate:
		return "after the timeout"
	case InvCplUnheld:
		return "no request holds the ITag"
	case InvCplReissued:
		return "late, counted for the ITag's new request"
	}
	return "status?"
}

// InvCpl is the ITag and status of an EvInvCplReceived, and the
// completions it counted.
func (e Event) InvCpl() (itag int, status InvCplStatus, ok bool) {
	if e.Kind != EvInvCplReceived {
		return 0, 0, false
	}
	return int(e.A), InvCplStatus(e.B), true
}

// Consumed is the queue position and command of an EvCmdConsumed.
func (e Event) Consumed() (pos uint32, cmd cmdq.Cmd, ok bool) {
	if e.Kind != EvCmdConsumed {
		return 0, cmdq.Cmd{}, false
	}
	return uint32(e.A), cmdq.Cmd{e.B, e.C}, true
}
