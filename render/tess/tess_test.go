package tess

import (
	"image/color"
	"math"
	"testing"

	"github.com/smmuplay/smmuplay/render/display"
	"github.com/smmuplay/smmuplay/render/font"
	"github.com/smmuplay/smmuplay/render/layout"
)

// cover rasterizes m's triangles into a w×h alpha map the way a GPU (and
// render/raster) does: pixel centres, vertices snapped to 1/256 px, the
// top-left rule, alpha interpolated linearly and composited source-over
// (a = a_src + a_dst×(1-a_src)), in float64 so sums can be checked.
func cover(m *Mesh, w, h int) []float64 {
	const sub = 256
	out := make([]float64, w*h)
	fix := func(v float32) int64 { return int64(math.Floor(float64(v)*sub + 0.5)) }
	for t := 0; t+2 < len(m.I); t += 3 {
		v := [3]*Vertex{&m.V[m.I[t]], &m.V[m.I[t+1]], &m.V[m.I[t+2]]}
		x := [3]int64{fix(v[0].X), fix(v[1].X), fix(v[2].X)}
		y := [3]int64{fix(v[0].Y), fix(v[1].Y), fix(v[2].Y)}
		area := (x[1]-x[0])*(y[2]-y[0]) - (y[1]-y[0])*(x[2]-x[0])
		if area == 0 {
			continue
		}
		if area < 0 {
			x[1], x[2], y[1], y[2], v[1], v[2] = x[2], x[1], y[2], y[1], v[2], v[1]
			area = -area
		}
		for py := 0; py < h; py++ {
			for px := 0; px < w; px++ {
				cx, cy := int64(px)*sub+sub/2, int64(py)*sub+sub/2
				var e [3]int64
				in := true
				for k := 0; k < 3; k++ {
					a, b := (k+1)%3, (k+2)%3
					A, B := -(y[b] - y[a]), x[b]-x[a]
					e[k] = A*(cx-x[a]) + B*(cy-y[a])
					tl := A > 0 || (A == 0 && B > 0)
					if e[k] < 0 || (e[k] == 0 && !tl) {
						in = false
					}
				}
				if !in {
					continue
				}
				a := (float64(e[0])*float64(v[0].A) + float64(e[1])*float64(v[1].A) + float64(e[2])*float64(v[2].A)) / float64(area)
				a = min(max(a, 0), 1)
				o := &out[py*w+px]
				*o = a + *o*(1-a)
			}
		}
	}
	return out
}

// meshInk is the integral of m's alpha: each triangle's area times its
// mean alpha.
func meshInk(m *Mesh) float64 {
	s := 0.0
	for t := 0; t+2 < len(m.I); t += 3 {
		a, b, c := m.V[m.I[t]], m.V[m.I[t+1]], m.V[m.I[t+2]]
		ar := math.Abs(float64(b.X-a.X)*float64(c.Y-a.Y)-float64(b.Y-a.Y)*float64(c.X-a.X)) / 2
		s += ar * float64(a.A+b.A+c.A) / 3
	}
	return s
}

func sum(a []float64) float64 {
	s := 0.0
	for _, v := range a {
		s += v
	}
	return s
}

var opaque = color.RGBA{0x20, 0x40, 0x60, 0xff}

// one tessellates a single op at scale s.
func one(o display.Op, s float32, pts ...layout.Point) *Mesh {
	var m Mesh
	if len(pts) > 0 {
		o.Span = display.Span{Off: 0, End: int32(len(pts))}
	}
	m.Op(&o, pts, s)
	return &m
}

// checkCrisp fails unless every pixel is exactly 0 or 1, and want are 1.
func checkCrisp(t *testing.T, name string, a []float64, want int) {
	t.Helper()
	n := 0
	for i, v := range a {
		if v != 0 && math.Abs(v-1) > 1e-6 {
			t.Errorf("%s: pixel %d has alpha %v, want 0 or 1", name, i, v)
			return
		}
		if v > 0.5 {
			n++
		}
	}
	if n != want {
		t.Errorf("%s: %d pixels painted, want %d", name, n, want)
	}
}

