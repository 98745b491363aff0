package scene

import (
	"math"

	"github.com/smmuplay/smmuplay/render/display"
	"github.com/smmuplay/smmuplay/render/font"
	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/sim"
)

// links draws the wires from the SMMU to the root ports and on to the
// endpoints, then the root ports over them. A link a waiting CMD_SYNC
// depends on is dashed orange all the way from the SMMU; a quarantined
// endpoint's link is dotted; a link the IOMMU core blocks has a gate.
func (b *builder) links() {
	l, s, th := b.lay, b.snap, b.th
	// Which endpoints (and ports) a waiting CMD_SYNC waits on.
	var waitPort [64]bool
	if s.SyncWaiting {
		for _, v := range s.Invs {
			if !v.Done && int(v.EP) < len(l.EPPort) {
				if p := l.EPPort[v.EP]; p < len(waitPort) {
					waitPort[p] = true
				}
			}
		}
	}
	for p := range l.RPLinks {
		if p < len(waitPort) && waitPort[p] {
			b.link(&l.RPLinks[p], 2, th.Sync, display.Dashed, display.MarkLink, -1-p)
		} else {
			b.link(&l.RPLinks[p], 2, th.Wire, 0, display.MarkLink, -1-p)
		}
	}
	clip := b.linkClip()
	b.op(display.Op{Kind: display.OpClip, X: clip.X, Y: clip.Y, W: clip.W, H: clip.H})
	n := min(len(l.EPLinks), len(s.Endpoints))
	w := float32(1.5)
	if l.TileLOD <= layout.TileTiny {
		w = 1
	}
	// The buses first, once per port (dashed orange when the CMD_SYNC
	// waits on an endpoint behind it), then each endpoint's own part.
	for k := range l.Trunks {
		lk := &l.Trunks[k]
		if lk.N < 2 {
			continue
		}
		p := l.TrunkPort[k]
		if p < len(waitPort) && waitPort[p] {
			b.link(lk, 2, th.Sync, display.Dashed, display.MarkLink, -1-p)
		} else {
			b.link(lk, w, th.Wire, 0, display.MarkLink, -1-p)
		}
	}
	for i := 0; i < n; i++ {
		lk := &l.EPLinks[i]
		if !b.linkVisible(lk, clip) {
			continue
		}
		e := &s.Endpoints[i]
		waiting := b.waitingOn(i)
		switch {
		case waiting && lk.Own < lk.N:
			// On a bus, solid: 64 dashed stubs are noise (and triangles).
			b.linkPts(lk.OwnPoints(), 2, th.Sync, 0, display.MarkLink, i)
		case waiting:
			b.linkPts(lk.OwnPoints(), 2, th.Sync, display.Dashed, display.MarkLink, i)
		case e.Quarantined():
			b.linkPts(lk.OwnPoints(), w, th.QBorder, display.Dotted, display.MarkLink, i)
		default:
			b.linkPts(lk.OwnPoints(), w, th.Wire, 0, display.MarkLink, i)
		}
	}
	b.op(display.Op{Kind: display.OpUnclip})
	b.rootPorts()
}

// gates draws the core's block on the links of endpoints whose group
// device is not BLOCKED_NO (a reset, or BLOCKED_BROKEN: the blocking domain is
// attached), after the tiles so a tile never hides its gate.
func (b *builder) gates() {
	l, s := b.lay, b.snap
	f := l.Field
	n := min(len(l.EPLinks), len(s.Endpoints))
	on := false
	for i := 0; i < n; i++ {
		if e := &s.Endpoints[i]; e.State != sim.BlockedNo && l.EPLinks[i].N >= 2 && l.Endpoints[i].Overlaps(f) {
			if !on {
				c := b.linkClip()
				b.op(display.Op{Kind: display.OpClip, X: c.X, Y: c.Y, W: c.W, H: c.H})
				on = true
			}
			b.gate(i)
		}
	}
	if on {
		b.op(display.Op{Kind: display.OpUnclip})
	}
}

