package scene

import (
	"image/color"

	"github.com/smmuplay/smmuplay/render/display"
	"github.com/smmuplay/smmuplay/render/font"
	"github.com/smmuplay/smmuplay/render/layout"
)

// key explains the ring's colours, the packets' shapes and, in full, the
// endpoint states, as many rows as the layout gives it.
func (b *builder) key() { b.keyIn(b.lay.Legend, b.lay.KeyRows) }

// keyIn draws the key in r with rows rows.
func (b *builder) keyIn(r layout.Rect, rows int) {
	th, ts := b.th, b.ts
	if rows == 0 || r.W <= 0 {
		return
	}
	rowH := r.H / float32(rows)
	full := rows >= 5
	y := r.Y
	b.line(layout.Point{X: r.X, Y: b.px(y) + b.hair()}, layout.Point{X: r.Right(), Y: b.px(y) + b.hair()}, 1, th.Border, 0, display.MarkLegend, -1)
	x0 := r.X
	if full {
		x0 += strW("endpoint states ", ts.Small, font.SansBold)
	}
	// Row 1: commands.
	cy := y + rowH/2 + 2
	if full {
		b.strMid("commands", r.X, cy, ts.Small, font.SansBold, display.Left, th.Ink2, display.Secondary)
	}
	x := x0
	for _, it := range [...]struct {
		c    color.RGBA
		name string
		sync bool
	}{{th.ATCInv, "ATC_INV", false}, {th.Sync, "SYNC", true}, {th.TLBI, "TLBI", false}, {th.Cfgi, "CFGI", false}} {
		b.rect(layout.Rect{X: x, Y: cy - 5, W: 10, H: 10}, 2, it.c, color.RGBA{}, 0, display.Fill, display.MarkLegend, -1)
		if it.sync {
			b.line(layout.Point{X: x + 5, Y: cy - 5}, layout.Point{X: x + 5, Y: cy + 5}, 2, th.Ink2, 0, display.MarkLegend, -1)
		}
		b.strMid(it.name, x+14, cy, ts.Small, font.Mono, display.Left, th.Ink, display.Secondary)
		x += 14 + strW(it.name, ts.Small, font.Mono) + 14
	}
	// Row 2: packets.
	y += rowH
	cy = y + rowH/2
	if rows < 2 {
		return
	}
	if full {
		b.strMid("packets", r.X, cy, ts.Small, font.SansBold, display.Left, th.Ink2, display.Secondary)
	}
	x = x0
	items := [...]struct {
		k    packetKind
		c    color.RGBA
		name string
	}{{pkInvReq, th.InvReq, "Inv Req"}, {pkInvCpl, th.InvCpl, "Inv Cpl"}, {pkTransReq, th.TransReq, "Trans Req"},
		{pkTransCpl, th.TransCpl, "Trans Cpl"}, {pkDMA, th.DMA, "DMA"}, {pkStale, th.Corrupt, "stale DMA"}}
	for k, it := range items {
		if !full && k == 3 {
			continue // the compact key keeps the four that tell the story
		}
		if !full && k == 5 {
			break
		}
		w := 16 + strW(it.name, ts.Small, font.Sans) + 12
		if x+w > r.Right() {
			break
		}
		b.shape(x+6, cy, 5, it.k, it.c, display.MarkLegend, -1)
		b.strMid(it.name, x+16, cy, ts.Small, font.Sans, display.Left, th.Ink, display.Secondary)
		x += w
	}
	if !full {
		return
	}
	// Rows 3-4: the endpoint states as the tiles show them.
	y += rowH
	cy = y + rowH*0.75
	b.strMid("endpoint states", r.X, cy, ts.Small, font.SansBold, display.Left, th.Ink2, display.Secondary)
	x = x0
	for _, st := range [...]struct {
		word   string
		ic     Icon
		bg, fg color.RGBA
	}{{"healthy", IconCheck, th.BadgeHealthy, th.Ink}, {"slow", IconClock, th.BadgeSlow, th.Ink},
		{"unresponsive", IconWarning, th.BadgeUnresp, th.Ink}, {"quarantined", IconLock, th.QLabel, th.QInk},
		{"resetting", IconReset, th.BadgeReset, th.Ink}} {
		w := b.badgeW(st.word, st.ic)
		if x+w > r.Right() {
			x = x0
			cy += rowH * 1.25
			if cy > r.Bottom() {
				break
			}
		}
		b.badge(x, cy, st.word, st.ic, st.bg, st.fg, display.MarkLegend, -1, w)
		x += w + 8
	}
	// Last row: what the bar means.
	cy = r.Bottom() - rowH/2
	b.strMid("ATC bar: valid entries; hatched = stale (unmapped, not yet invalidated)", r.X, cy, ts.Small, font.Sans, display.Left, th.Ink2, display.Secondary)
}

// badgeW is the width badge draws for word when it has room.
func (b *builder) badgeW(word string, ic Icon) float32 {
	f := font.Sans
	if ic == IconLock {
		f = font.SansBold
	}
	return 6 + b.ts.Label + 1 + 5 + strW(word, b.ts.Label, f) + 8
}
