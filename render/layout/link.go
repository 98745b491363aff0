package layout

import "math"

// maxLinkPoints bounds a link so links live in fixed arrays: layouts and
// packet positions never allocate per frame. A curve is flattened into
// curveSegs segments.
const (
	maxLinkPoints = 24
	curveSegs     = 20
)

// Link is a wire drawn as connected segments, P[0] to P[N-1]. Endpoint
// links run from the tile (P[0]) to the root port; root port links from
// the port to the SMMU: packets to the SMMU travel from P[0] onwards.
type Link struct {
	P [maxLinkPoints]Point
	N int
	// Own is how many leading points are this link's alone; from point
	// Own-1 on, an endpoint's link runs along its port's bus, which
	// Layout.Trunks holds once (drawing it per endpoint would paint the
	// same pixels 64 times). A fan curve owns all its points.
	Own int
}

// Reset empties the link.
func (l *Link) Reset() { l.N, l.Own = 0, 0 }

// OwnPoints returns the points only this link has.
func (l *Link) OwnPoints() []Point {
	if l.Own <= 0 || l.Own > l.N {
		return l.P[:l.N]
	}
	return l.P[:l.Own]
}

// Points returns the link's points.
func (l *Link) Points() []Point { return l.P[:l.N] }

func (l *Link) add(p Point) {
	if l.N < maxLinkPoints {
		l.P[l.N] = p
		l.N++
	}
}

// Line makes the link a straight segment from a to b.
func (l *Link) Line(a, b Point) {
	l.N, l.Own = 0, 0
	l.add(a)
	l.add(b)
}

// Curve makes the link a cubic Bézier from a to b that leaves and arrives
// horizontally (or vertically when horizontal is false), flattened.
func (l *Link) Curve(a, b Point, horizontal bool) {
	l.N, l.Own = 0, 0
	c1, c2 := Point{(a.X + b.X) / 2, a.Y}, Point{(a.X + b.X) / 2, b.Y}
	if !horizontal {
		c1, c2 = Point{a.X, (a.Y + b.Y) / 2}, Point{b.X, (a.Y + b.Y) / 2}
	}
	l.add(a)
	for i := 1; i < curveSegs; i++ {
		t := float32(i) / curveSegs
		u := 1 - t
		w0, w1, w2, w3 := u*u*u, 3*u*u*t, 3*u*t*t, t*t*t
		l.add(Point{w0*a.X + w1*c1.X + w2*c2.X + w3*b.X, w0*a.Y + w1*c1.Y + w2*c2.Y + w3*b.Y})
	}
	l.add(b) // exactly: links meet where they should
}

// Length returns the link's length in pixels.
func (l *Link) Length() float32 {
	var s float32
	for i := 1; i < l.N; i++ {
		s += dist(l.P[i-1], l.P[i])
	}
	return s
}

// At returns the point at distance d along the link, clamped to its ends.
func (l *Link) At(d float32) Point {
	if l.N == 0 {
		return Point{}
	}
	for i := 1; i < l.N; i++ {
		s := dist(l.P[i-1], l.P[i])
		if d < s {
			f := d / s
			a, b := l.P[i-1], l.P[i]
			return Point{a.X + (b.X-a.X)*f, a.Y + (b.Y-a.Y)*f}
		}
		d -= s
	}
	return l.P[l.N-1]
}

func dist(a, b Point) float32 {
	return float32(math.Hypot(float64(b.X-a.X), float64(b.Y-a.Y)))
}

// path returns endpoint ep's two legs: its own link to the root port and
// the port's link to the SMMU, or false when either is missing.
func (l *Layout) path(ep int) (a, b *Link, ok bool) {
	if ep < 0 || ep >= len(l.EPLinks) || len(l.RPLinks) == 0 {
		return nil, nil, false
	}
	p := l.EPPort[ep]
	if p >= len(l.RPLinks) {
		p = 0
	}
	a, b = &l.EPLinks[ep], &l.RPLinks[p]
	return a, b, a.N > 0 && b.N > 0
}

// LinkPoint returns where a packet is when it has covered fraction t of
// the path from endpoint ep (t = 0) through its root port to the SMMU
// (t = 1). A packet going the other way passes 1-t.
func (l *Layout) LinkPoint(ep int, t float32) Point {
	a, b, ok := l.path(ep)
	switch {
	case !ok:
		return Point{}
	case t <= 0:
		return a.P[0]
	case t >= 1:
		return b.P[b.N-1]
	}
	// Through the root port's box: from where the endpoint's link ends to
	// where the port's own link starts.
	ax, bx := a.P[a.N-1], b.P[0]
	la, lx, lb := a.Length(), dist(ax, bx), b.Length()
	d := t * (la + lx + lb)
	switch {
	case d <= la:
		return a.At(d)
	case d <= la+lx:
		f := (d - la) / max(lx, 1e-6)
		return Point{ax.X + (bx.X-ax.X)*f, ax.Y + (bx.Y-ax.Y)*f}
	}
	return b.At(d - la - lx)
}

