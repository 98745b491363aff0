package scene

import (
	"image/color"
	"math/bits"

	"github.com/smmuplay/smmuplay/render/display"
	"github.com/smmuplay/smmuplay/render/font"
	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/sim"
)

// eatsNames are STE.EATS values by their spec names (Arm IHI 0070 §5.2).
var eatsNames = [...]string{"ABT", "TRANS", "S1CHK", "FULL"}

// look is how an endpoint's state reads: a badge (icon and word) and the
// tile's fill, outline and stripe. Quarantine wins over a reset, which
// wins over the device's behaviour.
type look struct {
	quarantined bool
	resetting   bool
	icon        Icon
	word        string
	badgeBg     color.RGBA
	badgeFg     color.RGBA
	stripe      color.RGBA
	mark        display.Mark
}

func (b *builder) lookOf(e *sim.EndpointSnap) look {
	th := b.th
	switch {
	case e.Quarantined():
		return look{quarantined: true, resetting: e.State == sim.BlockedResetting || e.InFLR, icon: IconLock, word: "quarantined",
			badgeBg: th.QLabel, badgeFg: th.QInk, stripe: th.QBorder, mark: display.MarkQuarantined}
	case e.State == sim.BlockedResetting || e.InFLR:
		return look{resetting: true, icon: IconReset, word: "resetting", badgeBg: th.BadgeReset, badgeFg: th.Ink, stripe: th.Resetting, mark: display.MarkResetting}
	case e.Behavior == "unresponsive":
		return look{icon: IconWarning, word: "unresponsive", badgeBg: th.BadgeUnresp, badgeFg: th.Ink, stripe: th.Unresponsive, mark: display.MarkState}
	case e.Behavior == "slow":
		return look{icon: IconClock, word: "slow", badgeBg: th.BadgeSlow, badgeFg: th.Ink, stripe: th.Slow, mark: display.MarkState}
	}
	return look{icon: IconCheck, word: "healthy", badgeBg: th.BadgeHealthy, badgeFg: th.Ink, stripe: th.Healthy, mark: display.MarkState}
}

// tiles draws every visible endpoint tile, clipped to the field.
func (b *builder) tiles() {
	l := b.lay
	f := l.Field
	b.op(display.Op{Kind: display.OpClip, X: f.X, Y: f.Y, W: f.W, H: f.H})
	n := min(len(l.Endpoints), len(b.snap.Endpoints))
	for i := 0; i < n; i++ {
		if l.Endpoints[i].Overlaps(f) {
			b.tile(i, l.Endpoints[i], &b.snap.Endpoints[i])
		}
	}
	b.op(display.Op{Kind: display.OpUnclip})
}

// tile draws one endpoint at the layout's level of detail.
func (b *builder) tile(i int, r layout.Rect, e *sim.EndpointSnap) {
	th := b.th
	lk := b.lookOf(e)
	if b.lay.TileLOD == layout.TileMicro {
		b.microTile(i, r, e, &lk)
		return
	}
	// The frame: a quarantined tile is greyed with a dashed outline.
	h := b.hair()
	box := layout.Rect{X: r.X + h, Y: r.Y + h, W: r.W - 2*h, H: r.H - 2*h}
	rad := float32(6)
	if b.lay.TileLOD == layout.TileTiny {
		rad = 3 // small tiles, many of them: fewer triangles per corner
	}
	if lk.quarantined {
		b.rect(box, rad, th.QTile, th.QBorder, 1, display.Fill|display.Stroke|display.Dashed, display.MarkTile, i)
	} else {
		b.rect(box, rad, color.RGBA{}, th.Border, 1, display.Stroke, display.MarkTile, i)
	}
	// The stripe on the left edge repeats the state.
	sw := float32(5)
	if b.lay.TileLOD == layout.TileTiny {
		sw = 4
	}
	b.rect(layout.Rect{X: r.X, Y: r.Y, W: sw, H: r.H}, 0, lk.stripe, color.RGBA{}, 0, display.Fill, display.MarkNone, i)
	switch b.lay.TileLOD {
	case layout.TileTiny:
		b.tinyTile(i, r, e, &lk)
	case layout.TileSmall:
		b.smallTile(i, r, e, &lk)
	default:
		b.largeTile(i, r, e, &lk)
	}
}

