package trace

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

// simThreads maps sim's software thread index (Event.Thread) to a track:
// sim numbers them issuer, kworker, reset, attach.
var simThreads = [...]track{
	{pidLinux, tidIssuer},
	{pidLinux, tidWorkq},
	{pidLinux, tidReset},
	{pidLinux, tidAttach},
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

// threadTrack is the track of sim thread th, if th names one.
func threadTrack(th int8) (track, bool) {
	if th < 0 || int(th) >= len(simThreads) {
		return track{}, false
	}
	return simThreads[th], true
}
