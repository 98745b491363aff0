// Package raster paints a display list (render/display) into an
// *image.RGBA in pure Go, without a GPU, so that the golden key frames and
// PNG exports are a function of the list alone and match what the browser
// shows up to rounding:
//
//   - Shapes are the anti-aliased, feathered triangles of render/tess, the
//     same the browser draws. A triangle covers the pixels whose centres
//     (x+0.5, y+0.5) lie inside it, with vertices snapped to 1/256 px and
//     the top-left rule for centres exactly on an edge, as GPUs do, so the
//     triangles of a mesh that share an edge neither overlap nor leave a
//     gap. Vertex colours are premultiplied and interpolated linearly at
//     pixel centres; each triangle is composited source-over in order.
//   - Text is render/font's: tess.TextOrigin places the run's pen on whole
//     device pixels, font.DrawRun rasterizes its coverage into the run's
//     box (font.RunBox), and the op's Fill is composited through it.
//   - Clips (OpClip ... OpUnclip, nested) are boxes of whole device pixels,
//     like a GPU scissor or a sub-image: tess.ClipRect rounds each edge to
//     the nearest pixel. An unbalanced list is tolerated: extra unclips
//     are ignored, open clips end with the list.
//   - Blending is straight-alpha source colour over the premultiplied
//     destination: dst = src×a + dst×(1-a) per channel, in float32,
//     rounded to the nearest 8-bit value.
package raster

import (
	"image"
	"math"

	"github.com/smmuplay/smmuplay/render/display"
	"github.com/smmuplay/smmuplay/render/font"
	"github.com/smmuplay/smmuplay/render/tess"
)

// Renderer draws display lists. The zero value is ready; it keeps its
// scratch (clip stack, mesh, text mask) between calls, so drawing a frame
// allocates nothing once they have grown.
type Renderer struct {
	clips []image.Rectangle
	clip  image.Rectangle // the current clip, within dst.Rect
	mesh  tess.Mesh
	mask  image.Alpha
}

// Size is the device-pixel size of dl's canvas: ceil(W×Scale) by
// ceil(H×Scale), the products in float32, Scale 0 or less meaning 1.
func Size(dl *display.List) (w, h int) {
	s := scale(dl)
	dim := func(v float32) int {
		v *= s
		if !(v > 0) {
			return 0
		}
		return int(math.Ceil(float64(min(v, 1<<24))))
	}
	return dim(dl.W), dim(dl.H)
}

func scale(dl *display.List) float32 {
	s := dl.Scale
	if !(s > 0) || math.IsInf(float64(s), 0) {
		return 1
	}
	return s
}

// Render draws dl on a new image of Size(dl) device pixels.
func Render(dl *display.List) *image.RGBA {
	w, h := Size(dl)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	var r Renderer
	r.Draw(img, dl)
	return img
}

// Draw paints dl's ops over dst in order, at dl.Scale device px per CSS
// px, with the canvas's origin at dst's (0, 0).
func (r *Renderer) Draw(dst *image.RGBA, dl *display.List) {
	s := scale(dl)
	r.clips = r.clips[:0]
	r.clip = dst.Rect
	for i := range dl.Ops {
		o := &dl.Ops[i]
		switch o.Kind {
		case display.OpClip:
			r.clips = append(r.clips, r.clip)
			r.clip = r.clip.Intersect(tess.ClipRect(o, s))
		case display.OpUnclip:
			if n := len(r.clips); n > 0 {
				r.clip = r.clips[n-1]
				r.clips = r.clips[:n-1]
			}
		case display.OpText:
			if r.clip.Empty() {
				continue
			}
			lo, hi := int(o.Span.Off), int(o.Span.End)
			if lo < 0 || hi > len(dl.Text) || lo >= hi {
				continue
			}
			r.text(dst, o, dl.Text[lo:hi], s)
		case display.OpRect, display.OpLine, display.OpArc, display.OpPath:
			if r.clip.Empty() {
				continue
			}
			r.mesh.Reset()
			r.mesh.Op(o, dl.Pts, s)
			DrawMesh(dst, r.clip, &r.mesh)
		}
	}
}

// text composites a text op's run: the coverage font.DrawRun paints into
// the run's box (font.RunBox, the pen font.RunPadX px from its left
// edge), the pen placed by tess.TextOrigin.
func (r *Renderer) text(dst *image.RGBA, o *display.Op, b []byte, s float32) {
	if o.Fill.A == 0 {
		return
	}
	x, baseline, size, track, ok := tess.TextOrigin(o, b, s)
	if !ok {
		return
	}
	w, h, bl := font.RunBox(o.Face, size, track, b)
	if w <= 0 || h <= 0 {
		return
	}
	// The run's box on dst, and the part of it inside the clip: only
	// that part is rasterized, in dst's coordinates (the pen at (x,
	// baseline) is RunPadX px into the box, as the browser draws it).
	ox, oy := int(x)-font.RunPadX, int(baseline)-bl
	box := image.Rect(ox, oy, ox+w, oy+h).Intersect(r.clip)
	if box.Empty() {
		return
	}
	m := &r.mask
	n := box.Dx() * box.Dy()
	if cap(m.Pix) < n {
		m.Pix = make([]uint8, n)
	}
	m.Pix = m.Pix[:n]
	clear(m.Pix)
	m.Stride, m.Rect = box.Dx(), box
	font.DrawRun(m, x, baseline, o.Face, size, track, b)

	c := tess.RGBA(o.Fill)
	for y := box.Min.Y; y < box.Max.Y; y++ {
		mrow := m.Pix[(y-box.Min.Y)*m.Stride : (y-box.Min.Y+1)*m.Stride]
		i := dst.PixOffset(box.Min.X, y)
		for _, cov := range mrow {
			if cov != 0 {
				a := c.A * float32(cov) / 255
				over(dst.Pix[i:i+4:i+4], c.R*a, c.G*a, c.B*a, a)
			}
			i += 4
		}
	}
}

// over composites premultiplied colour (r, g, b, a), components 0..1,
// onto pixel p.
func over(p []uint8, r, g, b, a float32) {
	if a >= 1 {
		p[0], p[1], p[2], p[3] = unit8(r), unit8(g), unit8(b), 0xff
		return
	}
	k := (1 - a) / 255
	p[0] = unit8(r + float32(p[0])*k)
	p[1] = unit8(g + float32(p[1])*k)
	p[2] = unit8(b + float32(p[2])*k)
	p[3] = unit8(a + float32(p[3])*k)
}

// unit8 maps 0..1 to the nearest of 0..255.
func unit8(v float32) uint8 {
	v = v*255 + 0.5
	if !(v > 0) {
		return 0
	}
	if v >= 255 {
		return 255
	}
	return uint8(v)
}
