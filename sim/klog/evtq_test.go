package klog

import (
	"fmt"
	"testing"
)

// The event dump as corpus 10 shows it (a Jetson Thor, tabs kept), line by
// line, and the limiter's own line, which has no dev prefix.
func TestEventLines(t *testing.T) {
	const dev = "8806000000.iommu"
	got := []string{
		Line(3265542672000, dev, FmtEvtqOverflow),
		BareLine(3265549999000, fmt.Sprintf(FmtSuppressed, EvtqThread, 25830)),
		Line(3265550001000, dev, fmt.Sprintf(FmtEventReceived, 0x10)),
		Line(3265555549000, dev, fmt.Sprintf(FmtEventDword, uint64(0x0000090000000010))),
	}
	want := []string{
		"[ 3265.542672] arm-smmu-v3 8806000000.iommu: EVTQ overflow detected -- events lost",
		"[ 3265.549999] arm_smmu_evtq_thread: 25830 callbacks suppressed",
		"[ 3265.550001] arm-smmu-v3 8806000000.iommu: event 0x10 received:",
		"[ 3265.555549] arm-smmu-v3 8806000000.iommu: \t0x0000090000000010",
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d:\n got %q\nwant %q", i, got[i], want[i])
		}
	}
	// Corpus 11's decoded lines: the kernel's %#x prints zero as 0x0.
	dec := fmt.Sprintf(FmtEventDecoded, "F_TRANSLATION", "0000:01:00.0", 0x11, 0, uint64(0x9b0cc000), uint64(0))
	if w := "event: F_TRANSLATION client: 0000:01:00.0 sid: 0x11 ssid: 0x0 iova: 0x9b0cc000 ipa: 0x0"; dec != w {
		t.Errorf("decoded:\n got %q\nwant %q", dec, w)
	}
	attrs := fmt.Sprintf(FmtEventAttrs, "priv", "data", "read", "s1", ClassNames[2], "", "", 0)
	if w := `priv data read s1 "Input address caused fault" stag: 0x0`; attrs != w {
		t.Errorf("attributes:\n got %q\nwant %q", attrs, w)
	}
}

func TestRatelimit(t *testing.T) {
	r := NewRatelimit()
	const s = int64(1_000_000_000)
	// 10 pass in the first interval, the rest are counted.
	for i := 0; i < 15; i++ {
		ok, sup := r.Allow(1*s + int64(i))
		if ok != (i < 10) || sup != 0 {
			t.Fatalf("call %d: ok=%v suppressed=%d", i, ok, sup)
		}
	}
	// Exactly begin+interval is still inside the interval (strictly after
	// ends it, as time_is_before_jiffies does).
	if ok, sup := r.Allow(6 * s); ok || sup != 0 {
		t.Fatalf("at begin+interval: ok=%v suppressed=%d", ok, sup)
	}
	if r.Missed() != 6 {
		t.Fatalf("missed = %d, want 6", r.Missed())
	}
	// The first call after it reports the 6 refused calls and passes.
	if ok, sup := r.Allow(6*s + 1); !ok || sup != 6 {
		t.Fatalf("after the interval: ok=%v suppressed=%d, want true 6", ok, sup)
	}
	// A quiet interval reports nothing.
	if ok, sup := r.Allow(20 * s); !ok || sup != 0 {
		t.Fatalf("after a quiet interval: ok=%v suppressed=%d", ok, sup)
	}
	// Interval 0 never limits.
	z := Ratelimit{}
	for i := 0; i < 100; i++ {
		if ok, _ := z.Allow(0); !ok {
			t.Fatal("interval 0 refused a call")
		}
	}
}
