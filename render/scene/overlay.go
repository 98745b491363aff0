package scene

import (
	"image/color"
	"math/bits"

	"github.com/smmuplay/smmuplay/render/display"
	"github.com/smmuplay/smmuplay/render/font"
	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/cmdq"
)

// pages draws the corrupted pages row: each page a hatched chip with its
// number, its owner now and how often a stale write hit it. The page the
// last corrupt write landed on flashes.
func (b *builder) pages() {
	l, s, th, ts := b.lay, b.snap, b.th, b.ts
	r := l.Pages
	if r.W <= 0 {
		return
	}
	cy := r.Y + r.H/2
	b.strMid("corrupted pages", r.X, cy, ts.Label, font.SansBold, display.Left, th.Ink, 0)
	hit := int64(-1)
	if s.Last.Kind == sim.EvDMAAccess && s.Last.C&0xff == sim.DMACorrupt {
		hit = int64(s.Last.B)
	}
	shown := 0
	for i := range s.Pages {
		c, ok := l.PageCell(i)
		if !ok || (i < len(s.Pages)-1 && c.Right()+64 > r.Right()) {
			break // keep room for "+N more"
		}
		p := &s.Pages[i]
		b.rect(c, 4, th.Panel, th.Corrupt, 1.5, display.Fill|display.Stroke, display.MarkPage, i)
		b.rect(layout.Rect{X: c.X + 3, Y: c.Y + 3, W: 8, H: c.H - 6}, 0, mix(th.Stale, th.Panel, 0.25), th.Stale, 1, display.Fill|display.Hatch, display.MarkPage, i)
		off := b.mark()
		b.dl.Text = appendInt(b.dl.Text, int64(p.Page))
		b.dl.Text = append(b.dl.Text, ' ')
		b.dl.Text = append(b.dl.Text, p.Owner...)
		b.dl.Text = append(b.dl.Text, " ×"...)
		b.dl.Text = appendInt(b.dl.Text, int64(p.Hits))
		if b.width(off, ts.Small, font.Mono) > c.W-18 {
			b.unmark(off)
			b.dl.Text = appendInt(b.dl.Text, int64(p.Page))
			b.dl.Text = append(b.dl.Text, " ×"...)
			b.dl.Text = appendInt(b.dl.Text, int64(p.Hits))
		}
		b.textMid(off, c.X+15, c.Y+c.H/2, ts.Small, font.Mono, display.Left, th.Ink, display.Secondary)
		if int64(p.Page) == hit && b.anim.Phase < 1 {
			if f := flash(b.anim.Phase); f > 0 {
				b.rect(c.Inset(-3), 6, color.RGBA{}, alpha(th.Corrupt, float64(f)), 3, display.Stroke, display.MarkFlash, i)
			}
		}
		shown++
	}
	if more := len(s.Pages) - shown; more > 0 {
		off := b.mark()
		b.dl.Text = append(b.dl.Text, '+')
		b.dl.Text = appendInt(b.dl.Text, int64(more))
		b.dl.Text = append(b.dl.Text, " more"...)
		b.textMid(off, r.Right(), cy, ts.Small, font.Sans, display.Right, th.Ink2, display.Secondary)
	}
}

// overlays draws the selection and hover outlines, the in-canvas details
// card and the hover tooltip, over everything else.
func (b *builder) overlays() {
	b.outline(b.sel.Hover, b.th.Hover, 2)
	b.outline(b.sel.Selected, b.th.Selected, 2.5)
	b.detailsCard()
	b.tooltip()
}

