package main

import (
	"fmt"
	"image"
	"image/color"
	"sort"

	"github.com/smmuplay/smmuplay/internal/export"
	"github.com/smmuplay/smmuplay/play"
	"github.com/smmuplay/smmuplay/render/display"
	"github.com/smmuplay/smmuplay/render/raster"
	"github.com/smmuplay/smmuplay/render/scene"
	"github.com/smmuplay/smmuplay/sim"
)

// variants are a poster's four files: devicePixelRatio 1 and 2, light and
// dark, in this order.
var variants = []struct {
	scale int
	dark  bool
	name  string
}{{1, false, "light-1x"}, {1, true, "dark-1x"}, {2, false, "light-2x"}, {2, true, "dark-2x"}}

// opening is a view's state as the stage opens on it: the same session
// (play.Open), selection and details card as the first live frame.
type opening struct {
	snap    sim.Snapshot
	sel     scene.Selection
	details bool
}

func open(v View) (*opening, error) {
	p, err := play.ParseFragment(v.Fragment)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", v.Name, err)
	}
	x, err := play.Open(p)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", v.Name, err)
	}
	o := &opening{snap: x.Sim().Snapshot(), details: p.View.Details}
	if p.Select != "" {
		h, err := x.Target(p.Select)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", v.Name, err)
		}
		o.sel.Selected = h
		if p.View.Details {
			o.sel.Details = scene.Details(&o.snap, h)
		}
	}
	return o, nil
}

// list draws the opening on a sz canvas as the stage's first live frame
// shows it: the export's still picture (a freshly opened stage has no
// previous snapshot to highlight changed digits against, and nothing
// travels yet).
func (o *opening) list(dl *display.List, sz Size, scale int, dark bool) {
	export.Still(dl, &o.snap, float32(sz.W), float32(sz.H), float32(scale), o.sel, o.details, dark)
}

// picture rasterises a list into 256 colours: the flat fills and the
// anti-aliased edges between a few of them fit, and the file is less than
// half of a true-colour PNG's (a poster is on screen for a second, and
// the first bytes decide how soon).
func picture(dl *display.List) *image.Paletted {
	return quantize(raster.Render(dl))
}

// quantize maps img to its 256 most used colours (ties by value, so the
// result is deterministic); any other colour takes the nearest of them.
func quantize(img *image.RGBA) *image.Paletted {
	pix := img.Pix
	hist := map[uint32]int{}
	var last uint32
	run := 0
	for i := 0; i < len(pix); i += 4 {
		c := uint32(pix[i])<<24 | uint32(pix[i+1])<<16 | uint32(pix[i+2])<<8 | uint32(pix[i+3])
		if c != last && run > 0 { // long runs of one colour: count them at once
			hist[last] += run
			run = 0
		}
		last = c
		run++
	}
	hist[last] += run
	cs := make([]uint32, 0, len(hist))
	for c := range hist {
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool {
		if hist[cs[i]] != hist[cs[j]] {
			return hist[cs[i]] > hist[cs[j]]
		}
		return cs[i] < cs[j]
	})
	pal := make(color.Palette, 0, 256)
	for _, c := range cs[:min(len(cs), 256)] {
		pal = append(pal, color.RGBA{uint8(c >> 24), uint8(c >> 16), uint8(c >> 8), uint8(c)})
	}
	dst := image.NewPaletted(img.Rect, pal)
	index := make(map[uint32]uint8, len(cs))
	lastC, lastK := uint32(0), uint8(pal.Index(color.RGBA{}))
	for i, j := 0, 0; i < len(pix); i, j = i+4, j+1 {
		c := uint32(pix[i])<<24 | uint32(pix[i+1])<<16 | uint32(pix[i+2])<<8 | uint32(pix[i+3])
		if c != lastC {
			k, ok := index[c]
			if !ok {
				k = uint8(pal.Index(color.RGBA{pix[i], pix[i+1], pix[i+2], pix[i+3]}))
				index[c] = k
			}
			lastC, lastK = c, k
		}
		dst.Pix[j] = lastK
	}
	return dst
}
