package scene

import "image/color"

// Okabe-Ito, the palette designed to stay distinct under the common colour
// vision deficiencies (Okabe & Ito, "Color Universal Design", 2008).
var (
	okOrange     = color.RGBA{0xe6, 0x9f, 0x00, 0xff}
	okSkyBlue    = color.RGBA{0x56, 0xb4, 0xe9, 0xff}
	okGreen      = color.RGBA{0x00, 0x9e, 0x73, 0xff}
	okYellow     = color.RGBA{0xf0, 0xe4, 0x42, 0xff}
	okBlue       = color.RGBA{0x00, 0x72, 0xb2, 0xff}
	okVermillion = color.RGBA{0xd5, 0x5e, 0x00, 0xff}
	okPurple     = color.RGBA{0xcc, 0x79, 0xa7, 0xff}
)

// Theme is every colour the scene uses. Meaning is never carried by colour
// alone: quarantine is also hatched, double-bordered and labelled, stale
// ATC entries are also crossed, an errored slot is also labelled ERR.
type Theme struct {
	Name string

	Background, Panel, Border, Text, TextDim color.RGBA
	Link                                     color.RGBA
	Selected, Hover, Changed                 color.RGBA // outline of the selection, the hovered object; a register field that changed

	// Command queue slots by opcode; Consumed is painted over slots CONS
	// has passed.
	OpATCInv, OpSync, OpCfgi, OpTLBI, OpOther, Consumed color.RGBA
	Error                                               color.RGBA // the slot at CONS.RD with CMDQ_ERR active

	Healthy, Slow, Unresponsive color.RGBA // endpoint behaviour
	Reset, Quarantine           color.RGBA // iommu core state RESET, BROKEN
	ATCValid, Stale             color.RGBA // ATC entries
	Corrupt                     color.RGBA // corrupted pages and corrupting writes

	// Packets in flight.
	InvReq, InvCpl, TransReq, TransCpl, DMA, Cfgi color.RGBA
}

// Light is the default theme.
func Light() Theme {
	return Theme{
		Name:       "light",
		Background: color.RGBA{0xfa, 0xfa, 0xf7, 0xff},
		Panel:      color.RGBA{0xff, 0xff, 0xff, 0xff},
		Border:     color.RGBA{0x55, 0x55, 0x55, 0xff},
		Text:       color.RGBA{0x11, 0x11, 0x11, 0xff},
		TextDim:    color.RGBA{0x66, 0x66, 0x66, 0xff},
		Link:       color.RGBA{0xaa, 0xaa, 0xaa, 0xff},
		Selected:   okBlue,
		Hover:      color.RGBA{0x00, 0x72, 0xb2, 0x80},
		Changed:    color.RGBA{0xf0, 0xe4, 0x42, 0xc0},

		OpATCInv: okSkyBlue,
		OpSync:   okOrange,
		OpCfgi:   okGreen,
		OpTLBI:   okPurple,
		OpOther:  color.RGBA{0xbb, 0xbb, 0xbb, 0xff},
		Consumed: color.RGBA{0xff, 0xff, 0xff, 0xa0},
		Error:    okVermillion,

		Healthy:      okGreen,
		Slow:         okOrange,
		Unresponsive: okVermillion,
		Reset:        okYellow,
		Quarantine:   okVermillion,
		ATCValid:     okBlue,
		Stale:        okVermillion,
		Corrupt:      okVermillion,

		InvReq:   okSkyBlue,
		InvCpl:   okGreen,
		TransReq: okPurple,
		TransCpl: okBlue,
		DMA:      color.RGBA{0x44, 0x44, 0x44, 0xff},
		Cfgi:     okGreen,
	}
}

// Dark is Light on a dark background: the Okabe-Ito hues stay, the
// neutrals invert.
func Dark() Theme {
	t := Light()
	t.Name = "dark"
	t.Background = color.RGBA{0x16, 0x17, 0x1a, 0xff}
	t.Panel = color.RGBA{0x22, 0x24, 0x28, 0xff}
	t.Border = color.RGBA{0xaa, 0xaa, 0xaa, 0xff}
	t.Text = color.RGBA{0xee, 0xee, 0xee, 0xff}
	t.TextDim = color.RGBA{0x99, 0x99, 0x99, 0xff}
	t.Link = color.RGBA{0x55, 0x58, 0x5e, 0xff}
	t.Selected = okSkyBlue
	t.Hover = color.RGBA{0x56, 0xb4, 0xe9, 0x80}
	t.Consumed = color.RGBA{0x22, 0x24, 0x28, 0xa0}
	t.OpOther = color.RGBA{0x77, 0x77, 0x77, 0xff}
	t.DMA = color.RGBA{0xdd, 0xdd, 0xdd, 0xff}
	return t
}
