package trace

import "github.com/smmuplay/smmuplay/sim"

// Process and thread ids. pid 1 is the SMMU, pid 2 the endpoints (tid =
// endpoint index + 1), pid 3 the Linux side.
const (
	pidSMMU      = 1
	pidEndpoints = 2
	pidLinux     = 3

	tidCmdq = 1

	tidIssuer   = 1
	tidISR      = 2
	tidWorkq    = 3
	tidReset    = 4
	tidAttach   = 5
	tidScenario = 6
)

type track struct{ pid, tid int }

var (
	trackCmdq     = track{pidSMMU, tidCmdq}
	trackISR      = track{pidLinux, tidISR}
	trackWorkq    = track{pidLinux, tidWorkq}
	trackScenario = track{pidLinux, tidScenario}
)

// threadTids maps sim's kernel threads to their tracks' tids.
var threadTids = map[sim.ThreadID]int{
	sim.ThreadIssuer: tidIssuer,
	sim.ThreadWorker: tidWorkq,
	sim.ThreadReset:  tidReset,
	sim.ThreadAttach: tidAttach,
}

var linuxThreadNames = map[int]string{
	tidIssuer:   "issuer (unmapping CPU)",
	tidISR:      "GERROR ISR",
	tidWorkq:    "workqueue (kworker)",
	tidReset:    "reset (sysfs/AER)",
	tidAttach:   "attach (userspace)",
	tidScenario: "scenario",
}

func endpointTrack(ep int32) track { return track{pidEndpoints, int(ep) + 1} }

// threadTrack is the track of the thread that caused e, if one did.
func threadTrack(e sim.Event) (track, bool) {
	th, ok := e.ThreadOf()
	if !ok {
		return track{}, false
	}
	return track{pidLinux, threadTids[th]}, true
}
