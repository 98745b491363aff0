package ebitenui

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/ebitenutil"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"github.com/smmuplay/smmuplay/render/scene"
)

// renderer executes display lists. It keeps its scratch buffers so a frame
// allocates nothing once they have grown. No anti-aliasing: software WebGL
// in headless browsers is slow and the shapes are axis-aligned.
type renderer struct {
	white *ebiten.Image
	path  vector.Path
	vs    []ebiten.Vertex
	is    []uint16
	clips []image.Rectangle
	// scratch is where a text is printed in white before it is drawn
	// tinted. (Caching a texture per distinct text made first frames ten
	// times slower under software GL.)
	scratch *ebiten.Image
	imgOp   ebiten.DrawImageOptions
	triOp   ebiten.DrawTrianglesOptions
}

// Ebiten's debug font cell.
const (
	glyphW = 6
	glyphH = 16
)

func (r *renderer) init() {
	if r.white != nil {
		return
	}
	w := ebiten.NewImage(3, 3)
	w.Fill(color.White)
	r.white = w.SubImage(image.Rect(1, 1, 2, 2)).(*ebiten.Image)
	r.scratch = ebiten.NewImage(256*glyphW, glyphH)
}

func (r *renderer) draw(screen *ebiten.Image, dl *scene.DisplayList) {
	r.init()
	r.clips = r.clips[:0]
	dst := screen
	for i := range dl.Ops {
		o := &dl.Ops[i]
		switch o.Kind {
		case scene.OpClip:
			rc := image.Rect(int(o.X), int(o.Y), int(o.X+o.W), int(o.Y+o.H))
			if n := len(r.clips); n > 0 {
				rc = rc.Intersect(r.clips[n-1])
			}
			r.clips = append(r.clips, rc)
			dst = screen.SubImage(rc).(*ebiten.Image)
		case scene.OpUnclip:
			if n := len(r.clips); n > 0 {
				r.clips = r.clips[:n-1]
			}
			dst = screen
			if n := len(r.clips); n > 0 {
				dst = screen.SubImage(r.clips[n-1]).(*ebiten.Image)
			}
		case scene.OpRect:
			r.rect(dst, o)
		case scene.OpLine:
			vector.StrokeLine(dst, o.X, o.Y, o.X2, o.Y2, max(o.Width, 1), o.Stroke, false)
		case scene.OpArc:
			r.arc(dst, o)
		case scene.OpText:
			r.text(dst, o, dl.TextOf(o))
		}
	}
}

func (r *renderer) rect(dst *ebiten.Image, o *scene.Op) {
	if o.Style&scene.Fill != 0 {
		vector.DrawFilledRect(dst, o.X, o.Y, o.W, o.H, o.Fill, false)
	}
	if o.Style&scene.Hatch != 0 {
		// Diagonal hatch, clipped to the box: quarantine is visible
		// without colour.
		sub := dst.SubImage(image.Rect(int(o.X), int(o.Y), int(o.X+o.W), int(o.Y+o.H))).(*ebiten.Image)
		for d := float32(0); d < o.W+o.H; d += 8 {
			vector.StrokeLine(sub, o.X+d, o.Y, o.X+d-o.H, o.Y+o.H, 1, o.Stroke, false)
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
				vector.StrokeLine(dst, x0+(x1-x0)*s/l, y0+(y1-y0)*s/l, x0+(x1-x0)*e/l, y0+(y1-y0)*e/l, w, o.Stroke, false)
			}
		}
		dash(o.X, o.Y, o.X+o.W, o.Y)
		dash(o.X+o.W, o.Y, o.X+o.W, o.Y+o.H)
		dash(o.X+o.W, o.Y+o.H, o.X, o.Y+o.H)
		dash(o.X, o.Y+o.H, o.X, o.Y)
	} else {
		vector.StrokeRect(dst, o.X, o.Y, o.W, o.H, w, o.Stroke, false)
	}
	if o.Style&scene.Double != 0 {
		vector.StrokeRect(dst, o.X+3*w, o.Y+3*w, o.W-6*w, o.H-6*w, w, o.Stroke, false)
	}
}

// arc fills or strokes an annular sector (a queue slot).
func (r *renderer) arc(dst *ebiten.Image, o *scene.Op) {
	p := &r.path
	*p = vector.Path{}
	p.Arc(o.X, o.Y, o.R1, o.A0, o.A1, vector.Clockwise)
	p.Arc(o.X, o.Y, o.R0, o.A1, o.A0, vector.CounterClockwise)
	p.Close()
	if o.Style&scene.Fill != 0 {
		r.vs, r.is = p.AppendVerticesAndIndicesForFilling(r.vs[:0], r.is[:0])
		r.triangles(dst, o.Fill, true)
	}
	if o.Style&scene.Stroke != 0 {
		r.vs, r.is = p.AppendVerticesAndIndicesForStroke(r.vs[:0], r.is[:0], &vector.StrokeOptions{Width: max(o.Width, 1)})
		r.triangles(dst, o.Stroke, false)
	}
}

func (r *renderer) triangles(dst *ebiten.Image, c color.RGBA, fill bool) {
	cr, cg, cb, ca := float32(c.R)/255, float32(c.G)/255, float32(c.B)/255, float32(c.A)/255
	for i := range r.vs {
		r.vs[i].SrcX, r.vs[i].SrcY = 1, 1
		r.vs[i].ColorR, r.vs[i].ColorG, r.vs[i].ColorB, r.vs[i].ColorA = cr, cg, cb, ca
	}
	op := &r.triOp
	op.FillRule = ebiten.FillRuleFillAll
	if fill {
		op.FillRule = ebiten.FillRuleNonZero
	}
	dst.DrawTriangles(r.vs, r.is, r.white, op)
}

// text draws with Ebiten's debug font, tinted: the font is white, so it is
// printed on a scratch image and drawn through a colour scale.
func (r *renderer) text(dst *ebiten.Image, o *scene.Op, b []byte) {
	if len(b) == 0 {
		return
	}
	if len(b) > 256 {
		b = b[:256]
	}
	r.scratch.Clear()
	ebitenutil.DebugPrintAt(r.scratch, string(b), 0, -2)
	img := r.scratch.SubImage(image.Rect(0, 0, len(b)*glyphW, glyphH)).(*ebiten.Image)
	scale := float64(o.Size) / glyphH * 1.25
	w := float64(len(b)*glyphW) * scale
	x := float64(o.X)
	switch o.Align {
	case scene.Center:
		x -= w / 2
	case scene.Right:
		x -= w
	}
	op := &r.imgOp
	op.GeoM.Reset()
	op.ColorScale.Reset()
	op.GeoM.Scale(scale, scale)
	op.GeoM.Translate(x, float64(o.Y))
	op.ColorScale.ScaleWithColor(o.Fill)
	dst.DrawImage(img, op)
}

// help draws the keyboard overlay.
func (r *renderer) help(screen *ebiten.Image) {
	vector.DrawFilledRect(screen, 380, 200, 520, 220, color.RGBA{0, 0, 0, 220}, false)
	ebitenutil.DebugPrintAt(screen, "Space  play / pause\n->     step\n<-     step back\n.      step (presenter remote)\nclick  inspect\nwheel  zoom, drag: pan\nt      light / dark\nm      reduced motion\n?      this help", 400, 216)
}
