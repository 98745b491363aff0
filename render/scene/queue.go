package scene

import (
	"image/color"
	"math"

	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/cmdq"
)

// smmu draws the SMMU panel's frame and its one-line state.
func (b *builder) smmu() {
	l, s := b.lay, b.snap
	b.panel(l.SMMU, "SMMU")
	x := l.SMMU.X + 60
	if s.SFM {
		// Service Failure Mode stops everything: say it in words.
		b.str("SERVICE FAILURE MODE", x, l.SMMU.Y+3, sizeTitle, Left, b.th.Error, Bold, 0)
	}
}

// opStyle returns the colour and glyph of a command: the glyph carries
// the opcode for readers who cannot tell the colours apart.
func (b *builder) opStyle(c cmdq.Cmd) (color.RGBA, byte) {
	switch o := c.Op(); {
	case o == cmdq.OpATCInv:
		return b.th.OpATCInv, 'A'
	case o == cmdq.OpSync:
		return b.th.OpSync, 'S'
	case o >= cmdq.OpCfgiSTE && o <= cmdq.OpCfgiCDAll:
		return b.th.OpCfgi, 'C'
	case o >= cmdq.OpTLBINHAll && o <= cmdq.OpTLBINSNHAll:
		return b.th.OpTLBI, 'T'
	case o == cmdq.OpPrefetchCfg:
		return b.th.OpOther, 'P'
	}
	return b.th.OpOther, '?'
}

// ringShown returns how many window slots the ring shows: the first
// Ring.Slots, since more would overwrite each other.
func ringShown(snap *sim.Snapshot, r *layout.Ring) int { return min(len(snap.Window), r.Slots) }

// queue draws the command queue ring, its pointers and the slot states.
func (b *builder) queue() {
	l, s, th := b.lay, b.snap, b.th
	r := &l.Ring
	// Every slot outlined first, so the empty part of the ring reads as a ring.
	for k := 0; k < r.Slots; k++ {
		a0, a1 := r.SlotAngles(k)
		b.op(Op{Kind: OpArc, Style: Stroke, X: r.CX, Y: r.CY, R0: r.R0, R1: r.R1, A0: a0, A1: a1, Stroke: th.Link, Width: 1})
	}
	glyphs := r.SlotArc() >= sizeGlyph-2
	n := ringShown(s, r)
	for i := 0; i < n; i++ {
		sl := &s.Window[i]
		k := r.SlotOf(sl.Pos)
		a0, a1 := r.SlotAngles(k)
		c, g := b.opStyle(sl.Cmd)
		st, sc, w := Fill|Stroke, th.Border, float32(1)
		if sl.State == sim.SlotError {
			st, sc, w = Fill|Stroke|Hatch, th.Error, 3
		}
		b.op(Op{Kind: OpArc, Style: st, X: r.CX, Y: r.CY, R0: r.R0, R1: r.R1, A0: a0, A1: a1, Fill: c, Stroke: sc, Width: w})
		if sl.State == sim.SlotConsumed {
			// Consumed slots are washed out and get a lower-case glyph.
			b.op(Op{Kind: OpArc, Style: Fill, X: r.CX, Y: r.CY, R0: r.R0, R1: r.R1, A0: a0, A1: a1, Fill: th.Consumed})
			g += 'a' - 'A'
			if g == '?'+'a'-'A' {
				g = '?'
			}
		}
		if glyphs {
			p := r.SlotCenter(k)
			off := b.mark()
			b.dl.Text = append(b.dl.Text, g)
			b.textAt(off, p.X, p.Y-sizeGlyph/2, sizeGlyph, Center, th.Text, 0, 0)
		}
		switch {
		case sl.State == sim.SlotError:
			b.ringLabel(k, r.R1+4, "ERR", th.Error)
		case sl.State == sim.SlotAtCons && s.SyncWaiting && sl.Cmd.Op() == cmdq.OpSync:
			b.ringLabel(k, r.R1+4, "WAIT", th.OpSync)
		}
	}
	// PROD points outside the ring, CONS inside, each with its wrap bit.
	qs := uint(s.QS)
	b.pointer(r.SlotOf(s.CmdqProd), r.R1, r.R1+14, "PROD w", s.CmdqProd>>qs&1, th.Text)
	b.pointer(r.SlotOf(s.CmdqCons), r.R0, r.R0-14, "CONS w", s.CmdqCons>>qs&1, th.Text)

	// The hole of the ring: what the ring is a window of (holeBox says
	// where, so the pointer labels keep off it).
	_, y, _, _ := b.holeBox()
	off := b.mark()
	b.dl.Text = append(b.dl.Text, "CMDQ 2^"...)
	b.dl.Text = appendInt(b.dl.Text, int64(s.QS))
	b.textAt(off, r.CX, y, sizeSmall, Center, th.Text, Bold, 0)
	off = b.mark()
	b.dl.Text = append(b.dl.Text, "inv out "...)
	b.dl.Text = appendInt(b.dl.Text, int64(s.Outstanding))
	b.textAt(off, r.CX, y+sizeSmall+3, sizeSmall, Center, th.Text, 0, 0)
	if s.SyncWaiting {
		b.str("SYNC waits", r.CX, y+2*(sizeSmall+3), sizeSmall, Center, th.Text, Bold, 0)
	}
	if more := len(s.Window) - n; more > 0 {
		off = b.mark()
		b.dl.Text = append(b.dl.Text, '+')
		b.dl.Text = appendInt(b.dl.Text, int64(more))
		b.dl.Text = append(b.dl.Text, " more"...)
		b.textAt(off, r.CX, y+3*(sizeSmall+3), sizeSmall, Center, th.TextDim, 0, 0)
	}
}

