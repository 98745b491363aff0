package play

import (
	"encoding/json"
	"strings"
	"testing"
)

// state() exposes the Event queue: registers, the last records with their
// names and dwords, what the thread has not read yet. recovery-race keeps a
// quarantined device (EATS = 0) attached for 200 ms, so it raises
// F_BAD_ATS_TREQ and F_TRANSL_FORBIDDEN.
func TestStateEVTQ(t *testing.T) {
	x := open(t, Params{Scenario: "recovery-race"})
	if err := x.Finish(); err != nil {
		t.Fatal(err)
	}
	e := x.State().EVTQ
	if e.QS != 19 || e.Written == 0 || e.Prod&(1<<20-1) != uint32(e.Written) || e.Cons != e.Prod || e.Overflow {
		t.Fatalf("evtq = %+v", e)
	}
	if len(e.Entries) != min(int(e.Written), 8) {
		t.Fatalf("%d entries for %d records", len(e.Entries), e.Written)
	}
	last := e.Entries[len(e.Entries)-1]
	if last.Pos != e.Prod-1 || last.Pending || len(last.Words) != 4 ||
		(last.Event != "F_TRANSL_FORBIDDEN" && last.Event != "F_BAD_ATS_TREQ") || last.SID == 0 {
		t.Fatalf("last entry %+v", last)
	}
	js, err := json.Marshal(x.State())
	if err != nil || !strings.Contains(string(js), `"evtq":{"qs":19,"prod":`) {
		t.Fatalf("JSON %s (%v)", js, err)
	}
}
