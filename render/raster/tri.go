package raster

import (
	"image"
	"math"

	"github.com/smmuplay/smmuplay/render/tess"
)

// Triangle set-up is in fixed point, as on a GPU: positions snap to
// 1/sub px, so edge functions are exact integers, a pixel centre on an
// edge shared by two triangles goes to exactly one of them (the top-left
// rule), and every pixel is a function of the vertices alone.
const (
	sub    = 256     // subpixel steps per pixel
	maxPos = 1 << 20 // |coordinate| limit in px; triangles beyond it are dropped
)

// DrawMesh composites m's triangles onto dst in order, source-over, only
// within clip (and dst.Rect). Vertices are in dst's pixel coordinates.
func DrawMesh(dst *image.RGBA, clip image.Rectangle, m *tess.Mesh) {
	clip = clip.Intersect(dst.Rect)
	if clip.Empty() {
		return
	}
	n := len(m.V)
	for t := 0; t+2 < len(m.I); t += 3 {
		a, b, c := int(m.I[t]), int(m.I[t+1]), int(m.I[t+2])
		if a >= n || b >= n || c >= n {
			continue
		}
		triangle(dst, clip, &m.V[a], &m.V[b], &m.V[c])
	}
}

// vtx is a vertex set up for rasterizing: fixed-point position and
// premultiplied colour.
type vtx struct {
	x, y       int64
	r, g, b, a float64
}

func setup(v *tess.Vertex) (vtx, bool) {
	fx, fy := float64(v.X)*sub, float64(v.Y)*sub
	if !(math.Abs(fx) < maxPos*sub) || !(math.Abs(fy) < maxPos*sub) {
		return vtx{}, false
	}
	a := min(max(float64(v.A), 0), 1)
	return vtx{
		x: int64(math.Floor(fx + 0.5)), y: int64(math.Floor(fy + 0.5)),
		r: min(max(float64(v.R), 0), 1) * a, g: min(max(float64(v.G), 0), 1) * a, b: min(max(float64(v.B), 0), 1) * a, a: a,
	}, true
}

// edgeFn is the edge function of a→b, E(px, py) = A×px + B×py + C in
// fixed point, positive inside. A pixel centre is inside when E >= bias:
// bias is 1 for edges that are neither top nor left, so a centre exactly
// on them is out.
type edgeFn struct {
	A, B, C int64
	bias    int64
}

func mkEdge(a, b *vtx) edgeFn {
	A, B := -(b.y - a.y), b.x-a.x
	e := edgeFn{A: A, B: B, C: -(A*a.x + B*a.y)}
	// The inside is where E > 0: to the right of a left edge (A > 0),
	// below a top edge (A == 0, B > 0).
	if !(A > 0 || (A == 0 && B > 0)) {
		e.bias = 1
	}
	return e
}

// floorDiv is ⌊a/b⌋ for b > 0.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

func ceilDiv(a, b int64) int64 { return -floorDiv(-a, b) } // b > 0

// bound tracks, row by row, the last (or first) pixel column inside one
// edge: q = ⌊N/D⌋ where N = E(column 0) - bias grows by step each row,
// kept exact by a remainder instead of a division per row.
type bound struct {
	q, rem, D, qs, rs int64
	lower             bool // q bounds from below (as -q); else from above
}

func (b *bound) init(n, d, step int64, lower bool) {
	b.D, b.lower = d, lower
	b.q = floorDiv(n, d)
	b.rem = n - b.q*d
	b.qs = floorDiv(step, d)
	b.rs = step - b.qs*d
}

func (b *bound) next() {
	b.q += b.qs
	b.rem += b.rs
	if b.rem >= b.D {
		b.q++
		b.rem -= b.D
	}
}