// TestCrisp: boxes on whole device pixels and 1-device-px lines centred
// on half-integers are crisp at scales 1 and 2.
func TestCrisp(t *testing.T) {
	for _, s := range []float32{1, 2} {
		si := int(s)
		a := cover(one(display.Op{Kind: display.OpRect, Style: display.Fill, X: 3, Y: 4, W: 10, H: 7, Fill: opaque}, s), 40, 40)
		checkCrisp(t, "rect", a, 70*si*si)
		// A hairline outline inside a box: X + 0.5/s puts it on pixel centres.
		h := 0.5 / s
		a = cover(one(display.Op{Kind: display.OpRect, Style: display.Stroke, X: 3 + h, Y: 4 + h, W: 10 - 2*h, H: 7 - 2*h, Stroke: opaque, Width: 1 / s}, s), 40, 40)
		checkCrisp(t, "hairline box", a, 70*si*si-(10*si-2)*(7*si-2))
		// A 1 CSS px outline centred on a whole-pixel box edge at scale 2
		// covers the device pixels either side.
		if s == 2 {
			a = cover(one(display.Op{Kind: display.OpRect, Style: display.Stroke, X: 3, Y: 4, W: 10, H: 7, Stroke: opaque, Width: 1}, s), 40, 40)
			checkCrisp(t, "1px box at 2x", a, 22*16-18*12)
		}
		a = cover(one(display.Op{Kind: display.OpLine, X: 2, Y: 5 + h, X2: 12, Y2: 5 + h, Stroke: opaque, Width: 1 / s}, s), 40, 40)
		checkCrisp(t, "hline", a, 10*si)
		a = cover(one(display.Op{Kind: display.OpLine, X: 7 + h, Y: 1, X2: 7 + h, Y2: 15, Stroke: opaque, Width: 1 / s}, s), 40, 40)
		checkCrisp(t, "vline", a, 14*si)
		a = cover(one(display.Op{Kind: display.OpLine, X: 7, Y: 1, X2: 7, Y2: 15, Stroke: opaque, Width: 2}, s), 40, 40)
		checkCrisp(t, "2px vline", a, 14*si*2*si)
		// A path along whole pixels: an L of 2 px wide strokes.
		a = cover(one(display.Op{Kind: display.OpPath, Style: display.Stroke, Stroke: opaque, Width: 2}, s,
			layout.Point{X: 2, Y: 3}, layout.Point{X: 12, Y: 3}, layout.Point{X: 12, Y: 13}), 40, 40)
		checkCrisp(t, "L path", a, (10*si*2*si+si*2*si)+10*si*2*si-si*2*si)
	}
}

