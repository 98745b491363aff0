package dmesg

import (
	"regexp"
	"strings"
	"sync"

	"github.com/smmuplay/smmuplay/sim/cmdq"
)

// Kinds of lines, named after what the driver reports.
const (
	KindGERROR      = "gerror"       // unexpected global error reported (0x%08x), this could be serious
	KindSFM         = "sfm"          // device has entered Service Failure Mode!
	KindMSIAbort    = "msi-abort"    // CMDQ|EVTQ|PRIQ|GERROR MSI write aborted
	KindQueueAbort  = "queue-abort"  // EVTQ|PRIQ write aborted -- events may have been lost
	KindCmdqError   = "cmdq-error"   // CMDQ error (cons 0x%08x): <reason>
	KindRetryFetch  = "retry-fetch"  // retrying command fetch
	KindSkipping    = "skipping"     // skipping command in error state:
	KindDword       = "dword"        // \t0x%016llx (one of the two dwords after skipping)
	KindCmdqTimeout = "cmdq-timeout" // CMDQ timeout
	KindSyncTimeout = "sync-timeout" // CMD_SYNC timeout at 0x%08x [hwprod 0x%08x, hwcons 0x%08x]; before 5.3 "CMD_SYNC timeout"

	// The event queue thread's messages.
	KindEvent        = "event"         // event 0x%02x received: (then four dwords)
	KindEventDword   = "event-dword"   // \t0x%016llx (one of an event record's four dwords)
	KindEventFault   = "event-fault"   // event: %s client: %s sid: %#x ssid: %#x [iova: %#llx ipa: %#llx | fetch_addr: %#llx]
	KindEventAccess  = "event-access"  // %s %s %s %s "%s"%s%s stag: %#x (the access that faulted)
	KindEvtqOverflow = "evtq-overflow" // EVTQ overflow detected -- events lost
	KindPriqOverflow = "priq-overflow" // PRIQ overflow detected -- requests lost
	KindSuppressed   = "suppressed"    // <function>: %d callbacks suppressed (the kernel's rate limit)
)

// hit is what match found in a message.
type hit struct {
	kind  string   // "" when the message is none the importer knows
	full  bool     // the whole message has its kind's form (else only its start: cut or malformed)
	old   bool     // sync-timeout: the pre-5.3 form, without positions
	short bool     // dword: fewer than the 16 digits the kernel prints
	sub   []string // the form's submatches
}

// The patterns compile on first use, not at package init: the page's
// wasm links this package, and every init delays its first frame.
var res = sync.OnceValue(func() *patterns {
	const hex8, hex = `([0-9a-fA-F]{1,8})`, `(0x[0-9a-fA-F]+|0)`
	return &patterns{
		gerror:      regexp.MustCompile(`^unexpected global error reported \(0x` + hex8 + `\), this could be serious$`),
		gerrorHead:  regexp.MustCompile(`^unexpected global error reported \(0x([0-9a-fA-F]{8})\)`),
		msiAbort:    regexp.MustCompile(`^(CMDQ|EVTQ|PRIQ|GERROR) MSI write aborted$`),
		qAbort:      regexp.MustCompile(`^(EVTQ|PRIQ) write aborted -- events may have been lost$`),
		cmdqError:   regexp.MustCompile(`^CMDQ error \(cons 0x` + hex8 + `\): (.*)$`),
		cmdqHead:    regexp.MustCompile(`^CMDQ error \(cons 0x([0-9a-fA-F]{8})\)`),
		sync:        regexp.MustCompile(`^CMD_SYNC timeout at 0x` + hex8 + ` \[hwprod 0x` + hex8 + `, hwcons 0x` + hex8 + `\]$`),
		syncHead:    regexp.MustCompile(`^CMD_SYNC timeout at 0x([0-9a-fA-F]{8})`),
		dword:       regexp.MustCompile(`^0x([0-9a-fA-F]{1,16})(?:[ \t]+([0-9a-fA-F]{1,16}))?$`),
		event:       regexp.MustCompile(`^event 0x([0-9a-fA-F]{1,2}) received:$`),
		eventHead:   regexp.MustCompile(`^event 0x([0-9a-fA-F]{1,2})\b`),
		eventFault:  regexp.MustCompile(`^event: ([A-Za-z0-9_]+) client: (.+?) sid: ` + hex + ` ssid: ` + hex + `(?: iova: ` + hex + ` ipa: ` + hex + `| fetch_addr: ` + hex + `)?(.*)$`),
		eventAccess: regexp.MustCompile(`^(priv|unpriv) (inst|data) (read|write) (s1|s2) "([^"]*)"( ttd_read| ttd_write)?( stall)? stag: ` + hex + `(.*)$`),
		suppressed:  regexp.MustCompile(`^(arm_smmu_[A-Za-z0-9_]+): (\d{1,10}) callbacks suppressed$`),
	}
})

type patterns struct {
	gerror, gerrorHead, msiAbort, qAbort, cmdqError, cmdqHead, sync, syncHead, dword,
	event, eventHead, eventFault, eventAccess, suppressed *regexp.Regexp
}

// starts are the literal beginnings of the messages, to tell a cut or
// mangled message ("CMDQ error (cons 0x0302bb") from another driver's
// line without trying every pattern.
var starts = [...]string{
	"unexpected global error reported (",
	"device has entered Service Failure Mode!",
	"CMDQ MSI write aborted", "EVTQ MSI write aborted", "PRIQ MSI write aborted", "GERROR MSI write aborted",
	"EVTQ write aborted -- events may have been lost", "PRIQ write aborted -- events may have been lost",
	"CMDQ error (cons 0x",
	"retrying command fetch",
	"skipping command in error state:",
	"CMDQ timeout",
	"CMD_SYNC timeout",
	"event 0x",
	"event: ",
	"EVTQ overflow detected -- events lost",
	"PRIQ overflow detected -- requests lost",
}

