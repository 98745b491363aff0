// Package raster draws a scene.DisplayList into an *image.RGBA in pure Go,
// without a GPU: the golden key frames of issue 4 are compared pixel by
// pixel, so every pixel here is a function of the display list alone.
//
// Rules, chosen to be deterministic rather than pretty:
//
//   - No anti-aliasing. A pixel is painted when its centre (x+0.5, y+0.5)
//     lies inside the shape; edges are half-open (left/top in, right/bottom
//     out), so shapes that share an edge neither overlap nor leave a gap.
//   - Colours are straight (not premultiplied) RGBA, as the scene's themes
//     write them (Consumed is {ff ff ff a0}: white at 63% over the slot),
//     blended source-over with integer arithmetic.
//   - Strokes are centred on the outline and at least 1 px wide; lines have
//     butt caps.
//   - Text uses the built-in 5x7 font (font.go) scaled by nearest neighbour
//     so that a character advances 0.6 × Size, the average advance the
//     scene assumes when it fits text into a box.
package raster

import (
	"image"
	"image/color"
	"math"
	"unicode/utf8"

	"github.com/smmuplay/smmuplay/render/scene"
)

// Renderer draws display lists. The zero value is ready; it keeps its
// clip stack between calls so drawing a frame does not allocate.
type Renderer struct {
	clips []image.Rectangle
	dst   *image.RGBA
	clip  image.Rectangle // current clip, within dst.Rect
}

// Render draws dl on a new w×h image.
func Render(dl *scene.DisplayList, w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	var r Renderer
	r.Draw(img, dl)
	return img
}

// Draw paints dl's ops over dst in order. Clip and unclip ops nest; an
// unbalanced list is tolerated (extra unclips are ignored, open clips end
// with the list).
func (r *Renderer) Draw(dst *image.RGBA, dl *scene.DisplayList) {
	r.dst = dst
	r.clips = r.clips[:0]
	r.clip = dst.Rect
	for i := range dl.Ops {
		o := &dl.Ops[i]
		switch o.Kind {
		case scene.OpClip:
			r.clips = append(r.clips, r.clip)
			r.clip = r.clip.Intersect(pixelBox(f(o.X), f(o.Y), f(o.X)+f(o.W), f(o.Y)+f(o.H)))
		case scene.OpUnclip:
			if n := len(r.clips); n > 0 {
				r.clip = r.clips[n-1]
				r.clips = r.clips[:n-1]
			}
		case scene.OpRect:
			r.rect(o)
		case scene.OpLine:
			r.line(f(o.X), f(o.Y), f(o.X2), f(o.Y2), strokeWidth(o.Width), o.Stroke)
		case scene.OpArc:
			r.arc(o)
		case scene.OpText:
			r.text(o, dl.TextOf(o))
		}
	}
	r.dst = nil
}

// f widens a coordinate: all geometry is computed in float64.
func f(v float32) float64 { return float64(v) }

func strokeWidth(w float32) float64 { return math.Max(float64(w), 1) }

// pixelBox is the pixels whose centres lie in [x0, x1) × [y0, y1).
func pixelBox(x0, y0, x1, y1 float64) image.Rectangle {
	return image.Rect(edge(x0), edge(y0), edge(x1), edge(y1))
}

// edge is the first pixel whose centre is at or after coordinate v.
func edge(v float64) int {
	const lim = 1 << 24 // far outside any canvas; keeps int conversion defined
	v = math.Ceil(v - 0.5)
	if v < -lim {
		return -lim
	}
	if v > lim {
		return lim
	}
	return int(v)
}

// blend paints pixel (x, y), which must be inside r.clip, with straight
// alpha colour c over what is there (stored premultiplied, as image.RGBA
// does).
func (r *Renderer) blend(x, y int, c color.RGBA) {
	i := r.dst.PixOffset(x, y)
	p := r.dst.Pix[i : i+4 : i+4]
	a := uint32(c.A)
	if a == 0xff {
		p[0], p[1], p[2], p[3] = c.R, c.G, c.B, 0xff
		return
	}
	if a == 0 {
		return
	}
	k := 0xff - a
	p[0] = uint8((uint32(c.R)*a + uint32(p[0])*k + 127) / 255)
	p[1] = uint8((uint32(c.G)*a + uint32(p[1])*k + 127) / 255)
	p[2] = uint8((uint32(c.B)*a + uint32(p[2])*k + 127) / 255)
	p[3] = uint8((0xff*a + uint32(p[3])*k + 127) / 255)
}

