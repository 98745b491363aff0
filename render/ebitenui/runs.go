package ebitenui

import (
	"image"
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/smmuplay/smmuplay/render/display"
	"github.com/smmuplay/smmuplay/render/font"
	"github.com/smmuplay/smmuplay/render/tess"
)

// runAtlas keeps every text the picture shows rasterised once, white
// with its coverage as alpha, at its device pixel size, in one image; a
// text op is then a single quad drawn 1:1, sharp. render/font rasterises
// the run on the CPU exactly as render/raster does, so the browser and
// the golden frames show the same glyphs. Most texts survive from frame
// to frame (names, labels, values until they change), so a frame adds a
// handful. When the atlas is full it starts afresh with the current
// frame's texts.
type runAtlas struct {
	img   *ebiten.Image
	m     map[runStyle]map[string]runEntry
	x, y  int // where the next run goes
	rowH  int // the current shelf's height
	alpha image.Alpha
	pix   []byte
}

// runStyle is what, besides its bytes, makes a run's pixels.
type runStyle struct {
	face        font.Face
	size, track float32 // device px
}

// runEntry is a run's place in the atlas and where its pen starts.
type runEntry struct {
	x, y, w, h int32
	baseline   int32 // the baseline's y within the box
	padX       int32 // the pen's x within the box
}

const (
	atlasW = 2048
	atlasH = 2048
	// The white block the shapes sample sits at the origin; runs start
	// right of it.
	whiteBlock = 8
)

func (a *runAtlas) init() {
	if a.img != nil {
		return
	}
	a.img = ebiten.NewImage(atlasW, atlasH)
	a.reset()
}

func (a *runAtlas) reset() {
	a.img.Clear()
	a.img.SubImage(image.Rect(0, 0, 4, 4)).(*ebiten.Image).Fill(color.White)
	a.m = make(map[runStyle]map[string]runEntry, 8)
	a.x, a.y, a.rowH = whiteBlock, 0, 0
}

// prepare puts every text of dl in the atlas. If they do not fit, it
// starts afresh once; texts that still do not fit are left out (lookup
// fails and they are not drawn).
func (a *runAtlas) prepare(dl *display.List, s float32) {
	if !a.addAll(dl, s) {
		a.reset()
		a.addAll(dl, s)
	}
}

func (a *runAtlas) addAll(dl *display.List, s float32) bool {
	for i := range dl.Ops {
		o := &dl.Ops[i]
		if o.Kind != display.OpText {
			continue
		}
		b := dl.TextOf(o)
		_, _, size, track, ok := tess.TextOrigin(o, b, s)
		if !ok {
			continue
		}
		if _, ok := a.lookup(o.Face, size, track, b); ok {
			continue
		}
		if !a.add(o.Face, size, track, b) {
			return false
		}
	}
	return true
}

// lookup finds a run; it does not allocate.
func (a *runAtlas) lookup(f font.Face, size, track float32, b []byte) (runEntry, bool) {
	inner, ok := a.m[runStyle{f, size, track}]
	if !ok {
		return runEntry{}, false
	}
	e, ok := inner[string(b)]
	return e, ok
}

// add rasterises a run into the next free place; false when the atlas is full.
func (a *runAtlas) add(f font.Face, size, track float32, b []byte) bool {
	w, h, baseline := font.RunBox(f, size, track, b)
	if w <= 0 || h <= 0 {
		return true // nothing to draw
	}
	if w > atlasW-whiteBlock || h > atlasH {
		return true // too big for any atlas: never drawn
	}
	if a.x+w > atlasW {
		a.x, a.y, a.rowH = whiteBlock, a.y+a.rowH+1, 0
	}
	if a.y+h > atlasH {
		return false
	}
	// Rasterise on the CPU, then upload as premultiplied white.
	n := w * h
	if cap(a.alpha.Pix) < n {
		a.alpha.Pix = make([]byte, n)
	}
	a.alpha.Pix = a.alpha.Pix[:n]
	clear(a.alpha.Pix)
	a.alpha.Stride, a.alpha.Rect = w, image.Rect(0, 0, w, h)
	font.DrawRun(&a.alpha, font.RunPadX, float32(baseline), f, size, track, b)
	if cap(a.pix) < 4*n {
		a.pix = make([]byte, 4*n)
	}
	a.pix = a.pix[:4*n]
	for i, c := range a.alpha.Pix {
		a.pix[4*i], a.pix[4*i+1], a.pix[4*i+2], a.pix[4*i+3] = c, c, c, c
	}
	a.img.SubImage(image.Rect(a.x, a.y, a.x+w, a.y+h)).(*ebiten.Image).WritePixels(a.pix)
	st := runStyle{f, size, track}
	inner := a.m[st]
	if inner == nil {
		inner = make(map[string]runEntry, 64)
		a.m[st] = inner
	}
	inner[string(b)] = runEntry{x: int32(a.x), y: int32(a.y), w: int32(w), h: int32(h), baseline: int32(baseline), padX: font.RunPadX}
	a.x += w + 1
	a.rowH = max(a.rowH, h)
	return true
}
