package scene

import (
	"image/color"
	"math"

	"github.com/smmuplay/smmuplay/render/display"
	"github.com/smmuplay/smmuplay/render/font"
	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/cmdq"
)

// smmu draws the SMMU card: header, ring, CMD_SYNC and run cards, the
// pointer caption, the registers, the corrupted pages and the key.
func (b *builder) smmu() {
	l := b.lay
	// The SMMU card is an outline on the stage, not a filled panel: its
	// cards inside are the panels. Filling it would cost software WebGL
	// almost half a screen of pixels every frame.
	h := b.hair()
	b.rect(layout.Rect{X: l.SMMU.X + h, Y: l.SMMU.Y + h, W: l.SMMU.W - 2*h, H: l.SMMU.H - 2*h}, 10, color.RGBA{}, b.th.Border, 1, display.Stroke, display.MarkCard, -1)
	b.header()
	b.ring()
	b.hole()
	b.caption()
	b.evtqRow() // evtq.go
	b.syncCard()
	b.countsCard()
	b.registers()
	b.pages()
	b.key()
}

// header: "SMMU", what the ring is, and the clock.
func (b *builder) header() {
	l, s, th, ts := b.lay, b.snap, b.th, b.ts
	h := l.Header
	cy := h.Y + h.H/2
	x := h.X
	b.strMid("SMMU", x, cy, ts.Title, font.SansBold, display.Left, th.Ink, 0)
	x += strW("SMMU", ts.Title, font.SansBold) + 10

	// The clock on the right: "t 2.038 ms · event #873", shortened to fit.
	off := b.mark()
	b.dl.Text = append(b.dl.Text, "t "...)
	b.dl.Text = appendTime(b.dl.Text, s.Time)
	withEvent := len(b.dl.Text)
	b.dl.Text = append(b.dl.Text, " · event #"...)
	b.dl.Text = appendInt(b.dl.Text, s.N)
	cw := b.width(off, ts.Label, font.Mono)
	if x+cw+140 > h.Right() {
		b.dl.Text = b.dl.Text[:withEvent]
		cw = b.width(off, ts.Label, font.Mono)
	}
	b.textMid(off, h.Right(), cy, ts.Label, font.Mono, display.Right, th.Ink2, 0)
	room := h.Right() - cw - 12 - x

	if s.SFM {
		// Service Failure Mode stops everything: say it in words.
		b.badge(x, cy, "Service Failure Mode", IconCross, th.BadgeUnresp, th.Ink, display.MarkNone, -1, room)
		return
	}
	// What the ring shows, as much as fits.
	off = b.mark()
	b.dl.Text = append(b.dl.Text, "CMDQ 2"...)
	b.dl.Text = appendSup(b.dl.Text, s.QS)
	b.dl.Text = append(b.dl.Text, " · ATS timeout "...)
	b.dl.Text = appendTime(b.dl.Text, s.ATSTimeout)
	if b.width(off, ts.Label, font.Sans) > room {
		b.unmark(off)
		b.dl.Text = append(b.dl.Text, "ATS timeout "...)
		b.dl.Text = appendTime(b.dl.Text, s.ATSTimeout)
		if b.width(off, ts.Small, font.Sans) > room {
			b.unmark(off)
			return
		}
		b.textMid(off, x, cy, ts.Small, font.Sans, display.Left, th.Ink2, display.Secondary)
		return
	}
	b.textMid(off, x, cy, ts.Label, font.Sans, display.Left, th.Ink2, 0)
}

// opColor is a command's hue; SYNC slots also get a barrier tick, so the
// hue is not the only cue.
func (b *builder) opColor(o cmdq.Opcode) color.RGBA {
	switch {
	case o == cmdq.OpATCInv:
		return b.th.ATCInv
	case o == cmdq.OpSync:
		return b.th.Sync
	case o >= cmdq.OpCfgiSTE && o <= cmdq.OpCfgiCDAll:
		return b.th.Cfgi
	case o >= cmdq.OpTLBINHAll && o <= cmdq.OpTLBINSNHAll:
		return b.th.TLBI
	}
	return b.th.OtherOp
}

