package scene

import (
	"image/color"

	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/sim"
)

// Text sizes in px. 12 px is the smallest the page uses on a 1280x720 canvas.
const (
	sizeTitle = 14
	sizeText  = 13
	sizeSmall = 12
	sizeTiny  = 11
	sizeGlyph = 10  // one capital letter in a ring slot
	charW     = 0.6 // average advance of the UI font, as a fraction of its size, to fit text without measuring it
)

// Build fills dst with the picture of snap laid out by lay. dst is reset
// first and its slices reused: in steady state Build does not allocate.
func Build(dst *DisplayList, snap *sim.Snapshot, lay *layout.Layout, anim Anim, theme Theme, sel Selection) {
	dst.Reset()
	b := builder{dl: dst, snap: snap, lay: lay, anim: &anim, th: &theme, sel: sel}
	b.rect(lay.Canvas, Fill, theme.Background, color.RGBA{}, 0)
	b.smmu()
	b.queue()
	b.registers()
	b.legend()
	b.details()
	b.rootPorts()
	b.endpoints()
	b.pages()
	if !anim.Reduced {
		b.packets()
	}
	b.selection(sel.Hover, theme.Hover, 2)
	b.selection(sel.Selected, theme.Selected, 3)
	b.status()
}

// builder carries Build's inputs to its parts. It lives on Build's stack.
type builder struct {
	dl   *DisplayList
	snap *sim.Snapshot
	lay  *layout.Layout
	anim *Anim
	th   *Theme
	sel  Selection
}

func (b *builder) op(o Op) { b.dl.Ops = append(b.dl.Ops, o) }

func (b *builder) rect(r layout.Rect, st Style, fill, stroke color.RGBA, w float32) {
	b.op(Op{Kind: OpRect, Style: st, X: r.X, Y: r.Y, W: r.W, H: r.H, Fill: fill, Stroke: stroke, Width: w})
}

func (b *builder) line(p, q layout.Point, c color.RGBA, w float32) {
	b.op(Op{Kind: OpLine, X: p.X, Y: p.Y, X2: q.X, Y2: q.Y, Stroke: c, Width: w})
}

func (b *builder) polyline(l *layout.Polyline, c color.RGBA, w float32) {
	for i := 1; i < l.N; i++ {
		b.line(l.P[i-1], l.P[i], c, w)
	}
}

// mark starts a text: append its bytes to b.dl.Text, then call textAt.
func (b *builder) mark() int { return len(b.dl.Text) }

// textAt emits the text appended since off, cut to what fits in maxW px
// (0: no limit) so a long name cannot spill out of its tile.
func (b *builder) textAt(off int, x, y, size float32, al Align, c color.RGBA, st Style, maxW float32) {
	end := len(b.dl.Text)
	if maxW > 0 {
		if n := int(maxW / (size * charW)); end-off > n {
			end = off + max(n, 0)
			b.dl.Text = b.dl.Text[:end]
		}
	}
	b.op(Op{Kind: OpText, Style: st, Align: al, X: x, Y: y, Size: size, Fill: c, Text: Span{int32(off), int32(end)}})
}

// str emits a constant or snapshot-owned string.
func (b *builder) str(s string, x, y, size float32, al Align, c color.RGBA, st Style, maxW float32) {
	off := b.mark()
	b.dl.Text = append(b.dl.Text, s...)
	b.textAt(off, x, y, size, al, c, st, maxW)
}

// panel draws a titled box.
func (b *builder) panel(r layout.Rect, title string) {
	b.rect(r, Fill|Stroke, b.th.Panel, b.th.Border, 1)
	b.str(title, r.X+6, r.Y+3, sizeTitle, Left, b.th.Text, Bold, r.W-12)
}

// selection outlines the object h.
func (b *builder) selection(h layout.Hit, c color.RGBA, w float32) {
	l := b.lay
	var r layout.Rect
	switch h.Kind {
	case layout.HitEndpoint:
		if h.Index >= len(l.Endpoints) {
			return
		}
		r = l.Endpoints[h.Index].Inset(-2)
	case layout.HitRegister:
		if h.Index >= len(l.RegRows) {
			return
		}
		r = l.RegRows[h.Index]
	case layout.HitRootPort:
		if h.Index >= len(l.RootPorts) {
			return
		}
		r = l.RootPorts[h.Index].Inset(-2)
	case layout.HitPage:
		if h.Index >= len(l.PageCells) {
			return
		}
		r = l.PageCells[h.Index].Inset(-2)
	case layout.HitSMMU:
		r = l.SMMU
	case layout.HitSlot:
		a0, a1 := l.Ring.SlotAngles(h.Index)
		b.op(Op{Kind: OpArc, Style: Stroke, X: l.Ring.CX, Y: l.Ring.CY, R0: l.Ring.R0 - 2, R1: l.Ring.R1 + 2, A0: a0, A1: a1, Stroke: c, Width: w})
		return
	default:
		return
	}
	if h.Kind == layout.HitEndpoint {
		b.op(Op{Kind: OpClip, X: l.Field.X, Y: l.Field.Y, W: l.Field.W, H: l.Field.H})
		b.rect(r, Stroke, color.RGBA{}, c, w)
		b.op(Op{Kind: OpUnclip})
		return
	}
	b.rect(r, Stroke, color.RGBA{}, c, w)
}
