package tess

import "math"

// tolerance is how far a chord may stray from the curve it stands for,
// in device px.
const tolerance = 0.25

// maxDashes bounds the dashes of one stroke (the vertex budget usually
// stops them first).
const maxDashes = 4096

// box appends the rectangle centred on c with unit axis u, extending hu
// along u and hv across it, alpha a. An extent under half a pixel is drawn
// half a pixel with alpha scaled to match (the thin rule), so the
// rectangle's ink is its area.
//
// Each side's ramp is a band of two triangles. Where two ramps meet, at
// a corner, the cheap feather (8 vertices, 10 triangles) splits the
// corner's square on its diagonal, so there the alpha is the smaller ramp
// rather than their product, and each corner carries 1/12 px² of ink too
// many. That is nothing for a box whose sides lie on whole pixels (its
// pixel centres only ever fall on vertices: it is crisp and exact) and
// little for a big one; a small box off the grid (a dash, a dot: area
// under bigBox px²) makes each corner a cell of four triangles around a
// centre vertex of a quarter alpha instead, whose ink is the product's
// (up to 20 vertices, 26 triangles).
func (m *Mesh) box(c, u vec, hu, hv float64, col Color, a float64) bool {
	if !(hu >= 0) || !(hv >= 0) {
		return true
	}
	var lu, lv [4]float64 // levels along u and v, outside in then out
	var au, av [4]float64 // their alphas
	nu, nv := levels(hu, &lu, &au, &a), levels(hv, &lv, &av, &a)
	if col.A == 0 || a <= 0 {
		return true
	}
	v := u.perp()
	at := func(su, sv float64) vec { return vec{c.x + u.x*su + v.x*sv, c.y + u.y*su + v.y*sv} }
	p0, p1 := at(-hu, -hv), at(hu, hv)
	aligned := (u == vec{1, 0} || u == vec{0, 1} || u == vec{-1, 0} || u == vec{0, -1}) && hu >= 0.5 && hv >= 0.5 &&
		whole(p0.x) && whole(p0.y) && whole(p1.x) && whole(p1.y)
	if aligned || 4*hu*hv >= bigBox {
		if !m.room(8) {
			return false
		}
		// levels has applied the thin rule: the inner extent may be 0.
		inU, outU, inV, outV := lu[nu-2], lu[nu-1], lv[nv-2], lv[nv-1]
		// Inner corners 0..3 then outer 4..7, around: (-,-) (+,-) (+,+) (-,+).
		b := uint16(len(m.V))
		m.vert(at(-inU, -inV), col, a)
		m.vert(at(inU, -inV), col, a)
		m.vert(at(inU, inV), col, a)
		m.vert(at(-inU, inV), col, a)
		m.vert(at(-outU, -outV), col, 0)
		m.vert(at(outU, -outV), col, 0)
		m.vert(at(outU, outV), col, 0)
		m.vert(at(-outU, outV), col, 0)
		if inU > 0 && inV > 0 {
			m.quad(b, b+1, b+2, b+3)
		}
		for k := uint16(0); k < 4; k++ {
			k1 := (k + 1) & 3
			m.tri(b+k, b+4+k, b+4+k1)
			// Sides 0 and 2 run along u, 1 and 3 across it; a zero inner
			// extent makes their second triangle empty.
			if (k&1 == 0 && inU > 0) || (k&1 == 1 && inV > 0) {
				m.tri(b+k, b+4+k1, b+k1)
			}
		}
		return true
	}
	if !m.room(nu*nv + 4) {
		return false
	}
	b := uint16(len(m.V))
	for j := range nv {
		for i := range nu {
			m.vert(at(lu[i], lv[j]), col, a*au[i]*av[j])
		}
	}
	idx := func(i, j int) uint16 { return b + uint16(j*nu+i) }
	for j := 0; j+1 < nv; j++ {
		for i := 0; i+1 < nu; i++ {
			m.cell(idx(i, j), idx(i+1, j), idx(i+1, j+1), idx(i, j+1))
		}
	}
	return true
}

// bigBox is the area, in px², from which a box off the pixel grid gets
// the cheap feather: its corners' excess ink is then under 1/24 of its own.
const bigBox = 8