// issuedOp is the opcode software wrote into a slot. A CMD_SYNC that
// completed with its MSI pointed at its own slot (as Linux does) had
// dword 0's low half overwritten with 0, opcode included; its dword 1
// still holds the MSI address, which no other command leaves in a slot
// whose opcode reads 0.
func issuedOp(sl *sim.Slot) cmdq.Opcode {
	if op := sl.Cmd.Op(); op != 0 || sl.State != sim.SlotConsumed || sl.Cmd[1] == 0 {
		return op
	}
	return cmdq.OpSync
}

// ringRange is the part of the snapshot's window the ring shows, at most
// Ring.Slots entries (more would overwrite each other): the command at
// CONS and what is pending after it first, then as much of the consumed
// history before CONS as there is room for.
func ringRange(snap *sim.Snapshot, r *layout.Ring) (from, to int) {
	n := len(snap.Window)
	cons := 0
	for cons < n && snap.Window[cons].State == sim.SlotConsumed {
		cons++
	}
	room := r.Slots - (n - cons)
	if room <= 0 {
		return cons, min(n, cons+r.Slots)
	}
	from = max(0, cons-room)
	return from, n
}

// ring draws the command queue: every slot as a track, the window's
// commands coloured by opcode (consumed ones washed out), SYNC barrier
// ticks, the error slot flashing, timed-out CMD_SYNCs crossed, and the
// CONS and PROD marks outside.
func (b *builder) ring() {
	l, s, th := b.lay, b.snap, b.th
	r := &l.Ring
	if r.Slots <= 0 || r.R1 <= r.R0 {
		return
	}
	mid := (r.R0 + r.R1) / 2
	gap := min(0.8/mid, float32(math.Pi)/float32(r.Slots)*0.3) // a ~1.6 px gap between slots
	from, to := ringRange(s, r)
	// The track: every slot the window does not fill (each pixel is
	// painted once; software WebGL pays per pixel).
	var filled [layout.MaxRingSlots]bool
	for i := from; i < to; i++ {
		if k := r.SlotOf(s.Window[i].Pos); k < len(filled) {
			filled[k] = true
		}
	}
	for k := 0; k < r.Slots; k++ {
		if k < len(filled) && filled[k] {
			continue
		}
		a0, a1 := r.SlotAngles(k)
		b.arc(r.CX, r.CY, r.R0, r.R1, a0+gap, a1-gap, th.Track, color.RGBA{}, 0, display.Fill, display.MarkSlot, k)
	}
	for i := from; i < to; i++ {
		sl := &s.Window[i]
		k := r.SlotOf(sl.Pos)
		a0, a1 := r.SlotAngles(k)
		op := issuedOp(sl)
		c := b.opColor(op)
		if sl.State == sim.SlotConsumed {
			c = mix(c, th.Panel, 0.42)
		}
		b.arc(r.CX, r.CY, r.R0, r.R1, a0+gap, a1-gap, c, color.RGBA{}, 0, display.Fill, display.MarkSlot, k)
		if op == cmdq.OpSync {
			// The barrier tick: a radial bar across the slot.
			am := (a0 + a1) / 2
			b.line(r.Polar(r.R0+1, am), r.Polar(r.R1-1, am), max(1.5, min(3, (a1-a0)*mid*0.3)), th.Ink2, 0, display.MarkSlot, k)
		}
		if sl.State == sim.SlotError {
			b.op(display.Op{Kind: display.OpArc, Style: display.Stroke, Mark: display.MarkSlot, Obj: int32(k),
				X: r.CX, Y: r.CY, R0: r.R0 - 1, R1: r.R1 + 1, A0: a0, A1: a1, Stroke: th.Error, Width: 2.5})
			if s.Last.Kind == sim.EvCmdError && b.anim.Phase < 1 {
				// Two flashes as the error is raised.
				if f := flash(b.anim.Phase); f > 0 {
					b.op(display.Op{Kind: display.OpArc, Style: display.Stroke, Mark: display.MarkFlash, Obj: int32(k),
						X: r.CX, Y: r.CY, R0: r.R0 - 4, R1: r.R1 + 4, A0: a0 - gap*3, A1: a1 + gap*3, Stroke: alpha(th.Error, float64(f)), Width: 3})
				}
			}
		}
	}
	// Timed-out CMD_SYNCs still in view get a cross outside the ring.
	for _, t := range s.Timeouts {
		for i := from; i < to; i++ {
			if s.Window[i].Pos == t.Pos && s.Window[i].State != sim.SlotError {
				k := r.SlotOf(t.Pos)
				a0, a1 := r.SlotAngles(k)
				p := r.Polar(r.R1+7, (a0+a1)/2)
				b.icon(IconCross, p.X, p.Y, 11, th.Ink, display.MarkTimeout, k)
			}
		}
	}
	// Ring index labels on a large ring (not under a countdown).
	if r.Slots >= 64 && r.R0 > 60 && !s.SyncWaiting {
		for q := 0; q < 4; q++ {
			k := q * r.Slots / 4
			a0, _ := r.SlotAngles(k)
			p := r.Polar(r.R0-14, a0+float32(math.Pi)/float32(r.Slots))
			off := b.mark()
			b.dl.Text = append0x(b.dl.Text, uint64(k), 2)
			b.textMid(off, p.X, p.Y, b.ts.Small, font.Mono, display.Center, th.Ink3, display.Secondary)
		}
	}
	// CONS inside-pointing filled mark, PROD hollow, just outside.
	qs := uint(s.QS)
	idx := uint32(1)<<qs - 1
	ck, pk := r.SlotOf(s.CmdqCons&idx), r.SlotOf(s.CmdqProd&idx)
	b.pointer(ck, r.R1+2, IconDownFill)
	if pk != ck {
		b.pointer(pk, r.R1+2, IconDownHollow)
	}
}

