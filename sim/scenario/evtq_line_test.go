package scenario

import (
	"strings"
	"testing"
)

func TestEvtqLine(t *testing.T) {
	sc, err := Parse("t.scn", []byte("evtq qs=4 log=decoded irq=off\nendpoints 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	if sc.EVTQ.QS != 4 || sc.EVTQ.Log != "decoded" || sc.EVTQ.IRQ || sc.EVTQ.Pos.Line != 1 {
		t.Fatalf("evtq = %+v", sc.EVTQ)
	}
	sc, _ = Parse("t.scn", []byte("endpoints 1\n"))
	if sc.EVTQ != defaultEVTQ() || sc.EVTQ.QS != 19 || sc.EVTQ.Log != "raw" || !sc.EVTQ.IRQ {
		t.Fatalf("defaults = %+v", sc.EVTQ)
	}
	for src, want := range map[string]string{
		"evtq qs=20\n":           `t.scn:1:6: qs=20 out of range 0..19 (EVENTQ_BASE.LOG2SIZE is at most 19)`,
		"evtq log=pretty\n":      `t.scn:1:6: evtq: unknown log "pretty" (expected one of: raw, decoded)`,
		"evtq irq=maybe\n":       `t.scn:1:6: irq=maybe: expected on or off`,
		"evtq depth=3\n":         `t.scn:1:6: evtq: unknown key "depth" (expected one of: irq, log, qs)`,
		"evtq qs=2\nevtq qs=3\n": `t.scn:2:1: evtq`,
	} {
		_, err := Parse("t.scn", []byte(src+"endpoints 1\n"))
		if err == nil || !strings.Contains(err.Error(), want) || strings.Count(err.Error(), "\n") > 0 {
			t.Errorf("%q: error %v, want one line containing %q", src, err, want)
		}
	}
}