// ringLabel writes s just outside slot k at radius rad.
func (b *builder) ringLabel(k int, rad float32, s string, c color.RGBA) {
	r := &b.lay.Ring
	a0, a1 := r.SlotAngles(k)
	p := r.Polar(rad+6, (a0+a1)/2)
	b.str(s, p.X, p.Y-sizeTiny/2, sizeTiny, Center, c, Bold, 0)
}

// pointer draws a radial tick at slot k from radius r0 to r1, labelled
// name followed by the wrap bit.
func (b *builder) pointer(k int, r0, r1 float32, name string, wrap uint32, c color.RGBA) {
	r := &b.lay.Ring
	a0, a1 := r.SlotAngles(k)
	a := (a0 + a1) / 2
	b.line(r.Polar(r0, a), r.Polar(r1, a), c, 3)
	// Put the label beyond the tick, pushed further out on the sides so it
	// clears the ring whatever the angle.
	ext := float32(math.Abs(math.Cos(float64(a)))) * 18
	if r1 < r0 {
		ext = -ext - 4
	}
	p := r.Polar(r1+ext+sign(r1-r0)*6, a)
	x, y := p.X, p.Y-sizeTiny/2
	half := float32(len(name)+1) * sizeTiny * charW / 2
	if r1 > r0 {
		// Outside the ring: keep the label inside the SMMU panel (the
		// ring sits near its left edge).
		pl := b.lay.SMMU
		x = max(pl.X+2+half, min(x, pl.X+pl.W-2-half))
		y = max(pl.Y+2, min(y, pl.Y+pl.H-2-sizeTiny))
	} else if hx0, hy0, hx1, hy1 := b.holeBox(); x+half > hx0 && x-half < hx1 && y+sizeTiny > hy0 && y < hy1 {
		// Inside: never over the text in the ring's hole; step above or
		// below it, whichever side the pointer is on.
		if p.Y < r.CY {
			y = hy0 - sizeTiny - 1
		} else {
			y = hy1 + 1
		}
	}
	off := b.mark()
	b.dl.Text = append(b.dl.Text, name...)
	b.dl.Text = append(b.dl.Text, byte('0'+wrap))
	b.textAt(off, x, y, sizeTiny, Center, c, Bold, 0)
}

// holeBox is where smmu writes the text in the ring's hole: up to three
// lines (sizeSmall+3 apart) of at most 11 characters, centred.
func (b *builder) holeBox() (x0, y0, x1, y1 float32) {
	r := &b.lay.Ring
	half := float32(11 * sizeSmall * charW / 2)
	y0 = r.CY - 2*sizeSmall
	return r.CX - half, y0, r.CX + half, y0 + 3*(sizeSmall+3)
}

func sign(v float32) float32 {
	if v < 0 {
		return -1
	}
	return 1
}

// legend explains the ring's colours and glyphs.
func (b *builder) legend() {
	l, th := b.lay, b.th
	r := l.Legend
	if r.H < 2*sizeSmall {
		return
	}
	items := [...]struct {
		c    color.RGBA
		text string
	}{
		{th.OpATCInv, "A ATC_INV"}, {th.OpSync, "S SYNC"}, {th.OpCfgi, "C CFGI"},
		{th.OpTLBI, "T TLBI"}, {th.OpOther, "P/? other"}, {th.Consumed, "a,s: consumed"},
	}
	colW := r.W / 3
	for i, it := range items {
		x := r.X + float32(i%3)*colW
		y := r.Y + float32(i/3)*(sizeSmall+6)
		b.rect(layout.Rect{X: x, Y: y + 1, W: 10, H: 10}, Fill|Stroke, it.c, th.Border, 1)
		b.str(it.text, x+14, y, sizeSmall, Left, th.Text, 0, colW-16)
	}
}