// fillRect paints the pixel rectangle b, clipped.
func (r *Renderer) fillRect(b image.Rectangle, c color.RGBA) {
	b = b.Intersect(r.clip)
	if b.Empty() || c.A == 0 {
		return
	}
	if c.A == 0xff {
		// Opaque: write the first row, copy it to the others.
		i0 := r.dst.PixOffset(b.Min.X, b.Min.Y)
		row := r.dst.Pix[i0 : i0+4*b.Dx()]
		for i := 0; i < len(row); i += 4 {
			row[i], row[i+1], row[i+2], row[i+3] = c.R, c.G, c.B, 0xff
		}
		for y := b.Min.Y + 1; y < b.Max.Y; y++ {
			copy(r.dst.Pix[r.dst.PixOffset(b.Min.X, y):], row)
		}
		return
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r.blend(x, y, c)
		}
	}
}

// fillBox paints the box [x0, x1) × [y0, y1).
func (r *Renderer) fillBox(x0, y0, x1, y1 float64, c color.RGBA) {
	r.fillRect(pixelBox(x0, y0, x1, y1), c)
}

// strokeBox outlines the box x, y, w, h with a stroke lw wide centred on
// its edges, as four non-overlapping bands (so a translucent stroke is
// blended once per pixel).
func (r *Renderer) strokeBox(x, y, w, h, lw float64, c color.RGBA) {
	hw := lw / 2
	out := pixelBox(x-hw, y-hw, x+w+hw, y+h+hw)
	in := pixelBox(x+hw, y+hw, x+w-hw, y+h-hw)
	if in.Empty() {
		r.fillRect(out, c)
		return
	}
	r.fillRect(image.Rect(out.Min.X, out.Min.Y, out.Max.X, in.Min.Y), c)
	r.fillRect(image.Rect(out.Min.X, in.Max.Y, out.Max.X, out.Max.Y), c)
	r.fillRect(image.Rect(out.Min.X, in.Min.Y, in.Min.X, in.Max.Y), c)
	r.fillRect(image.Rect(in.Max.X, in.Min.Y, out.Max.X, in.Max.Y), c)
}

// Dashes: 4 px on, 4 px off, along each edge from its start.
const (
	dashOn     = 4
	dashPeriod = 8
)

// dashBox outlines the box with dashes, edge by edge clockwise.
func (r *Renderer) dashBox(x, y, w, h, lw float64, c color.RGBA) {
	hw := lw / 2
	for s := 0.0; s < w; s += dashPeriod {
		e := math.Min(s+dashOn, w)
		r.fillBox(x+s, y-hw, x+e, y+hw, c)         // top, left to right
		r.fillBox(x+w-e, y+h-hw, x+w-s, y+h+hw, c) // bottom, right to left
	}
	for s := 0.0; s < h; s += dashPeriod {
		e := math.Min(s+dashOn, h)
		r.fillBox(x+w-hw, y+s, x+w+hw, y+e, c) // right, downwards
		r.fillBox(x-hw, y+h-e, x+hw, y+h-s, c) // left, upwards
	}
}

// hatched reports whether pixel (x, y) is on the diagonal hatch: lines
// running down-left every 8 px, 2 px wide along a row.
func hatched(x, y int) bool { return (x+y)&7 < 2 }

func (r *Renderer) rect(o *scene.Op) {
	x, y, w, h := f(o.X), f(o.Y), f(o.W), f(o.H)
	if o.Style&scene.Fill != 0 {
		r.fillBox(x, y, x+w, y+h, o.Fill)
	}
	if o.Style&scene.Hatch != 0 {
		b := pixelBox(x, y, x+w, y+h).Intersect(r.clip)
		for py := b.Min.Y; py < b.Max.Y; py++ {
			for px := b.Min.X; px < b.Max.X; px++ {
				if hatched(px, py) {
					r.blend(px, py, o.Stroke)
				}
			}
		}
	}
	if o.Style&scene.Stroke == 0 {
		return
	}
	lw := strokeWidth(o.Width)
	if o.Style&scene.Dashed != 0 {
		r.dashBox(x, y, w, h, lw, o.Stroke)
	} else {
		r.strokeBox(x, y, w, h, lw, o.Stroke)
	}
	if o.Style&scene.Double != 0 && w > 6*lw && h > 6*lw {
		r.strokeBox(x+3*lw, y+3*lw, w-6*lw, h-6*lw, lw, o.Stroke)
	}
}

