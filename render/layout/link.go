package layout

import "math"

// maxLinkPoints bounds a polyline so links live in fixed arrays: layouts
// and packet positions never allocate per frame.
const maxLinkPoints = 6

// Polyline is a link drawn as connected segments, P[0] to P[N-1].
type Polyline struct {
	P [maxLinkPoints]Point
	N int
}

func (l *Polyline) add(p Point) {
	if l.N < maxLinkPoints {
		l.P[l.N] = p
		l.N++
	}
}

// Length returns the polyline's length in pixels.
func (l *Polyline) Length() float32 {
	var s float32
	for i := 1; i < l.N; i++ {
		s += dist(l.P[i-1], l.P[i])
	}
	return s
}

// At returns the point at distance d along the polyline, clamped to its ends.
func (l *Polyline) At(d float32) Point {
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

// LinkPoint returns where a packet is when it has covered fraction t of
// the path from endpoint ep (t = 0) through its root port to the SMMU
// (t = 1). A packet going the other way passes 1-t.
func (l *Layout) LinkPoint(ep int, t float32) Point {
	if ep < 0 || ep >= len(l.EPLinks) {
		return Point{}
	}
	a := &l.EPLinks[ep]
	b := &l.RPLinks[l.EPPort[ep]]
	la, lb := a.Length(), b.Length()
	d := min(max(t, 0), 1) * (la + lb)
	if d <= la {
		return a.At(d)
	}
	return b.At(d - la)
}