// TestAreas: the alpha of a shape adds up to its area.
func TestAreas(t *testing.T) {
	const tau = 2 * math.Pi
	cases := []struct {
		name string
		o    display.Op
		s    float32
		want float64
		tol  float64 // relative
	}{
		// A box big enough for the cheap feather has 1/12 px² too much
		// ink at each corner (sampling on pixel centres hides most of it).
		{"rect", display.Op{Kind: display.OpRect, Style: display.Fill, X: 2.3, Y: 1.7, W: 10.4, H: 6.2}, 1, 10.4*6.2 + 1.0/3, 1e-4},
		{"rect 2x", display.Op{Kind: display.OpRect, Style: display.Fill, X: 2.3, Y: 1.7, W: 10.4, H: 6.2}, 2, 4*10.4*6.2 + 1.0/3, 1e-4},
		{"small rect", display.Op{Kind: display.OpRect, Style: display.Fill, X: 2.3, Y: 1.7, W: 2.4, H: 1.2}, 1, 2.4 * 1.2, 1e-4},
		{"thin rect", display.Op{Kind: display.OpRect, Style: display.Fill, X: 2.3, Y: 1.7, W: 0.3, H: 6.2}, 1, 0.3 * 6.2, 1e-4},
		{"speck", display.Op{Kind: display.OpRect, Style: display.Fill, X: 2.3, Y: 1.7, W: 0.3, H: 0.4}, 1, 0.3 * 0.4, 1e-4},
		{"rounded", display.Op{Kind: display.OpRect, Style: display.Fill, X: 2.5, Y: 3, W: 30, H: 20, R0: 6}, 1, 30*20 - (4-math.Pi)*36, 3e-3},
		{"rounded 2x", display.Op{Kind: display.OpRect, Style: display.Fill, X: 2.5, Y: 3, W: 30, H: 20, R0: 6}, 2, 4 * (30*20 - (4-math.Pi)*36), 2e-3},
		{"pill", display.Op{Kind: display.OpRect, Style: display.Fill, X: 2, Y: 3, W: 30, H: 10, R0: 50}, 1, 20*10 + math.Pi*25, 3e-3},
		{"disc", display.Op{Kind: display.OpArc, Style: display.Fill, X: 20.3, Y: 20.7, R1: 10, A1: tau}, 1, math.Pi * 100, 5e-3},
		{"dot", display.Op{Kind: display.OpArc, Style: display.Fill, X: 20.3, Y: 20.7, R1: 3, A1: tau}, 2, math.Pi * 36, 1e-2},
		{"annulus", display.Op{Kind: display.OpArc, Style: display.Fill, X: 20.5, Y: 20, R0: 8, R1: 15, A0: 1, A1: 1 + tau}, 1, math.Pi * (225 - 64), 5e-3},
		{"thin ring", display.Op{Kind: display.OpArc, Style: display.Fill, X: 20.5, Y: 20, R0: 14, R1: 14.5, A1: tau}, 1, math.Pi * (14.5*14.5 - 14*14), 1e-2},
		{"quarter annulus", display.Op{Kind: display.OpArc, Style: display.Fill, X: 20, Y: 20, R0: 8, R1: 15, A0: 0, A1: math.Pi / 2}, 1, math.Pi * (225 - 64) / 4, 5e-3},
		{"slot", display.Op{Kind: display.OpArc, Style: display.Fill, X: 20, Y: 20, R0: 10, R1: 18, A0: 0.2, A1: 0.2 + tau/64*4}, 2, 4 * (tau / 64 * 4) / 2 * (18*18 - 100), 1e-2},
		{"pie 3/4", display.Op{Kind: display.OpArc, Style: display.Fill, X: 20, Y: 20, R1: 15, A0: 0, A1: 1.5 * math.Pi}, 1, math.Pi * 225 * 0.75, 5e-3},
		{"pie 1/4", display.Op{Kind: display.OpArc, Style: display.Fill, X: 20, Y: 20, R1: 15, A0: 0.5, A1: 0.5 + math.Pi/2}, 1, math.Pi * 225 * 0.25, 5e-3},
		{"line", display.Op{Kind: display.OpLine, X: 3, Y: 4, X2: 30, Y2: 25, Width: 3}, 1, 3 * math.Hypot(27, 21), 5e-3},
		{"hairline", display.Op{Kind: display.OpLine, X: 3, Y: 4, X2: 30, Y2: 25, Width: 0.5}, 1, 0.5 * math.Hypot(27, 21), 1.5e-2},
		{"ring outline", display.Op{Kind: display.OpArc, Style: display.Stroke, X: 20, Y: 20, R1: 12, A1: tau, Width: 2}, 1, 2 * tau * 12, 5e-3},
	}
	for _, c := range cases {
		c.o.Fill, c.o.Stroke = opaque, opaque
		m := one(c.o, c.s)
		// The mesh's own ink (the integral of its alpha) is the area up
		// to c.tol; sampled at pixel centres, with vertices snapped to
		// 1/256 px, it may be off by a little more.
		if got := meshInk(m); math.Abs(got-c.want) > c.tol*c.want {
			t.Errorf("%s at %vx: mesh ink %.3f, want %.3f (±%.2g%%)", c.name, c.s, got, c.want, 100*c.tol)
		}
		if got := sum(cover(m, 80, 80)); math.Abs(got-c.want) > 0.015*c.want+0.15 {
			t.Errorf("%s at %vx: sampled area %.3f, want %.3f", c.name, c.s, got, c.want)
		}
	}
	// Across an edge the alpha adds up to the coverage, row by row (up to
	// the snapping of vertices to 1/256 px).
	a := cover(one(display.Op{Kind: display.OpRect, Style: display.Fill, X: 2.3, Y: 1.5, W: 10.4, H: 6, Fill: opaque}, 1), 20, 10)
	for y := 2; y < 7; y++ {
		if got := sum(a[y*20 : y*20+20]); math.Abs(got-10.4) > 1.0/256 {
			t.Errorf("row %d of a box 10.4 wide: %v", y, got)
		}
	}
}

// TestStrokeWidth: across a line, the alpha adds up to its width, thin
// or thick, on or off the pixel grid.
func TestStrokeWidth(t *testing.T) {
	for _, w := range []float32{0.25, 0.5, 1, 1.5, 2.3, 4} {
		for _, y := range []float32{10, 10.5, 10.3} {
			a := cover(one(display.Op{Kind: display.OpLine, X: 2, Y: y, X2: 30, Y2: y, Stroke: opaque, Width: w}, 1), 32, 20)
			col := 0.0
			for py := 0; py < 20; py++ {
				col += a[py*32+15]
			}
			if math.Abs(col-float64(w)) > 1.0/256 {
				t.Errorf("line %v wide at y %v: column sums to %v", w, y, col)
			}
		}
	}
}

// runs counts the runs of pixels with alpha over 0.5 along row y.
func runs(a []float64, w, y int) int {
	n, on := 0, false
	for x := 0; x < w; x++ {
		v := a[y*w+x] > 0.5
		if v && !on {
			n++
		}
		on = v
	}
	return n
}

