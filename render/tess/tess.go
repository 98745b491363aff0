// Package tess turns the shapes of a display list (render/display) into
// vertex-coloured triangles with anti-aliased edges: one pure-Go geometry
// shared by the browser renderer (render/ebitenui copies the vertices into
// ebiten.Vertex and draws them with a white texel) and the software
// renderer (render/raster rasterizes the same triangles), so both paint
// the same pixels up to rounding.
//
// Coordinates are device pixels (CSS px × the list's Scale); pixel
// centres are at half-integers and renderers sample there.
//
// Anti-aliasing is a feather: every edge of a shape gets a ramp one device
// pixel wide centred on the true edge, alpha 1 half a pixel inside and 0
// half a pixel outside, built from extra vertices whose alpha is 0 so that
// vertex-colour interpolation draws the ramp. Consequences:
//
//   - An axis-aligned edge on an integer device coordinate is crisp: the
//     pixel centres beside it get alpha exactly 1 inside and 0 outside.
//     A 1 px line centred on a half-integer is crisp too.
//   - Across any edge, the sum of alpha over pixel centres equals the true
//     coverage (exactly for straight axis-aligned edges).
//   - A shape thinner than a pixel (a stroke, a dash, a thin ring, a
//     narrow box) is drawn 1 px thick with its alpha scaled by its
//     thickness, so its ink is right and it neither vanishes nor flickers.
//   - Curves are polygons whose chords stay within 0.25 device px of the
//     curve. Their vertices stand slightly outside it so that a disc, ring
//     or rounded corner has the true area (a stroke along a circle, the
//     true length); a rounded corner's ends stay on the straight edges.
//   - Where two ramps meet at a convex corner the alpha is the smaller of
//     them, not their product, which adds up to 1/12 px² of ink per
//     corner; invisible on the pixel grid (whole-pixel corners stay
//     crisp). Small boxes off the grid (dashes, dots) and a stroke's butt
//     caps use corner cells of four triangles whose ink is the product's.
//   - Hatch lines are feathered along their sides and end sharply on the
//     outline they fill.
//
// The triangles of one shape never overlap, except for the inner side of
// a bevelled polyline join and where a stroke's outline loops on itself,
// so a translucent fill is blended once per pixel. Renderers must use a
// fill rule that paints a pixel centre on an edge shared by two triangles
// once (the top-left rule of GPUs and of render/raster).
//
// TextOrigin and ClipRect are the rest of the placement rules every
// renderer shares: where a text run's pen starts, and which whole device
// pixels a clip keeps.
//
// A Mesh allocates nothing once it has grown, and every call is
// deterministic. Degenerate input (NaN, zero or negative sizes, too few
// points) draws nothing rather than panicking.
package tess

import (
	"image/color"
	"math"

	"github.com/smmuplay/smmuplay/render/display"
	"github.com/smmuplay/smmuplay/render/layout"
)

// Vertex is a corner of a triangle: a position in device px and a
// straight (not premultiplied) colour with components in 0..1. The
// feather lives in A.
type Vertex struct{ X, Y, R, G, B, A float32 }

// Color is a straight-alpha colour with components in 0..1.
type Color struct{ R, G, B, A float32 }

// RGBA converts a display colour (straight alpha, as the themes write
// them) to a Color.
func RGBA(c color.RGBA) Color {
	return Color{float32(c.R) / 255, float32(c.G) / 255, float32(c.B) / 255, float32(c.A) / 255}
}

// MaxVertices is the most vertices a mesh can index (its indices are
// uint16). Primitives that do not fit are left out whole.
const MaxVertices = 1 << 16

// MaxOpVertices bounds the vertices one call of Op appends: a renderer
// that batches several ops into one mesh flushes it before an op when
// len(V) > MaxVertices-MaxOpVertices, and then never loses an op. Shapes
// that would need more (a dash pattern along a path miles long, a path of
// thousands of points) are cut short.
const MaxOpVertices = 16384

// Mesh is a list of triangles: I holds three indices into V per
// triangle, painted in order. Reset empties it and keeps its capacity,
// as do the scratch buffers the primitives use.
type Mesh struct {
	V []Vertex
	I []uint16

	lim int // the vertex count no primitive may pass; 0 means MaxVertices

	path []vec     // the current path in device px (Op's points, an outline)
	cum  []float64 // cum[i] is the length of path up to vertex i
	core []vec     // the centre line of a stroke piece
	poly []vec     // a polygon being filled
	clip [2][]vec  // hatch clipping buffers
}