// HopT is the fraction of the path from endpoint ep to the SMMU at which a
// packet reaches its root port: the animation pauses hops there.
func (l *Layout) HopT(ep int) float32 {
	a, b, ok := l.path(ep)
	if !ok {
		return 0.5
	}
	la, lx, lb := a.Length(), dist(a.P[a.N-1], b.P[0]), b.Length()
	if la+lx+lb == 0 {
		return 0.5
	}
	return (la + lx/2) / (la + lx + lb)
}

// linkTiles draws every endpoint's link from its tile to its root port:
// a fan of curves when a port has few endpoints at a legible size, a bus
// with stubs along the row gutters otherwise (and always in portrait).
func (l *Layout) linkTiles(landscape bool) {
	defer l.trunks()
	n := len(l.Endpoints)
	// Per port, once: whether its tiles stand in one column, where its bus
	// runs, and (counted as the loop goes) each endpoint's place in it.
	nrp := len(l.portN)
	l.portOne = resize(l.portOne, nrp)
	l.portBus = resize(l.portBus, nrp)
	l.portK = resize(l.portK, nrp)
	clear(l.portK)
	for p := 0; p < nrp; p++ {
		l.portOne[p] = l.oneColumn(p)
		if !landscape {
			l.portBus[p] = l.busX(p)
		}
	}
	for i := 0; i < n; i++ {
		p := l.EPPort[i]
		k := l.portK[p]
		l.portK[p]++
		rp := l.RootPorts[min(p, len(l.RootPorts)-1)]
		tile := l.Endpoints[i]
		lk := &l.EPLinks[i]
		lk.Reset()
		cnt := l.portCount(p)
		if landscape {
			// A fan only over a single column: a curve to a second column
			// would cross the first column's tiles.
			if cnt <= 16 && l.TileLOD >= TileTiny && l.portOne[p] {
				ey := rp.Y + rp.H*(float32(k)+0.5)/float32(cnt)
				if cnt == 1 {
					ey = rp.Y + rp.H/2
				}
				lk.Curve(Point{tile.X, tile.Y + tile.H/2}, Point{rp.Right(), l.snap(ey) + 0.5/l.Scale}, true)
				continue
			}
			// Bus: down a trunk between the ports and the field, along
			// the gutter above the tile's row, into its top.
			tx := l.snap((rp.Right()+l.Field.X)/2) + 0.5/l.Scale
			gy := tile.Y - TileGap/2
			ix := tile.X + min(tile.W/2, 8)
			lk.add(Point{ix, tile.Y})
			lk.add(Point{ix, gy})
			lk.Own = lk.N
			lk.add(Point{tx, gy})
			lk.add(Point{tx, rp.Y + rp.H/2})
			lk.add(Point{rp.Right(), rp.Y + rp.H/2})
			continue
		}
		// Portrait: a bus down the middle gutter of the block (or the lane
		// left of a single column); tiles next to it take a stub at
		// mid-height, others the gutter above their row.
		bx := l.portBus[p]
		cy := tile.Y + tile.H/2
		switch {
		case bx >= tile.Right() && bx-tile.Right() <= busLane:
			lk.add(Point{tile.Right(), cy})
			lk.add(Point{bx, cy})
		case bx <= tile.X && tile.X-bx <= busLane:
			lk.add(Point{tile.X, cy})
			lk.add(Point{bx, cy})
		default:
			gy := tile.Y - TileGap/2
			ix := tile.X + tile.W/2
			lk.add(Point{ix, tile.Y})
			lk.add(Point{ix, gy})
			lk.Own = lk.N
			lk.add(Point{bx, gy})
		}
		if lk.Own == 0 {
			lk.Own = lk.N
		}
		ry := rp.Bottom() + 5
		lk.add(Point{bx, ry})
		lk.add(Point{rp.X + rp.W/2, ry})
		lk.add(Point{rp.X + rp.W/2, rp.Bottom()})
	}
}