// outline draws a selection ring around object h.
func (b *builder) outline(h layout.Hit, c color.RGBA, w float32) {
	l := b.lay
	var r layout.Rect
	rad := float32(8)
	switch h.Kind {
	case layout.HitEndpoint:
		if h.Index < 0 || h.Index >= len(l.Endpoints) {
			return
		}
		r = l.Endpoints[h.Index].Inset(-3)
		b.op(display.Op{Kind: display.OpClip, X: l.Field.X - 4, Y: l.Field.Y - 4, W: l.Field.W + 8, H: l.Field.H + 8})
		b.rect(r, rad, color.RGBA{}, c, w, display.Stroke, display.MarkSelection, h.Index)
		b.op(display.Op{Kind: display.OpUnclip})
		return
	case layout.HitRegister:
		if h.Index < 0 || h.Index >= len(l.Regs) {
			return
		}
		r = l.Regs[h.Index].Inset(-2)
	case layout.HitRootPort:
		if h.Index < 0 || h.Index >= len(l.RootPorts) {
			return
		}
		r = l.RootPorts[h.Index].Inset(-3)
	case layout.HitPage:
		cell, ok := l.PageCell(h.Index)
		if !ok {
			return
		}
		r = cell.Inset(-3)
	case layout.HitSMMU:
		r = l.SMMU.Inset(-1)
		rad = 11
	case layout.HitSlot:
		k := l.Ring.SlotOf(uint32(h.Index))
		a0, a1 := l.Ring.SlotAngles(k)
		b.op(display.Op{Kind: display.OpArc, Style: display.Stroke, Mark: display.MarkSelection, Obj: int32(k), X: l.Ring.CX, Y: l.Ring.CY,
			R0: l.Ring.R0 - 3, R1: l.Ring.R1 + 3, A0: a0, A1: a1, Stroke: c, Width: w})
		return
	default:
		return
	}
	b.rect(r, rad, color.RGBA{}, c, w, display.Stroke, display.MarkSelection, h.Index)
}

// detailsCard shows the selection's details inside the canvas, for embeds
// that asked for it (the playground page has its own panel).
func (b *builder) detailsCard() {
	l, th, ts := b.lay, b.th, b.ts
	r := l.Details
	if r.W <= 0 || len(b.sel.Details) == 0 {
		return
	}
	lh := lineH(ts.Small, font.Mono) + 1
	h := min(r.H, float32(len(b.sel.Details))*lh+20)
	box := layout.Rect{X: r.X, Y: r.Bottom() - h, W: r.W, H: h}
	b.rect(box, 8, th.Panel, th.Ink3, 1, display.Fill|display.Stroke, display.MarkDetails, -1)
	b.over = display.MarkDetails
	defer func() { b.over = display.MarkNone }()
	y := box.Y + 10
	for _, line := range b.sel.Details {
		if y+lh > box.Bottom()-6 {
			break
		}
		off := b.mark()
		b.dl.Text = append(b.dl.Text, line...)
		for len(b.dl.Text) > off && font.Measure(font.Mono, ts.Small, 0, b.dl.Text[off:]) > box.W-20 {
			b.dl.Text = b.dl.Text[:len(b.dl.Text)-1] // cut, never overflow the card
		}
		b.textAt(off, box.X+10, y, ts.Small, font.Mono, display.Left, th.Ink, display.Secondary)
		y += lh
	}
}

