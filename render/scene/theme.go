package scene

import (
	"image/color"
	"math"
)

// Okabe-Ito, the palette designed to stay distinct under the common colour
// vision deficiencies (Okabe & Ito, "Color Universal Design", 2008). Hues
// carry meaning only together with a shape, an icon or a word.
var (
	okOrange     = rgb(0xe69f00)
	okSkyBlue    = rgb(0x56b4e9)
	okGreen      = rgb(0x009e73)
	okYellow     = rgb(0xf0e442)
	okBlue       = rgb(0x0072b2)
	okVermillion = rgb(0xd55e00)
	okPurple     = rgb(0xcc79a7)
)

// Theme is every colour the scene uses. Text is always one of the three
// inks (or QuarInk on the quarantine label), never a hue, so every text
// contrast is a pair listed by TextPairs.
type Theme struct {
	Name string
	Dark bool

	Stage, Panel, Border color.RGBA // canvas, cards and tiles, their outlines
	Ink, Ink2, Ink3      color.RGBA // text: primary, secondary, tertiary
	Wire, Track          color.RGBA // links; empty bars and idle ring slots
	QTile, QBorder       color.RGBA // a quarantined tile and its dashed outline
	QLabel, QInk         color.RGBA // the solid quarantine label and its text
	Selected, Hover      color.RGBA
	Changed              color.RGBA // underlay of a register digit that changed
	Tooltip              color.RGBA // tooltip background (Ink text)

	// Hues by meaning.
	Sync, ATCInv, Cfgi, TLBI, OtherOp color.RGBA // command slots
	Healthy, Slow, Unresponsive       color.RGBA // endpoint behaviour
	Resetting                         color.RGBA // core BLOCKED_RESETTING or FLR in progress
	ATCFill, Stale, Error             color.RGBA // ATC bar, stale entries, CONS.ERR and timeout marks
	InvReq, InvCpl, TransReq          color.RGBA // packets
	TransCpl, DMA, Corrupt            color.RGBA

	// Badge backgrounds: the state hue washed over the panel, opaque so
	// the text contrast is exact.
	BadgeHealthy, BadgeSlow, BadgeUnresp, BadgeReset color.RGBA
	Consumed                                         color.RGBA // a consumed slot, drawn at half strength
}

// Light is the default theme.
func Light() Theme {
	t := Theme{
		Name:    "light",
		Stage:   rgb(0xf6f6f2),
		Panel:   rgb(0xffffff),
		Border:  rgb(0xd3d3cc),
		Ink:     rgb(0x1a1a1a),
		Ink2:    rgb(0x474747),
		Ink3:    rgb(0x5e5e5e),
		Wire:    rgb(0xb4b4ac),
		Track:   rgb(0xe6e6e0),
		QTile:   rgb(0xe3e3df),
		QBorder: rgb(0x85857f),
		QLabel:  rgb(0x262626),
		QInk:    rgb(0xffffff),
		ATCFill: okBlue,
	}
	t.fill(0.16)
	return t
}

// Dark keeps the hues and inverts the neutrals.
func Dark() Theme {
	t := Theme{
		Name:    "dark",
		Dark:    true,
		Stage:   rgb(0x141518),
		Panel:   rgb(0x1f2125),
		Border:  rgb(0x3a3d44),
		Ink:     rgb(0xededed),
		Ink2:    rgb(0xc9c9c9),
		Ink3:    rgb(0xa6a6a6),
		Wire:    rgb(0x5e626b),
		Track:   rgb(0x33363d),
		QTile:   rgb(0x2a2c31),
		QBorder: rgb(0x7d818a),
		QLabel:  rgb(0xe6e6e6),
		QInk:    rgb(0x141518),
		ATCFill: rgb(0x4a9fd8),
	}
	t.fill(0.26)
	return t
}

// fill sets the hues and the washes derived from them.
func (t *Theme) fill(wash float64) {
	t.Sync, t.ATCInv, t.Cfgi, t.TLBI = okOrange, okSkyBlue, okGreen, okPurple
	t.OtherOp = mix(t.Ink3, t.Panel, 0.5)
	t.Healthy, t.Slow, t.Unresponsive, t.Resetting = okGreen, okOrange, okVermillion, okYellow
	t.Stale, t.Error = okVermillion, okVermillion
	t.InvReq, t.InvCpl, t.TransReq, t.TransCpl = okSkyBlue, okGreen, okPurple, okBlue
	t.DMA, t.Corrupt = mix(t.Ink, t.Panel, 0.8), okVermillion
	t.Selected = okBlue
	if t.Dark {
		t.Selected = okSkyBlue
	}
	t.Hover = t.Selected
	t.Hover.A = 0x99
	t.Changed = mix(okYellow, t.Panel, 0.55)
	if t.Dark {
		t.Changed = mix(okYellow, t.Panel, 0.3)
	}
	t.Tooltip = t.Panel
	t.BadgeHealthy = mix(okGreen, t.Panel, wash)
	t.BadgeSlow = mix(okOrange, t.Panel, wash)
	t.BadgeUnresp = mix(okVermillion, t.Panel, wash)
	t.BadgeReset = mix(okYellow, t.Panel, wash+0.1)
	t.Consumed = t.Panel
	t.Consumed.A = 0x8c
}

// TextPair is a text colour on the background it is drawn on.
type TextPair struct {
	Name   string
	Fg, Bg color.RGBA
}

// TextPairs lists every text/background combination the scene draws; the
// theme test holds each to a WCAG contrast of 4.5:1.
func (t *Theme) TextPairs() []TextPair {
	return []TextPair{
		{"ink on stage", t.Ink, t.Stage}, {"ink2 on stage", t.Ink2, t.Stage}, {"ink3 on stage", t.Ink3, t.Stage},
		{"ink on panel", t.Ink, t.Panel}, {"ink2 on panel", t.Ink2, t.Panel}, {"ink3 on panel", t.Ink3, t.Panel},
		{"ink on a changed digit", t.Ink, t.Changed},
		{"ink on tooltip", t.Ink, t.Tooltip},
		{"ink on badge healthy", t.Ink, t.BadgeHealthy}, {"ink on badge slow", t.Ink, t.BadgeSlow},
		{"ink on badge unresponsive", t.Ink, t.BadgeUnresp}, {"ink on badge resetting", t.Ink, t.BadgeReset},
		{"ink on quarantined tile", t.Ink, t.QTile}, {"ink2 on quarantined tile", t.Ink2, t.QTile},
		{"ink3 on quarantined tile", t.Ink3, t.QTile},
		{"quarantine label", t.QInk, t.QLabel},
	}
}

// Contrast is the WCAG 2 contrast ratio of two opaque colours.
func Contrast(a, b color.RGBA) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(c color.RGBA) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

func rgb(v uint32) color.RGBA {
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
}

// mix is a over b at weight w (0: b, 1: a), opaque.
func mix(a, b color.RGBA, w float64) color.RGBA {
	m := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*w + float64(y)*(1-w))) }
	return color.RGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), 0xff}
}

// over is c at alpha a (0..1), for translucent overlays.
func alpha(c color.RGBA, a float64) color.RGBA {
	c.A = uint8(math.Round(255 * a))
	return c
}