func triangle(dst *image.RGBA, clip image.Rectangle, p0, p1, p2 *tess.Vertex) {
	if p0.A <= 0 && p1.A <= 0 && p2.A <= 0 {
		return
	}
	v0, ok0 := setup(p0)
	v1, ok1 := setup(p1)
	v2, ok2 := setup(p2)
	if !ok0 || !ok1 || !ok2 {
		return
	}
	area := (v1.x-v0.x)*(v2.y-v0.y) - (v1.y-v0.y)*(v2.x-v0.x)
	if area == 0 {
		return
	}
	if area < 0 {
		v1, v2 = v2, v1
		area = -area
	}
	// e[k] is the edge opposite vertex k; its value over area is k's
	// barycentric weight.
	e := [3]edgeFn{mkEdge(&v1, &v2), mkEdge(&v2, &v0), mkEdge(&v0, &v1)}

	ymin, ymax := min(v0.y, v1.y, v2.y), max(v0.y, v1.y, v2.y)
	xmin, xmax := min(v0.x, v1.x, v2.x), max(v0.x, v1.x, v2.x)
	j0 := max(ceilDiv(ymin-sub/2, sub), int64(clip.Min.Y))
	j1 := min(floorDiv(ymax-sub/2, sub), int64(clip.Max.Y-1))
	i0 := max(ceilDiv(xmin-sub/2, sub), int64(clip.Min.X))
	i1 := min(floorDiv(xmax-sub/2, sub), int64(clip.Max.X-1))
	if j0 > j1 || i0 > i1 {
		return
	}

	// On row j the value of edge k at column i is rowC + A×sub×i, where
	// rowC = A×sub/2 + B×(j×sub + sub/2) + C grows by B×sub a row.
	var bs [3]bound
	var flatE [3]int64 // rowC - bias of edges with A == 0 (constant along a row)
	nb := 0
	py0 := j0*sub + sub/2
	for k := range e {
		ed := &e[k]
		n := ed.A*(sub/2) + ed.B*py0 + ed.C - ed.bias
		switch d := ed.A * sub; {
		case d > 0: // inside from column ⌈-n/d⌉ = -⌊n/d⌋ on
			bs[nb].init(n, d, ed.B*sub, true)
			nb++
		case d < 0: // inside up to column ⌊n/-d⌋
			bs[nb].init(n, -d, ed.B*sub, false)
			nb++
		default:
			flatE[k] = n
		}
	}

	flat := v0.r == v1.r && v0.r == v2.r && v0.g == v1.g && v0.g == v2.g &&
		v0.b == v1.b && v0.b == v2.b && v0.a == v1.a && v0.a == v2.a
	inv := 1 / float64(area)
	// Colour planes: channel = (Σ E_k × c_k) / area, E_k without bias.
	var c0, dcx, dcy [4]float64 // at (column 0, row j0); per column; per row
	if !flat {
		for k, w := range [3]*vtx{&v0, &v1, &v2} {
			ed := &e[k]
			ev := float64(ed.A*(sub/2)+ed.B*py0+ed.C) * inv
			dx := float64(ed.A*sub) * inv
			dy := float64(ed.B*sub) * inv
			for ch, cv := range [4]float64{w.r, w.g, w.b, w.a} {
				c0[ch] += ev * cv
				dcx[ch] += dx * cv
				dcy[ch] += dy * cv
			}
		}
	}
	fr, fg, fb, fa := float32(v0.r), float32(v0.g), float32(v0.b), float32(v0.a)

	for j := j0; j <= j1; j, py0 = j+1, py0+sub {
		lo, hi := i0, i1
		for b := range bs[:nb] {
			bb := &bs[b]
			if bb.lower {
				lo = max(lo, -bb.q)
			} else {
				hi = min(hi, bb.q)
			}
			bb.next()
		}
		for k := range e {
			if e[k].A == 0 {
				if flatE[k] < 0 {
					lo, hi = 1, 0
				}
				flatE[k] += e[k].B * sub
			}
		}
		if lo > hi {
			continue
		}
		i := dst.PixOffset(int(lo), int(j))
		row := dst.Pix[i : i+4*int(hi-lo+1)]
		if flat {
			fill(row, fr, fg, fb, fa)
			continue
		}
		rj, fl := float64(j-j0), float64(lo)
		var c [4]float64
		for ch := range c {
			c[ch] = c0[ch] + rj*dcy[ch] + fl*dcx[ch]
		}
		for p := 0; p+3 < len(row); p += 4 {
			if a := float32(c[3]); a > 0 {
				px := row[p : p+4 : p+4]
				if a >= 1 {
					px[0], px[1], px[2], px[3] = byte255(float32(c[0])), byte255(float32(c[1])), byte255(float32(c[2])), 0xff
				} else {
					k := 1 - a
					px[0] = uint8(float32(c[0])*255 + float32(px[0])*k + 0.5)
					px[1] = uint8(float32(c[1])*255 + float32(px[1])*k + 0.5)
					px[2] = uint8(float32(c[2])*255 + float32(px[2])*k + 0.5)
					px[3] = uint8(a*255 + float32(px[3])*k + 0.5)
				}
			}
			c[0] += dcx[0]
			c[1] += dcx[1]
			c[2] += dcx[2]
			c[3] += dcx[3]
		}
	}
}

// fill composites one premultiplied colour over a run of pixels.
func fill(row []uint8, r, g, b, a float32) {
	switch {
	case a <= 0:
	case a >= 1:
		r8, g8, b8 := byte255(r), byte255(g), byte255(b)
		for p := 0; p+3 < len(row); p += 4 {
			px := row[p : p+4 : p+4]
			px[0], px[1], px[2], px[3] = r8, g8, b8, 0xff
		}
	default:
		// src + dst×(1-a) never passes 255 when the colour is
		// premultiplied (each channel at most a), so no clamping.
		k := 1 - a
		r, g, b, a = r*255+0.5, g*255+0.5, b*255+0.5, a*255+0.5
		for p := 0; p+3 < len(row); p += 4 {
			px := row[p : p+4 : p+4]
			px[0] = uint8(r + float32(px[0])*k)
			px[1] = uint8(g + float32(px[1])*k)
			px[2] = uint8(b + float32(px[2])*k)
			px[3] = uint8(a + float32(px[3])*k)
		}
	}
}

// byte255 maps 0..1 to the nearest of 0..255.
func byte255(v float32) uint8 { return uint8(min(max(v, 0), 1)*255 + 0.5) }