// Reset empties the mesh, keeping its capacity.
func (m *Mesh) Reset() {
	m.V = m.V[:0]
	m.I = m.I[:0]
}

// Triangles is the number of triangles in the mesh.
func (m *Mesh) Triangles() int { return len(m.I) / 3 }

// room reports whether n more vertices fit.
func (m *Mesh) room(n int) bool {
	lim := m.lim
	if lim <= 0 || lim > MaxVertices {
		lim = MaxVertices
	}
	return n >= 0 && len(m.V)+n <= lim
}

// vert appends a vertex of colour c with its alpha multiplied by a and
// returns its index.
func (m *Mesh) vert(p vec, c Color, a float64) uint16 {
	m.V = append(m.V, Vertex{float32(p.x), float32(p.y), c.R, c.G, c.B, c.A * float32(a)})
	return uint16(len(m.V) - 1)
}

func (m *Mesh) tri(a, b, c uint16) { m.I = append(m.I, a, b, c) }

// quad appends a-b-c-d (in order around it) as two triangles.
func (m *Mesh) quad(a, b, c, d uint16) { m.I = append(m.I, a, b, c, a, c, d) }

// Op appends the triangles of shape op o at scale s (device px per CSS
// px; 0 or less means 1). pts is the list's point arena (List.Pts); a
// path op's Span indexes it, and a span outside it draws nothing. Text,
// clip and unclip ops add nothing. The op's shapes are painted in this
// order: fill, hatch, stroke. See the package comment for the rules.
//
//   - OpRect: the box X, Y, W, H with corner radius R0 (clamped to half the
//     smaller side). Fill; Hatch (lines running down-left, 1 CSS px wide,
//     display.HatchGap CSS px apart along x, anchored at the canvas origin,
//     in Stroke, clipped to the box's rounded outline); Stroke centred on
//     the outline, Width wide (0: 1 CSS px), Dashed or Dotted along the
//     perimeter clockwise from the top-left end of the top edge.
//   - OpLine: Width wide (0: 1 CSS px), butt caps, in Stroke; Dashed or
//     Dotted from (X, Y).
//   - OpArc: the annular sector R0..R1, A0..A1 (radians clockwise from
//     +x); R0 0 is a pie, a span of a full turn or more a ring or disc.
//     Fill; Stroke outlines it (a ring: both circles; a pie: through the
//     centre), Dashed or Dotted. Hatch is ignored on arcs.
//   - OpPath: Fill paints the convex polygon the points close; Hatch as for
//     a box; Stroke draws the polyline (back to the first point when
//     Closed), mitred (bevelled where the mitre passes 4× the width),
//     Dashed or Dotted continuously along it.
//
// Stroke, Dashed and Dotted draw only with Stroke set (OpLine always
// strokes); Dotted wins over Dashed. A box filled and outlined by an
// opaque solid stroke at least 2 device px wide gets no feather on its
// fill, which the stroke's core covers (the pixels are the same).
func (m *Mesh) Op(o *display.Op, pts []layout.Point, s float32) {
	sc := float64(s)
	if !(sc > 0) || math.IsInf(sc, 0) {
		sc = 1
	}
	lim := len(m.V) + MaxOpVertices
	m.lim = min(lim, MaxVertices)
	defer func() { m.lim = 0 }()

	w := float64(o.Width) * sc
	if !(w > 0) {
		w = sc // Width 0 means 1 CSS px
	}
	fill, stroke := RGBA(o.Fill), RGBA(o.Stroke)
	on, off := 0.0, 0.0
	switch {
	case o.Style&display.Dotted != 0:
		on, off = display.DotOn*sc, display.DotOff*sc
	case o.Style&display.Dashed != 0:
		on, off = display.DashOn*sc, display.DashOff*sc
	}
	stroked := o.Style&display.Stroke != 0 && stroke.A > 0 && finite(w)

	switch o.Kind {
	case display.OpRect:
		x0, y0 := float64(o.X)*sc, float64(o.Y)*sc
		x1, y1 := (float64(o.X)+float64(o.W))*sc, (float64(o.Y)+float64(o.H))*sc
		r := float64(o.R0) * sc
		if !finite(x0, y0, x1, y1) || !(x1 > x0) || !(y1 > y0) {
			return
		}
		if !finite(r) || r < 0 {
			r = 0
		}
		switch {
		case o.Style&display.Fill == 0:
		case stroked && on == 0 && o.Stroke.A == 0xff && w >= 2:
			// The stroke's opaque core (at least half a pixel each side
			// of the outline) hides where the fill's edge is: no feather.
			m.roundRect(x0, y0, x1, y1, r, w/2)
			m.fan(m.path, fill)
		default:
			m.fillRect(x0, y0, x1, y1, r, fill)
		}
		if o.Style&display.Hatch != 0 && stroke.A > 0 {
			m.roundRect(x0, y0, x1, y1, r, 0)
			m.hatch(m.path, sc, display.HatchGap*sc, stroke)
		}
		if stroked {
			m.strokeRect(x0, y0, x1, y1, r, w, on, off, stroke)
		}
	case display.OpLine:
		p := vec{float64(o.X) * sc, float64(o.Y) * sc}
		q := vec{float64(o.X2) * sc, float64(o.Y2) * sc}
		if stroke.A == 0 || !finite(p.x, p.y, q.x, q.y, w) {
			return
		}
		m.path = append(m.path[:0], p, q)
		m.stroke(false, w, on, off, stroke)
	case display.OpArc:
		cx, cy := float64(o.X)*sc, float64(o.Y)*sc
		r0, r1 := float64(o.R0)*sc, float64(o.R1)*sc
		a0, a1 := float64(o.A0), float64(o.A1)
		if !finite(cx, cy, r0, r1, a0, a1) {
			return
		}
		if o.Style&display.Fill != 0 {
			m.sector(cx, cy, r0, r1, a0, a1, fill)
		}
		if stroked {
			m.sectorOutline(cx, cy, r0, r1, a0, a1, w, on, off, stroke)
		}
	case display.OpPath:
		lo, hi := int(o.Span.Off), int(o.Span.End)
		if lo < 0 || hi > len(pts) || lo >= hi {
			return
		}
		m.path = m.path[:0]
		for _, p := range pts[lo:hi] {
			v := vec{float64(p.X) * sc, float64(p.Y) * sc}
			if !finite(v.x, v.y) {
				return
			}
			m.path = append(m.path, v)
		}
		if o.Style&display.Fill != 0 && fill.A > 0 {
			m.polygon(m.path, fill, 1)
		}
		if o.Style&display.Hatch != 0 && stroke.A > 0 {
			m.hatch(m.path, sc, display.HatchGap*sc, stroke)
		}
		if stroked {
			m.stroke(o.Style&display.Closed != 0, w, on, off, stroke)
		}
	}
}

