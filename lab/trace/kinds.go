package trace

import (
	"strconv"

	"github.com/smmuplay/smmuplay/sim"
)

// kindNames are the event kinds' names without the Ev prefix. sim has no
// String method for EventKind; the lab needs stable names for trace event
// names and JSON, so it keeps its own table (a test checks it is complete).
var kindNames = map[sim.EventKind]string{
	sim.EvNone:           "None",
	sim.EvScript:         "Script",
	sim.EvCmdsWritten:    "CmdsWritten",
	sim.EvCmdConsumed:    "CmdConsumed",
	sim.EvATCInvSent:     "ATCInvSent",
	sim.EvITagStall:      "ITagStall",
	sim.EvSyncWaiting:    "SyncWaiting",
	sim.EvSyncCompleted:  "SyncCompleted",
	sim.EvCmdError:       "CmdError",
	sim.EvInvReqReceived: "InvReqReceived",
	sim.EvInvCplReceived: "InvCplReceived",
	sim.EvTransReq:       "TransReq",
	sim.EvTransCpl:       "TransCpl",
	sim.EvDMAIssued:      "DMAIssued",
	sim.EvDMAAccess:      "DMAAccess",
	sim.EvATSEnabled:     "ATSEnabled",
	sim.EvATSDisabled:    "ATSDisabled",
	sim.EvBehavior:       "Behavior",
	sim.EvFLRStarted:     "FLRStarted",
	sim.EvFLRDone:        "FLRDone",
	sim.EvUnmapped:       "Unmapped",
	sim.EvMapped:         "Mapped",
	sim.EvPageFreed:      "PageFreed",
	sim.EvIssuerDone:     "IssuerDone",
	sim.EvISR:            "ISR",
	sim.EvIRQDeferred:    "IRQDeferred",
	sim.EvSTEWritten:     "STEWritten",
	sim.EvATSBroken:      "ATSBroken",
	sim.EvThreadWait:     "ThreadWait",
	sim.EvThreadStart:    "ThreadStart",
	sim.EvThreadEnd:      "ThreadEnd",
	sim.EvPollTimeout:    "PollTimeout",
	sim.EvReportBroken:   "ReportBroken",
	sim.EvWorkRan:        "WorkRan",
	sim.EvPrepare:        "Prepare",
	sim.EvDone:           "Done",
	sim.EvAttached:       "Attached",
	sim.EvUnmapRequested: "UnmapRequested",
	sim.EvWorkQueued:     "WorkQueued",
}

// KindName names an event kind ("CmdError" for sim.EvCmdError); a kind
// added to sim after this table is named by its number ("Kind42").
func KindName(k sim.EventKind) string {
	if n, ok := kindNames[k]; ok {
		return n
	}
	return "Kind" + strconv.Itoa(int(k))
}
