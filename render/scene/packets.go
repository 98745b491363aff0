package scene

import (
	"image/color"
	"math"

	"github.com/smmuplay/smmuplay/render/display"
	"github.com/smmuplay/smmuplay/render/font"
	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/sim"
)

// EvDMAIssued.C bits (sim/event.go).
const (
	dmaInReset = 1 // the endpoint is in reset
	dmaRead    = 2 // a read
)

// Packet kinds, each with its own shape so colour is not the only cue.
type packetKind uint8

const (
	pkInvReq   packetKind = iota // Invalidate Request: a filled disc
	pkInvCpl                     // Invalidate Completion: a ring
	pkTransReq                   // Translation Request: a filled diamond
	pkTransCpl                   // Translation Completion: a hollow diamond
	pkDMA                        // translated or untranslated DMA: a square
	pkStale                      // a stale translated access that corrupts or leaks: a big square with a cross
)

// packetR is a packet's radius in CSS px: at least 10 px across.
const packetR = layout.ParkR

// packets draws what snap.Last put on a link, at anim.Phase of its trip,
// and every Invalidate Request still waiting at its endpoint.
func (b *builder) packets() {
	l := b.lay
	f := l.Field
	clip := layout.Rect{X: 0, Y: 0, W: l.Canvas.W, H: l.Canvas.H}
	if l.Mode == layout.Landscape {
		clip = layout.Rect{X: l.SMMU.Right(), Y: f.Y - 8, W: f.Right() - l.SMMU.Right() + 8, H: f.H + 16}
	}
	b.op(display.Op{Kind: display.OpClip, X: clip.X, Y: clip.Y, W: clip.W, H: clip.H})
	moving := b.moving()
	b.parked(moving)
	b.op(display.Op{Kind: display.OpUnclip})
}

// moving draws the last event's packet and returns the endpoint of an
// Invalidate Request still on its way (-1 if none), which is not parked yet.
func (b *builder) moving() int {
	s := b.snap
	e := &s.Last
	ep := int(e.EP)
	if ep < 0 || ep >= len(b.lay.Endpoints) || ep >= len(s.Endpoints) {
		return -1
	}
	travelling := b.anim.Phase < 1 && !b.anim.Reduced
	switch e.Kind {
	case sim.EvATCInvSent:
		if travelling {
			b.packet(ep, false, pkInvReq, b.th.InvReq)
			return ep
		}
	case sim.EvInvCplReceived:
		if travelling {
			b.packet(ep, true, pkInvCpl, b.th.InvCpl)
		}
	case sim.EvTransReq:
		if travelling {
			b.packet(ep, false, pkTransCpl, b.th.TransCpl)
		}
	case sim.EvDMAIssued:
		if e.C&dmaInReset != 0 || !travelling { // nothing leaves an endpoint in reset
			return -1
		}
		if e.B == sim.DMAMiss {
			b.packet(ep, true, pkTransReq, b.th.TransReq)
		} else {
			b.packet(ep, true, pkDMA, b.th.DMA)
		}
	case sim.EvDMAAccess:
		// A stale translation reached a page someone else owns: the
		// packet says so with its shape, and the page flashes (pages).
		if o := e.C & 0xff; (o == sim.DMACorrupt || o == sim.DMALeak) && travelling {
			b.packet(ep, true, pkStale, b.th.Corrupt)
		}
	}
	return -1
}

// hop maps the animation phase onto the path: two hops (SMMU to root
// port, root port to endpoint), each eased in and out, with a pause at
// the root port.
func hop(phase, at float32) float32 {
	ease := func(t float32) float32 { return t * t * (3 - 2*t) }
	const first, pause = 0.45, 0.1
	switch {
	case phase < first:
		return ease(phase/first) * at
	case phase < first+pause:
		return at
	}
	return at + ease((phase-first-pause)/(1-first-pause))*(1-at)
}

// packet draws a packet on endpoint ep's path; toSMMU gives the direction.
func (b *builder) packet(ep int, toSMMU bool, k packetKind, c color.RGBA) {
	l := b.lay
	at := l.HopT(ep)
	if !toSMMU {
		at = 1 - at
	}
	t := hop(b.anim.Phase, at)
	if !toSMMU {
		t = 1 - t
	}
	p := l.LinkPoint(ep, t)
	// Scale in at the start, out at the end.
	sc := float32(1)
	if ph := b.anim.Phase; ph < 0.08 {
		sc = 0.4 + 0.6*ph/0.08
	} else if ph > 0.94 {
		sc = max(0.4, 1-(ph-0.94)/0.06*0.6)
	}
	b.shape(p.X, p.Y, packetR*sc, k, c, display.MarkPacket, ep)
}