// TestDashes: a line 100 CSS px long has 10 dashes (6 on, 4 off) or 20
// dots (2 on, 3 off) at any scale; a dashed path's pattern runs on
// through its corners.
func TestDashes(t *testing.T) {
	for _, s := range []float32{1, 2} {
		si := int(s)
		for _, c := range []struct {
			st   display.Style
			want int
			ink  float64
		}{{display.Dashed, 10, 60}, {display.Dotted, 20, 40}} {
			a := cover(one(display.Op{Kind: display.OpLine, Style: c.st, X: 5, Y: 5.5, X2: 105, Y2: 5.5, Stroke: opaque, Width: 1}, s), 110*si, 12*si)
			if n := runs(a, 110*si, 5*si+si/2); n != c.want {
				t.Errorf("%v line at %vx: %d dashes, want %d", c.st, s, n, c.want)
			}
			if got := sum(a); math.Abs(got-c.ink*float64(s*s)) > 1e-3 {
				t.Errorf("%v line at %vx: ink %v, want %v", c.st, s, got, c.ink*float64(s*s))
			}
		}
	}
	// An L path 60+40 long: dashes at 0, 10, ... 90; the one at 60 starts
	// on the corner, the one at 50..56 is before it: 10 dashes, 6 px of ink
	// each (the corner's mitre adds a little).
	a := cover(one(display.Op{Kind: display.OpPath, Style: display.Stroke | display.Dashed, Stroke: opaque, Width: 1}, 1,
		layout.Point{X: 5, Y: 5.5}, layout.Point{X: 65, Y: 5.5}, layout.Point{X: 65, Y: 45.5}), 80, 60)
	if got := sum(a); math.Abs(got-60) > 1 {
		t.Errorf("dashed L: ink %v, want 60", got)
	}
	// A dash across a corner: the path runs 12 px right then 20 down,
	// 2 px wide; the second dash (10..16) turns the corner at 12 and
	// gains the mitre's square (1 px²), the last is 30..32.
	a = cover(one(display.Op{Kind: display.OpPath, Style: display.Stroke | display.Dashed, Stroke: opaque, Width: 2}, 1,
		layout.Point{X: 5, Y: 10}, layout.Point{X: 17, Y: 10}, layout.Point{X: 17, Y: 30}), 40, 40)
	if got, want := sum(a), 6*2+(6*2+1)+6*2+2*2.0; math.Abs(got-want) > 1.5 {
		t.Errorf("dash across a corner: ink %v, want about %v", got, want)
	}
	// A dashed closed box: the last dash runs into the first, no double ink.
	m := one(display.Op{Kind: display.OpRect, Style: display.Stroke | display.Dashed, X: 5.5, Y: 5.5, W: 22, H: 10, Stroke: color.RGBA{0, 0, 0, 0x80}, Width: 1}, 1)
	checkMax(t, "dashed box", cover(m, 40, 30), 128.0/255)
}

// checkMax fails when a pixel's alpha passes max: triangles overlap.
func checkMax(t *testing.T, name string, a []float64, max float64) {
	t.Helper()
	for i, v := range a {
		if v > max+1e-6 {
			t.Errorf("%s: pixel %d has alpha %.4f over %.4f: overlapping triangles", name, i, v, max)
			return
		}
	}
}

