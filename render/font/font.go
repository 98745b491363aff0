// Package font is smmuplay's text: the Go fonts (Sans, Sans Bold, Mono,
// Mono Bold) as metrics and glyph outlines, measured without allocating
// and rasterised with anti-aliasing in pure Go, so the browser and the
// golden key frames draw the same pixels.
//
// # Data
//
// The metrics and outlines live in glyphs_gen.go, written by
// internal/gen from the Go fonts' TTFs (golang.org/x/image/font/gofont,
// licence in LICENSE-gofont) by
//
//	go generate ./render/font
//
// and checked against a fresh generation by TestGeneratedIsFresh. The
// package itself carries no TTF and no font parser: only those tables and
// golang.org/x/image/vector, the anti-aliasing rasteriser.
//
// Each face covers printable ASCII (U+0020..U+007E) and these others:
//
//	° ± ² ³ µ · ¹ × – — ‘ ’ “ ” • … ⁰ ⁴ ⁵ ⁶ ⁷ ⁸ ⁹ ← ↑ → ↓ ≈ ≠ ≤ ≥ ■ □ ▲ ► ▼ ◄ ○ ●
//
// (the Go fonts have no ⁱ, ✓ nor ✗). Any other rune, invalid UTF-8 (one
// '?' per bad byte) and control characters measure and draw as '?'; see
// Has. Kerning: the Go fonts carry no kerning pairs (their kern table has
// none and they have no GPOS kerning), so advances simply add up.
//
// # Units
//
// Metrics are in em. Sizes are in pixels: device pixels when a renderer
// calls DrawRun (CSS px × devicePixelRatio), CSS px when the scene calls
// Measure; everything is linear in size, with no hinting, and glyphs sit
// at their exact fractional pen positions.
//
// # Drawing
//
// DrawRun rasterises each glyph at its sub-pixel position with
// golang.org/x/image/vector and adds the coverage into an *image.Alpha
// (saturating add, so shapes that abut inside a pixel, like a run of '_',
// join without a light seam). Up to 12 px the coverage of partly covered
// pixels is raised (stem darkening, fading out by 24 px; see darken.go)
// so that thin stems at 11–13 px do not wash out. The result depends only
// on the arguments (no maps, clocks or goroutines) and is the same on
// amd64, 386 and js/wasm (TestRenderHash). A renderer that caches a run
// as a texture does:
//
//	w, h, base := font.RunBox(f, size, track, s)
//	m := image.NewAlpha(image.Rect(0, 0, w, h))
//	font.DrawRun(m, font.RunPadX, float32(base), f, size, track, s)
//	// m's (RunPadX, base) is the pen's start on the baseline: place the
//	// texture's top-left at (penX − RunPadX, baselineY − base).
package font

import (
	"image"
	"image/draw"
	"math"
	"sync"
	"unicode/utf8"

	"golang.org/x/image/vector"
)

//go:generate go run ./internal/gen/run -o glyphs_gen.go

// Face is one of the four faces the picture uses. The functions of this
// package treat a Face out of range as Sans.
type Face uint8

// Faces.
const (
	Sans Face = iota
	SansBold
	Mono
	MonoBold
	NumFaces
)

var faceNames = [...]string{"sans", "sans-bold", "mono", "mono-bold"}

func (f Face) String() string {
	if int(f) < len(faceNames) {
		return faceNames[f]
	}
	return "face?"
}

// RunPadX is the left margin, in pixels, of the box RunBox describes: a
// run drawn into that box starts its pen at x = RunPadX. It leaves room
// for the ink left of the pen (Go Bold's 'j' reaches 0.07 em left of
// its origin, 3 px at 42 px; anything further left is clipped).
const RunPadX = 3

// MaxSize is the largest size, in pixels, that RunBox and DrawRun honour;
// larger sizes are treated as MaxSize.
const MaxSize = 1024

// maxBox bounds the width RunBox reports for absurd tracks and lengths.
const maxBox = 1 << 20

// glyph is one glyph of a face: its rune, advance and ink bounds in font
// units (y down) and the span path[off:off+n] of its outline in the
// face's path string (format: see internal/gen).
type glyph struct {
	r, adv, off, n uint16
	x0, y0, x1, y1 int16
}

