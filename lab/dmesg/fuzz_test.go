package dmesg

import (
	"errors"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/sim/scenario"
)

// FuzzParse: no input panics; every error names a line (1-based, within
// the input); every accepted input yields a scenario that parses.
// Seeds: testdata/fuzz/FuzzParse plus the test's own inputs.
func FuzzParse(f *testing.F) {
	f.Add(seedLines, false)
	f.Add("[    1.000010] arm-smmu-v3 arm-smmu-v3.0.auto: CMD_SYNC timeout at 0x00000003 [hwprod 0x00000004, hwcons 0x03000003]", false)
	f.Add("skipping command in error state:\n\t0x00000000000000ff\n\t0x0\n", true)
	f.Fuzz(func(t *testing.T, text string, lenient bool) {
		im, err := Parse(text, Options{Lenient: lenient})
		if err != nil {
			var el ErrorList
			if !errors.As(err, &el) || len(el) == 0 {
				t.Fatalf("error is not an ErrorList: %v", err)
			}
			lines := strings.Count(text, "\n") + 2
			for _, e := range el {
				if e.Line < 1 || e.Line > lines {
					t.Fatalf("error %q names line %d of %d", e.Msg, e.Line, lines)
				}
				if !strings.HasPrefix(e.Error(), "line ") {
					t.Fatalf("error %q does not start with its line", e.Error())
				}
			}
			return
		}
		if _, err := scenario.Parse("imported.scn", []byte(im.Scenario)); err != nil {
			t.Fatalf("built scenario does not parse: %v\n%s", err, im.Scenario)
		}
	})
}
