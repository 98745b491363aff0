package klog

// NOTE for the merge with the event-queue branch: that branch defines
// FmtSuppressed and BareLine in klog/evtq.go, identically; delete this
// file then.

// FmtSuppressed is printed by ___ratelimit() itself with
// printk_deferred(KERN_WARNING ...): no dev_printk prefix, the name of
// the function that holds the ratelimit state first.
const FmtSuppressed = "%s: %d callbacks suppressed"

// BareLine renders a message printed without a dev_printk prefix.
func BareLine(ns int64, text string) string {
	return Timestamp(ns) + " " + text
}