// faceData is one face's generated tables. Lengths are in font units;
// ink* bound the ink of every glyph of the face (inkTop above and
// inkBottom below the baseline, inkLeft the most negative left side
// bearing, inkRight the largest overhang past the advance).
type faceData struct {
	unitsPerEm, ascent, descent, capHeight, xHeight int
	inkTop, inkBottom, inkLeft, inkRight            int
	glyphs                                          []glyph // ASCII U+0020..U+007E at index r-0x20, then ascending
	path                                            string
}

const (
	firstASCII = 0x20
	numASCII   = 0x7f - firstASCII
	fallback   = '?'
)

func face(f Face) *faceData {
	if f >= NumFaces {
		f = Sans
	}
	return &faceTab[f]
}

// lookup returns r's glyph, or the glyph of '?' if the face lacks r.
func (fd *faceData) lookup(r rune) *glyph {
	if uint32(r-firstASCII) < numASCII {
		return &fd.glyphs[r-firstASCII]
	}
	if g := fd.find(r); g != nil {
		return g
	}
	return &fd.glyphs[fallback-firstASCII]
}

// find returns r's glyph among the non-ASCII ones, or nil.
func (fd *faceData) find(r rune) *glyph {
	if r < 0x7f || r > 0xffff {
		return nil
	}
	gs := fd.glyphs[numASCII:]
	lo, hi := 0, len(gs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if rune(gs[m].r) < r {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(gs) && rune(gs[lo].r) == r {
		return &gs[lo]
	}
	return nil
}

// Has reports whether face f has a glyph for r (rather than drawing it
// as '?').
func Has(f Face, r rune) bool {
	fd := face(f)
	return uint32(r-firstASCII) < numASCII || fd.find(r) != nil
}

func (fd *faceData) em(units int) float32 { return float32(units) / float32(fd.unitsPerEm) }

// Ascent is the distance from the top of the line box to the baseline, in em.
func Ascent(f Face) float32 { fd := face(f); return fd.em(fd.ascent) }

// Descent is the distance from the baseline to the bottom of the line box, in em.
func Descent(f Face) float32 { fd := face(f); return fd.em(fd.descent) }

// LineHeight is Ascent + Descent, in em.
func LineHeight(f Face) float32 { return Ascent(f) + Descent(f) }

// CapHeight is the height of a capital letter above the baseline, in em.
func CapHeight(f Face) float32 { fd := face(f); return fd.em(fd.capHeight) }

// XHeight is the height of a lower-case x above the baseline, in em.
func XHeight(f Face) float32 { fd := face(f); return fd.em(fd.xHeight) }

// Advance is how far rune r moves the pen, in em.
func Advance(f Face, r rune) float32 { fd := face(f); return fd.em(int(fd.lookup(r).adv)) }

// width is the width of n runes whose advances add up to units.
func (fd *faceData) width(size, track float32, units, n int) float32 {
	if n == 0 {
		return 0
	}
	scale := size / float32(fd.unitsPerEm)
	// Products are converted explicitly so that no architecture fuses
	// them into the sum (Go may otherwise use FMA): the same bytes everywhere.
	return float32(float32(units)*scale) + float32(float32(n-1)*track)
}

// Measure is the width of s (UTF-8) at size px with track px after every
// rune but the last. It does not allocate.
func Measure(f Face, size, track float32, s []byte) float32 {
	fd := face(f)
	units, n := 0, 0
	for i := 0; i < len(s); n++ {
		r, sz := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, sz = utf8.DecodeRune(s[i:])
		}
		i += sz
		units += int(fd.lookup(r).adv)
	}
	return fd.width(size, track, units, n)
}

// MeasureString is Measure for a string.
func MeasureString(f Face, size, track float32, s string) float32 {
	fd := face(f)
	units, n := 0, 0
	for i := 0; i < len(s); n++ {
		r, sz := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, sz = utf8.DecodeRuneInString(s[i:])
		}
		i += sz
		units += int(fd.lookup(r).adv)
	}
	return fd.width(size, track, units, n)
}

func finite(v float32) bool { return v-v == 0 }