// TestNoOverlap: translucent shapes blend once per pixel (no triangle
// covers another) and rings have no seam: every pixel well inside a
// ring has exactly the colour's alpha, whatever angle the ring starts at.
func TestNoOverlap(t *testing.T) {
	half := color.RGBA{0, 0, 0, 0x80}
	ha := 128.0 / 255
	const tau = 2 * math.Pi
	for _, a0 := range []float32{0, 0.3, -1.7, 2.9} {
		for _, s := range []float32{1, 2} {
			o := display.Op{Kind: display.OpArc, Style: display.Fill, X: 30.3, Y: 29.8, R0: 12, R1: 20, A0: a0, A1: a0 + tau, Fill: half}
			a := cover(one(o, s), 60*int(s), 60*int(s))
			checkMax(t, "ring", a, ha)
			w := 60 * int(s)
			for py := 0; py < w; py++ {
				for px := 0; px < w; px++ {
					d := math.Hypot(float64(px)+0.5-30.3*float64(s), float64(py)+0.5-29.8*float64(s))
					if d > 12*float64(s)+1 && d < 20*float64(s)-1 && math.Abs(a[py*w+px]-ha) > 1e-6 {
						t.Fatalf("ring from %v at %vx: pixel (%d,%d) inside has alpha %v, want %v", a0, s, px, py, a[py*w+px], ha)
					}
				}
			}
			o.R0 = 0
			a = cover(one(o, s), w, w)
			checkMax(t, "disc", a, ha)
		}
	}
	for _, c := range []struct {
		name string
		o    display.Op
		pts  []layout.Point
	}{
		{"rounded box", display.Op{Kind: display.OpRect, Style: display.Fill, X: 3.3, Y: 4.1, W: 30, H: 20, R0: 7}, nil},
		{"box outline", display.Op{Kind: display.OpRect, Style: display.Stroke, X: 3.3, Y: 4.1, W: 30, H: 20, Width: 3}, nil},
		{"rounded outline", display.Op{Kind: display.OpRect, Style: display.Stroke, X: 3.3, Y: 4.1, W: 30, H: 20, R0: 7, Width: 1}, nil},
		{"sector", display.Op{Kind: display.OpArc, Style: display.Fill, X: 30, Y: 30, R0: 10, R1: 20, A0: 0.3, A1: 4}, nil},
		{"pie", display.Op{Kind: display.OpArc, Style: display.Fill, X: 30, Y: 30, R1: 20, A0: 0.3, A1: 4}, nil},
		{"small pie", display.Op{Kind: display.OpArc, Style: display.Fill, X: 30, Y: 30, R1: 20, A0: 0.3, A1: 1}, nil},
		{"ring outline", display.Op{Kind: display.OpArc, Style: display.Stroke, X: 30, Y: 30, R0: 10, R1: 20, A1: tau, Width: 1.5}, nil},
		{"triangle", display.Op{Kind: display.OpPath, Style: display.Fill}, []layout.Point{{X: 5, Y: 5}, {X: 40, Y: 12}, {X: 12, Y: 40}}},
		{"polyline", display.Op{Kind: display.OpPath, Style: display.Stroke, Width: 2}, []layout.Point{{X: 5, Y: 5}, {X: 40, Y: 12}, {X: 12, Y: 40}, {X: 30, Y: 50}}},
		{"line", display.Op{Kind: display.OpLine, X: 3, Y: 50, X2: 50, Y2: 7, Width: 2.5}, nil},
	} {
		c.o.Fill, c.o.Stroke = half, half
		checkMax(t, c.name, cover(one(c.o, 1, c.pts...), 60, 60), ha)
	}
}

// TestHatch: hatch lines stay inside their box (and its rounded
// corners: no pixel centre outside gets ink), cover about a quarter of it (1 px lines every 6/√2 px) and
// run down-left.
func TestHatch(t *testing.T) {
	for _, r := range []float32{0, 8} {
		o := display.Op{Kind: display.OpRect, Style: display.Hatch, X: 10, Y: 10, W: 60, H: 40, R0: r, Stroke: opaque}
		a := cover(one(o, 1), 80, 60)
		ink := 0.0
		for py := 0; py < 60; py++ {
			for px := 0; px < 80; px++ {
				x, y := float64(px)+0.5, float64(py)+0.5
				// Distance outside the rounded box.
				dx := max(10+float64(r)-x, x-(70-float64(r)), 0)
				dy := max(10+float64(r)-y, y-(50-float64(r)), 0)
				out := math.Hypot(dx, dy) - float64(r)
				if x < 10 || x > 70 || y < 10 || y > 50 {
					out = max(out, 0.5)
				}
				// The lines stop at the outline (whose corner chords'
				// vertices stand a little outside the arc).
				if out >= 0.05 && a[py*80+px] > 0 {
					t.Fatalf("hatch r=%v: pixel (%d,%d) outside the box has alpha %v", r, px, py, a[py*80+px])
				}
				ink += a[py*80+px]
			}
		}
		area := 60*40 - (4-math.Pi)*float64(r*r)
		if f := ink / area; f < 0.2 || f > 0.27 {
			t.Errorf("hatch r=%v covers %.3f of the box, want about %.3f", r, f, 1/(6/math.Sqrt2))
		}
		// Down-left: along a line x+y = const the alpha is constant.
		if r == 0 {
			for k := 30; k < 60; k++ {
				p, q := a[30*80+k], a[31*80+k-1]
				if math.Abs(p-q) > 1e-6 {
					t.Fatalf("hatch is not running down-left at x+y=%d: %v then %v", 30+k, p, q)
				}
			}
		}
	}
}

