package scene

import (
	"image/color"

	"github.com/smmuplay/smmuplay/render/display"
)

// Icons are drawn from shapes, centred on (cx, cy), s px across. Each
// state has its own shape, so a badge reads without its colour.

// Icon is one of the state and mark icons.
type Icon uint8

// Icons.
const (
	IconNone       Icon = iota
	IconCheck           // healthy: a check on a green disc
	IconClock           // slow: a clock face on an orange disc
	IconWarning         // unresponsive: an exclamation mark on a vermillion triangle
	IconLock            // quarantined: a padlock
	IconReset           // resetting: a circular arrow on a yellow disc
	IconCross           // timed out: a cross on a vermillion disc
	IconDownFill        // CONS: a filled triangle pointing down
	IconDownHollow      // PROD: a hollow triangle pointing down
)

var (
	white = color.RGBA{0xff, 0xff, 0xff, 0xff}
	black = color.RGBA{0x1a, 0x1a, 0x1a, 0xff}
)

// icon draws ic; fg is the symbol's colour for the icons that take the
// ink (lock, pointers).
func (b *builder) icon(ic Icon, cx, cy, s float32, fg color.RGBA, m display.Mark, obj int) {
	th := b.th
	r := s / 2
	switch ic {
	case IconCheck:
		b.disc(cx, cy, r, th.Healthy, m, obj)
		off := b.pts()
		b.pt(cx-r*0.48, cy+r*0.02)
		b.pt(cx-r*0.14, cy+r*0.36)
		b.pt(cx+r*0.5, cy-r*0.34)
		b.path(off, color.RGBA{}, white, max(1.5, s*0.13), display.Stroke, m, obj)
	case IconClock:
		b.disc(cx, cy, r, th.Slow, m, obj)
		w := max(1.25, s*0.11)
		b.line(pt(cx, cy), pt(cx, cy-r*0.62), w, black, 0, m, obj)
		b.line(pt(cx, cy), pt(cx+r*0.45, cy+r*0.2), w, black, 0, m, obj)
	case IconWarning:
		off := b.pts()
		b.pt(cx, cy-r*0.98)
		b.pt(cx+r*1.05, cy+r*0.86)
		b.pt(cx-r*1.05, cy+r*0.86)
		b.path(off, th.Unresponsive, color.RGBA{}, 0, display.Fill, m, obj)
		w := max(1.5, s*0.13)
		b.line(pt(cx, cy-r*0.42), pt(cx, cy+r*0.26), w, white, 0, m, obj)
		b.disc(cx, cy+r*0.56, w*0.6, white, m, obj)
	case IconLock:
		// The shackle: an arc over the body.
		w := max(1.5, s*0.14)
		b.arc(cx, cy-r*0.12, r*0.42-w/2, r*0.42+w/2, -3.1416, 0, fg, color.RGBA{}, 0, display.Fill, m, obj)
		b.line(pt(cx-r*0.42, cy-r*0.12), pt(cx-r*0.42, cy+r*0.1), w, fg, 0, m, obj)
		b.line(pt(cx+r*0.42, cy-r*0.12), pt(cx+r*0.42, cy+r*0.1), w, fg, 0, m, obj)
		b.rect(rectOf(cx-r*0.72, cy+r*0.05, r*1.44, r*0.95), r*0.15, fg, color.RGBA{}, 0, display.Fill, m, obj)
	case IconReset:
		b.disc(cx, cy, r, th.Resetting, m, obj)
		w := max(1.5, s*0.12)
		b.arc(cx, cy, r*0.52-w/2, r*0.52+w/2, -1.2, 3.9, black, color.RGBA{}, 0, display.Fill, m, obj)
		// Arrowhead at the arc's start (angle -1.2, pointing clockwise).
		off := b.pts()
		b.pt(cx+r*0.52*0.362+r*0.26, cy-r*0.52*0.932+r*0.02)
		b.pt(cx+r*0.52*0.362-r*0.22, cy-r*0.52*0.932-r*0.26)
		b.pt(cx+r*0.52*0.362-r*0.14, cy-r*0.52*0.932+r*0.3)
		b.path(off, black, color.RGBA{}, 0, display.Fill, m, obj)
	case IconCross:
		b.disc(cx, cy, r, th.Error, m, obj)
		w := max(1.5, s*0.14)
		k := r * 0.42
		b.line(pt(cx-k, cy-k), pt(cx+k, cy+k), w, white, 0, m, obj)
		b.line(pt(cx-k, cy+k), pt(cx+k, cy-k), w, white, 0, m, obj)
	case IconDownFill, IconDownHollow:
		off := b.pts()
		b.pt(cx-r, cy-r*0.8)
		b.pt(cx+r, cy-r*0.8)
		b.pt(cx, cy+r*0.9)
		if ic == IconDownFill {
			b.path(off, fg, color.RGBA{}, 0, display.Fill, m, obj)
		} else {
			b.path(off, color.RGBA{}, fg, max(1.25, s*0.12), display.Stroke|display.Closed, m, obj)
		}
	}
}
