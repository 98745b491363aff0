package sim

// EventKind says what happened in one step. Names are past tense.
type EventKind uint8

// Event kinds. The meaning of A, B and C is given per kind.
const (
	EvNone EventKind = iota

	// Scenario lines and external inputs.
	EvScript // a scenario action line ran; A = step index

	// SMMU command queue.
	EvCmdsWritten   // software wrote commands; Thread; A = first slot position, B = count, C = new PROD
	EvCmdConsumed   // the SMMU consumed a command; A = position, B = dw0, C = dw1
	EvATCInvSent    // CMD_ATC_INV sent an Invalidate Request; EP; A = position, B = ITag, C = StreamID
	EvITagStall     // CMD_ATC_INV waits: all 32 ITags of EP are in flight; A = position
	EvSyncWaiting   // a CMD_SYNC waits for ATC invalidations; A = position, B = outstanding
	EvSyncCompleted // a CMD_SYNC completed; A = position, B = CS
	EvCmdError      // a command error stopped the queue; A = CMDQ_CONS, B = CERROR, C = GERROR

	// PCIe ATS.
	EvInvReqReceived // EP received an Invalidate Request; A = ITag, B = 0 done later, 1 ignored; C = entries dropped
	EvInvCplReceived // the SMMU received an Invalidate Completion from EP for one ITag; A = ITag, B = 0 counted, 1 after its deadline, 2 no request holds the ITag (dropped), 3 a late one counted for the ITag's new request; C = completions counted
	EvTransReq       // the SMMU answered a Translation Request from EP; A = IOVA page, B = outcome (TransOK...), C = PA
	EvTransCpl       // EP got a Translation Completion and filled its ATC; A = IOVA page, B = PA+1 (0 = no access)
	EvDMAIssued      // EP's DMA engine started an access; A = IOVA page, B = path (DMAHit, DMAMiss, DMAUntranslated), C = 1 in reset | 2 read
	EvDMAAccess      // a DMA access reached the SMMU; EP; A = IOVA page, B = PA, C = outcome (DMAOK...) | owner<<8 | read<<16
	EvATSEnabled     // EP's ATS Enable bit was set (pci_enable_ats)
	EvATSDisabled    // EP's ATS Enable bit was cleared (pci_disable_ats or FLR)
	EvBehavior       // EP's behaviour changed; A = 0 healthy, 1 unresponsive, 2 slow
	EvFLRStarted     // an FLR of EP started
	EvFLRDone        // EP's FLR finished; A = 1 ok, 0 failed; B = ATC entries dropped

	// Memory.
	EvUnmapped  // a page was unmapped; A = IOVA, B = PA, C = domain
	EvMapped    // a page was mapped; A = IOVA, B = PA, C = domain
	EvPageFreed // a freed page was handed to the host kernel; A = PA, C = domain

	// Linux: driver.
	EvIssuerDone  // an issuer's CMD_SYNC wait ended; Thread; A = sync position, B = return value (0, -ETIMEDOUT, -EIO)
	EvISR         // the GERROR handler ran; A = active bits, B = GERROR
	EvIRQDeferred // the GERROR IRQ waits: its CPU has interrupts off; A = CPU
	EvSTEWritten  // the driver wrote an STE; A = StreamID, B = changed qword mask, C = dword 1
	EvATSBroken   // the driver set (A=1) or cleared (A=0) master->ats_broken of EP
	EvThreadWait  // a thread waits for a lock; Thread; A = lock kind, EP
	EvThreadStart // a thread started an operation; Thread; A = op kind, EP
	EvThreadEnd   // a thread finished an operation; Thread; A = op kind, EP
	EvPollTimeout // an issuer's poll budget ran out; Thread; A = sync position

	// Linux: IOMMU core and PCI.
	EvReportBroken // iommu_report_device_broken(EP); A = 1 work queued, 0 already queued
	EvWorkRan      // EP's broken work item ran; A = outcome (workBlocked, workSkipped, workAlready)
	EvPrepare      // pci_dev_reset_iommu_prepare(EP); A = reset_depth after, B = blocked state after
	EvDone         // pci_dev_reset_iommu_done(EP, result); A = 1 ok, B = blocked state after, C = reset_depth after
	EvAttached     // EP's STEs now point at a domain; A = domain index or -1 (blocking)

	EvUnmapRequested // the host asked to unmap an IOVA page; A = IOVA page, C = unmap number
	EvWorkQueued     // the workqueue dispatched EP's broken work item to the kworker
	EvSetDomain      // the core's attach of EP's group did not attach every device; A = domain index or -1, B = return value (0, -EBUSY), C = setDomain* outcome | blocked devices << 8 | recovery_cnt << 32
	EvEvtqThread     // arm_smmu_evtq_thread drained the Event queue; A = records read, B = EVENTQ_CONS, C = EVENTQ_PROD

	numEventKinds // not a kind: how many there are
)

// Outcomes stored in events.
const (
	TransOK    = 0 // Translation Completion with a physical address
	TransFault = 1 // IOVA not mapped: completion with no access
	TransUR    = 2 // STE.EATS = 0 (ATSCHK): Unsupported Request, F_BAD_ATS_TREQ
	TransAbort = 3 // STE aborts (blocking domain or V=0)
	TransOff   = 4 // CR0.SMMUEN = 0: nothing translates, Unsupported Request

	DMAHit          = 0 // ATC hit: a Translated write goes out
	DMAMiss         = 1 // ATC miss: a Translation Request goes out first
	DMAUntranslated = 2 // ATS off: an Untranslated write

	DMAOK       = 0 // landed on a page of the device's domain
	DMACorrupt  = 1 // landed on a page someone else owns
	DMAAborted  = 2 // Translated write with STE.EATS = 0: F_TRANSL_FORBIDDEN
	DMAFault    = 3 // Untranslated write to an unmapped IOVA: F_TRANSLATION
	DMASTEAbort = 4 // the STE aborts all traffic
	DMALeak     = 5 // a read landed on a page someone else owns
	DMAGBPA     = 6 // CR0.SMMUEN = 0 and SMMU_GBPA.ABORT: aborted, nothing looked up

	workBlocked = 0 // the device moved to BROKEN
	workSkipped = 1 // broken_pending was clear: a recovery raced and won
	workAlready = 2 // already BROKEN

	errETIMEDOUT = -110
	errEIO       = -5
	errEBUSY     = -16

	setDomainSame    = 0 // group->domain is already the domain: nothing to do
	setDomainRefused = 1 // recovery_cnt != 0: -EBUSY, nothing changed
	setDomainSkipped = 2 // MUST_SUCCEED: group->domain updated, blocked devices left on the blocking domain
)

// Event is one step of the simulation, in the past tense.
type Event struct {
	N      int64 // 1-based step number
	T      Time
	Kind   EventKind
	EP     int32 // endpoint index, or -1
	Thread int8  // software thread, or -1
	A, B   uint64
	C      uint64
}