// TestTriangleCounts keeps the meshes of the picture's common ops small:
// software WebGL pays per triangle.
func TestTriangleCounts(t *testing.T) {
	const tau = 2 * math.Pi
	link := make([]layout.Point, 16)
	for i := range link {
		f := float32(i) / 15
		link[i] = layout.Point{X: 100 + 300*f, Y: 100 + 200*f*f}
	}
	icon := []layout.Point{{X: 10, Y: 10}, {X: 22, Y: 16}, {X: 10, Y: 22}}
	var ring Mesh
	for k := range 64 {
		a0 := float32(-math.Pi/2 + float64(k)*tau/64)
		o := display.Op{Kind: display.OpArc, Style: display.Fill | display.Stroke, X: 400, Y: 300, R0: 90, R1: 120, A0: a0, A1: a0 + tau/64,
			Fill: opaque, Stroke: opaque, Width: 0.5}
		ring.Op(&o, nil, 2)
	}
	cases := []struct {
		name string
		m    *Mesh
		max  int
	}{
		{"64-slot ring, fill+stroke, 2x", &ring, 64 * 64},
		{"box fill", one(display.Op{Kind: display.OpRect, Style: display.Fill, W: 100, H: 60, Fill: opaque}, 2), 10},
		{"box fill+stroke", one(display.Op{Kind: display.OpRect, Style: display.Fill | display.Stroke, W: 100, H: 60, Fill: opaque, Stroke: opaque, Width: 1}, 2), 40},
		{"rounded tile fill+stroke r=6, 2x", one(display.Op{Kind: display.OpRect, Style: display.Fill | display.Stroke, W: 100, H: 60, R0: 6, Fill: opaque, Stroke: opaque, Width: 1}, 2), 250},
		{"rounded tile fill+stroke r=6, 1x", one(display.Op{Kind: display.OpRect, Style: display.Fill | display.Stroke, W: 100, H: 60, R0: 6, Fill: opaque, Stroke: opaque, Width: 1}, 1), 200},
		{"line", one(display.Op{Kind: display.OpLine, X: 1, Y: 2, X2: 50, Y2: 70, Stroke: opaque, Width: 1}, 2), 26},
		{"hline on the grid", one(display.Op{Kind: display.OpLine, X: 1, Y: 2.5, X2: 50, Y2: 2.5, Stroke: opaque, Width: 1}, 1), 10},
		{"dashed line 100px", one(display.Op{Kind: display.OpLine, Style: display.Dashed, X: 1, Y: 2, X2: 101, Y2: 2, Stroke: opaque, Width: 1}, 2), 100},
		{"16-point link, 2x", one(display.Op{Kind: display.OpPath, Style: display.Stroke, Stroke: opaque, Width: 1.5}, 2, link...), 120},
		{"dot r=6, 2x", one(display.Op{Kind: display.OpArc, Style: display.Fill, R1: 6, A1: tau, Fill: opaque}, 2), 60},
		{"halo ring, 2x", one(display.Op{Kind: display.OpArc, Style: display.Fill, R0: 11, R1: 12, A1: tau, Fill: opaque}, 2), 140},
		{"countdown r=20..28 3/4, 2x", one(display.Op{Kind: display.OpArc, Style: display.Fill, R0: 20, R1: 28, A0: 0, A1: 0.75 * tau, Fill: opaque}, 2), 200},
		{"hatched tile 100×60, 2x", one(display.Op{Kind: display.OpRect, Style: display.Hatch, W: 100, H: 60, R0: 6, Stroke: opaque}, 2), 300},
		{"arrowhead", one(display.Op{Kind: display.OpPath, Style: display.Fill, Fill: opaque}, 2, icon...), 10},
	}
	for _, c := range cases {
		n := c.m.Triangles()
		t.Logf("%-36s %5d triangles %5d vertices", c.name, n, len(c.m.V))
		if n > c.max {
			t.Errorf("%s: %d triangles, budget %d", c.name, n, c.max)
		}
		if n == 0 {
			t.Errorf("%s: no triangles", c.name)
		}
	}
}

