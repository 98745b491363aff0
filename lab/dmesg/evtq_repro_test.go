package dmesg

import (
	"strings"
	"testing"
)

// TestEventsRoundTrip: a log of records the model raises (stage 2
// F_TRANSLATION from devices with ATS off, reads and writes, two
// StreamIDs) imports into a scenario that prints every record again, bit
// for bit, with an expect line per dword.
func TestEventsRoundTrip(t *testing.T) {
	src := `policy baseline
smmu device=arm-smmu-v3.4.auto
domain vm0
domain a pages=1
domain b pages=1
endpoint ep0 sids=0x100 dma=off
endpoint x sids=0x2a0 ats=off dma=off domain=a
endpoint y sids=0x31 ats=off dma=off domain=b
dma x iova=0x5000 write
run
dma y iova=0xfffff000 read
run
dma x iova=0x7000 read
run
`
	log := runScenario(t, src)
	if strings.Count(log, "event 0x10 received:") != 3 {
		t.Fatalf("the source scenario printed:\n%s", log)
	}
	im, err := Parse(log, Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Events) != 3 {
		t.Fatalf("%d events", len(im.Events))
	}
	for _, l := range im.Lines {
		if !l.Reproduced {
			t.Errorf("line %d %q is not reproduced: %v", l.Num, l.Text, im.Unreproduced)
		}
	}
	got := checkClaims(t, im)
	if strings.Join(got, "\n") != strings.Join(simMessages(log), "\n") {
		t.Errorf("the rebuilt log differs:\n%s\n---\n%s\nscenario:\n%s", strings.Join(got, "\n"), log, im.Scenario)
	}
	for _, w := range []string{"expect log contains \"0x000002a000000010\"", "expect log contains \"0x00000000fffff000\"", "smmu qs=19 device=arm-smmu-v3.4.auto"} {
		if !strings.Contains(im.Scenario, w) {
			t.Errorf("scenario lacks %q:\n%s", w, im.Scenario)
		}
	}
}

// TestEventsNotRebuilt: records the model cannot write say why, each.
func TestEventsNotRebuilt(t *testing.T) {
	for _, c := range []struct {
		dw  string
		why string
	}{
		{"0x0000010100000005 0x0000000000000000 0x0000000000031000 0x0000000000000000", "does not rebuild the run"},
		{"0x0000020000000010 0x0000020000000000 0x0000000000001000 0x0000000000000000", whyStage1},
		{"0x0000020000000810 0x0000028000000000 0x0000000000001000 0x0000000000001000", "SubstreamID"},
		{"0x0000020000000010 0x0000028a00000000 0x0000000000001000 0x0000000000001000", "fields the model never sets"},
		{"0x0000020000000010 0x0000028000000000 0x0000000000001040 0x0000000000001000", "not 4 KiB aligned"},
		{"0x0000020000000010 0x0000028000000000 0x0000000000001000 0x0000000000002000", "the IPA is not the input address"},
		{"0x0000020000000010 0x0000028000000000 0x0000000000000040 0x0000000000000000", "not 4 KiB aligned"},
		{"0x0000020000000010 0x0000028000000000 0x0000000000000000 0x0000000000000000", "first page"},
		{"0x0000010000000010 0x0000028000000000 0x0000000000001000 0x0000000000001000", "is the scenario's ep0"},
		{"0x0000020000000025 0x0000000000000000 0x0000000000000000 0x0000000000000000", "never raises F_VMS_FETCH"},
	} {
		text := "arm-smmu-v3 s: event 0x" + c.dw[16:18] + " received:\n"
		for _, w := range strings.Fields(c.dw) {
			text += "arm-smmu-v3 s: \t" + w + "\n"
		}
		im, err := Parse(text, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(im.Unreproduced) != 1 || !strings.Contains(im.Unreproduced[0].Why, c.why) || im.Unreproduced[0].Where != "lines 1-5" {
			t.Errorf("%s: %+v, want %q for lines 1-5", c.dw, im.Unreproduced, c.why)
		}
	}
}