// name writes the endpoint's name, bold and tracked so 3, 6 and 7 stay
// apart, with its capitals centred on cy; it returns the x after it.
func (b *builder) name(e *sim.EndpointSnap, x, cy, size float32) float32 {
	off := b.mark()
	b.dl.Text = append(b.dl.Text, e.Name...)
	track := float32(1)
	w := font.Measure(font.SansBold, size, track, b.dl.Text[off:])
	b.op(display.Op{Kind: display.OpText, Face: font.SansBold, X: x, Y: midTop(cy, size, font.SansBold), Size: size, Track: track,
		Fill: b.th.Ink, Span: display.Span{Off: int32(off), End: int32(len(b.dl.Text))}})
	return x + w
}

// badge draws a state pill (icon and word) with its left end at x and its
// middle at cy, within maxW; with too little room it draws the icon alone,
// with less nothing. It returns the width drawn.
func (b *builder) badge(x, cy float32, word string, ic Icon, bg, fg color.RGBA, m display.Mark, obj int, maxW float32) float32 {
	ts := b.ts
	h := ts.Label + 9
	is := ts.Label + 1 // icon size
	tw := strW(word, ts.Label, font.Sans)
	if ic == IconLock {
		tw = strW(word, ts.Label, font.SansBold)
	}
	w := 6 + is + 5 + tw + 8
	if w > maxW {
		// The icon alone, in a circle.
		if h > maxW {
			return 0
		}
		b.rect(layout.Rect{X: x, Y: cy - h/2, W: h, H: h}, h/2, bg, color.RGBA{}, 0, display.Fill, m, obj)
		b.icon(ic, x+h/2, cy, is, fg, m, obj)
		return h
	}
	r := layout.Rect{X: x, Y: b.px(cy - h/2), W: w, H: h}
	if ic == IconLock {
		b.rect(r, h/2, bg, color.RGBA{}, 0, display.Fill, m, obj)
	} else {
		b.rect(r, h/2, bg, mix(fgHue(b, ic), bg, 0.7), 1, display.Fill|display.Stroke, m, obj)
	}
	b.icon(ic, x+6+is/2, cy, is, fg, m, obj)
	face := font.Sans
	if ic == IconLock {
		face = font.SansBold
	}
	b.strMid(word, x+6+is+5, cy, ts.Label, face, display.Left, fg, 0)
	return w
}

// fgHue is the hue of an icon's disc, for the badge outline.
func fgHue(b *builder, ic Icon) color.RGBA {
	switch ic {
	case IconCheck:
		return b.th.Healthy
	case IconClock:
		return b.th.Slow
	case IconWarning:
		return b.th.Unresponsive
	case IconReset:
		return b.th.Resetting
	}
	return b.th.Ink
}

// atcBar draws the ATC fill: valid entries, then stale ones hatched.
func (b *builder) atcBar(r layout.Rect, e *sim.EndpointSnap, q bool) {
	th := b.th
	size := max(b.snap.ATCSize, len(e.ATC), 1)
	stale := staleCount(e)
	valid := len(e.ATC) - stale
	rad := r.H / 2
	b.rect(r, rad, th.Track, color.RGBA{}, 0, display.Fill, display.MarkNone, -1)
	fill := th.ATCFill
	if q {
		fill = th.QBorder
	}
	vw := r.W * float32(valid) / float32(size)
	sw := r.W * float32(stale) / float32(size)
	if vw > 0 {
		b.rect(layout.Rect{X: r.X, Y: r.Y, W: vw, H: r.H}, min(rad, vw/2), fill, color.RGBA{}, 0, display.Fill, display.MarkNone, -1)
	}
	if sw > 0 {
		b.rect(layout.Rect{X: r.X + vw, Y: r.Y, W: max(sw, 3), H: r.H}, 0, mix(th.Stale, th.Panel, 0.25), th.Stale, 1,
			display.Fill|display.Hatch, display.MarkNone, -1)
	}
}

func staleCount(e *sim.EndpointSnap) int {
	n := 0
	for _, a := range e.ATC {
		if a.Stale {
			n++
		}
	}
	return n
}