// pointer draws a mark at slot k pointing at the ring from radius rad.
func (b *builder) pointer(k int, rad float32, ic Icon) {
	r := &b.lay.Ring
	a0, a1 := r.SlotAngles(k)
	a := (a0 + a1) / 2
	p := r.Polar(rad+3, a)
	// Rotate the downward triangle to point at the centre.
	s := float32(10)
	off := b.pts()
	sin, cos := math.Sincos(float64(a) - math.Pi/2) // a down triangle points along +y; rotate +y onto the inward radius
	rot := func(x, y float32) {
		X := float32(cos)*x - float32(sin)*y
		Y := float32(sin)*x + float32(cos)*y
		b.pt(p.X-X, p.Y-Y)
	}
	rot(-s/2, -s*0.4)
	rot(s/2, -s*0.4)
	rot(0, s*0.45)
	if ic == IconDownFill {
		b.path(off, b.th.Ink, color.RGBA{}, 0, display.Fill, display.MarkPointer, k)
	} else {
		b.path(off, color.RGBA{}, b.th.Ink, 1.5, display.Stroke|display.Closed, display.MarkPointer, k)
	}
}

// flash is the strength of a two-pulse flash over an event's animation.
func flash(phase float32) float32 {
	if phase < 0 || phase >= 1 {
		return 0
	}
	v := float32(math.Sin(float64(phase) * 2 * math.Pi * 2))
	return max(v, 0) * (1 - phase*0.5)
}

