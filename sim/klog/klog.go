// Package klog formats simulated kernel messages exactly as dmesg prints
// them: a "[seconds.micros] " timestamp from virtual time, the dev_printk
// prefix "<driver> <device>: " and the driver's format string.
package klog

import (
	"fmt"
	"strconv"
)

// Level is the printk level of a message. dmesg does not print it by
// default, but viewers colour by it.
type Level uint8

// Kernel log levels used by the arm-smmu-v3 driver.
const (
	Err  Level = 3 // dev_err
	Warn Level = 4 // dev_warn
	Info Level = 6 // dev_info
)

func (l Level) String() string {
	switch l {
	case Err:
		return "err"
	case Warn:
		return "warn"
	case Info:
		return "info"
	}
	return "level" + strconv.Itoa(int(l))
}

// Driver is the driver name dev_printk puts before the device name.
const Driver = "arm-smmu-v3"

// Format strings of the arm-smmu-v3 driver (drivers/iommu/arm/arm-smmu-v3),
// kept byte for byte: the dev_err/dev_warn calls of arm_smmu_gerror_handler,
// arm_smmu_cmdq_skip_err, arm_smmu_cmdq_poll_until_not_full and
// arm_smmu_cmdq_issue_cmdlist in arm-smmu-v3.c.
const (
	FmtUnexpectedGError = "unexpected global error reported (0x%08x), this could be serious"
	FmtSFM              = "device has entered Service Failure Mode!"
	FmtCmdqError        = "CMDQ error (cons 0x%08x): %s"
	FmtRetryFetch       = "retrying command fetch"
	FmtSkipping         = "skipping command in error state:"
	FmtCmdDword         = "\t0x%016x"
	FmtCmdqTimeout      = "CMDQ timeout"
	FmtSyncTimeout      = "CMD_SYNC timeout at 0x%08x [hwprod 0x%08x, hwcons 0x%08x]"
)

// Timestamp formats a time in nanoseconds as dmesg does: "[%5lu.%06lu]".
func Timestamp(ns int64) string {
	if ns < 0 {
		ns = 0
	}
	us := ns / 1000
	return fmt.Sprintf("[%5d.%06d]", us/1000000, us%1000000)
}

// Line renders one message: timestamp, dev prefix, text.
func Line(ns int64, device, text string) string {
	return Timestamp(ns) + " " + Driver + " " + device + ": " + text
}