// line paints the segment (x0, y0)-(x1, y1), lw wide, butt-capped: the
// rectangle around it, scanned row by row.
func (r *Renderer) line(x0, y0, x1, y1, lw float64, c color.RGBA) {
	dx, dy := x1-x0, y1-y0
	l := math.Hypot(dx, dy)
	if l == 0 || c.A == 0 {
		return
	}
	nx, ny := -dy/l*lw/2, dx/l*lw/2
	q := [4][2]float64{{x0 + nx, y0 + ny}, {x1 + nx, y1 + ny}, {x1 - nx, y1 - ny}, {x0 - nx, y0 - ny}}
	r.fillConvex(q[:], c)
}

// fillConvex paints the convex polygon p: each row's pixels whose centres
// lie between the row centre's crossings of the polygon's edges.
func (r *Renderer) fillConvex(p [][2]float64, c color.RGBA) {
	ymin, ymax := p[0][1], p[0][1]
	for _, v := range p[1:] {
		ymin, ymax = math.Min(ymin, v[1]), math.Max(ymax, v[1])
	}
	y0, y1 := max(edge(ymin), r.clip.Min.Y), min(edge(ymax), r.clip.Max.Y)
	for py := y0; py < y1; py++ {
		yc := float64(py) + 0.5
		xl, xr := math.Inf(1), math.Inf(-1)
		for i := range p {
			a, b := p[i], p[(i+1)%len(p)]
			if a[1] == b[1] || yc < math.Min(a[1], b[1]) || yc >= math.Max(a[1], b[1]) {
				continue
			}
			x := a[0] + (yc-a[1])*(b[0]-a[0])/(b[1]-a[1])
			xl, xr = math.Min(xl, x), math.Max(xr, x)
		}
		if xl < xr {
			r.fillRect(image.Rect(edge(xl), py, edge(xr), py+1), c)
		}
	}
}

// sector is an annular sector: centre, radii [r0, r1), angles a0..a0+span
// clockwise from +x (y grows downwards, so atan2 measures clockwise).
type sector struct {
	cx, cy, r0, r1, a0, span float64
}

// contains reports whether (x, y) lies in the sector grown by g px on every
// side (shrunk when g < 0). The radial sides move by g/r radians at radius
// r, which is g px along the arc.
func (s *sector) contains(x, y, g float64) bool {
	dx, dy := x-s.cx, y-s.cy
	d := math.Hypot(dx, dy)
	if d < s.r0-g || d >= s.r1+g {
		return false
	}
	if s.span >= 2*math.Pi {
		return true
	}
	da := 0.0
	if d > 0 {
		da = g / d
	}
	span := s.span + 2*da
	if span >= 2*math.Pi {
		return true
	}
	if span <= 0 {
		return false
	}
	rel := math.Mod(math.Atan2(dy, dx)-(s.a0-da), 2*math.Pi)
	if rel < 0 {
		rel += 2 * math.Pi
	}
	return rel < span
}

// bounds is the pixel box that holds the sector grown by g: the ends of
// its outer and inner arcs and whichever axis extremes its angles include.
func (s *sector) bounds(g float64) image.Rectangle {
	ro, ri := s.r1+g+1, math.Max(s.r0-g-1, 0)
	if s.span >= 2*math.Pi || ro <= 0 {
		return pixelBox(s.cx-ro, s.cy-ro, s.cx+ro, s.cy+ro)
	}
	// Grow the angles generously: at the inner radius g px is the most
	// angle; use the whole circle when that is more than a turn.
	da := math.Pi
	if ri > 1 {
		da = math.Min((math.Abs(g)+2)/ri, math.Pi)
	}
	a0, a1 := s.a0-da, s.a0+s.span+da
	if a1-a0 >= 2*math.Pi {
		return pixelBox(s.cx-ro, s.cy-ro, s.cx+ro, s.cy+ro)
	}
	xmin, ymin, xmax, ymax := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	add := func(a, rad float64) {
		x, y := s.cx+rad*math.Cos(a), s.cy+rad*math.Sin(a)
		xmin, xmax = math.Min(xmin, x), math.Max(xmax, x)
		ymin, ymax = math.Min(ymin, y), math.Max(ymax, y)
	}
	add(a0, ro)
	add(a0, ri)
	add(a1, ro)
	add(a1, ri)
	for k := math.Ceil(a0 / (math.Pi / 2)); k*(math.Pi/2) <= a1; k++ {
		add(k*(math.Pi/2), ro)
	}
	return pixelBox(xmin-1, ymin-1, xmax+1, ymax+1)
}