// shape draws a packet's shape of radius r at (x, y).
func (b *builder) shape(x, y, r float32, k packetKind, c color.RGBA, m display.Mark, obj int) {
	th := b.th
	switch k {
	case pkInvReq:
		b.disc(x, y, r, c, m, obj)
		b.circle(x, y, r, 1.25, th.Ink, m, obj)
	case pkInvCpl:
		b.disc(x, y, r, th.Panel, m, obj)
		b.circle(x, y, r-1.25, 2.5, c, m, obj)
	case pkTransReq, pkTransCpl:
		off := b.pts()
		d := r * 1.25
		b.pt(x, y-d)
		b.pt(x+d, y)
		b.pt(x, y+d)
		b.pt(x-d, y)
		if k == pkTransReq {
			b.path(off, c, color.RGBA{}, 0, display.Fill, m, obj)
			off = b.pts()
			b.pt(x, y-d)
			b.pt(x+d, y)
			b.pt(x, y+d)
			b.pt(x-d, y)
			b.path(off, color.RGBA{}, th.Ink, 1.25, display.Stroke|display.Closed, m, obj)
		} else {
			b.path(off, th.Panel, color.RGBA{}, 0, display.Fill, m, obj)
			off = b.pts()
			b.pt(x, y-d+1)
			b.pt(x+d-1, y)
			b.pt(x, y+d-1)
			b.pt(x-d+1, y)
			b.path(off, color.RGBA{}, c, 2.5, display.Stroke|display.Closed, m, obj)
		}
	case pkDMA:
		b.rect(layout.Rect{X: x - r, Y: y - r, W: 2 * r, H: 2 * r}, 2, c, th.Ink, 1, display.Fill|display.Stroke, m, obj)
	case pkStale:
		r *= 1.3
		b.rect(layout.Rect{X: x - r, Y: y - r, W: 2 * r, H: 2 * r}, 2, c, th.Ink, 1.25, display.Fill|display.Stroke, m, obj)
		k := r * 0.55
		b.line(layout.Point{X: x - k, Y: y - k}, layout.Point{X: x + k, Y: y + k}, 2, white, 0, m, obj)
		b.line(layout.Point{X: x - k, Y: y + k}, layout.Point{X: x + k, Y: y - k}, 2, white, 0, m, obj)
	}
}

// parked draws an Invalidate Request that arrived and is not answered yet
// at its endpoint's end of the link, with a halo that pulses (still under
// reduced motion) and its ITag where there is room.
func (b *builder) parked(moving int) {
	l, s, th, ts := b.lay, b.snap, b.th, b.ts
	n := len(s.Endpoints)
	for i := 0; i < n && i < len(l.Endpoints); i++ {
		first, count := -1, 0
		for k, v := range s.Invs {
			if int(v.EP) == i && !v.Done && s.Time < v.Deadline {
				if first < 0 {
					first = k
				}
				count++
			}
		}
		if first < 0 || (i == moving && count == 1) || !l.Endpoints[i].Overlaps(l.Field) {
			continue
		}
		p := l.ParkPoint(i)
		halo := float32(1.45)
		a := 0.5
		if !b.anim.Reduced && b.anim.Clock > 0 {
			ph := float32(math.Mod(float64(b.anim.Clock), 1.6) / 1.6)
			halo = 1 + 0.6*ph
			a = 0.6 * float64(1-ph)
		}
		if a > 0.02 && l.TileLOD >= layout.TileSmall {
			// The halo only where there are few: 64 pulsing rings would
			// be noise (and 8,000 triangles a frame).
			b.circle(p.X, p.Y, packetR*halo+1, 1.5, alpha(th.InvReq, a), display.MarkParked, i)
		}
		b.shape(p.X, p.Y, packetR, pkInvReq, th.InvReq, display.MarkParked, i)
		if l.TileLOD < layout.TileSmall || l.Mode != layout.Landscape || b.lay.EPLinks[i].N <= 5 {
			continue // no room beside a bus: the ITag is in the tooltip
		}
		// "ITag 0" (and how many more), in a chip beside the dot.
		off := b.mark()
		b.dl.Text = append(b.dl.Text, "ITag "...)
		b.dl.Text = appendInt(b.dl.Text, int64(s.Invs[first].ITag))
		if count > 1 {
			b.dl.Text = append(b.dl.Text, " +"...)
			b.dl.Text = appendInt(b.dl.Text, int64(count-1))
		}
		w := b.width(off, ts.Small, font.Mono) + 8
		h := lineH(ts.Small, font.Mono) + 2
		box := layout.Rect{X: p.X - w - packetR - 6, Y: p.Y - h - 4, W: w, H: h}
		b.rect(box, 3, th.Panel, th.Border, 1, display.Fill|display.Stroke, display.MarkParked, i)
		b.textMid(off, box.X+4, box.Y+h/2, ts.Small, font.Mono, display.Left, th.Ink, display.Secondary)
	}
}
