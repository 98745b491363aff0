package ebitenui

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/ebitenutil"

	"github.com/smmuplay/smmuplay/render/scene"
)

// renderer executes display lists as a few large DrawTriangles calls.
// Every shape and every glyph is a set of triangles sampling one atlas
// image (the debug font's glyphs in white plus a white texel for plain
// colours), tinted by vertex colour, so a frame is one batch per clip
// region instead of thousands of draw calls and render-target switches:
// software WebGL (SwiftShader, two cores) pays dearly for each switch.
// No anti-aliasing; shapes are axis-aligned or small. Scratch buffers are
// kept, so a steady-state frame allocates nothing.
type renderer struct {
	atlas *ebiten.Image // glyphs
	src   *ebiten.Image // this frame's source: the runs atlas, or atlas as a fallback
	runs  runCache
	vs    []ebiten.Vertex
	is    []uint16
	dst   *ebiten.Image // where the current batch goes (a clip is a sub-image)
	clips []image.Rectangle
	triOp ebiten.DrawTrianglesOptions
}

// The glyph atlas: a white texel block at its origin, then the debug
// font's glyphs (6×16 cells) for ASCII 32..126 in one row, each in an
// 8-pixel cell so scaled sampling at a glyph's edge never picks up its
// neighbour. The runs atlas (runs.go) has the same white block.
const (
	glyphW     = 6
	glyphH     = 16
	pitch      = glyphW + 2
	firstGlyph = 32
	lastGlyph  = 126
	glyph0     = 8 // x of the first glyph cell
	atlasW     = glyph0 + (lastGlyph-firstGlyph+1)*pitch
)

func (r *renderer) init() {
	if r.atlas != nil {
		return
	}
	r.atlas = ebiten.NewImage(atlasW, glyphH)
	buf := make([]byte, 0, 1)
	for c := firstGlyph; c <= lastGlyph; c++ {
		buf = append(buf[:0], byte(c))
		ebitenutil.DebugPrintAt(r.atlas, string(buf), glyph0+(c-firstGlyph)*pitch+1, 0)
	}
	r.atlas.SubImage(image.Rect(0, 0, 4, 4)).(*ebiten.Image).Fill(color.White)
	r.runs.init()
}

func (r *renderer) draw(screen *ebiten.Image, dl *scene.DisplayList) {
	r.init()
	// Every string of the frame as one cached run: a text is then one
	// quad, not one per character (triangle setup is what software GL
	// pays for). If the frame's strings do not fit, glyphs it is.
	r.src = r.atlas
	if r.runs.prepare(dl, r.atlas) {
		r.src = r.runs.img
	}
	r.clips = r.clips[:0]
	r.dst = screen
	r.vs, r.is = r.vs[:0], r.is[:0]
	for i := range dl.Ops {
		o := &dl.Ops[i]
		if i == 0 && o.Kind == scene.OpRect && o.Style == scene.Fill && o.Fill.A == 0xff && covers(o, screen.Bounds()) {
			// The background: a clear is far cheaper than shading
			// every pixel (Game.Layout turns Ebiten's own clear off).
			screen.Fill(o.Fill)
			continue
		}
		switch o.Kind {
		case scene.OpClip:
			r.flush()
			rc := image.Rect(int(o.X), int(o.Y), int(o.X+o.W), int(o.Y+o.H))
			if n := len(r.clips); n > 0 {
				rc = rc.Intersect(r.clips[n-1])
			}
			r.clips = append(r.clips, rc)
			r.dst = screen.SubImage(rc).(*ebiten.Image)
		case scene.OpUnclip:
			r.flush()
			if n := len(r.clips); n > 0 {
				r.clips = r.clips[:n-1]
			}
			r.dst = screen
			if n := len(r.clips); n > 0 {
				r.dst = screen.SubImage(r.clips[n-1]).(*ebiten.Image)
			}
		case scene.OpRect:
			r.rect(o)
		case scene.OpLine:
			r.line(o.X, o.Y, o.X2, o.Y2, max(o.Width, 1), o.Stroke)
		case scene.OpArc:
			r.arc(o)
		case scene.OpText:
			r.text(o, dl.TextOf(o))
		}
	}
	r.flush()
}

func covers(o *scene.Op, b image.Rectangle) bool {
	return o.X <= float32(b.Min.X) && o.Y <= float32(b.Min.Y) && o.X+o.W >= float32(b.Max.X) && o.Y+o.H >= float32(b.Max.Y)
}

// flush draws the batch into the current destination.
func (r *renderer) flush() {
	if len(r.is) == 0 {
		return
	}
	r.dst.DrawTriangles(r.vs, r.is, r.src, &r.triOp)
	r.vs, r.is = r.vs[:0], r.is[:0]
}

// room flushes first when n more vertices would not fit one call.
func (r *renderer) room(n int) {
	if len(r.vs)+n > ebiten.MaxVertexCount {
		r.flush()
	}
}