// levels puts the offsets and alphas of a box side's cross-section, half
// extent h, into l and al (from -h-0.5 to h+0.5) and returns how many
// there are: 4, or 3 when the inner extent is 0. Under half a pixel the
// side is drawn half a pixel with *a scaled to match.
func levels(h float64, l, al *[4]float64, a *float64) int {
	if h < 0.5 {
		*a *= 2 * h
		h = 0.5
	}
	if h-0.5 < 1e-9 {
		*l, *al = [4]float64{-1, 0, 1}, [4]float64{0, 1, 0}
		return 3
	}
	*l, *al = [4]float64{-h - 0.5, -h + 0.5, h - 0.5, h + 0.5}, [4]float64{0, 1, 1, 0}
	return 4
}

// whole reports whether v is a whole number.
func whole(v float64) bool { return v == math.Floor(v) }

// cell appends the quad a-b-c-d (in order around it). When only one of
// its corners has alpha (a corner of a feather, where two ramps meet), it
// is four triangles around a centre vertex of a quarter of that alpha, so
// its ink is that of the product of the two ramps (a/4 of its area)
// rather than of their minimum (a/3); otherwise two triangles.
func (m *Mesh) cell(a, b, c, d uint16) {
	q := [4]uint16{a, b, c, d}
	lit, k := 0, 0
	for i, v := range q {
		if m.V[v].A > 0 {
			lit++
			k = i
		}
	}
	switch {
	case lit == 0:
		return
	case lit == 1:
		p := [4]*Vertex{&m.V[a], &m.V[b], &m.V[c], &m.V[d]}
		cv := *p[k]
		cv.X = (p[0].X + p[1].X + p[2].X + p[3].X) / 4
		cv.Y = (p[0].Y + p[1].Y + p[2].Y + p[3].Y) / 4
		cv.A /= 4
		m.V = append(m.V, cv)
		ci := uint16(len(m.V) - 1)
		m.I = append(m.I, a, b, ci, b, c, ci, c, d, ci, d, a, ci)
	default:
		m.quad(a, b, c, d)
	}
}

// fillRect fills an axis-aligned box, rounded by r.
func (m *Mesh) fillRect(x0, y0, x1, y1, r float64, c Color) {
	if c.A == 0 {
		return
	}
	r = min(r, (x1-x0)/2, (y1-y0)/2)
	if r >= tolerance && x1-x0 >= 1 && y1-y0 >= 1 {
		m.roundRect(x0, y0, x1, y1, r, 0)
		m.polygon(m.path, c, 1)
		return
	}
	m.box(vec{(x0 + x1) / 2, (y0 + y1) / 2}, vec{1, 0}, (x1-x0)/2, (y1-y0)/2, c, 1)
}

// strokeRect outlines a box (rounded by r), w wide, dashed when on and
// off are positive.
func (m *Mesh) strokeRect(x0, y0, x1, y1, r, w, on, off float64, c Color) {
	if c.A == 0 || !(w > 0) {
		return
	}
	m.roundRect(x0, y0, x1, y1, r, w/2)
	m.stroke(true, w, on, off, c)
}

// arcSteps is how many chords an arc of radius R spanning span radians
// needs to stay within tolerance of it: at least 8 a turn, at most 1024.
func arcSteps(R, span float64) int {
	n := 1
	if R > tolerance {
		n = int(math.Ceil(span / (2 * math.Acos(1-tolerance/R))))
	}
	n = max(n, int(math.Ceil(span*8/(2*math.Pi)-1e-9)), 1)
	return min(n, 1024)
}

// radiusScale is how much farther out than the circle the vertices of
// chords th radians apart go so that the polygon has the circle's area
// (each chord's triangle then has its sector's area): fills use it.
func radiusScale(th float64) float64 {
	if th < 1e-4 {
		return 1
	}
	return math.Sqrt(th / math.Sin(th))
}

// lengthScale is how much farther out than the circle the vertices of
// chords th radians apart go so that the polygon has the circle's
// perimeter (each chord is as long as its arc): strokes along a circle
// use it, their ink being length × width.
func lengthScale(th float64) float64 {
	if th < 1e-4 {
		return 1
	}
	return th / 2 / math.Sin(th/2)
}