// hole writes what the queue is doing in the ring's hole: the countdown of
// a waiting CMD_SYNC, the error that stopped it, idle or busy, with as
// many lines as the hole has room for.
func (b *builder) hole() {
	l, s, th, ts := b.lay, b.snap, b.th, b.ts
	r := &l.Ring
	cx, cy := r.CX, r.CY
	big := r.R0 >= 70
	val := ts.Value
	if big {
		val += 4
	}
	room := r.R0 * 1.35 // the height a centred block of text may take
	sm := lineH(ts.Small, font.Sans)
	lab := lineH(ts.Label, font.SansBold)
	// stack centres an icon size px high over lines of the given heights
	// on the hole; it returns the icon's centre and each line's.
	stack := func(size float32, lines ...float32) (iconY float32, ys [3]float32) {
		total := size
		for _, h := range lines {
			total += h
		}
		y := cy - total/2
		iconY = y + size/2
		y += size
		for i, h := range lines {
			ys[i] = y + h/2
			y += h
		}
		return iconY, ys
	}
	switch err := cmdq.ConsErr(s.CmdqCons); {
	case s.SFM:
		iy, ys := stack(val*1.2, lab)
		b.icon(IconCross, cx, iy, val*1.2, th.Ink, display.MarkNone, -1)
		b.strMid("SFM", cx, ys[0], ts.Label, font.SansBold, display.Center, th.Ink, 0)
	case (s.GERROR^s.GERRORN)&sim.GERRORCmdqErr != 0 && err != cmdq.CErrorNone:
		// CMDQ_ERR active: the consumer is stopped at RD.
		switch {
		case room >= val*1.3+lab+sm:
			iy, ys := stack(val*1.3, lab, sm)
			b.icon(IconCross, cx, iy, val*1.3, th.Ink, display.MarkTimeout, -1)
			b.strMid("stopped", cx, ys[0], ts.Label, font.SansBold, display.Center, th.Ink, 0)
			off := b.mark()
			b.dl.Text = appendCError(b.dl.Text, err, false)
			b.textMid(off, cx, ys[1], ts.Small, font.Mono, display.Center, th.Ink2, display.Secondary)
		default:
			b.icon(IconCross, cx, cy, min(val*1.3, r.R0*1.1), th.Ink, display.MarkTimeout, -1)
		}
	case s.SyncWaiting:
		b.countdown(cx, cy, val)
	case s.CmdqProd == s.CmdqCons&^cmdq.ConsErrMask:
		switch {
		case room >= val*1.2+lab+sm:
			iy, ys := stack(val*1.2, lab, sm)
			b.icon(IconCheck, cx, iy, val*1.2, th.Ink, display.MarkNone, -1)
			b.strMid("idle", cx, ys[0], ts.Label, font.SansBold, display.Center, th.Ink, 0)
			b.strMid("queue empty", cx, ys[1], ts.Small, font.Sans, display.Center, th.Ink2, display.Secondary)
		case room >= lab+val:
			iy, ys := stack(val, lab)
			b.icon(IconCheck, cx, iy, val, th.Ink, display.MarkNone, -1)
			b.strMid("idle", cx, ys[0], ts.Label, font.SansBold, display.Center, th.Ink, 0)
		default:
			b.icon(IconCheck, cx, cy, min(val*1.2, r.R0*1.1), th.Ink, display.MarkNone, -1)
		}
	default:
		used := int64(queueUsed(s))
		switch {
		case room >= lab+2*sm && r.R0*1.6 >= strW("to consume", ts.Small, font.Sans):
			_, ys := stack(0, lab, sm, sm)
			b.strMid("busy", cx, ys[0], ts.Label, font.SansBold, display.Center, th.Ink, 0)
			off := b.mark()
			b.dl.Text = plural(b.dl.Text, used, "command")
			b.textMid(off, cx, ys[1], ts.Small, font.Sans, display.Center, th.Ink2, display.Secondary)
			b.strMid("to consume", cx, ys[2], ts.Small, font.Sans, display.Center, th.Ink2, display.Secondary)
		default:
			_, ys := stack(0, lab, sm)
			b.strMid("busy", cx, ys[0], ts.Label, font.SansBold, display.Center, th.Ink, 0)
			off := b.mark()
			b.dl.Text = appendInt(b.dl.Text, used)
			b.dl.Text = append(b.dl.Text, " to go"...)
			b.textMid(off, cx, ys[1], ts.Small, font.Sans, display.Center, th.Ink2, display.Secondary)
		}
	}
}