func vertex(x, y, sx, sy float32, c color.RGBA) ebiten.Vertex {
	// Premultiplied colour scale of a white (or white-glyph) texel.
	a := float32(c.A) / 255
	return ebiten.Vertex{DstX: x, DstY: y, SrcX: sx, SrcY: sy,
		ColorR: float32(c.R) / 255, ColorG: float32(c.G) / 255, ColorB: float32(c.B) / 255, ColorA: a}
}

// quad adds the quadrilateral p0 p1 p2 p3 (in order) sampling the white texel.
func (r *renderer) quad(x0, y0, x1, y1, x2, y2, x3, y3 float32, c color.RGBA) {
	r.room(4)
	const wx, wy = 1, 1 // inside both atlases' white block
	b := uint16(len(r.vs))
	r.vs = append(r.vs, vertex(x0, y0, wx, wy, c), vertex(x1, y1, wx, wy, c), vertex(x2, y2, wx, wy, c), vertex(x3, y3, wx, wy, c))
	r.is = append(r.is, b, b+1, b+2, b, b+2, b+3)
}

func (r *renderer) box(x, y, w, h float32, c color.RGBA) {
	if w <= 0 || h <= 0 {
		return
	}
	r.quad(x, y, x+w, y, x+w, y+h, x, y+h, c)
}

// line adds a segment w wide (a quad along it).
func (r *renderer) line(x0, y0, x1, y1, w float32, c color.RGBA) {
	dx, dy := x1-x0, y1-y0
	l := float32(math.Hypot(float64(dx), float64(dy)))
	if l == 0 {
		return
	}
	nx, ny := -dy/l*w/2, dx/l*w/2
	r.quad(x0+nx, y0+ny, x1+nx, y1+ny, x1-nx, y1-ny, x0-nx, y0-ny, c)
}

func (r *renderer) rect(o *scene.Op) {
	if o.Style&scene.Fill != 0 {
		r.box(o.X, o.Y, o.W, o.H, o.Fill)
	}
	if o.Style&scene.Hatch != 0 {
		// Diagonal hatch clipped to the box: quarantine is visible
		// without colour.
		for d := float32(0); d < o.W+o.H; d += 8 {
			if x0, y0, x1, y1, ok := clipSegment(o.X+d, o.Y, o.X+d-o.H, o.Y+o.H, o.X, o.Y, o.X+o.W, o.Y+o.H); ok {
				r.line(x0, y0, x1, y1, 1, o.Stroke)
			}
		}
	}
	if o.Style&scene.Stroke == 0 {
		return
	}
	w := max(o.Width, 1)
	if o.Style&scene.Dashed != 0 {
		dash := func(x0, y0, x1, y1 float32) {
			l := float32(math.Hypot(float64(x1-x0), float64(y1-y0)))
			for s := float32(0); s < l; s += 8 {
				e := min(s+4, l)
				r.line(x0+(x1-x0)*s/l, y0+(y1-y0)*s/l, x0+(x1-x0)*e/l, y0+(y1-y0)*e/l, w, o.Stroke)
			}
		}
		dash(o.X, o.Y, o.X+o.W, o.Y)
		dash(o.X+o.W, o.Y, o.X+o.W, o.Y+o.H)
		dash(o.X+o.W, o.Y+o.H, o.X, o.Y+o.H)
		dash(o.X, o.Y+o.H, o.X, o.Y)
	} else {
		r.frame(o.X, o.Y, o.W, o.H, w, o.Stroke)
	}
	if o.Style&scene.Double != 0 {
		r.frame(o.X+3*w, o.Y+3*w, o.W-6*w, o.H-6*w, w, o.Stroke)
	}
}

// frame strokes a box's outline centred on its edges, w wide.
func (r *renderer) frame(x, y, bw, bh, w float32, c color.RGBA) {
	h := w / 2
	r.box(x-h, y-h, bw+w, w, c)    // top
	r.box(x-h, y+bh-h, bw+w, w, c) // bottom
	r.box(x-h, y+h, w, bh-w, c)    // left
	r.box(x+bw-h, y+h, w, bh-w, c) // right
}

