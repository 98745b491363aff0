package sim

import (
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/sim/scenario"
)

// A Scenario built without the parser cannot smuggle a stage-1 domain in:
// the model would give it a stage-2 STE and TLBI (issue 14 item 3).
func TestStage1RefusedByNew(t *testing.T) {
	sc, err := scenario.Parse("t.scn", []byte("endpoint ep0\n"))
	if err != nil {
		t.Fatal(err)
	}
	sc.Domains[0].Stage = 1
	if _, err := New(sc, 1); err == nil || !strings.Contains(err.Error(), "stage=1 is not supported") {
		t.Errorf("New with a stage-1 domain: %v", err)
	}
}