// linkClip is where endpoint links may show: the field, extended to the
// root ports so the fan shows.
func (b *builder) linkClip() layout.Rect {
	l := b.lay
	f := l.Field
	if len(l.RootPorts) == 0 {
		return f
	}
	if l.Mode == layout.Landscape {
		x0 := l.RootPorts[0].Right()
		return layout.Rect{X: x0, Y: f.Y, W: f.Right() - x0, H: f.H}
	}
	y0 := l.RootPorts[0].Bottom()
	return layout.Rect{X: f.X, Y: y0, W: f.W, H: f.Bottom() - y0}
}

// linkVisible reports whether any part of a link's box is in the clip.
func (b *builder) linkVisible(lk *layout.Link, clip layout.Rect) bool {
	if lk.N == 0 {
		return false
	}
	x0, y0, x1, y1 := lk.P[0].X, lk.P[0].Y, lk.P[0].X, lk.P[0].Y
	for _, p := range lk.P[1:lk.N] {
		x0, y0, x1, y1 = min(x0, p.X), min(y0, p.Y), max(x1, p.X), max(y1, p.Y)
	}
	return layout.Rect{X: x0, Y: y0, W: x1 - x0 + 1, H: y1 - y0 + 1}.Overlaps(clip)
}

// waitingOn reports whether the waiting CMD_SYNC waits on endpoint i.
func (b *builder) waitingOn(i int) bool {
	if !b.snap.SyncWaiting {
		return false
	}
	for _, v := range b.snap.Invs {
		if !v.Done && int(v.EP) == i {
			return true
		}
	}
	return false
}

// gate draws the core's block across endpoint i's link, near its tile,
// and says "blocked" where there is room.
func (b *builder) gate(i int) {
	l, th, ts := b.lay, b.th, b.ts
	lk := &l.EPLinks[i]
	// A point a little way along the link from the tile, and the link's
	// direction there.
	d := min(float32(14), lk.Length()*0.3)
	p := lk.At(d)
	q := lk.At(d + 2)
	dx, dy := q.X-p.X, q.Y-p.Y
	n := float32(1)
	if dd := dx*dx + dy*dy; dd > 0 {
		n = sqrt32(dd)
	}
	nx, ny := -dy/n, dx/n
	half := float32(7)
	if l.TileLOD <= layout.TileTiny {
		half = 4
	}
	b.line(layout.Point{X: p.X + nx*half, Y: p.Y + ny*half}, layout.Point{X: p.X - nx*half, Y: p.Y - ny*half}, 3, th.Ink, 0, display.MarkBlocked, i)
	if l.TileLOD >= layout.TileSmall && l.Mode == layout.Landscape {
		w := strW("blocked", ts.Small, font.Sans) + 10
		h := lineH(ts.Small, font.Sans) + 2
		bx, by := p.X-w/2, p.Y-h-8
		box := layout.Rect{X: bx, Y: by, W: w, H: h}
		b.rect(box, 3, th.Panel, th.Border, 1, display.Fill|display.Stroke, display.MarkBlocked, i)
		b.strMid("blocked", box.X+5, box.Y+h/2, ts.Small, font.Sans, display.Left, th.Ink2, display.Secondary)
	}
}

// rootPorts draws the root port boxes, named.
func (b *builder) rootPorts() {
	l, s, th, ts := b.lay, b.snap, b.th, b.ts
	for i, r := range l.RootPorts {
		h := b.hair()
		b.rect(layout.Rect{X: r.X + h, Y: r.Y + h, W: r.W - 2*h, H: r.H - 2*h}, 6, th.Panel, th.Ink3, 1.5, display.Fill|display.Stroke, display.MarkRootPort, i)
		name := "rp"
		if i < len(s.RootPorts) {
			name = s.RootPorts[i]
		}
		size := ts.Label
		for size > 11 && strW(name, size, font.MonoBold) > r.W-6 {
			size--
		}
		b.strMid(name, r.X+r.W/2, r.Y+r.H/2, size, font.MonoBold, display.Center, th.Ink, 0)
		if l.Mode == layout.Landscape && len(l.RootPorts) == 1 && r.Bottom()+lineH(ts.Small, font.Sans)+4 < l.Field.Bottom() {
			b.str("root port", r.X+r.W/2, r.Bottom()+4, ts.Small, font.Sans, display.Center, th.Ink2, display.Secondary)
		}
	}
}

func sqrt32(v float32) float32 { return float32(math.Sqrt(float64(v))) }