// roundRect puts the closed outline of a box with corners of radius r
// into m.path, clockwise from the left end of the top edge. grow is how
// far outside the outline the shape drawn along it reaches (half a stroke),
// for choosing the number of chords.
func (m *Mesh) roundRect(x0, y0, x1, y1, r, grow float64) {
	r = min(r, (x1-x0)/2, (y1-y0)/2)
	m.path = m.path[:0]
	if !(r >= tolerance) {
		m.path = append(m.path, vec{x0, y0}, vec{x1, y0}, vec{x1, y1}, vec{x0, y1})
		return
	}
	n := arcSteps(r+grow+0.5, math.Pi/2)
	// The ends of each corner's arc stay on the straight edges (so those
	// stay crisp); the points between go out to radius r×k, k chosen so
	// the corner's fan of triangles has the quarter disc's area.
	th := math.Pi / 2 / float64(n)
	q := th / math.Sin(th)
	k := q
	if n > 2 {
		k = (math.Sqrt(1+float64((n-2)*n)*q) - 1) / float64(n-2)
	}
	corners := [4]struct{ cx, cy, a float64 }{
		{x1 - r, y0 + r, -math.Pi / 2},
		{x1 - r, y1 - r, 0},
		{x0 + r, y1 - r, math.Pi / 2},
		{x0 + r, y0 + r, math.Pi},
	}
	m.path = append(m.path, vec{x0 + r, y0})
	for ci, cn := range corners {
		for j := 0; j <= n; j++ {
			if ci == 3 && j == n {
				break // back at the start
			}
			var d vec
			switch j {
			case 0:
				d = axis(ci + 3)
			case n:
				d = axis(ci)
			default:
				s, c := math.Sincos(cn.a + float64(j)*th)
				d = vec{c * k, s * k}
			}
			m.path = append(m.path, vec{cn.cx + r*d.x, cn.cy + r*d.y})
		}
	}
}

// axis is the unit vector at quarter turn q: 0 is +x, 1 +y (down), 2 -x, 3 -y.
func axis(q int) vec {
	return [4]vec{{1, 0}, {0, 1}, {-1, 0}, {0, -1}}[q&3]
}

// polygon fills the convex polygon src with alpha a: the polygon inset
// by half a pixel at alpha a, ringed by a feather out to half a pixel
// outside. An edge too short to survive the inset (the inset would turn
// it inside out: a sliver where a hatch line meets a box's edge, a
// corner of an icon) is first merged into a point at its middle, which
// moves the outline by less than it is long. A polygon too small for any
// inset is drawn as a pyramid over the outset polygon whose volume is the
// polygon's area, peaking at the centroid.
func (m *Mesh) polygon(src []vec, c Color, a float64) {
	if c.A == 0 || !(a > 0) {
		return
	}
	m.poly = dedupe(append(m.poly[:0], src...), true)
	area2 := m.mitres(m.poly)
	if !(math.Abs(area2) > 1e-9) {
		return
	}
	for len(m.poly) >= 3 {
		i := m.inverted(m.poly)
		if i < 0 {
			break
		}
		p, n := m.poly, len(m.poly)
		j := (i + 1) % n
		p[i] = p[i].lerp(p[j], 0.5)
		m.poly = append(p[:j], p[j+1:]...)
		m.poly = dedupe(m.poly, true)
		if len(m.poly) >= 3 && !(math.Abs(m.mitres(m.poly)) > 1e-9) {
			break
		}
	}
	p := m.poly
	n := len(p)
	if n < 3 || m.inverted(p) >= 0 || !(math.Abs(m.mitres(p)) > 1e-9) {
		// Too small for an inset: a pyramid over the original, outset.
		m.poly = dedupe(append(m.poly[:0], src...), true)
		p, n = m.poly, len(m.poly)
		m.mitres(p)
		if !m.room(n + 1) {
			return
		}
		g, outArea2 := centroid(p), 0.0
		for i := range p {
			o0, o1 := p[i].add(m.core[i].mul(0.5)), p[(i+1)%n].add(m.core[(i+1)%n].mul(0.5))
			outArea2 += o0.cross(o1)
		}
		ga := a * min(1, 3*math.Abs(area2/outArea2))
		b := m.vert(g, c, ga)
		for i := range p {
			m.vert(p[i].add(m.core[i].mul(0.5)), c, 0)
		}
		for i := range n {
			m.tri(b, b+1+uint16(i), b+1+uint16((i+1)%n))
		}
		return
	}
	if !m.room(2 * n) {
		return
	}
	b := uint16(len(m.V))
	for i := range p {
		m.vert(p[i].sub(m.core[i].mul(0.5)), c, a)
		m.vert(p[i].add(m.core[i].mul(0.5)), c, 0)
	}
	in := func(i int) uint16 { return b + uint16(2*(i%n)) }
	for i := 1; i+1 < n; i++ {
		m.tri(in(0), in(i), in(i+1))
	}
	for i := range n {
		m.quad(in(i), in(i)+1, in(i+1)+1, in(i+1))
	}
}