// arc paints an annular sector: fill, hatch over it, then its outline
// (the band within lw/2 of its boundary).
func (r *Renderer) arc(o *scene.Op) {
	s := sector{cx: f(o.X), cy: f(o.Y), r0: f(o.R0), r1: f(o.R1), a0: f(o.A0), span: f(o.A1) - f(o.A0)}
	if s.span < 0 {
		s.a0, s.span = f(o.A1), -s.span
	}
	if s.r1 <= s.r0 || s.r1 <= 0 {
		return
	}
	if o.Style&(scene.Fill|scene.Hatch) != 0 {
		b := s.bounds(0).Intersect(r.clip)
		for py := b.Min.Y; py < b.Max.Y; py++ {
			for px := b.Min.X; px < b.Max.X; px++ {
				if !s.contains(float64(px)+0.5, float64(py)+0.5, 0) {
					continue
				}
				if o.Style&scene.Fill != 0 {
					r.blend(px, py, o.Fill)
				}
				if o.Style&scene.Hatch != 0 && hatched(px, py) {
					r.blend(px, py, o.Stroke)
				}
			}
		}
	}
	if o.Style&scene.Stroke != 0 {
		hw := strokeWidth(o.Width) / 2
		b := s.bounds(hw).Intersect(r.clip)
		for py := b.Min.Y; py < b.Max.Y; py++ {
			for px := b.Min.X; px < b.Max.X; px++ {
				x, y := float64(px)+0.5, float64(py)+0.5
				if s.contains(x, y, hw) && !s.contains(x, y, -hw) {
					r.blend(px, py, o.Stroke)
				}
			}
		}
	}
}

// text paints a text op with the 5x7 font. A glyph cell is advance×7 font
// pixels of scale Size/10 screen pixels, the glyph's 7 rows centred in the
// Size px line. Bold thickens every stroke by one screen pixel to the
// right.
func (r *Renderer) text(o *scene.Op, b []byte) {
	if len(b) == 0 || o.Size <= 0 || o.Fill.A == 0 {
		return
	}
	size := f(o.Size)
	sc := size / 10
	n := utf8.RuneCount(b)
	x := f(o.X)
	switch o.Align {
	case scene.Center:
		x -= float64(n*advance) * sc / 2
	case scene.Right:
		x -= float64(n*advance) * sc
	}
	top := f(o.Y) + (size-glyphRows*sc)/2
	rows := pixelBox(0, top, 0, top+glyphRows*sc)
	y0, y1 := max(rows.Min.Y, r.clip.Min.Y), min(rows.Max.Y, r.clip.Max.Y)
	if y0 >= y1 {
		return
	}
	bold := 0
	if o.Style&scene.Bold != 0 {
		bold = 1
	}
	// fontCol maps a screen column to the glyph column it shows (-1 in the
	// gap or outside).
	fontCol := func(px int, gx float64) int {
		c := int(math.Floor((float64(px) + 0.5 - gx) / sc))
		if c < 0 || c >= glyphCols {
			return -1
		}
		return c
	}
	for i := 0; len(b) > 0; i++ {
		ru, w := utf8.DecodeRune(b)
		b = b[w:]
		gx := x + float64(i*advance)*sc
		if ru == ' ' {
			continue
		}
		g := glyph(ru)
		cols := pixelBox(gx, 0, gx+glyphCols*sc, 0)
		x0, x1 := max(cols.Min.X, r.clip.Min.X), min(cols.Max.X+bold, r.clip.Max.X)
		for py := y0; py < y1; py++ {
			row := int(math.Floor((float64(py) + 0.5 - top) / sc))
			row = min(max(row, 0), glyphRows-1)
			bit := byte(1) << row
			for px := x0; px < x1; px++ {
				on := false
				if c := fontCol(px, gx); c >= 0 && g[c]&bit != 0 {
					on = true
				} else if bold == 1 {
					if c := fontCol(px-1, gx); c >= 0 && g[c]&bit != 0 {
						on = true
					}
				}
				if on {
					r.blend(px, py, o.Fill)
				}
			}
		}
	}
}
