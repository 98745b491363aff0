package scenario

import "strings"

// MetricKind is the type a metric evaluates to.
type MetricKind uint8

const (
	IntMetric  MetricKind = iota + 1 // compared with ==, !=, <, <=, >, >=
	NameMetric                       // compared with == and != against a name
	ListMetric                       // compared with == and != against a list; contains/!contains a name
	TextMetric                       // only contains/!contains a quoted string
)

// MetricSpec describes one metric an `expect` line may name. A name that
// starts with "EP." is per endpoint: "EP" stands for any endpoint name.
type MetricSpec struct {
	Name string
	Kind MetricKind
	Doc  string
}

// Metrics is the registry of everything `expect` can check. Package sim
// evaluates each one (a test there keeps the two in step).
var Metrics = []MetricSpec{
	{"time", IntMetric, "simulated time in ns"},
	{"events", IntMetric, "events executed so far"},
	{"cmd_syncs", IntMetric, "CMD_SYNC commands that completed"},
	{"atc_timeouts", IntMetric, "CERROR_ATC_INV_SYNC errors raised"},
	{"cmdq_errors", IntMetric, "command errors raised (any CERROR)"},
	{"corrupt_dma", IntMetric, "Translated writes that landed on a page the device's domain does not own"},
	{"leaked_dma", IntMetric, "Translated reads of a page the device's domain does not own"},
	{"log_lines", IntMetric, "kernel log lines printed"},
	{"recovery_cnt", IntMetric, "sum of recovery_cnt over all iommu groups"},
	{"invariant_violations", IntMetric, "invariant violations seen (checked after every event)"},
	{"prod", IntMetric, "SMMU_CMDQ_PROD register"},
	{"cons", IntMetric, "SMMU_CMDQ_CONS register (with ERR)"},
	{"cons.err", IntMetric, "CMDQ_CONS.ERR, bits [30:24]"},
	{"cons.rd", IntMetric, "CMDQ_CONS.RD, index and wrap bits"},
	{"gerror", IntMetric, "SMMU_GERROR register"},
	{"gerrorn", IntMetric, "SMMU_GERRORN register"},
	{"gerror.active", IntMetric, "GERROR ^ GERRORN"},
	{"sfm", IntMetric, "1 when the SMMU is in Service Failure Mode"},
	{"evtq.prod", IntMetric, "SMMU_EVENTQ_PROD register (with OVFLG, bit 31)"},
	{"evtq.cons", IntMetric, "SMMU_EVENTQ_CONS register (with OVACKFLG, bit 31)"},
	{"evtq.records", IntMetric, "event records the SMMU wrote into the Event queue"},
	{"evtq.lost", IntMetric, "event records discarded because the Event queue was full"},
	{"evtq.suppressed", IntMetric, "event records the printk ratelimit kept out of the log"},
	{"quarantined", ListMetric, "endpoints that are ats_broken or whose group device is BLOCKED_BROKEN, sorted"},
	{"log", TextMetric, "the kernel log"},
	{"EP.state", NameMetric, "iommu core group-device state: BLOCKED_NO, BLOCKED_RESETTING or BLOCKED_BROKEN"},
	{"EP.domain", NameMetric, "the domain the endpoint's STEs point at: a domain's name, or blocking"},
	{"EP.ats", NameMetric, "ATS Enable bit in the endpoint's ATS control register: on or off"},
	{"EP.ats_broken", NameMetric, "driver master->ats_broken: on or off"},
	{"EP.eats", IntMetric, "STE.EATS of the endpoint's first StreamID"},
	{"EP.atc", IntMetric, "valid ATC entries"},
	{"EP.stale", IntMetric, "ATC entries whose IOVA no longer maps to the cached page"},
	{"EP.behavior", NameMetric, "healthy, unresponsive or slow"},
	{"EP.recovery_cnt", IntMetric, "recovery_cnt of the endpoint's iommu group"},
	{"EP.reset_depth", IntMetric, "reset_depth of the endpoint's group device"},
}

// LookupMetric finds the spec for a metric as written in an expect line.
// For per-endpoint metrics it also returns the endpoint name; the caller
// checks that the endpoint exists.
func LookupMetric(name string) (spec MetricSpec, endpoint string, ok bool) {
	for _, m := range Metrics {
		if len(m.Name) > 3 && m.Name[:3] == "EP." {
			suffix := m.Name[2:] // ".state"
			if len(name) > len(suffix) && name[len(name)-len(suffix):] == suffix {
				ep := name[:len(name)-len(suffix)]
				if ep != "" && !containsDot(ep) {
					return m, ep, true
				}
			}
			continue
		}
		if m.Name == name {
			return m, "", true
		}
	}
	return MetricSpec{}, "", false
}

func containsDot(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			return true
		}
	}
	return false
}

// StateNames are the values of EP.state: the kernel's enum gdev_blocked
// (v4; upstream's bool blocked is BLOCKED_NO or BLOCKED_RESETTING).
var StateNames = []string{"BLOCKED_NO", "BLOCKED_RESETTING", "BLOCKED_BROKEN"}

// StateName maps the short names smmuplay used before it used the
// kernel's (NONE, RESET, BROKEN; any case) to the kernel's, so old
// scenarios, links and answers keep working. Anything else is returned
// as it is.
func StateName(s string) string {
	switch strings.ToUpper(s) {
	case "NONE", "BLOCKED_NO":
		return "BLOCKED_NO"
	case "RESET", "RESETTING", "BLOCKED_RESETTING":
		return "BLOCKED_RESETTING"
	case "BROKEN", "BLOCKED_BROKEN":
		return "BLOCKED_BROKEN"
	}
	return s
}