// mitres puts into m.core each vertex of polygon p's mitre: the offset
// that moves both its edges outwards by 1. It returns twice p's signed
// area.
func (m *Mesh) mitres(p []vec) float64 {
	n := len(p)
	m.core = m.core[:0]
	if n < 3 {
		return 0
	}
	area2 := 0.0
	for i := range p {
		area2 += p[i].cross(p[(i+1)%n])
	}
	sg := 1.0
	if area2 < 0 {
		sg = -1
	}
	normal := func(i int) vec {
		d := p[(i+1)%n].sub(p[i]).unit()
		return vec{sg * d.y, -sg * d.x}
	}
	prev := normal(n - 1)
	for i := range p {
		cur := normal(i)
		m.core = append(m.core, mitre(prev, cur, 8))
		prev = cur
	}
	return area2
}

// inverted returns an edge of p that the half-pixel inset by the mitres
// in m.core turns inside out, or -1.
func (m *Mesh) inverted(p []vec) int {
	n := len(p)
	for i := range p {
		j := (i + 1) % n
		e := p[j].sub(p[i])
		in := p[j].sub(m.core[j].mul(0.5)).sub(p[i].sub(m.core[i].mul(0.5)))
		if in.dot(e) < -1e-6*e.dot(e) {
			return i
		}
	}
	return -1
}

// fan fills the convex polygon src with no feather: for a fill whose
// edge something opaque covers.
func (m *Mesh) fan(src []vec, c Color) {
	if c.A == 0 {
		return
	}
	m.poly = dedupe(append(m.poly[:0], src...), true)
	n := len(m.poly)
	if n < 3 || !m.room(n) {
		return
	}
	b := uint16(len(m.V))
	for _, p := range m.poly {
		m.vert(p, c, 1)
	}
	for i := 1; i+1 < n; i++ {
		m.tri(b, b+uint16(i), b+uint16(i+1))
	}
}

// mitre returns the offset that moves two edges with unit normals n0 and
// n1 by 1 each, no longer than limit.
func mitre(n0, n1 vec, limit float64) vec {
	s := n0.add(n1)
	d := 1 + n0.dot(n1)
	if d < 1e-9 {
		return n1.mul(limit)
	}
	mv := s.mul(1 / d)
	if l := mv.len(); l > limit {
		mv = mv.mul(limit / l)
	}
	return mv
}

// centroid is the centre of area of polygon p.
func centroid(p []vec) vec {
	var cx, cy, a float64
	n := len(p)
	for i := range p {
		q, r := p[i], p[(i+1)%n]
		k := q.cross(r)
		a += k
		cx += (q.x + r.x) * k
		cy += (q.y + r.y) * k
	}
	if a == 0 {
		return p[0]
	}
	return vec{cx / (3 * a), cy / (3 * a)}
}

// profile is the cross-section of a stroke: offsets from its centre line
// (along the normal) and the alpha at each.
type profile struct {
	n    int
	o, a [4]float64
}

// bandProfile is the cross-section of a band from offset d0 to d1 (d0 <
// d1): feathered on both sides; under a pixel thick it is a pixel thick
// with alpha scaled by its thickness.
func bandProfile(d0, d1 float64) profile {
	w := d1 - d0
	switch {
	case w < 1:
		m := (d0 + d1) / 2
		return profile{n: 3, o: [4]float64{m - 1, m, m + 1}, a: [4]float64{0, w, 0}}
	case w-1 < 1e-6:
		return profile{n: 3, o: [4]float64{d0 - 0.5, (d0 + d1) / 2, d1 + 0.5}, a: [4]float64{0, 1, 0}}
	}
	return profile{n: 4, o: [4]float64{d0 - 0.5, d0 + 0.5, d1 - 0.5, d1 + 0.5}, a: [4]float64{0, 1, 1, 0}}
}

