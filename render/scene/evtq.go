package scene

import (
	"github.com/smmuplay/smmuplay/render/display"
	"github.com/smmuplay/smmuplay/render/font"
	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/sim/evtq"
)

// evtqRow draws the SMMU's Event queue under the command queue's caption:
// the last records as cells named by their event number (solid outline:
// written, not read by arm_smmu_evtq_thread yet), then SMMU_EVENTQ_PROD and
// CONS, an unacknowledged overflow, and the newest record's name.
func (b *builder) evtqRow() {
	l, s, th, ts := b.lay, b.snap, b.th, b.ts
	r := l.EVTQ
	if r.W <= 0 {
		return
	}
	e := &s.EVTQ
	cy := r.Y + r.H/2
	b.strMid("EVTQ", r.X, cy, ts.Label, font.SansBold, display.Left, th.Ink, 0)
	x := r.X + strW("EVTQ", ts.Label, font.SansBold) + 8

	// Registers on the right, shortened to fit.
	posMask := uint32(2)<<uint(e.QS) - 1
	digits := (e.QS + 4) / 4
	off := b.mark()
	if (e.Prod^e.Cons)&evtq.OverflowFlag != 0 {
		b.dl.Text = append(b.dl.Text, "overflow · "...)
	}
	b.dl.Text = append(b.dl.Text, "PROD "...)
	b.dl.Text = append0x(b.dl.Text, uint64(e.Prod&posMask), digits)
	b.dl.Text = append(b.dl.Text, " CONS "...)
	b.dl.Text = append0x(b.dl.Text, uint64(e.Cons&posMask), digits)
	rw := b.width(off, ts.Small, font.Mono)
	if x+rw+8 > r.Right() {
		b.unmark(off)
		rw = 0
	} else {
		b.textMid(off, r.Right(), cy, ts.Small, font.Mono, display.Right, th.Ink2, display.Secondary)
	}

	// The records, oldest first, as many as fit.
	cw := strW("0x00", ts.Small, font.Mono) + 8
	room := r.Right() - rw - 8 - x
	n := min(len(e.Entries), int(room/(cw+4)))
	h := r.H - 8
	for i := len(e.Entries) - n; i < len(e.Entries); i++ {
		en := &e.Entries[i]
		c := layout.Rect{X: x, Y: cy - h/2, W: cw, H: h}
		stroke, w := th.Border, float32(1)
		if en.Pending {
			stroke, w = th.Error, 2
		}
		b.rect(c, 3, th.Panel, stroke, w, display.Stroke, display.MarkEvent, i)
		off := b.mark()
		b.dl.Text = append0x(b.dl.Text, en.Rec[0]&0xff, 2)
		b.textMid(off, c.X+c.W/2, cy, ts.Small, font.Mono, display.Center, th.Ink, display.Secondary)
		x += cw + 4
	}
	// The newest record's name when there is room for it.
	if n > 0 {
		name := e.Entries[len(e.Entries)-1].Name
		if nw := strW(name, ts.Small, font.Sans); x+4+nw+8 <= r.Right()-rw {
			b.strMid(name, x+4, cy, ts.Small, font.Sans, display.Left, th.Ink2, display.Secondary)
		}
	}
}