// sanitize clamps size to MaxSize and reports whether there is anything
// to draw; a track that is not finite counts as 0.
func sanitize(size, track float32) (float32, float32, bool) {
	if !(size > 0) {
		return 0, 0, false
	}
	size = min(size, MaxSize)
	if !finite(track) {
		track = 0
	}
	return size, track, true
}

// RunBox is the pixel box a run of s needs when drawn at size px: its
// width and height in whole pixels and the baseline's y within it. The
// run is drawn into the box by DrawRun(dst, RunPadX, baseline, ...): the
// box has RunPadX pixels left of the pen, room for every glyph's ink
// (including what overhangs its advance, such as the tail of 'f' or 'Q')
// and the pen's end, and one more pixel of anti-aliasing slack on the
// right. Vertically it is the face's line box (which holds all its ink)
// rounded out to whole pixels: baseline = ⌈Ascent×size⌉ and h = baseline
// + ⌈Descent×size⌉, the same for every run of a face and size. An empty
// run, or a size that is not positive, needs no box (0, 0, 0). Ink that
// a negative track pulls more than RunPadX left of the pen's start is
// outside the box (and clipped).
func RunBox(f Face, size, track float32, s []byte) (w, h, baseline int) {
	size, track, ok := sanitize(size, track)
	if !ok || len(s) == 0 {
		return 0, 0, 0
	}
	fd := face(f)
	scale := size / float32(fd.unitsPerEm)
	right := float32(0)
	units := 0
	for i, n := 0, 0; i < len(s); n++ {
		r, sz := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, sz = utf8.DecodeRune(s[i:])
		}
		i += sz
		g := fd.lookup(r)
		pen := float32(float32(units)*scale) + float32(float32(n)*track)
		right = max(right, pen+float32(float32(max(g.adv, uint16(max(g.x1, 0))))*scale))
		units += int(g.adv)
	}
	if !(right < maxBox) {
		right = maxBox
	}
	w = RunPadX + int(math.Ceil(float64(right))) + 1
	baseline = int(math.Ceil(float64(float32(fd.inkTop) * scale)))
	h = baseline + int(math.Ceil(float64(float32(fd.inkBottom)*scale)))
	return w, h, baseline
}

// retainMax is the largest glyph raster, in pixels, whose buffers the
// package keeps for the next call; larger ones are allocated and dropped.
const retainMax = 256 * 256

// cache holds the rasteriser and its coverage buffer between calls.
var cache struct {
	sync.Mutex
	z   vector.Rasterizer
	img image.Alpha
	pix []uint8
}

// DrawRun paints the coverage of s into dst with the pen starting at (x,
// baseline), in dst's pixel coordinates, the glyph origins at their exact
// fractional positions. The coverage is added to what dst holds,
// saturating at 0xff. Drawing is clipped to dst.Bounds(); nothing is
// drawn for a nil dst, a size that is not positive or a position that is
// not finite, and sizes above MaxSize draw at MaxSize. Safe for
// concurrent use (calls are serialised); it does not allocate once its
// buffers have grown to the largest glyph drawn (up to retainMax pixels).
func DrawRun(dst *image.Alpha, x, baseline float32, f Face, size, track float32, s []byte) {
	size, track, ok := sanitize(size, track)
	if !ok || dst == nil || len(s) == 0 || !finite(x) || !finite(baseline) {
		return
	}
	clip := dst.Bounds()
	if clip.Empty() || dst.Stride < clip.Dx() || len(dst.Pix) < (clip.Dy()-1)*dst.Stride+clip.Dx() {
		return
	}
	fd := face(f)
	scale := size / float32(fd.unitsPerEm)
	lut := darkenLUT(f, size)
	cminX, cmaxX := float32(clip.Min.X), float32(clip.Max.X)
	cminY, cmaxY := float32(clip.Min.Y), float32(clip.Max.Y)

	cache.Lock()
	defer cache.Unlock()
	units := 0
	for i, n := 0, 0; i < len(s); n++ {
		r, sz := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, sz = utf8.DecodeRune(s[i:])
		}
		i += sz
		g := fd.lookup(r)
		gx := x + (float32(float32(units)*scale) + float32(float32(n)*track))
		units += int(g.adv)
		if track >= 0 && gx+float32(float32(fd.inkLeft)*scale) >= cmaxX {
			break // the pen only moves right from here
		}
		if g.n == 0 {
			continue
		}
		// The glyph's ink, clipped, rounded out to whole pixels.
		fx0, fx1 := gx+float32(float32(g.x0)*scale), gx+float32(float32(g.x1)*scale)
		fy0, fy1 := baseline+float32(float32(g.y0)*scale), baseline+float32(float32(g.y1)*scale)
		if !(fx1 > cminX && fx0 < cmaxX && fy1 > cminY && fy0 < cmaxY) {
			continue
		}
		r0 := image.Rect(
			int(math.Floor(float64(max(fx0, cminX)))), int(math.Floor(float64(max(fy0, cminY)))),
			int(math.Ceil(float64(min(fx1, cmaxX)))), int(math.Ceil(float64(min(fy1, cmaxY)))))
		r0 = r0.Intersect(clip)
		if r0.Empty() {
			continue
		}
		drawGlyph(dst, r0, fd.path[g.off:int(g.off)+int(g.n)], gx, baseline, scale, lut)
	}
}

