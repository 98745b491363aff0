package scene

import (
	"github.com/smmuplay/smmuplay/render/layout"
)

// details draws the inspect panel with the lines the caller got from
// Details when the selection changed.
func (b *builder) details() {
	l, th := b.lay, b.th
	r := l.Details
	if r.W < 40 {
		return
	}
	b.panel(r, "Details")
	lines := b.sel.Details
	if len(lines) == 0 {
		b.str("click an endpoint, slot or register", r.X+6, r.Y+TitleY, sizeSmall, Left, th.TextDim, 0, r.W-12)
		return
	}
	y := r.Y + TitleY
	for _, s := range lines {
		if y+sizeSmall > r.Bottom()-2 {
			break
		}
		b.str(s, r.X+6, y, sizeSmall, Left, th.Text, 0, r.W-12)
		y += sizeSmall + 3
	}
}

// TitleY is where a panel's body starts below its top edge.
const TitleY = 22

// pages draws the strip of pages that corrupt writes hit.
func (b *builder) pages() {
	l, s, th := b.lay, b.snap, b.th
	r := l.Pages
	b.rect(r, Fill|Stroke, th.Panel, th.Border, 1)
	b.str("corrupted", r.X+4, r.Y+6, sizeSmall, Left, th.Text, Bold, 56)
	b.str("pages", r.X+4, r.Y+8+sizeSmall, sizeSmall, Left, th.Text, Bold, 56)
	if len(s.Pages) == 0 {
		b.str("none", r.X+64, r.Y+(r.H-sizeSmall)/2, sizeSmall, Left, th.TextDim, 0, 0)
		return
	}
	n := min(len(s.Pages), len(l.PageCells))
	if n < len(s.Pages) && n > 0 {
		n-- // the last cell says how many more there are
	}
	for i := 0; i < n; i++ {
		c, p := l.PageCells[i], &s.Pages[i]
		b.rect(c, Fill|Stroke|Hatch, th.Panel, th.Corrupt, 1.5)
		off := b.mark()
		b.dl.Text = append(b.dl.Text, "page "...)
		b.dl.Text = appendInt(b.dl.Text, int64(p.Page))
		b.textAt(off, c.X+4, c.Y+2, sizeSmall, Left, th.Text, Bold, c.W-8)
		off = b.mark()
		b.dl.Text = append(b.dl.Text, p.Owner...)
		b.dl.Text = append(b.dl.Text, " hits "...)
		b.dl.Text = appendInt(b.dl.Text, int64(p.Hits))
		b.textAt(off, c.X+4, c.Y+4+sizeSmall, sizeSmall, Left, th.Text, 0, c.W-8)
	}
	if more := len(s.Pages) - n; more > 0 && n < len(l.PageCells) {
		c := l.PageCells[n]
		off := b.mark()
		b.dl.Text = append(b.dl.Text, '+')
		b.dl.Text = appendInt(b.dl.Text, int64(more))
		b.dl.Text = append(b.dl.Text, " more"...)
		b.textAt(off, c.X+4, c.Y+(c.H-sizeSmall)/2, sizeSmall, Left, th.Text, Bold, c.W-8)
	}
}

// status draws the time, the step and the narration of the last event,
// and on the right the counters that tell the story's outcome.
func (b *builder) status() {
	l, s, th := b.lay, b.snap, b.th
	r := l.Status
	b.rect(r, Fill, th.Panel, th.Panel, 0)
	b.line(layout.Point{X: r.X, Y: r.Y}, layout.Point{X: r.Right(), Y: r.Y}, th.Border, 1)
	y := r.Y + (r.H-sizeText)/2
	off := b.mark()
	b.dl.Text = append(b.dl.Text, "t="...)
	b.dl.Text = appendTime(b.dl.Text, s.Time)
	b.dl.Text = append(b.dl.Text, " #"...)
	b.dl.Text = appendInt(b.dl.Text, s.N)
	b.textAt(off, r.X+Margin, y, sizeText, Left, th.Text, Bold, 0)

	const countersW = 330
	off = b.mark()
	b.dl.Text = append(b.dl.Text, "corrupt DMA "...)
	b.dl.Text = appendInt(b.dl.Text, s.Counters.CorruptDMA)
	b.dl.Text = append(b.dl.Text, "  ATC timeouts "...)
	b.dl.Text = appendInt(b.dl.Text, s.Counters.ATCTimeouts)
	b.dl.Text = append(b.dl.Text, "  syncs "...)
	b.dl.Text = appendInt(b.dl.Text, s.Counters.CmdSyncs)
	st, c := Style(0), th.Text
	if s.Counters.CorruptDMA > 0 {
		st, c = Bold, th.Corrupt
	}
	b.textAt(off, r.Right()-Margin, y, sizeText, Right, c, st, countersW)

	x := r.X + Margin + 150
	b.str(b.anim.Narration, x, y, sizeText, Left, th.Text, 0, r.Right()-Margin-countersW-8-x)
}

// Margin matches layout.Margin for text insets.
const Margin = layout.Margin