// arc fills or strokes an annular sector (a queue slot) as a strip.
func (r *renderer) arc(o *scene.Op) {
	span := float64(o.A1 - o.A0)
	n := max(1, int(math.Ceil(math.Abs(span)/(math.Pi/48))))
	pt := func(rad float32, k int) (float32, float32) {
		a := float64(o.A0) + span*float64(k)/float64(n)
		return o.X + rad*float32(math.Cos(a)), o.Y + rad*float32(math.Sin(a))
	}
	if o.Style&scene.Fill != 0 {
		for k := 0; k < n; k++ {
			ax, ay := pt(o.R0, k)
			bx, by := pt(o.R1, k)
			cx, cy := pt(o.R1, k+1)
			dx, dy := pt(o.R0, k+1)
			r.quad(ax, ay, bx, by, cx, cy, dx, dy, o.Fill)
		}
	}
	if o.Style&scene.Stroke != 0 {
		w := max(o.Width, 1)
		for k := 0; k < n; k++ {
			ax, ay := pt(o.R1, k)
			bx, by := pt(o.R1, k+1)
			r.line(ax, ay, bx, by, w, o.Stroke)
			ax, ay = pt(o.R0, k)
			bx, by = pt(o.R0, k+1)
			r.line(ax, ay, bx, by, w, o.Stroke)
		}
		ax, ay := pt(o.R0, 0)
		bx, by := pt(o.R1, 0)
		r.line(ax, ay, bx, by, w, o.Stroke)
		ax, ay = pt(o.R0, n)
		bx, by = pt(o.R1, n)
		r.line(ax, ay, bx, by, w, o.Stroke)
	}
}

// text adds the string's cached run as one quad, or one glyph quad per
// byte, scaled from the 6×16 debug font and tinted by vertex colour.
func (r *renderer) text(o *scene.Op, b []byte) {
	if len(b) == 0 {
		return
	}
	if len(b) > maxRun {
		b = b[:maxRun]
	}
	scale := o.Size / glyphH * 1.25
	gw, gh := glyphW*scale, glyphH*scale
	x := o.X
	switch o.Align {
	case scene.Center:
		x -= float32(len(b)) * gw / 2
	case scene.Right:
		x -= float32(len(b)) * gw
	}
	// Whole-pixel origins keep nearest sampling the same for every string.
	x = float32(math.Round(float64(x)))
	y := float32(math.Round(float64(o.Y - 2*scale))) // the font's cell has two blank rows on top
	if r.src == r.runs.img {
		if e, ok := r.runs.m[string(b)]; ok {
			r.room(4)
			sx, sy, sw := float32(e.x), float32(e.y), float32(len(b)*glyphW)
			w := float32(len(b)) * gw
			v := uint16(len(r.vs))
			r.vs = append(r.vs,
				vertex(x, y, sx, sy, o.Fill), vertex(x+w, y, sx+sw, sy, o.Fill),
				vertex(x+w, y+gh, sx+sw, sy+glyphH, o.Fill), vertex(x, y+gh, sx, sy+glyphH, o.Fill))
			r.is = append(r.is, v, v+1, v+2, v, v+2, v+3)
		}
		return
	}
	for _, c := range b {
		if c > firstGlyph && c <= lastGlyph {
			r.room(4)
			sx := float32(glyph0 + (int(c)-firstGlyph)*pitch + 1)
			v := uint16(len(r.vs))
			r.vs = append(r.vs,
				vertex(x, y, sx, 0, o.Fill), vertex(x+gw, y, sx+glyphW, 0, o.Fill),
				vertex(x+gw, y+gh, sx+glyphW, glyphH, o.Fill), vertex(x, y+gh, sx, glyphH, o.Fill))
			r.is = append(r.is, v, v+1, v+2, v, v+2, v+3)
		}
		x += gw
	}
}

// clipSegment clips (x0,y0)-(x1,y1) to the box [bx0,bx1]×[by0,by1]
// (Liang–Barsky).
func clipSegment(x0, y0, x1, y1, bx0, by0, bx1, by1 float32) (float32, float32, float32, float32, bool) {
	t0, t1 := float32(0), float32(1)
	dx, dy := x1-x0, y1-y0
	for _, e := range [4][2]float32{{-dx, x0 - bx0}, {dx, bx1 - x0}, {-dy, y0 - by0}, {dy, by1 - y0}} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return 0, 0, 0, 0, false
			}
			continue
		}
		t := q / p
		if p < 0 {
			t0 = max(t0, t)
		} else {
			t1 = min(t1, t)
		}
		if t0 > t1 {
			return 0, 0, 0, 0, false
		}
	}
	return x0 + t0*dx, y0 + t0*dy, x0 + t1*dx, y0 + t1*dy, true
}

// help draws the keyboard overlay.
func (r *renderer) help(screen *ebiten.Image) {
	r.dst = screen
	r.src = r.atlas // the help's strings are not in the runs atlas
	r.box(380, 200, 520, 220, color.RGBA{0, 0, 0, 220})
	lines := [...]string{"Space  play / pause", "->     step", "<-     step back", ".      step (presenter remote)",
		"click  inspect", "wheel  zoom, drag: pan", "t      light / dark", "m      reduced motion", "?      this help"}
	op := scene.Op{Size: glyphH / 1.25, Fill: color.RGBA{255, 255, 255, 255}}
	for i, l := range lines {
		op.X, op.Y = 400, float32(216+i*glyphH)
		r.text(&op, []byte(l))
	}
	r.flush()
}