// typicalOps is a frame's worth of shapes for the allocation test and
// the benchmarks.
func typicalOps() ([]display.Op, []layout.Point) {
	const tau = 2 * math.Pi
	var ops []display.Op
	var pts []layout.Point
	for k := range 64 {
		a0 := float32(-math.Pi/2 + float64(k)*tau/64)
		ops = append(ops, display.Op{Kind: display.OpArc, Style: display.Fill | display.Stroke, X: 400, Y: 300, R0: 90, R1: 120, A0: a0, A1: a0 + tau/64,
			Fill: opaque, Stroke: opaque, Width: 0.5})
	}
	for k := range 64 {
		x, y := float32(k%8)*110, float32(k/8)*70
		ops = append(ops, display.Op{Kind: display.OpRect, Style: display.Fill | display.Stroke, X: x, Y: y, W: 100, H: 60, R0: 6, Fill: opaque, Stroke: opaque, Width: 1})
	}
	for i := range 16 {
		f := float32(i) / 15
		pts = append(pts, layout.Point{X: 100 + 300*f, Y: 100 + 200*f*f})
	}
	ops = append(ops,
		display.Op{Kind: display.OpPath, Style: display.Stroke | display.Dashed, Stroke: opaque, Width: 1.5, Span: display.Span{Off: 0, End: 16}},
		display.Op{Kind: display.OpRect, Style: display.Fill | display.Hatch | display.Stroke | display.Dotted, X: 5, Y: 5, W: 80, H: 40, R0: 4, Fill: opaque, Stroke: opaque},
		display.Op{Kind: display.OpArc, Style: display.Fill, X: 50, Y: 50, R1: 6, A1: tau, Fill: opaque},
		display.Op{Kind: display.OpLine, X: 0, Y: 0, X2: 300, Y2: 10, Stroke: opaque, Style: display.Dashed},
	)
	return ops, pts
}

// TestNoAllocs: once a mesh has grown, tessellating allocates nothing.
func TestNoAllocs(t *testing.T) {
	ops, pts := typicalOps()
	var m Mesh
	run := func() {
		for i := range ops {
			m.Reset()
			m.Op(&ops[i], pts, 2)
		}
	}
	run()
	if n := testing.AllocsPerRun(20, run); n != 0 {
		t.Errorf("%v allocations per frame, want 0", n)
	}
}

// checkMesh fails unless m's indices are in range and its vertices finite.
func checkMesh(t testing.TB, m *Mesh) {
	if len(m.I)%3 != 0 {
		t.Fatalf("%d indices, not a multiple of 3", len(m.I))
	}
	for _, i := range m.I {
		if int(i) >= len(m.V) {
			t.Fatalf("index %d out of %d vertices", i, len(m.V))
		}
	}
	for _, v := range m.V {
		if !finite(float64(v.X), float64(v.Y)) || !(v.A >= 0 && v.A <= 1) {
			t.Fatalf("bad vertex %+v", v)
		}
	}
}

// TestDegenerate: garbage draws nothing or something sensible, never
// panics, never indexes out of range.
func TestDegenerate(t *testing.T) {
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	big := float32(1e30)
	pts := []layout.Point{{X: 1, Y: 1}, {X: 1, Y: 1}, {X: nan, Y: 2}, {X: 5, Y: 5}, {X: big, Y: -big}, {X: 3, Y: 3}, {X: 3, Y: 3}}
	var ops []display.Op
	all := display.Fill | display.Stroke | display.Hatch | display.Dashed | display.Closed
	for _, k := range []display.OpKind{display.OpRect, display.OpLine, display.OpArc, display.OpPath, display.OpText, display.OpClip, 0, 99} {
		for _, st := range []display.Style{display.Fill, display.Stroke, all, all | display.Dotted} {
			for _, v := range []float32{0, -5, nan, inf, -inf, big, 1e-30, 0.01} {
				base := display.Op{Kind: k, Style: st, X: 1, Y: 1, W: 10, H: 10, X2: 20, Y2: 5, R0: 2, R1: 8, A0: 0, A1: 2, Width: 1, Fill: opaque, Stroke: opaque}
				for f := range 10 {
					o := base
					switch f {
					case 0:
						o.X = v
					case 1:
						o.W = v
					case 2:
						o.H = v
					case 3:
						o.R0 = v
					case 4:
						o.R1 = v
					case 5:
						o.A1 = v
					case 6:
						o.Width = v
					case 7:
						o.X2 = v
					case 8:
						o.A0, o.A1 = v, -v
					case 9:
						o.R0, o.R1 = v, v
					}
					spans := []display.Span{{Off: 0, End: 7}, {Off: 0, End: 1}, {Off: 3, End: 4}, {Off: 5, End: 7}, {Off: 4, End: 6}, {Off: -1, End: 3}, {Off: 2, End: 99}, {Off: 6, End: 2}}
					if k != display.OpPath {
						spans = spans[:1]
					}
					for _, span := range spans {
						o.Span = span
						ops = append(ops, o)
					}
				}
			}
		}
	}
	var m Mesh
	for i := range ops {
		for _, s := range []float32{0, 1, 2, -1, nan, 1e-6, 1e6} {
			m.Reset()
			m.Op(&ops[i], pts, s)
			checkMesh(t, &m)
			if len(m.V) > MaxOpVertices {
				t.Fatalf("op %+v at %v: %d vertices", ops[i], s, len(m.V))
			}
		}
	}
	// A huge dashed line and a huge hatched box stop at the budget.
	o := display.Op{Kind: display.OpRect, Style: display.Hatch | display.Stroke | display.Dotted, W: 1e6, H: 1e6, Stroke: opaque}
	m.Reset()
	m.Op(&o, nil, 1)
	checkMesh(t, &m)
	if len(m.V) == 0 || len(m.V) > MaxOpVertices {
		t.Errorf("huge hatched box: %d vertices", len(m.V))
	}
	// A mesh that is nearly full drops what does not fit whole.
	m.Reset()
	for range 40 {
		o := display.Op{Kind: display.OpRect, Style: display.Hatch, W: 1000, H: 1000, Stroke: opaque}
		m.Op(&o, nil, 1)
	}
	checkMesh(t, &m)
}

