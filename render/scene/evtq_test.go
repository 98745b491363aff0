package scene_test

import (
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/render/display"
	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/render/scene"
	"github.com/smmuplay/smmuplay/sim"
)

// evtqScenario quarantines ep1 and keeps it attached for 200 ms (a slow
// workqueue): its stale Translated writes raise F_TRANSL_FORBIDDEN and its
// Translation Requests F_BAD_ATS_TREQ.
const evtqScenario = "policy series wq-latency=200ms\nendpoints 4\nbroken ep1\nworkload unmaps=60 period=100us\nrun\n"

// evtqPending stops when the newest record is still unread by the thread.
func evtqPending(s *sim.Sim) bool {
	e := s.Snapshot().EVTQ
	return len(e.Entries) >= 2 && e.Entries[len(e.Entries)-1].Pending
}

var evtqViews = []struct {
	name   string
	w, h   float32
	scale  float32
	dark   bool
	fields int // at least this many record cells
}{
	{"evtq-800x450", 800, 450, 1, false, 2},
	{"evtq-1280x800-dark", 1280, 800, 2, true, 2},
	{"evtq-390x700", 390, 700, 3, false, 2},
	{"evtq-640x360", 640, 360, 1, false, 0},
}

// TestEvtqDrawn: once the SMMU has recorded events, the SMMU card shows the
// Event queue under the command queue's caption: its cells (the unread one
// outlined in the error hue), PROD and CONS; before that it has no row.
func TestEvtqDrawn(t *testing.T) {
	lists := extraLists(t)
	for _, v := range evtqViews {
		var l *list
		for _, x := range lists {
			if x.name == v.name {
				l = x
			}
		}
		if l == nil {
			t.Fatalf("%s: not built", v.name)
		}
		if l.lay.EVTQ.W <= 0 || l.lay.EVTQ.Y < l.lay.Caption.Bottom() {
			t.Fatalf("%s: EVTQ row %+v, caption %+v", v.name, l.lay.EVTQ, l.lay.Caption)
		}
		cells, pending := 0, 0
		var texts []string
		for i := range l.dl.Ops {
			o := &l.dl.Ops[i]
			if o.Mark == display.MarkEvent {
				cells++
				if o.Stroke == (scene0(v.dark)).Error {
					pending++
				}
			}
			if o.Kind == display.OpText {
				texts = append(texts, string(l.dl.TextOf(o)))
			}
		}
		all := strings.Join(texts, "|")
		if cells < v.fields || (v.fields > 0 && pending == 0) || !strings.Contains(all, "|EVTQ|") {
			t.Errorf("%s: %d cells (%d unread), texts %s", v.name, cells, pending, all)
		}
		if v.fields > 0 && !strings.Contains(all, "PROD 0x") {
			t.Errorf("%s: no EVTQ PROD/CONS: %s", v.name, all)
		}
	}
	// No records yet: no row.
	s := run(t, evtqScenario, func(s *sim.Sim) bool { return s.N() == 10 })
	snap := s.Snapshot()
	if lay := layout.New(layout.TopologyOf(&snap), 800, 450, layout.View{}, layout.Options{Scale: 1}); lay.EVTQ.W != 0 {
		t.Errorf("an EVTQ row before any record: %+v", lay.EVTQ)
	}
}

func scene0(dark bool) scene.Theme {
	if dark {
		return scene.Dark()
	}
	return scene.Light()
}
