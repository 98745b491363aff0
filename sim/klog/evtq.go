package klog

// Format strings of arm_smmu_evtq_thread() and of the printk rate limiter
// it uses (lib/ratelimit.c ___ratelimit), kept byte for byte. The raw form
// is what every event excerpt of the dmesg corpus shows (09, 10, 12, 13):
// one dev_info line naming the event number, then each of the four dwords
// on its own line after a tab.
const (
	FmtEventReceived = "event 0x%02x received:"
	FmtEventDword    = "\t0x%016x"
	FmtEvtqOverflow  = "EVTQ overflow detected -- events lost"
	// FmtSuppressed is printed by ___ratelimit() itself with
	// printk_deferred(KERN_WARNING ...): no dev_printk prefix, the name of
	// the function that holds the ratelimit state first.
	FmtSuppressed = "%s: %d callbacks suppressed"
	// EvtqThread is the function whose ratelimit state the event dump uses.
	EvtqThread = "arm_smmu_evtq_thread"
)

// The decoded form newer drivers print after the raw dwords (corpus 11,
// an i.MX95 log of 2025): for the four translation-related faults, one line
// naming the event, the client device, StreamID, SubstreamID, input address
// and IPA, and one line of access attributes. Numbers use the kernel's %#x,
// which prints zero as "0x0". The second line has no trailing newline in
// the driver (the next message is glued to it in corpus 11); a dmesg
// excerpt cannot show that, so the model ends it like any other line.
const (
	FmtEventDecoded = "event: %s client: %s sid: %#x ssid: %#x iova: %#x ipa: %#x"
	FmtEventAttrs   = "%s %s %s %s \"%s\"%s%s stag: %#x"
)

// ClassNames are the driver's strings for the CLASS field of a fault
// record, indexed by CLASS (Arm IHI 0070 §7.3: CD, TT, IN, reserved).
var ClassNames = [4]string{"CD fetch", "Stage 1 translation table fetch", "Input address caused fault", "Reserved"}

// BareLine renders a message printed without a dev_printk prefix.
func BareLine(ns int64, text string) string {
	return Timestamp(ns) + " " + text
}