// tooltip names the hovered object and what its tile or slot does not
// show at this size.
func (b *builder) tooltip() {
	h := b.sel.Hover
	if h.Kind == layout.HitNone {
		return
	}
	s, th, ts := b.snap, b.th, b.ts
	start := b.mark()
	var lines [4]int // ends of the lines in the arena
	n := 0
	end := func() {
		lines[n] = len(b.dl.Text)
		n++
	}
	switch h.Kind {
	case layout.HitEndpoint:
		if h.Index < 0 || h.Index >= len(s.Endpoints) {
			return
		}
		e := &s.Endpoints[h.Index]
		lk := b.lookOf(e)
		b.dl.Text = append(b.dl.Text, e.Name...)
		b.dl.Text = append(b.dl.Text, " · "...)
		b.dl.Text = append(b.dl.Text, lk.word...)
		end()
		b.atcCount(e, true)
		if st := staleCount(e); st > 0 {
			b.dl.Text = append(b.dl.Text, ", "...)
			b.dl.Text = appendInt(b.dl.Text, int64(st))
			b.dl.Text = append(b.dl.Text, " stale"...)
		}
		b.dl.Text = append(b.dl.Text, " · ITags "...)
		b.dl.Text = appendInt(b.dl.Text, int64(bits.OnesCount32(e.ITags)))
		end()
		b.dl.Text = append(b.dl.Text, "ATS "...)
		b.dl.Text = append(b.dl.Text, onOff(e.ATS)...)
		if len(e.STE) > 0 {
			b.dl.Text = append(b.dl.Text, " · EATS "...)
			b.dl.Text = append(b.dl.Text, eatsNames[e.STE[0].EATS()&3]...)
		}
		b.dl.Text = append(b.dl.Text, " · core "...)
		b.dl.Text = append(b.dl.Text, e.State...)
		end()
		// An Invalidate Request waiting there: its ITag and how long.
		for _, v := range s.Invs {
			if int(v.EP) == h.Index && !v.Done {
				b.dl.Text = append(b.dl.Text, "Inv Req ITag "...)
				b.dl.Text = appendInt(b.dl.Text, int64(v.ITag))
				b.dl.Text = append(b.dl.Text, " waiting "...)
				b.dl.Text = appendTime(b.dl.Text, s.Time-v.Sent)
				end()
				break
			}
		}
	case layout.HitSlot:
		k := b.lay.Ring.SlotOf(uint32(h.Index))
		found := false
		from, to := ringRange(s, &b.lay.Ring)
		for i := from; i < to; i++ {
			sl := &s.Window[i]
			if b.lay.Ring.SlotOf(sl.Pos) != k {
				continue
			}
			found = true
			b.dl.Text = append(b.dl.Text, cmdName(issuedOp(sl))...)
			if issuedOp(sl) != sl.Cmd.Op() {
				b.dl.Text = append(b.dl.Text, " (its MSI wrote 0)"...)
			}
			end()
			b.dl.Text = append(b.dl.Text, "at "...)
			b.dl.Text = append0x(b.dl.Text, uint64(sl.Pos&(1<<uint(s.QS)-1)), (s.QS+3)/4)
			b.dl.Text = append(b.dl.Text, " · "...)
			b.dl.Text = append(b.dl.Text, slotStateNames[sl.State]...)
			end()
			break
		}
		if !found {
			return
		}
	case layout.HitRegister:
		if h.Index < 0 || h.Index >= len(regNames) {
			return
		}
		b.dl.Text = append(b.dl.Text, regNames[h.Index]...)
		b.dl.Text = append(b.dl.Text, " (click for its fields)"...)
		end()
	default:
		return
	}
	// Size the box to its lines, place it by the pointer inside the canvas.
	w := float32(0)
	from := start
	for i := 0; i < n; i++ {
		face := font.Sans
		if i == 0 {
			face = font.SansBold
		}
		w = max(w, font.Measure(face, ts.Label, 0, b.dl.Text[from:lines[i]]))
		from = lines[i]
	}
	lh := lineH(ts.Label, font.Sans) + 1
	box := layout.Rect{X: b.sel.HoverX + 14, Y: b.sel.HoverY + 16, W: w + 16, H: float32(n)*lh + 10}
	c := b.lay.Canvas
	if box.Right() > c.Right()-4 {
		box.X = b.sel.HoverX - 10 - box.W
	}
	if box.Bottom() > c.Bottom()-4 {
		box.Y = b.sel.HoverY - 10 - box.H
	}
	box.X, box.Y = max(box.X, 4), max(box.Y, 4)
	b.rect(box, 6, th.Tooltip, th.Ink3, 1, display.Fill|display.Stroke, display.MarkTooltip, -1)
	from = start
	y := box.Y + 5
	for i := 0; i < n; i++ {
		face := font.Sans
		if i == 0 {
			face = font.SansBold
		}
		b.op(display.Op{Kind: display.OpText, Face: face, X: box.X + 8, Y: y, Size: ts.Label, Fill: th.Ink,
			Span: display.Span{Off: int32(from), End: int32(lines[i])}, Mark: display.MarkTooltip, Obj: -1})
		from = lines[i]
		y += lh
	}
}

