package ebitenui

import (
	"image"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/smmuplay/smmuplay/render/display"
	"github.com/smmuplay/smmuplay/render/tess"
)

// renderer executes display lists as a few large DrawTriangles calls.
// Shapes are render/tess's anti-aliased, vertex-coloured triangles
// sampling a white texel; every text is one quad sampling its run,
// rasterised once by render/font into the runs atlas (which holds the
// white texel too). A frame is then one batch per clip region, whatever
// it shows: software WebGL (SwiftShader on two cores) pays for every draw
// call and far more for every render-target switch. Scratch buffers are
// kept, so a steady-state frame allocates nothing.
type renderer struct {
	runs  runAtlas
	mesh  tess.Mesh
	vs    []ebiten.Vertex
	is    []uint16
	dst   *ebiten.Image // where the current batch goes (a clip is a sub-image)
	clips []image.Rectangle
	triOp ebiten.DrawTrianglesOptions
	trace func(string) // Game.Trace
	drawn bool         // a frame was drawn (its milestones are past)
}

// white is a texel inside the atlas' white block.
const whiteX, whiteY = 2, 2

func (r *renderer) draw(screen *ebiten.Image, dl *display.List) {
	r.runs.init()
	s := dl.Scale
	if s <= 0 {
		s = 1
	}
	// Every text of the frame as a run in the atlas first, so the frame
	// is drawn from one source image.
	r.runs.prepare(dl, s)
	if !r.drawn {
		r.drawn = true
		if r.trace != nil {
			r.trace("atlas")
		}
	}
	r.clips = r.clips[:0]
	r.dst = screen
	r.vs, r.is = r.vs[:0], r.is[:0]
	for i := range dl.Ops {
		o := &dl.Ops[i]
		if i == 0 && o.Kind == display.OpRect && o.Style == display.Fill && o.Fill.A == 0xff && o.R0 == 0 && covers(o, s, screen.Bounds()) {
			// The background: a clear is far cheaper than shading every
			// pixel (New turns Ebiten's own clear off).
			screen.Fill(o.Fill)
			continue
		}
		switch o.Kind {
		case display.OpClip:
			r.flush()
			rc := image.Rect(round(o.X*s), round(o.Y*s), round((o.X+o.W)*s), round((o.Y+o.H)*s))
			if n := len(r.clips); n > 0 {
				rc = rc.Intersect(r.clips[n-1])
			} else {
				rc = rc.Intersect(screen.Bounds())
			}
			r.clips = append(r.clips, rc)
			r.dst = screen.SubImage(rc).(*ebiten.Image)
		case display.OpUnclip:
			r.flush()
			if n := len(r.clips); n > 0 {
				r.clips = r.clips[:n-1]
			}
			r.dst = screen
			if n := len(r.clips); n > 0 {
				r.dst = screen.SubImage(r.clips[n-1]).(*ebiten.Image)
			}
		case display.OpText:
			r.text(o, dl, s)
		default:
			r.mesh.Reset()
			r.mesh.Op(o, dl.Pts, s)
			r.add(&r.mesh)
		}
	}
	r.flush()
}

func round(v float32) int { return int(math.Floor(float64(v) + 0.5)) }

func covers(o *display.Op, s float32, b image.Rectangle) bool {
	return o.X*s <= float32(b.Min.X) && o.Y*s <= float32(b.Min.Y) && (o.X+o.W)*s >= float32(b.Max.X) && (o.Y+o.H)*s >= float32(b.Max.Y)
}

// add appends a mesh's triangles to the batch.
func (r *renderer) add(m *tess.Mesh) {
	if len(m.I) == 0 {
		return
	}
	if len(r.vs)+len(m.V) > ebiten.MaxVertexCount {
		r.flush()
	}
	base := uint16(len(r.vs))
	for _, v := range m.V {
		r.vs = append(r.vs, ebiten.Vertex{DstX: v.X, DstY: v.Y, SrcX: whiteX, SrcY: whiteY, ColorR: v.R, ColorG: v.G, ColorB: v.B, ColorA: v.A})
	}
	for _, i := range m.I {
		r.is = append(r.is, base+i)
	}
}

// text adds a text's run as one quad, tinted by vertex colour.
func (r *renderer) text(o *display.Op, dl *display.List, s float32) {
	b := dl.TextOf(o)
	x, baseline, size, track, ok := tess.TextOrigin(o, b, s)
	if !ok {
		return
	}
	e, ok := r.runs.lookup(o.Face, size, track, b)
	if !ok {
		return // did not fit the atlas: dropped rather than drawn wrong
	}
	if len(r.vs)+4 > ebiten.MaxVertexCount {
		r.flush()
	}
	c := tess.RGBA(o.Fill)
	x0, y0 := x-float32(e.padX), baseline-float32(e.baseline)
	x1, y1 := x0+float32(e.w), y0+float32(e.h)
	sx0, sy0 := float32(e.x), float32(e.y)
	sx1, sy1 := sx0+float32(e.w), sy0+float32(e.h)
	v := uint16(len(r.vs))
	r.vs = append(r.vs,
		ebiten.Vertex{DstX: x0, DstY: y0, SrcX: sx0, SrcY: sy0, ColorR: c.R, ColorG: c.G, ColorB: c.B, ColorA: c.A},
		ebiten.Vertex{DstX: x1, DstY: y0, SrcX: sx1, SrcY: sy0, ColorR: c.R, ColorG: c.G, ColorB: c.B, ColorA: c.A},
		ebiten.Vertex{DstX: x1, DstY: y1, SrcX: sx1, SrcY: sy1, ColorR: c.R, ColorG: c.G, ColorB: c.B, ColorA: c.A},
		ebiten.Vertex{DstX: x0, DstY: y1, SrcX: sx0, SrcY: sy1, ColorR: c.R, ColorG: c.G, ColorB: c.B, ColorA: c.A})
	r.is = append(r.is, v, v+1, v+2, v, v+2, v+3)
}

// flush draws the batch into the current destination.
func (r *renderer) flush() {
	if len(r.is) == 0 {
		return
	}
	r.dst.DrawTriangles(r.vs, r.is, r.runs.img, &r.triOp)
	r.vs, r.is = r.vs[:0], r.is[:0]
}