// looksLikeMessage: t starts like one of the driver's messages, or is
// the start of one (at least 6 bytes of it), or is a dword.
func looksLikeMessage(t string) bool {
	if strings.HasPrefix(t, "0x") || strings.HasPrefix(t, "arm_smmu_") {
		return true
	}
	for _, s := range starts {
		if strings.HasPrefix(t, s) || len(t) >= 6 && strings.HasPrefix(s, t) {
			return true
		}
	}
	return false
}

// match recognises a message. A cheap test of its first byte keeps other
// drivers' lines away from the patterns.
func match(t string) hit {
	if t == "" {
		return hit{}
	}
	r := res()
	sub := func(re *regexp.Regexp) []string { return re.FindStringSubmatch(t) }
	switch t[0] {
	case 'u':
		if m := sub(r.gerror); m != nil {
			return hit{kind: KindGERROR, full: true, sub: m}
		}
		if m := sub(r.gerrorHead); m != nil {
			return hit{kind: KindGERROR, sub: m}
		}
		if m := sub(r.eventAccess); m != nil {
			return hit{kind: KindEventAccess, full: true, sub: m}
		}
	case 'p':
		if m := sub(r.eventAccess); m != nil {
			return hit{kind: KindEventAccess, full: true, sub: m}
		}
	case 'd':
		if t == "device has entered Service Failure Mode!" {
			return hit{kind: KindSFM, full: true}
		}
	case 'C', 'E', 'P', 'G':
		return matchUpper(t, sub)
	case 'r':
		if t == "retrying command fetch" {
			return hit{kind: KindRetryFetch, full: true}
		}
	case 's':
		if t == "skipping command in error state:" {
			return hit{kind: KindSkipping, full: true}
		}
	case '0':
		if m := sub(r.dword); m != nil && len(m[1])+len(m[2]) <= 16 {
			return hit{kind: KindDword, full: true, short: len(m[1])+len(m[2]) < 16, sub: m}
		}
	case 'e':
		if m := sub(r.event); m != nil {
			return hit{kind: KindEvent, full: true, sub: m}
		}
		if m := sub(r.eventFault); m != nil {
			return hit{kind: KindEventFault, full: true, sub: m}
		}
		if m := sub(r.eventHead); m != nil {
			return hit{kind: KindEvent, sub: m}
		}
	case 'a':
		if m := sub(r.suppressed); m != nil {
			return hit{kind: KindSuppressed, full: true, sub: m}
		}
	}
	return hit{}
}

// matchUpper recognises the messages that start with a queue's name.
func matchUpper(t string, sub func(*regexp.Regexp) []string) hit {
	r := res()
	switch {
	case strings.HasPrefix(t, "CMDQ error"):
		if m := sub(r.cmdqError); m != nil {
			// The reason is the text cerror_str[] has for the ERR field
			// of the printed CONS; another text is a cut or edited line.
			return hit{kind: KindCmdqError, full: m[2] == cmdq.ConsErr(uint32(hexVal(m[1]))).KernelString(), sub: m}
		}
		if m := sub(r.cmdqHead); m != nil {
			return hit{kind: KindCmdqError, sub: m}
		}
	case t == "CMDQ timeout":
		return hit{kind: KindCmdqTimeout, full: true}
	case t == "CMD_SYNC timeout": // before Linux 5.3
		return hit{kind: KindSyncTimeout, full: true, old: true}
	case strings.HasPrefix(t, "CMD_SYNC timeout"):
		if m := sub(r.sync); m != nil {
			return hit{kind: KindSyncTimeout, full: true, sub: m}
		}
		if m := sub(r.syncHead); m != nil {
			return hit{kind: KindSyncTimeout, sub: m}
		}
	case t == "EVTQ overflow detected -- events lost":
		return hit{kind: KindEvtqOverflow, full: true}
	case t == "PRIQ overflow detected -- requests lost":
		return hit{kind: KindPriqOverflow, full: true}
	}
	if m := sub(r.msiAbort); m != nil {
		return hit{kind: KindMSIAbort, full: true, sub: m}
	}
	if m := sub(r.qAbort); m != nil {
		return hit{kind: KindQueueAbort, full: true, sub: m}
	}
	return hit{}
}

// expected lists the messages Parse understands, for error messages. It
// is said once per import, not once per line.
const expected = `expected the arm-smmu-v3 driver's messages: "unexpected global error reported (0x…), this could be serious", ` +
	`"CMDQ error (cons 0x…): …", "CMD_SYNC timeout at 0x… [hwprod 0x…, hwcons 0x…]" (or "CMD_SYNC timeout" before Linux 5.3), "CMDQ timeout", ` +
	`"device has entered Service Failure Mode!", "retrying command fetch", "skipping command in error state:" ` +
	`and its two "0x…" dwords, "… MSI write aborted", "… write aborted -- events may have been lost", ` +
	`"event 0x… received:" and its four dwords, "event: … client: …", "EVTQ overflow detected -- events lost", "…: N callbacks suppressed"; ` +
	`each may carry a timestamp, an "arm-smmu-v3 <device>: " prefix and a log format's prefix`