// trunks collects the bus parts of the endpoints' links once: each
// row's gutter (from the bus to the farthest tile of the row), each
// port's vertical bus (over every point a link joins it) and its branch
// into the port. A link's own part ends where it meets a gutter or the
// bus (Link.Own).
func (l *Layout) trunks() {
	l.Trunks = l.Trunks[:0]
	l.TrunkPort = l.TrunkPort[:0]
	for p := range l.RootPorts {
		var lo, hi, bus float32
		var tail *Link
		join := 0
		found := false
		gutters := len(l.Trunks)
		for i, q := range l.EPPort {
			lk := &l.EPLinks[i]
			if q != p || lk.Own == 0 || lk.Own >= lk.N {
				continue
			}
			// The point where the link joins the vertical bus: its last
			// own point when that is on the bus, else the end of a gutter.
			j := lk.Own - 1
			if lk.P[j].Y == lk.P[j+1].Y && lk.P[j].X != lk.P[j+1].X {
				l.gutter(p, gutters, lk.P[j], lk.P[j+1])
				j++
			}
			y0, y1 := lk.P[j].Y, lk.P[min(j+1, lk.N-1)].Y
			if !found {
				lo, hi, bus, tail, join, found = min(y0, y1), max(y0, y1), lk.P[j].X, lk, j, true
			}
			lo, hi = min(lo, y0, y1), max(hi, y0, y1)
		}
		if !found {
			continue
		}
		v := l.trunk(p)
		v.add(Point{bus, lo})
		v.add(Point{bus, hi})
		br := l.trunk(p)
		for _, q := range tail.P[join+1 : tail.N] {
			br.add(q)
		}
	}
}

// trunk appends an empty trunk of port p and returns it.
func (l *Layout) trunk(p int) *Link {
	if len(l.Trunks) < cap(l.Trunks) {
		l.Trunks = l.Trunks[:len(l.Trunks)+1]
	} else {
		l.Trunks = append(l.Trunks, Link{})
	}
	l.TrunkPort = append(l.TrunkPort, p)
	t := &l.Trunks[len(l.Trunks)-1]
	t.Reset()
	return t
}

// gutter widens the gutter of port p at a's height (trunks from index
// from on are this port's) to reach a and b, or starts one.
func (l *Layout) gutter(p, from int, a, b Point) {
	x0, x1 := min(a.X, b.X), max(a.X, b.X)
	for k := from; k < len(l.Trunks); k++ {
		g := &l.Trunks[k]
		if g.N == 2 && g.P[0].Y == a.Y && g.P[1].Y == a.Y {
			g.P[0].X, g.P[1].X = min(g.P[0].X, x0), max(g.P[1].X, x1)
			return
		}
	}
	g := l.trunk(p)
	g.add(Point{x0, a.Y})
	g.add(Point{x1, a.Y})
}

// busX is the x of port p's bus in portrait: the gap right of the middle
// column, or the first tile's left quarter with one column.
func (l *Layout) busX(p int) float32 {
	var first Rect
	found := false
	lo, hi := float32(0), float32(0)
	for i, q := range l.EPPort {
		if q != p {
			continue
		}
		r := l.Endpoints[i]
		if !found {
			first, lo, hi, found = r, r.X, r.Right(), true
		}
		lo, hi = min(lo, r.X), max(hi, r.Right())
	}
	if !found {
		return l.Field.X + l.Field.W/2
	}
	cols := int((hi - lo + TileGap + 0.5) / (first.W + TileGap))
	if cols < 2 {
		return l.snap(first.X-busLane/2) + 0.5/l.Scale
	}
	return l.snap(lo+float32(cols/2)*(first.W+TileGap)-TileGap/2) + 0.5/l.Scale
}

// oneColumn reports whether port p's tiles stand in a single column.
func (l *Layout) oneColumn(p int) bool {
	x, first := float32(0), true
	for i, q := range l.EPPort {
		if q != p {
			continue
		}
		if first {
			x, first = l.Endpoints[i].X, false
		} else if l.Endpoints[i].X != x {
			return false
		}
	}
	return true
}

// ParkR is the radius of a packet waiting at its endpoint, in CSS px; the
// scene draws it at ParkPoint, and a pointer within ParkR+4 of it hovers
// its endpoint.
const ParkR = 6

// ParkPoint is where an Invalidate Request waits for its endpoint's
// answer: on the endpoint's link, just outside its tile.
func (l *Layout) ParkPoint(ep int) Point {
	p := l.LinkPoint(ep, 0)
	q := l.LinkPoint(ep, 0.02)
	dx, dy := q.X-p.X, q.Y-p.Y
	if d := float32(math.Hypot(float64(dx), float64(dy))); d > 0 {
		p.X += dx / d * (ParkR + 4)
		p.Y += dy / d * (ParkR + 4)
	}
	return p
}