// section appends a cross-section of profile pr at p along offset
// vector nv (alphas all 0 when zero) and returns its first index.
func (m *Mesh) section(p, nv vec, pr *profile, c Color, zero bool) uint16 {
	b := uint16(len(m.V))
	for k := 0; k < pr.n; k++ {
		a := pr.a[k]
		if zero {
			a = 0
		}
		m.vert(vec{p.x + nv.x*pr.o[k], p.y + nv.y*pr.o[k]}, c, a)
	}
	return b
}

// connect joins two cross-sections of rows vertices with cells (quads,
// or four triangles at the corners of a cap's feather).
func (m *Mesh) connect(s0, s1 uint16, rows int) {
	for k := uint16(0); k+1 < uint16(rows); k++ {
		m.cell(s0+k, s1+k, s1+k+1, s0+k+1)
	}
}

// stroke strokes m.path, w wide, closed or open (butt caps), dashed on
// px on and off px off when both are positive.
func (m *Mesh) stroke(closed bool, w, on, off float64, c Color) {
	if c.A == 0 || !(w > 0) {
		return
	}
	m.path = dedupe(m.path, closed)
	p := m.path
	if len(p) < 2 {
		return
	}
	if len(p) == 2 {
		closed = false
	}
	nseg := len(p) - 1
	if closed {
		nseg = len(p)
	}
	m.cum = append(m.cum[:0], 0)
	for i := range nseg {
		m.cum = append(m.cum, m.cum[i]+p[(i+1)%len(p)].sub(p[i]).len())
	}
	L := m.cum[nseg]
	if !(L > 0) || math.IsInf(L, 0) {
		return
	}
	pr := bandProfile(-w/2, w/2)
	period := on + off
	if !(on > 0) || !(off > 0) || math.IsInf(period, 0) {
		if closed {
			m.strokePts(p, true, &pr, w, c)
		} else {
			m.piece(0, L, closed, &pr, w, c)
		}
		return
	}
	lastF := math.Ceil(L/period) - 1 // the last dash starts before L
	if closed && lastF == 0 && on >= L {
		m.strokePts(p, true, &pr, w, c)
		return
	}
	last := int(min(lastF, maxDashes))
	// On a closed path a last dash that runs into the start goes on
	// through the first, so the seam does not show.
	merge := closed && last > 0 && lastF <= maxDashes && float64(last)*period+on >= L
	for k := 0; k <= last; k++ {
		s := float64(k) * period
		e := min(s+on, L)
		if merge {
			if k == 0 {
				continue
			}
			if k == last {
				e = L + min(on, L)
			}
		}
		if !m.piece(s, e, closed, &pr, w, c) {
			return
		}
	}
}