// countdown draws the arc of a waiting CMD_SYNC: how much of the ATS
// timeout the oldest unanswered ATC invalidation has used.
func (b *builder) countdown(cx, cy, val float32) {
	s, th, ts := b.snap, b.th, b.ts
	r := &b.lay.Ring
	elapsed := sim.Time(0)
	for _, v := range s.Invs {
		if !v.Done {
			elapsed = max(s.Time-v.Sent, 0)
			break
		}
	}
	frac := float32(1)
	if s.ATSTimeout > 0 {
		frac = min(float32(float64(elapsed)/float64(s.ATSTimeout)), 1)
	}
	rad := r.R0 - 7
	w := max(4, min(9, rad*0.1))
	top := float32(-math.Pi / 2)
	b.arc(cx, cy, rad-w/2, rad+w/2, 0, turn, th.Track, color.RGBA{}, 0, display.Fill, display.MarkCountdown, -1)
	if frac > 0 {
		b.arc(cx, cy, rad-w/2, rad+w/2, top, top+frac*turn, th.Sync, color.RGBA{}, 0, display.Fill, display.MarkCountdown, -1)
		head := layout.Point{X: cx + rad*float32(math.Cos(float64(top+frac*turn))), Y: cy + rad*float32(math.Sin(float64(top+frac*turn)))}
		b.disc(head.X, head.Y, w*0.8, th.Sync, display.MarkCountdown, -1)
		b.circle(head.X, head.Y, w*0.8, 1.2, th.Ink, display.MarkCountdown, -1)
	}
	off := b.mark()
	b.dl.Text = appendTime(b.dl.Text, elapsed)
	inner := rad - w/2 - 3 // the room inside the arc
	size := val
	for size > ts.Label && b.width(off, size, font.MonoBold) > 2*inner-4 {
		size--
	}
	b.textMid(off, cx, cy, size, font.MonoBold, display.Center, th.Ink, 0)
	step := lineH(size, font.Mono)/2 + lineH(ts.Small, font.Sans)/2 // between line centres
	if inner < step+lineH(ts.Small, font.Sans)/2 {
		return // only the value fits
	}
	b.strMid("waiting", cx, cy-step, ts.Small, font.Sans, display.Center, th.Ink2, display.Secondary)
	off = b.mark()
	b.dl.Text = append(b.dl.Text, "of "...)
	b.dl.Text = appendTime(b.dl.Text, s.ATSTimeout)
	b.textMid(off, cx, cy+step, ts.Small, font.Sans, display.Center, th.Ink2, display.Secondary)
}

// caption names the pointers under the ring: CONS and PROD with their
// index and wrap bit, and what a cross means when there is one.
func (b *builder) caption() {
	l, s, th, ts := b.lay, b.snap, b.th, b.ts
	c := l.Caption
	cy := c.Y + c.H/2
	qs := uint(s.QS)
	digits := (s.QS + 3) / 4
	idx := uint32(1)<<qs - 1
	x := c.X
	item := func(ic Icon, name string, v uint32) {
		b.iconTri(ic, x+5, cy, 10)
		x += 14
		b.strMid(name, x, cy, ts.Label, font.SansBold, display.Left, th.Ink, 0)
		x += strW(name, ts.Label, font.SansBold) + 5
		off := b.mark()
		b.dl.Text = append0x(b.dl.Text, uint64(v&idx), digits)
		if c.W >= 300 {
			b.dl.Text = append(b.dl.Text, " wrap "...)
			b.dl.Text = appendInt(b.dl.Text, int64(v>>qs&1))
		}
		w := b.width(off, ts.Label, font.Mono)
		b.textMid(off, x, cy, ts.Label, font.Mono, display.Left, th.Ink, 0)
		x += w + 16
	}
	if s.CmdqProd == s.CmdqCons&^cmdq.ConsErrMask {
		item(IconDownFill, "PROD = CONS", s.CmdqProd)
	} else {
		item(IconDownFill, "CONS", s.CmdqCons)
		item(IconDownHollow, "PROD", s.CmdqProd)
	}
	if len(s.Timeouts) > 0 && x+170 < c.Right() {
		b.icon(IconCross, x+6, cy, 11, th.Ink, display.MarkNone, -1)
		b.strMid("CMD_SYNC that timed out", x+16, cy, ts.Small, font.Sans, display.Left, th.Ink2, display.Secondary)
	}
}

// iconTri draws a caption's pointer triangle.
func (b *builder) iconTri(ic Icon, cx, cy, s float32) {
	b.icon(ic, cx, cy, s, b.th.Ink, display.MarkNone, -1)
}

// queueUsed is how many commands sit between CONS and PROD.
func queueUsed(s *sim.Snapshot) uint32 {
	wrap := uint32(2) << uint(s.QS)
	return (s.CmdqProd - s.CmdqCons&^cmdq.ConsErrMask + wrap) % wrap
}

// appendCError names a CONS.ERR code by its spec name without the CERROR_
// prefix, after "CONS.ERR <n>" when long; it does not allocate.
func appendCError(b []byte, e cmdq.CERROR, long bool) []byte {
	if long {
		b = append(b, "CONS.ERR "...)
		b = appendInt(b, int64(e))
		b = append(b, ' ')
	}
	switch e {
	case cmdq.CErrorIll:
		return append(b, "ILL"...)
	case cmdq.CErrorAbt:
		return append(b, "ABT"...)
	case cmdq.CErrorATCInvSync:
		return append(b, "ATC_INV_SYNC"...)
	}
	return append0x(b, uint64(e), 2)
}