// finite reports whether every v is a number and not infinite.
func finite(v ...float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// The exported primitives below take device px and append to the mesh
// without a per-op budget (only MaxVertices).

// FillRect fills the box x0..x1 × y0..y1 with corners of radius r.
func (m *Mesh) FillRect(x0, y0, x1, y1, r float32, c Color) {
	if !finite(float64(x0), float64(y0), float64(x1), float64(y1)) || !(x1 > x0) || !(y1 > y0) {
		return
	}
	m.fillRect(float64(x0), float64(y0), float64(x1), float64(y1), nonneg(r), c)
}

// StrokeRect outlines the box x0..x1 × y0..y1 (corner radius r) with a
// stroke w wide centred on the outline, dashed on px on and off px off
// when both are positive.
func (m *Mesh) StrokeRect(x0, y0, x1, y1, r, w, on, off float32, c Color) {
	if !finite(float64(x0), float64(y0), float64(x1), float64(y1), float64(w)) || !(x1 > x0) || !(y1 > y0) {
		return
	}
	m.strokeRect(float64(x0), float64(y0), float64(x1), float64(y1), nonneg(r), float64(w), nonneg(on), nonneg(off), c)
}

// HatchRect paints hatch lines running down-left over the box x0..x1 ×
// y0..y1 (corner radius r), w wide and gap apart along x, anchored so
// that a line passes through the origin.
func (m *Mesh) HatchRect(x0, y0, x1, y1, r, w, gap float32, c Color) {
	if !finite(float64(x0), float64(y0), float64(x1), float64(y1)) || !(x1 > x0) || !(y1 > y0) {
		return
	}
	m.roundRect(float64(x0), float64(y0), float64(x1), float64(y1), nonneg(r), 0)
	m.hatch(m.path, float64(w), float64(gap), c)
}

// Line draws the segment (x0, y0)-(x1, y1), w wide with butt caps, dashed
// on px on and off px off when both are positive.
func (m *Mesh) Line(x0, y0, x1, y1, w, on, off float32, c Color) {
	m.path = append(m.path[:0], vec{float64(x0), float64(y0)}, vec{float64(x1), float64(y1)})
	if !finite(m.path[0].x, m.path[0].y, m.path[1].x, m.path[1].y, float64(w)) {
		return
	}
	m.stroke(false, float64(w), nonneg(on), nonneg(off), c)
}

// Polygon fills the convex polygon p (device px).
func (m *Mesh) Polygon(p []layout.Point, c Color) {
	if !m.setPath(p) {
		return
	}
	m.polygon(m.path, c, 1)
}

// Polyline strokes the polyline p (device px), w wide, mitred, closed
// back to p[0] when closed, dashed on px on and off px off when both are
// positive.
func (m *Mesh) Polyline(p []layout.Point, w float32, closed bool, on, off float32, c Color) {
	if !m.setPath(p) || !finite(float64(w)) {
		return
	}
	m.stroke(closed, float64(w), nonneg(on), nonneg(off), c)
}

// Sector fills the annular sector centred on (cx, cy) between radii r0
// and r1 and angles a0 and a1 (radians, clockwise from +x with y down).
func (m *Mesh) Sector(cx, cy, r0, r1, a0, a1 float32, c Color) {
	if !finite(float64(cx), float64(cy), float64(r0), float64(r1), float64(a0), float64(a1)) {
		return
	}
	m.sector(float64(cx), float64(cy), float64(r0), float64(r1), float64(a0), float64(a1), c)
}

// SectorOutline strokes the outline of the sector Sector fills (a full
// ring: its two circles), w wide, dashed when on and off are positive.
func (m *Mesh) SectorOutline(cx, cy, r0, r1, a0, a1, w, on, off float32, c Color) {
	if !finite(float64(cx), float64(cy), float64(r0), float64(r1), float64(a0), float64(a1), float64(w)) {
		return
	}
	m.sectorOutline(float64(cx), float64(cy), float64(r0), float64(r1), float64(a0), float64(a1), float64(w), nonneg(on), nonneg(off), c)
}

func nonneg(v float32) float64 {
	if !(v > 0) || math.IsInf(float64(v), 0) {
		return 0
	}
	return float64(v)
}

// setPath copies p into m.path, rejecting NaN and infinities.
func (m *Mesh) setPath(p []layout.Point) bool {
	m.path = m.path[:0]
	for _, q := range p {
		v := vec{float64(q.X), float64(q.Y)}
		if !finite(v.x, v.y) {
			return false
		}
		m.path = append(m.path, v)
	}
	return true
}

// vec is a point or direction in device px.
type vec struct{ x, y float64 }

func (a vec) add(b vec) vec             { return vec{a.x + b.x, a.y + b.y} }
func (a vec) sub(b vec) vec             { return vec{a.x - b.x, a.y - b.y} }
func (a vec) mul(k float64) vec         { return vec{a.x * k, a.y * k} }
func (a vec) dot(b vec) float64         { return a.x*b.x + a.y*b.y }
func (a vec) cross(b vec) float64       { return a.x*b.y - a.y*b.x }
func (a vec) len() float64              { return math.Hypot(a.x, a.y) }
func (a vec) perp() vec                 { return vec{-a.y, a.x} } // a turned a quarter clockwise on screen (y down)
func (a vec) lerp(b vec, t float64) vec { return vec{a.x + (b.x-a.x)*t, a.y + (b.y-a.y)*t} }

// unit returns a scaled to length 1 (a zero vector stays zero).
func (a vec) unit() vec {
	l := a.len()
	if l == 0 {
		return vec{}
	}
	return vec{a.x / l, a.y / l}
}

// dedupe drops points within 1e-4 px of their predecessor (and, for a
// closed figure, a last point on the first), in place.
func dedupe(p []vec, closed bool) []vec {
	const eps = 1e-4
	n := 0
	for _, q := range p {
		if n > 0 && math.Abs(q.x-p[n-1].x) < eps && math.Abs(q.y-p[n-1].y) < eps {
			continue
		}
		p[n] = q
		n++
	}
	if closed {
		for n > 1 && math.Abs(p[n-1].x-p[0].x) < eps && math.Abs(p[n-1].y-p[0].y) < eps {
			n--
		}
	}
	return p[:n]
}
