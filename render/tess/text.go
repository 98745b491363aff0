package tess

import (
	"image"
	"math"

	"github.com/smmuplay/smmuplay/render/display"
	"github.com/smmuplay/smmuplay/render/font"
)

// TextOrigin places text op o (its bytes are text) at scale s, the same
// way in every renderer. It returns the run's size and track in device px
// (Size×s and Track×s, float32) and the pen's start: x, the left end of the
// run, and baseline, both whole device pixels:
//
//	w        = font.Measure(o.Face, size, track, text)
//	x        = round(o.X×s - w)      Right
//	           round(o.X×s - w/2)    Center
//	           round(o.X×s)          Left (and any other Align)
//	baseline = round((o.Y + font.Ascent(o.Face)×o.Size) × s)
//
// where round(v) is floor(v + 0.5), every product and sum is float32 and
// s is 1 when not positive. ok is false when there is nothing to draw
// (no text, a size that is not positive, a face that does not exist, or
// coordinates that are not finite or lie beyond ±2^24 px).
func TextOrigin(o *display.Op, text []byte, s float32) (x, baseline, size, track float32, ok bool) {
	if !(s > 0) || math.IsInf(float64(s), 0) {
		s = 1
	}
	if len(text) == 0 || o.Face >= font.NumFaces || !(o.Size > 0) {
		return 0, 0, 0, 0, false
	}
	size, track = o.Size*s, o.Track*s
	x = o.X * s
	if o.Align == display.Right || o.Align == display.Center {
		w := font.Measure(o.Face, size, track, text)
		if o.Align == display.Center {
			w /= 2
		}
		x -= w
	}
	baseline = (o.Y + font.Ascent(o.Face)*o.Size) * s
	const lim = 1 << 24
	if !(math.Abs(float64(x)) < lim) || !(math.Abs(float64(baseline)) < lim) || !(size < lim) || !(math.Abs(float64(track)) < lim) {
		return 0, 0, 0, 0, false
	}
	return round(x), round(baseline), size, track, true
}

// round is floor(v + 0.5).
func round(v float32) float32 { return float32(math.Floor(float64(v) + 0.5)) }

// ClipRect is the box of whole device pixels a clip op keeps at scale s
// (not positive: 1): each edge rounded to the nearest pixel,
//
//	x0 = round(o.X×s)  x1 = round((o.X+o.W)×s)
//	y0 = round(o.Y×s)  y1 = round((o.Y+o.H)×s)
//
// with round(v) = floor(v + 0.5) and the sums and products in float32. A
// box that is empty or not finite keeps nothing (the zero Rectangle).
func ClipRect(o *display.Op, s float32) image.Rectangle {
	if !(s > 0) || math.IsInf(float64(s), 0) {
		s = 1
	}
	e := func(v float32) (int, bool) {
		f := math.Floor(float64(v*s) + 0.5)
		if !(math.Abs(f) < 1<<30) {
			return 0, false
		}
		return int(f), true
	}
	x0, ok0 := e(o.X)
	y0, ok1 := e(o.Y)
	x1, ok2 := e(o.X + o.W)
	y1, ok3 := e(o.Y + o.H)
	if !ok0 || !ok1 || !ok2 || !ok3 || x1 <= x0 || y1 <= y0 {
		return image.Rectangle{}
	}
	return image.Rect(x0, y0, x1, y1)
}