// atcCount appends "6/32" (with "ATC " when long).
func (b *builder) atcCount(e *sim.EndpointSnap, long bool) {
	if long {
		b.dl.Text = append(b.dl.Text, "ATC "...)
	}
	b.dl.Text = appendInt(b.dl.Text, int64(len(e.ATC)))
	b.dl.Text = append(b.dl.Text, '/')
	b.dl.Text = appendInt(b.dl.Text, int64(max(b.snap.ATCSize, len(e.ATC))))
}

// microTile: a square in the state's colours; a healthy endpoint shows
// its number (so the one the story is about can be found), any other
// state its icon.
func (b *builder) microTile(i int, r layout.Rect, e *sim.EndpointSnap, lk *look) {
	th, ts := b.th, b.ts
	fill, fg := lk.badgeBg, th.Ink
	if lk.quarantined {
		fill, fg = th.QLabel, th.QInk
	}
	b.rect(r, min(2, r.W/8), fill, lk.stripe, 1, display.Fill|display.Stroke, display.MarkTile, i)
	if lk.icon == IconCheck && r.W >= 22 {
		off := b.mark()
		b.dl.Text = appendInt(b.dl.Text, int64(epNumber(b.snap, int32(i))))
		if b.width(off, ts.Small, font.Mono) <= r.W-4 {
			b.textMid(off, r.X+r.W/2, r.Y+r.H/2, ts.Small, font.Mono, display.Center, fg, display.Secondary)
			return
		}
		b.unmark(off)
	}
	if r.W >= 14 {
		b.icon(lk.icon, r.X+r.W/2, r.Y+r.H/2, r.W*0.62, fg, lk.mark, i)
		return
	}
	if lk.quarantined {
		// Too small for the lock: a dot in the label's ink marks it.
		b.rect(r.Inset(r.W*0.3), 1, fg, color.RGBA{}, 0, display.Fill, display.MarkQuarantined, i)
	}
}

// tinyTile: name, the badge's icon, a thin ATC bar along the bottom.
func (b *builder) tinyTile(i int, r layout.Rect, e *sim.EndpointSnap, lk *look) {
	ts := b.ts
	cy := r.Y + (r.H-4)/2
	b.name(e, r.X+9, cy, ts.Label)
	// The badge's icon alone: its disc (or triangle) is the badge.
	is := min(r.H-8, ts.Label+4)
	fg := b.th.Ink
	if lk.quarantined {
		b.rect(layout.Rect{X: r.Right() - is - 5, Y: cy - is/2, W: is, H: is}, is/2, lk.badgeBg, color.RGBA{}, 0, display.Fill, lk.mark, i)
		fg = lk.badgeFg
	}
	b.icon(lk.icon, r.Right()-is/2-5, cy, is-2, fg, lk.mark, i)
	b.atcBar(layout.Rect{X: r.X + 9, Y: r.Bottom() - 5, W: r.W - 14, H: 3}, e, lk.quarantined)
}

// smallTile: name and badge; the ATC bar and its count under them, or on
// the same row when the tile is one line high.
func (b *builder) smallTile(i int, r layout.Rect, e *sim.EndpointSnap, lk *look) {
	th, ts := b.th, b.ts
	x := r.X + 12
	if r.H >= 44 {
		row1 := r.Y + r.H*0.36
		nx := b.name(e, x, row1, ts.Name)
		b.badge(nx+10, row1, lk.word, lk.icon, lk.badgeBg, lk.badgeFg, lk.mark, i, r.Right()-8-nx-10)
		row2 := r.Y + r.H*0.76
		off := b.mark()
		b.atcCount(e, r.W >= 200)
		cw := b.width(off, ts.Small, font.Mono)
		b.textMid(off, r.Right()-10, row2, ts.Small, font.Mono, display.Right, th.Ink2, display.Secondary)
		b.atcBar(layout.Rect{X: x, Y: b.px(row2 - 3), W: r.Right() - 10 - cw - 10 - x, H: 6}, e, lk.quarantined)
		return
	}
	cy := r.Y + r.H/2
	nx := b.name(e, x, cy, ts.Label+1)
	bw := b.badge(nx+8, cy, lk.word, lk.icon, lk.badgeBg, lk.badgeFg, lk.mark, i, r.Right()-8-nx-8)
	off := b.mark()
	b.atcCount(e, false)
	cw := b.width(off, ts.Small, font.Mono)
	bx := nx + 8 + bw + 10
	if r.Right()-8-cw-bx >= 24 {
		b.textMid(off, r.Right()-8, cy, ts.Small, font.Mono, display.Right, th.Ink2, display.Secondary)
		b.atcBar(layout.Rect{X: bx, Y: b.px(cy - 3), W: r.Right() - 8 - cw - 8 - bx, H: 6}, e, lk.quarantined)
	} else {
		b.unmark(off)
	}
}