// drawGlyph rasterises the outline p, with its origin at (ox, oy) and
// scale px per font unit, over the window r of dst and adds it in.
func drawGlyph(dst *image.Alpha, r image.Rectangle, p string, ox, oy, scale float32, lut *[256]uint8) {
	ww, wh := r.Dx(), r.Dy()
	z, img := &cache.z, &cache.img
	if ww*wh > retainMax {
		z, img = new(vector.Rasterizer), new(image.Alpha)
		img.Pix = make([]uint8, ww*wh)
	} else {
		if cap(cache.pix) < ww*wh {
			cache.pix = make([]uint8, ww*wh, max(ww*wh, 64*64))
		}
		img.Pix = cache.pix[:ww*wh]
	}
	img.Stride, img.Rect = ww, image.Rect(0, 0, ww, wh)
	z.Reset(ww, wh)
	z.DrawOp = draw.Src
	outline(z, p, ox-float32(r.Min.X), oy-float32(r.Min.Y), scale*0.5)
	z.Draw(img, img.Rect, image.Opaque, image.Point{})

	for y := 0; y < wh; y++ {
		src := img.Pix[y*ww : y*ww+ww]
		d := dst.Pix[dst.PixOffset(r.Min.X, r.Min.Y+y):]
		d = d[:len(src)]
		for i, c := range src {
			if c != 0 {
				d[i] = uint8(min(int(d[i])+int(lut[c]), 0xff))
			}
		}
	}
}

// outline adds the encoded outline p (half font units, y down) to z,
// placing its origin at (ox, oy) with k pixels per half unit. Malformed
// data ends the outline early rather than panicking.
func outline(z *vector.Rasterizer, p string, ox, oy, k float32) {
	var (
		hx, hy  int // current point, half units
		a       [6]float32
		op, npt int
		started bool
	)
	for i, j := 0, 0; i < len(p); {
		// One uvarint.
		var v uint64
		for shift := uint(0); ; shift += 7 {
			if i >= len(p) || shift >= 64 {
				return
			}
			c := p[i]
			i++
			v |= uint64(c&0x7f) << shift
			if c < 0x80 {
				break
			}
		}
		d := int(v>>1) ^ -int(v&1) // unzigzag
		switch {
		case j == 0: // op and the first x
			op = int(v & 3)
			npt = [4]int{1, 1, 2, 3}[op]
			v >>= 2
			hx += int(v>>1) ^ -int(v&1)
		case j&1 == 0:
			hx += d
		default:
			hy += d
			// The float32 conversions keep the compiler from fusing the
			// multiply and add, so every architecture rounds alike.
			a[j-1] = ox + float32(float32(hx)*k)
			a[j] = oy + float32(float32(hy)*k)
		}
		if j++; j < 2*npt {
			continue
		}
		j = 0
		switch op {
		case 0:
			if started {
				z.ClosePath()
			}
			z.MoveTo(a[0], a[1])
			started = true
		case 1:
			z.LineTo(a[0], a[1])
		case 2:
			z.QuadTo(a[0], a[1], a[2], a[3])
		case 3:
			z.CubeTo(a[0], a[1], a[2], a[3], a[4], a[5])
		}
	}
	if started {
		z.ClosePath()
	}
}
