package ebitenui

import (
	"image"
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/smmuplay/smmuplay/render/scene"
)

// runCache keeps every string the picture shows rendered once, unscaled
// and white, in one atlas image; a text op is then a single quad. Most
// strings survive from frame to frame (names, labels, register values
// until they change), so a frame adds a handful. When the atlas is full
// it starts afresh with the current frame's strings.
type runCache struct {
	img  *ebiten.Image
	m    map[string]runEntry
	x, y int // where the next run goes
	vs   []ebiten.Vertex
	is   []uint16
	op   ebiten.DrawTrianglesOptions
}

type runEntry struct{ x, y int32 }

const (
	runsW  = 2048
	runsH  = 1024
	runRow = glyphH + 2
	maxRun = 256 // bytes of one text op shown
)

func (c *runCache) init() {
	c.img = ebiten.NewImage(runsW, runsH)
	c.reset()
}

func (c *runCache) reset() {
	c.img.Clear()
	c.img.SubImage(image.Rect(0, 0, 4, 4)).(*ebiten.Image).Fill(color.White)
	c.m = make(map[string]runEntry, 1024)
	c.x, c.y = glyph0, 0
}

// prepare makes sure every string of dl is in the atlas, drawing the new
// ones from the glyph atlas in one call. It reports false when the
// frame's strings do not fit even in an empty atlas.
func (c *runCache) prepare(dl *scene.DisplayList, glyphs *ebiten.Image) bool {
	for attempt := 0; attempt < 2; attempt++ {
		if c.add(dl) {
			c.flush(glyphs)
			return true
		}
		c.vs, c.is = c.vs[:0], c.is[:0]
		c.reset()
	}
	return false
}

// add places the strings of dl that are missing; false when full.
func (c *runCache) add(dl *scene.DisplayList) bool {
	for i := range dl.Ops {
		o := &dl.Ops[i]
		if o.Kind != scene.OpText {
			continue
		}
		b := dl.TextOf(o)
		if len(b) > maxRun {
			b = b[:maxRun]
		}
		if len(b) == 0 {
			continue
		}
		if _, ok := c.m[string(b)]; ok {
			continue
		}
		w := len(b)*glyphW + 2
		if c.x+w > runsW {
			c.x, c.y = 0, c.y+runRow
		}
		if c.y+runRow > runsH {
			return false
		}
		c.m[string(b)] = runEntry{int32(c.x), int32(c.y)}
		for k, ch := range b {
			if ch <= firstGlyph || ch > lastGlyph {
				continue
			}
			if len(c.vs)+4 > ebiten.MaxVertexCount {
				return false // cannot happen: the atlas holds fewer glyphs
			}
			sx := float32(glyph0 + (int(ch)-firstGlyph)*pitch + 1)
			dx, dy := float32(c.x+k*glyphW), float32(c.y)
			v := uint16(len(c.vs))
			c.vs = append(c.vs,
				ebiten.Vertex{DstX: dx, DstY: dy, SrcX: sx, SrcY: 0, ColorR: 1, ColorG: 1, ColorB: 1, ColorA: 1},
				ebiten.Vertex{DstX: dx + glyphW, DstY: dy, SrcX: sx + glyphW, SrcY: 0, ColorR: 1, ColorG: 1, ColorB: 1, ColorA: 1},
				ebiten.Vertex{DstX: dx + glyphW, DstY: dy + glyphH, SrcX: sx + glyphW, SrcY: glyphH, ColorR: 1, ColorG: 1, ColorB: 1, ColorA: 1},
				ebiten.Vertex{DstX: dx, DstY: dy + glyphH, SrcX: sx, SrcY: glyphH, ColorR: 1, ColorG: 1, ColorB: 1, ColorA: 1})
			c.is = append(c.is, v, v+1, v+2, v, v+2, v+3)
		}
		c.x += w
	}
	return true
}

func (c *runCache) flush(glyphs *ebiten.Image) {
	if len(c.is) > 0 {
		c.img.DrawTriangles(c.vs, c.is, glyphs, &c.op)
	}
	c.vs, c.is = c.vs[:0], c.is[:0]
}