var slotStateNames = [...]string{sim.SlotConsumed: "consumed", sim.SlotAtCons: "at CONS", sim.SlotError: "error at CONS", sim.SlotPending: "pending"}

// cmdName is a command's spec name without allocating.
func cmdName(o cmdq.Opcode) string {
	switch o {
	case cmdq.OpATCInv:
		return "CMD_ATC_INV"
	case cmdq.OpSync:
		return "CMD_SYNC"
	case cmdq.OpCfgiSTE:
		return "CMD_CFGI_STE"
	case cmdq.OpCfgiAll:
		return "CMD_CFGI_ALL"
	case cmdq.OpCfgiCD:
		return "CMD_CFGI_CD"
	case cmdq.OpCfgiCDAll:
		return "CMD_CFGI_CD_ALL"
	case cmdq.OpPrefetchCfg:
		return "CMD_PREFETCH_CFG"
	case cmdq.OpTLBINHAll:
		return "CMD_TLBI_NH_ALL"
	case cmdq.OpTLBINHASID:
		return "CMD_TLBI_NH_ASID"
	case cmdq.OpTLBINHVA:
		return "CMD_TLBI_NH_VA"
	case cmdq.OpTLBIS12VMAll:
		return "CMD_TLBI_S12_VMALL"
	case cmdq.OpTLBIS2IPA:
		return "CMD_TLBI_S2_IPA"
	case cmdq.OpTLBINSNHAll:
		return "CMD_TLBI_NSNH_ALL"
	}
	return "command"
}

// QueueIndex is the queue index of the command ring slot k of lay shows in
// snap, or k itself when the slot is empty: a click on the ring selects a
// queue position, whatever the ring's size.
func QueueIndex(snap *sim.Snapshot, lay *layout.Layout, k int) int {
	r := &lay.Ring
	from, to := ringRange(snap, r)
	for i := from; i < to; i++ {
		if r.SlotOf(snap.Window[i].Pos) == k {
			return int(snap.Window[i].Pos & (1<<uint(snap.QS) - 1))
		}
	}
	return k
}

// helpKeys are the canvas' keys, for the help card.
var helpKeys = [...][2]string{
	{"Space", "play / pause"}, {"→ or .", "step"}, {"←", "step back"}, {"click", "details of an object"},
	{"wheel, drag", "zoom, pan the endpoints"}, {"t", "light / dark"}, {"m", "reduced motion"}, {"?", "this help"},
}

// helpCard lays the keys and the key of colours and shapes over the
// picture (on a phone the key lives only here).
func (b *builder) helpCard() {
	th, ts := b.th, b.ts
	c := b.lay.Canvas
	lh := lineH(ts.Label, font.Sans) + 3
	w := min(c.W-24, 380)
	h := min(c.H-24, float32(len(helpKeys))*lh+40+4*18)
	box := layout.Rect{X: c.X + (c.W-w)/2, Y: c.Y + (c.H-h)/2, W: w, H: h}
	b.rect(c, 0, alpha(th.Stage, 0.6), color.RGBA{}, 0, display.Fill, display.MarkNone, -1)
	b.rect(box, 10, th.Panel, th.Ink3, 1.5, display.Fill|display.Stroke, display.MarkTooltip, -1)
	b.over = display.MarkTooltip
	defer func() { b.over = display.MarkNone }()
	x, y := box.X+16, box.Y+12
	b.str("Keys", x, y, ts.Label, font.SansBold, display.Left, th.Ink, 0)
	y += lh + 2
	for _, k := range helpKeys {
		if y+lh > box.Bottom()-4*18-8 {
			break
		}
		b.str(k[0], x, y, ts.Label, font.MonoBold, display.Left, th.Ink, 0)
		b.str(k[1], x+110, y, ts.Label, font.Sans, display.Left, th.Ink2, 0)
		y += lh
	}
	// The compact key, in the card.
	b.keyIn(layout.Rect{X: x, Y: box.Bottom() - 2*layout.KeyRowH - 12, W: box.W - 32, H: 2 * layout.KeyRowH}, 2)
}
