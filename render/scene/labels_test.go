package scene

import (
	"fmt"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/sim"
)

type box struct{ x0, y0, x1, y1 float32 }

func (a box) overlaps(b box) bool { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1 }

// textBox estimates where a text op's glyphs land (the renderer's
// advance is about charW of the size).
func textBox(dl *DisplayList, o *Op) box {
	w := float32(len(dl.TextOf(o))) * o.Size * charW
	x := o.X
	switch o.Align {
	case Center:
		x -= w / 2
	case Right:
		x -= w
	}
	return box{x, o.Y, x + w, o.Y + o.Size}
}

// TestQueuePointerLabels: wherever PROD and CONS stand on the ring, their
// labels stay inside the SMMU panel and off the text in the ring's hole.
func TestQueuePointerLabels(t *testing.T) {
	var dl DisplayList
	for start := 0; start < 64; start++ {
		src := fmt.Sprintf("policy series\nsmmu cmdq-start=%d\nendpoints 2\nworkload unmaps=2\nrun\n", start)
		f := runTo(t, src, func(e sim.Event, s *sim.Snapshot) bool { return e.Kind == sim.EvCmdsWritten })
		lay := layout.New(layout.TopologyOf(&f.snap), 1280, 720, layout.View{Zoom: 1})
		Build(&dl, &f.snap, &lay, Anim{Phase: 1}, Light(), Selection{})
		panel := box{lay.SMMU.X, lay.SMMU.Y, lay.SMMU.X + lay.SMMU.W, lay.SMMU.Y + lay.SMMU.H}
		var labels, hole []box
		for i := range dl.Ops {
			o := &dl.Ops[i]
			if o.Kind != OpText {
				continue
			}
			s := string(dl.TextOf(o))
			switch {
			case strings.HasPrefix(s, "PROD w") || strings.HasPrefix(s, "CONS w"):
				b := textBox(&dl, o)
				if b.x0 < panel.x0 || b.x1 > panel.x1 || b.y0 < panel.y0 || b.y1 > panel.y1 {
					t.Errorf("start %d: %q at %+v leaves the SMMU panel %+v", start, s, b, panel)
				}
				labels = append(labels, b)
			case strings.HasPrefix(s, "CMDQ 2^") || strings.HasPrefix(s, "inv out") || s == "SYNC waits":
				hole = append(hole, textBox(&dl, o))
			}
		}
		if len(labels) != 2 || len(hole) < 2 {
			t.Fatalf("start %d: %d pointer labels, %d hole texts", start, len(labels), len(hole))
		}
		for _, l := range labels {
			for _, h := range hole {
				if l.overlaps(h) {
					t.Errorf("start %d: a pointer label %+v covers the ring's hole text %+v", start, l, h)
				}
			}
		}
		if labels[0].overlaps(labels[1]) && f.snap.CmdqProd != f.snap.CmdqCons {
			t.Errorf("start %d: PROD and CONS labels overlap", start)
		}
	}
}
