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

func TestDMARepeat(t *testing.T) {
	sc, err := Parse("t.scn", []byte("endpoints 1\ndma ep0 iova=0x1000 read count=5 every=2us\ndma ep0 iova=0x2000\n"))
	if err != nil {
		t.Fatal(err)
	}
	if s := sc.Steps[0]; s.Count != 5 || s.Every != 2000 || s.Write {
		t.Fatalf("step %+v", s)
	}
	if s := sc.Steps[1]; s.Count != 1 || s.Every != 0 || !s.Write {
		t.Fatalf("step %+v", s)
	}
	for src, want := range map[string]string{
		"dma ep0 iova=0x1000 count=5\n":           "t.scn:2:21: dma: count=5 needs every=",
		"dma ep0 iova=0x1000 count=0 every=1us\n": "t.scn:2:21: count=0 out of range 1..0x100000",
		"dma ep0 iova=0x1000 every=0s\n":          "t.scn:2:21: dma: every must be positive",
	} {
		_, err := Parse("t.scn", []byte("endpoints 1\n"+src))
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: error %v, want one line containing %q", src, err, want)
		}
	}
}