// FuzzOp: any op, any points, any scale: no panic, a valid mesh.
func FuzzOp(f *testing.F) {
	f.Add(uint8(1), uint16(1), float32(1), float32(2), float32(30), float32(20), float32(5), float32(0.5), float32(1), float32(2), float32(1), uint8(3))
	f.Add(uint8(3), uint16(2), float32(10), float32(10), float32(0), float32(8), float32(0), float32(6.3), float32(0), float32(1), float32(2), uint8(0))
	f.Add(uint8(4), uint16(0x2f), float32(0), float32(0), float32(10), float32(10), float32(1), float32(1), float32(5), float32(1), float32(1), uint8(5))
	f.Fuzz(func(t *testing.T, kind uint8, style uint16, x, y, w, h, r0, r1, a0, width, s float32, npts uint8) {
		o := display.Op{Kind: display.OpKind(kind % 9), Style: display.Style(style), X: x, Y: y, W: w, H: h, X2: w, Y2: h,
			R0: r0, R1: r1, A0: a0, A1: a0 + r1, Width: width, Fill: opaque, Stroke: opaque}
		pts := make([]layout.Point, int(npts%12))
		for i := range pts {
			pts[i] = layout.Point{X: x + float32(i)*w, Y: y + float32(i*i)*h - r0}
		}
		o.Span = display.Span{Off: 0, End: int32(len(pts))}
		var m Mesh
		m.Op(&o, pts, s)
		checkMesh(t, &m)
	})
}

// TestTextOrigin: runs are placed on whole device pixels by the
// documented rule.
func TestTextOrigin(t *testing.T) {
	txt := []byte("CMD_SYNC")
	o := display.Op{Kind: display.OpText, X: 10.3, Y: 4.2, Size: 12, Track: 0.5}
	for _, s := range []float32{1, 1.5, 2} {
		for _, al := range []display.Align{display.Left, display.Center, display.Right} {
			o.Align = al
			x, bl, size, track, ok := TextOrigin(&o, txt, s)
			if !ok || size != 12*s || track != 0.5*s {
				t.Fatalf("TextOrigin at %v: ok %v size %v track %v", s, ok, size, track)
			}
			w := font.Measure(o.Face, size, track, txt)
			wantX := o.X * s
			switch al {
			case display.Center:
				wantX -= w / 2
			case display.Right:
				wantX -= w
			}
			wantBL := (o.Y + font.Ascent(o.Face)*o.Size) * s
			if x != float32(math.Floor(float64(wantX)+0.5)) || bl != float32(math.Floor(float64(wantBL)+0.5)) {
				t.Errorf("TextOrigin %v at %v: (%v, %v), want (%v, %v) rounded", al, s, x, bl, wantX, wantBL)
			}
		}
	}
	if _, _, _, _, ok := TextOrigin(&o, nil, 1); ok {
		t.Error("empty text is placed")
	}
	o.Size = 0
	if _, _, _, _, ok := TextOrigin(&o, txt, 1); ok {
		t.Error("text of size 0 is placed")
	}
}

// BenchmarkRing64 tessellates a 64-slot ring (fill and stroke per slot)
// at 2x.
func BenchmarkRing64(b *testing.B) {
	ops, pts := typicalOps()
	var m Mesh
	b.ReportAllocs()
	for b.Loop() {
		m.Reset()
		for i := range 64 {
			m.Op(&ops[i], pts, 2)
		}
	}
	b.ReportMetric(float64(m.Triangles()), "triangles")
}

// BenchmarkTiles64 tessellates 64 rounded tiles (fill and stroke) at 2x.
func BenchmarkTiles64(b *testing.B) {
	ops, pts := typicalOps()
	var m Mesh
	b.ReportAllocs()
	for b.Loop() {
		m.Reset()
		for i := 64; i < 128; i++ {
			m.Op(&ops[i], pts, 2)
		}
	}
	b.ReportMetric(float64(m.Triangles()), "triangles")
}