// largeTile: the small tile's rows plus the facts: SID, ATS and EATS,
// ITags in flight, the core's state; a full tile adds the ATC entries and
// the STE's words.
func (b *builder) largeTile(i int, r layout.Rect, e *sim.EndpointSnap, lk *look) {
	th, ts := b.th, b.ts
	x := r.X + 14
	in := layout.Rect{X: x, Y: r.Y + 8, W: r.Right() - 12 - x, H: r.H - 16}
	row := lineH(ts.Name, font.SansBold) + 2
	cy := in.Y + row/2
	nx := b.name(e, x, cy, ts.Name)
	// SIDs on the right of the first row.
	off := b.mark()
	b.dl.Text = append(b.dl.Text, "SID"...)
	for j, sid := range e.SIDs {
		if j > 0 {
			b.dl.Text = append(b.dl.Text, ',')
		}
		b.dl.Text = append(b.dl.Text, ' ')
		b.dl.Text = append0x(b.dl.Text, uint64(sid), 3)
	}
	sw := b.width(off, ts.Small, font.Mono)
	b.textMid(off, in.Right(), cy, ts.Small, font.Mono, display.Right, th.Ink2, display.Secondary)
	b.badge(nx+12, cy, lk.word, lk.icon, lk.badgeBg, lk.badgeFg, lk.mark, i, in.Right()-sw-12-nx-12)

	// Row 2: the ATC bar, its count, the stale count.
	y := in.Y + row + 4
	cy2 := y + lineH(ts.Small, font.Sans)/2
	stale := staleCount(e)
	right := in.Right()
	if stale > 0 {
		off := b.mark()
		b.dl.Text = appendInt(b.dl.Text, int64(stale))
		b.dl.Text = append(b.dl.Text, " stale"...)
		w := b.width(off, ts.Small, font.SansBold)
		b.textMid(off, right, cy2, ts.Small, font.SansBold, display.Right, th.Ink, display.Secondary)
		b.rect(layout.Rect{X: right - w - 16, Y: cy2 - 5, W: 10, H: 10}, 0, mix(th.Stale, th.Panel, 0.25), th.Stale, 1, display.Fill|display.Hatch|display.Stroke, display.MarkNone, -1)
		right -= w + 24
	}
	off = b.mark()
	b.atcCount(e, true)
	cw := b.width(off, ts.Small, font.Mono)
	b.textMid(off, right, cy2, ts.Small, font.Mono, display.Right, th.Ink2, display.Secondary)
	b.atcBar(layout.Rect{X: x, Y: b.px(cy2 - 4), W: max(right-cw-12-x, 20), H: 8}, e, lk.quarantined)

	// Row 3: the facts, label in ink3, value in ink.
	y += lineH(ts.Small, font.Sans) + 6
	fx := x
	fact := func(label string, value []byte, valueStr string) {
		if fx >= in.Right() {
			return
		}
		lw := strW(label, ts.Small, font.Sans)
		off := b.mark()
		if value != nil {
			b.dl.Text = append(b.dl.Text, value...)
		} else {
			b.dl.Text = append(b.dl.Text, valueStr...)
		}
		vw := b.width(off, ts.Small, font.MonoBold)
		if fx+lw+4+vw > in.Right() {
			b.unmark(off)
			fx = in.Right()
			return
		}
		b.textAt(off, fx+lw+4, y, ts.Small, font.MonoBold, display.Left, th.Ink, display.Secondary)
		b.str(label, fx, y, ts.Small, font.Sans, display.Left, th.Ink3, display.Secondary)
		fx += lw + 4 + vw + 14
	}
	fact("ATS", nil, onOff(e.ATS))
	eats := "?"
	if len(e.STE) > 0 {
		eats = eatsNames[e.STE[0].EATS()&3]
	}
	fact("EATS", nil, eats)
	var num [8]byte
	fact("ITags in flight", appendInt(num[:0], int64(bits.OnesCount32(e.ITags))), "")
	fact("core", nil, e.State)
	if e.State == sim.BlockedBroken && y+2*lineH(ts.Small, font.Sans) <= in.Bottom() {
		b.str("blocked until a reset succeeds", x, y+lineH(ts.Small, font.Sans)+2, ts.Small, font.Sans, display.Left, th.Ink2, display.Secondary)
	}
	if b.lay.TileLOD == layout.TileFull {
		b.fullDetail(r, in, y+2*lineH(ts.Small, font.Sans)+8, e)
	}
}

