package klog

import (
	"fmt"
	"testing"
)

func TestLine(t *testing.T) {
	tests := []struct {
		ns   int64
		text string
		want string
	}{
		{0, fmt.Sprintf(FmtUnexpectedGError, 1), "[    0.000000] arm-smmu-v3 arm-smmu-v3.0.auto: unexpected global error reported (0x00000001), this could be serious"},
		{1234567890, fmt.Sprintf(FmtCmdqError, 0x0302bb84, "ATC invalidate timeout"), "[    1.234567] arm-smmu-v3 arm-smmu-v3.0.auto: CMDQ error (cons 0x0302bb84): ATC invalidate timeout"},
		{123456789012345, fmt.Sprintf(FmtSyncTimeout, 0x80005, 0x80006, 0x3080004), "[123456.789012] arm-smmu-v3 arm-smmu-v3.0.auto: CMD_SYNC timeout at 0x00080005 [hwprod 0x00080006, hwcons 0x03080004]"},
		{999, fmt.Sprintf(FmtCmdDword, uint64(0xff)), "[    0.000000] arm-smmu-v3 arm-smmu-v3.0.auto: \t0x00000000000000ff"},
	}
	for _, tt := range tests {
		if got := Line(tt.ns, "arm-smmu-v3.0.auto", tt.text); got != tt.want {
			t.Errorf("Line(%d) =\n%q\nwant\n%q", tt.ns, got, tt.want)
		}
	}
}
