package sim

import "strconv"

// eventKindNames name the kinds without their Ev prefix: stable names
// for traces, JSON and tests (TestEventKindNames keeps the table whole).
var eventKindNames = [numEventKinds]string{
	EvNone:           "None",
	EvScript:         "Script",
	EvCmdsWritten:    "CmdsWritten",
	EvCmdConsumed:    "CmdConsumed",
	EvATCInvSent:     "ATCInvSent",
	EvITagStall:      "ITagStall",
	EvSyncWaiting:    "SyncWaiting",
	EvSyncCompleted:  "SyncCompleted",
	EvCmdError:       "CmdError",
	EvInvReqReceived: "InvReqReceived",
	EvInvCplReceived: "InvCplReceived",
	EvTransReq:       "TransReq",
	EvTransCpl:       "TransCpl",
	EvDMAIssued:      "DMAIssued",
	EvDMAAccess:      "DMAAccess",
	EvATSEnabled:     "ATSEnabled",
	EvATSDisabled:    "ATSDisabled",
	EvBehavior:       "Behavior",
	EvFLRStarted:     "FLRStarted",
	EvFLRDone:        "FLRDone",
	EvUnmapped:       "Unmapped",
	EvMapped:         "Mapped",
	EvPageFreed:      "PageFreed",
	EvIssuerDone:     "IssuerDone",
	EvISR:            "ISR",
	EvIRQDeferred:    "IRQDeferred",
	EvSTEWritten:     "STEWritten",
	EvATSBroken:      "ATSBroken",
	EvThreadWait:     "ThreadWait",
	EvThreadStart:    "ThreadStart",
	EvThreadEnd:      "ThreadEnd",
	EvPollTimeout:    "PollTimeout",
	EvReportBroken:   "ReportBroken",
	EvWorkRan:        "WorkRan",
	EvPrepare:        "Prepare",
	EvDone:           "Done",
	EvAttached:       "Attached",
	EvUnmapRequested: "UnmapRequested",
	EvWorkQueued:     "WorkQueued",
	EvSetDomain:      "SetDomain",
	EvEvtqThread:     "EvtqThread",
}

// String names an event kind: "CmdError" for EvCmdError.
func (k EventKind) String() string {
	if k < numEventKinds && eventKindNames[k] != "" {
		return eventKindNames[k]
	}
	return "Kind" + strconv.Itoa(int(k))
}