// fullDetail lists the ATC entries (IOVA → page, stale ones hatched) and
// the first STE's words, as far as the tile has room.
func (b *builder) fullDetail(r, in layout.Rect, y float32, e *sim.EndpointSnap) {
	th, ts := b.th, b.ts
	lh := lineH(ts.Small, font.Mono)
	if y+lh > in.Bottom() {
		return
	}
	b.str("ATC entries (IOVA → page)", in.X, y, ts.Small, font.SansBold, display.Left, th.Ink2, display.Secondary)
	y += lh + 2
	cellW := strW("0x00000000 → 000000", ts.Small, font.Mono) + 24
	cols := max(1, int(in.W/cellW))
	steRows := float32(0)
	if len(e.STE) > 0 {
		steRows = 3 * (lh + 1)
	}
	rows := int((in.Bottom() - steRows - y) / (lh + 3))
	fit := cols * max(rows, 0)
	shown := len(e.ATC)
	if shown > fit {
		shown = max(fit-1, 0) // the last cell says how many more
	}
	for j, a := range e.ATC[:shown] {
		cx := in.X + float32(j%cols)*cellW
		cyy := y + float32(j/cols)*(lh+3)
		// A stale entry gets a hatched square before it (never hatching
		// under the text, which would blur it).
		if a.Stale {
			b.rect(layout.Rect{X: cx, Y: cyy + lh/2 - 4, W: 8, H: 8}, 0, mix(th.Stale, th.Panel, 0.25), th.Stale, 1, display.Fill|display.Hatch|display.Stroke, display.MarkNone, -1)
		}
		off := b.mark()
		b.dl.Text = append0x(b.dl.Text, a.IOVA, 8)
		b.dl.Text = append(b.dl.Text, " → "...)
		b.dl.Text = appendInt(b.dl.Text, int64(a.Page))
		b.textAt(off, cx+12, cyy, ts.Small, font.Mono, display.Left, th.Ink, display.Secondary)
	}
	if more := len(e.ATC) - shown; more > 0 && fit > 0 {
		off := b.mark()
		b.dl.Text = append(b.dl.Text, '+')
		b.dl.Text = appendInt(b.dl.Text, int64(more))
		b.dl.Text = append(b.dl.Text, " more"...)
		b.textAt(off, in.X+float32(shown%cols)*cellW, y+float32(shown/cols)*(lh+3), ts.Small, font.Sans, display.Left, th.Ink2, display.Secondary)
	}
	if len(e.STE) == 0 || len(e.SIDs) == 0 {
		return
	}
	y = in.Bottom() - steRows + 4
	off := b.mark()
	b.dl.Text = append(b.dl.Text, "STE["...)
	b.dl.Text = append0x(b.dl.Text, uint64(e.SIDs[0]), 3)
	b.dl.Text = append(b.dl.Text, "] qwords 0-3"...)
	b.textAt(off, in.X, y, ts.Small, font.SansBold, display.Left, th.Ink2, display.Secondary)
	y += lh + 1
	ste := e.STE[0]
	for q := 0; q < 4; q += 2 {
		off := b.mark()
		for k := q; k < q+2; k++ {
			if k > q {
				b.dl.Text = append(b.dl.Text, ' ')
			}
			b.dl.Text = append0x(b.dl.Text, ste[k], 16)
		}
		if b.width(off, ts.Small, font.Mono) > in.W {
			b.dl.Text = b.dl.Text[:off+18]
		}
		b.textAt(off, in.X, y, ts.Small, font.Mono, display.Left, th.Ink, display.Secondary)
		y += lh + 1
	}
}

func onOff(v bool) string {
	if v {
		return "on"
	}
	return "off"
}