// locate returns the segment of m.path holding distance d along it (d in
// [0, L]) and the point there.
func (m *Mesh) locate(d float64) (int, vec) {
	nseg := len(m.cum) - 1
	lo, hi := 0, nseg-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if m.cum[mid] <= d {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	p := m.path
	a, b := p[lo], p[(lo+1)%len(p)]
	t := 0.0
	if l := m.cum[lo+1] - m.cum[lo]; l > 0 {
		t = min(max((d-m.cum[lo])/l, 0), 1)
	}
	return lo, a.lerp(b, t)
}

// at is locate for a distance that may run past the end of a closed
// path (up to twice round).
func (m *Mesh) at(d float64) (int, vec) {
	L := m.cum[len(m.cum)-1]
	if d > L {
		d -= L
	}
	return m.locate(min(max(d, 0), L))
}

// piece strokes the stretch of m.path from distance s to e (e may pass
// the end of a closed path) with butt caps. It reports false when the
// mesh is full.
func (m *Mesh) piece(s, e float64, closed bool, pr *profile, w float64, c Color) bool {
	if !(e > s) {
		return true
	}
	i, _ := m.at(s)
	end := m.cum[i+1] // the end of s's segment, in the same unrolled distance as s
	if e-s < 1 || e <= end+1e-9 {
		// A straight piece (or one shorter than a pixel): a box.
		j, mid := m.at((s + e) / 2)
		u := m.path[(j+1)%len(m.path)].sub(m.path[j]).unit()
		return m.box(mid, u, (e-s)/2, w/2, c, 1)
	}
	// The centre line of the core: the piece less half a pixel at each
	// end, where the caps' feathers begin.
	m.core = m.core[:0]
	_, q := m.at(s + 0.5)
	m.core = append(m.core, q)
	n, nseg := len(m.path), len(m.cum)-1
	L := m.cum[nseg]
	maxJ := nseg
	if closed {
		maxJ = 2 * nseg
	}
	for j := i + 1; j <= maxJ; j++ {
		d := 0.0
		if j <= nseg {
			d = m.cum[j]
		} else {
			d = m.cum[j-nseg] + L // the second time round a closed path
		}
		if d >= e-0.5 {
			break
		}
		if d > s+0.5 {
			m.core = append(m.core, m.path[j%n])
		}
	}
	_, q = m.at(e - 0.5)
	m.core = append(m.core, q)
	m.core = dedupe(m.core, false)
	if len(m.core) < 2 {
		j, mid := m.at((s + e) / 2)
		u := m.path[(j+1)%n].sub(m.path[j]).unit()
		return m.box(mid, u, (e-s)/2, w/2, c, 1)
	}
	return m.strokePts(m.core, false, pr, w, c)
}

// strokePts strokes the polyline p (deduplicated, at least 2 points; 3
// when closed) with profile pr: open ends get a cap feather one pixel
// long (p's ends are the ends of the stroke's core, half a pixel inside
// its true ends); joins are mitred, or bevelled where the mitre would be
// more than 4 times the width. It reports false when the mesh is full.
func (m *Mesh) strokePts(p []vec, closed bool, pr *profile, w float64, c Color) bool {
	n := len(p)
	if n < 2 || (closed && n < 3) {
		return true
	}
	rows := pr.n
	if !m.room((2*n+2)*rows + n + 4) {
		return false
	}
	dir := func(i int) vec { return p[(i+1)%n].sub(p[i]).unit() }
	// join emits vertex i's cross-sections and returns the one its
	// incoming segment ends on and the one its outgoing segment starts
	// from.
	join := func(i int, d0, d1 vec) (in, out uint16) {
		n0, n1 := d0.perp(), d1.perp()
		if 1+n0.dot(n1) >= 1.0/8 { // mitre no longer than 4 widths
			s := m.section(p[i], mitre(n0, n1, 4), pr, c, false)
			return s, s
		}
		a := m.section(p[i], n0, pr, c, false)
		b := m.section(p[i], n1, pr, c, false)
		piv := m.vert(p[i], c, pr.a[1])
		// Fill the wedge on the outer side of the turn.
		outer := 1
		if d0.cross(d1) > 0 {
			outer = -1
		}
		first, prevK := true, uint16(0)
		for j := 0; j < rows; j++ {
			k := j
			if outer < 0 {
				k = rows - 1 - j
			}
			if float64(outer)*pr.o[k] <= 0 {
				continue
			}
			kk := uint16(k)
			if first {
				m.tri(piv, a+kk, b+kk)
				first = false
			} else {
				m.quad(a+prevK, a+kk, b+kk, b+prevK)
			}
			prevK = kk
		}
		return a, b
	}
	if closed {
		in0, prev := join(0, dir(n-1), dir(0))
		for i := 1; i < n; i++ {
			in, out := join(i, dir(i-1), dir(i))
			m.connect(prev, in, rows)
			prev = out
		}
		m.connect(prev, in0, rows)
		return true
	}
	t0, t1 := dir(0), dir(n-2)
	cap0 := m.section(p[0].sub(t0), t0.perp(), pr, c, true)
	prev := m.section(p[0], t0.perp(), pr, c, false)
	m.connect(cap0, prev, rows)
	for i := 1; i < n-1; i++ {
		in, out := join(i, dir(i-1), dir(i))
		m.connect(prev, in, rows)
		prev = out
	}
	last := m.section(p[n-1], t1.perp(), pr, c, false)
	m.connect(prev, last, rows)
	cap1 := m.section(p[n-1].add(t1), t1.perp(), pr, c, true)
	m.connect(last, cap1, rows)
	return true
}

// hatch paints lines running down-left (x+y constant) over the convex
// polygon poly, w wide and gap apart along x, one of them through the
// origin. Each line is cut from the polygon in strips along it, one per
// step of its cross-section (the feathers and the core), whose vertices
// take the cross-section's alpha where they lie; so the lines are
// feathered along their sides and end sharply on the polygon's outline
// (crisp on a box on the pixel grid, inside it always).
func (m *Mesh) hatch(poly []vec, w, gap float64, c Color) {
	if c.A == 0 || !(w > 0) || !(gap > 0) || len(poly) < 3 {
		return
	}
	pr := bandProfile(-w/2, w/2)
	cmin, cmax := math.Inf(1), math.Inf(-1)
	for _, v := range poly {
		cmin, cmax = min(cmin, v.x+v.y), max(cmax, v.x+v.y)
	}
	// Offsets across the line are in px; along x+y they are √2 longer.
	reach := pr.o[pr.n-1] * math.Sqrt2
	k0, k1 := math.Ceil((cmin-reach)/gap), math.Floor((cmax+reach)/gap)
	if !finite(k0, k1) {
		return
	}
	for k := k0; k <= k1 && k < k0+maxDashes; k++ {
		cc := k * gap
		for j := 0; j+1 < pr.n; j++ {
			lo, hi := cc+pr.o[j]*math.Sqrt2, cc+pr.o[j+1]*math.Sqrt2
			m.clip[0] = clipHalf(m.clip[0], poly, lo, 1)
			m.clip[1] = clipHalf(m.clip[1], m.clip[0], hi, -1)
			q := dedupe(m.clip[1], true)
			if len(q) < 3 {
				continue
			}
			if !m.room(len(q)) {
				return
			}
			b := uint16(len(m.V))
			for _, v := range q {
				t := min(max((v.x+v.y-lo)/(hi-lo), 0), 1)
				m.vert(v, c, pr.a[j]+(pr.a[j+1]-pr.a[j])*t)
			}
			for i := 1; i+1 < len(q); i++ {
				m.tri(b, b+uint16(i), b+uint16(i+1))
			}
		}
	}
}

// clipHalf clips convex polygon src to the half-plane sign×(x+y-k) >= 0.
func clipHalf(dst, src []vec, k, sign float64) []vec {
	dst = dst[:0]
	n := len(src)
	for i := range src {
		a, b := src[i], src[(i+1)%n]
		fa, fb := sign*(a.x+a.y-k), sign*(b.x+b.y-k)
		if fa >= 0 {
			dst = append(dst, a)
		}
		if (fa >= 0) != (fb >= 0) {
			dst = append(dst, a.lerp(b, fa/(fa-fb)))
		}
	}
	return dst
}

// sector fills an annular sector. Its cross-sections run along radii
// (the band r0..r1 feathered inside and out); a sector short of a full
// turn gets a radial feather at each end, half a pixel each side of the
// true end, and a pie (r0 under half a pixel) a fan from the point where
// its inset radial edges meet.
func (m *Mesh) sector(cx, cy, r0, r1, a0, a1 float64, c Color) {
	if c.A == 0 {
		return
	}
	r0 = max(r0, 0)
	if !(r1 > r0) {
		return
	}
	span := a1 - a0
	if span < 0 {
		a0, span = a1, -span
	}
	if !(span > 0) {
		return
	}
	full := span >= 2*math.Pi-1e-6
	if full {
		span = 2 * math.Pi
	}
	n := arcSteps(r1+0.5, span)
	th := span / float64(n)
	k := radiusScale(th)
	var pr profile
	pie, a := false, 1.0
	switch {
	case r0 >= 0.5:
		pr = bandProfile(r0, r1)
		if pr.o[0] < 0 {
			pr.o[0] = 0
		}
	default:
		pie = true
		if r1 < 0.5 {
			a, r1 = (r1/0.5)*(r1/0.5), 0.5
		}
		pr = profile{n: 2, o: [4]float64{r1 - 0.5, r1 + 0.5}, a: [4]float64{a, 0}}
	}
	rows := pr.n
	ctr := vec{cx, cy}
	// ring appends the cross-section at angle phi, moved shift px along
	// the direction of increasing angle.
	ring := func(phi, shift float64, zero bool) uint16 {
		s, co := math.Sincos(phi)
		d, t := vec{co * k, s * k}, vec{-s, co}
		return m.section(ctr.add(t.mul(shift)), d, &pr, c, zero)
	}
	if full {
		if !m.room(n*rows + 1) {
			return
		}
		var mid uint16
		if pie {
			mid = m.vert(ctr, c, a)
		}
		b := uint16(len(m.V))
		for j := range n {
			ring(a0+float64(j)*th, 0, false)
		}
		for j := range n {
			s0, s1 := b+uint16(j*rows), b+uint16(((j+1)%n)*rows)
			if pie {
				m.tri(mid, s0, s1)
			}
			m.connect(s0, s1, rows)
		}
		return
	}
	if !m.room((n+3)*rows + 6) {
		return
	}
	// Sections: the start cap's, n+1 along the arc (the first and last
	// half a pixel in from the radial edges), the end cap's; connected
	// once all are placed, as cells may add vertices.
	b := uint16(len(m.V))
	ring(a0, -0.5, true)
	for j := 0; j <= n; j++ {
		shift := 0.0
		switch j {
		case 0:
			shift = 0.5
		case n:
			shift = -0.5
		}
		ring(a0+float64(j)*th, shift, false)
	}
	ring(a0+span, 0.5, true)
	sec := func(j int) uint16 { return b + uint16(j*rows) }
	var in, out uint16
	if pie {
		// The pie's apex: its radial edges inset (outset) by half a pixel
		// meet on the bisector 0.5/sin(span/2) from the centre.
		s, co := math.Sincos(a0 + span/2)
		d := min(0.5/math.Sin(span/2), r1/2)
		bis := vec{co, s}
		in = m.vert(ctr.add(bis.mul(d)), c, a)
		out = m.vert(ctr.sub(bis.mul(d)), c, 0)
	}
	for j := 0; j < n+2; j++ {
		m.connect(sec(j), sec(j+1), rows)
	}
	if !pie {
		return
	}
	for j := 1; j <= n; j++ {
		m.tri(in, sec(j), sec(j+1))
	}
	m.quad(out, sec(0), sec(1), in)
	m.quad(in, sec(n+1), sec(n+2), out)
}

// sectorOutline strokes an annular sector's outline w wide: a ring's
// two circles (a disc's one), or the closed figure outer arc, radial edge,
// inner arc (the centre for a pie), radial edge.
func (m *Mesh) sectorOutline(cx, cy, r0, r1, a0, a1, w, on, off float64, c Color) {
	if c.A == 0 || !(w > 0) {
		return
	}
	r0 = max(r0, 0)
	if r1 < r0 {
		r0, r1 = r1, r0
	}
	if !(r1 > 0) {
		return
	}
	span := a1 - a0
	if span < 0 {
		a0, span = a1, -span
	}
	full := span >= 2*math.Pi-1e-6
	if full {
		m.circle(cx, cy, r1, a0, w)
		m.stroke(true, w, on, off, c)
		if r0 > 0 && r0 < r1 {
			m.circle(cx, cy, r0, a0, w)
			m.stroke(true, w, on, off, c)
		}
		return
	}
	m.path = m.path[:0]
	m.arc(cx, cy, r1, a0, span, w)
	if r0 > 0 {
		m.arc(cx, cy, r0, a0+span, -span, w)
	} else {
		m.path = append(m.path, vec{cx, cy})
	}
	m.stroke(true, w, on, off, c)
}

// circle puts a circle of radius r into m.path, starting at angle a0.
func (m *Mesh) circle(cx, cy, r, a0, w float64) {
	n := arcSteps(r+w/2+0.5, 2*math.Pi)
	th := 2 * math.Pi / float64(n)
	rk := r * lengthScale(th)
	m.path = m.path[:0]
	for j := range n {
		s, c := math.Sincos(a0 + float64(j)*th)
		m.path = append(m.path, vec{cx + rk*c, cy + rk*s})
	}
}

// arc appends the points of an arc of radius r from angle a0 through
// span (either sign) to m.path.
func (m *Mesh) arc(cx, cy, r, a0, span, w float64) {
	n := arcSteps(r+w/2+0.5, math.Abs(span))
	th := span / float64(n)
	rk := r * lengthScale(math.Abs(th))
	for j := 0; j <= n; j++ {
		s, c := math.Sincos(a0 + float64(j)*th)
		m.path = append(m.path, vec{cx + rk*c, cy + rk*s})
	}
}
