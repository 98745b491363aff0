// Package display is the vocabulary between the scene and the renderers: a
// frame as a list of draw operations (boxes, lines, annular sectors, paths,
// text) in CSS pixels, painted in order. render/scene builds lists;
// render/tess turns their shapes into anti-aliased triangles; render/raster
// (pure Go) and render/ebitenui (the browser) paint them. A list is plain
// data, so golden tests compare its text form and tests ask questions of
// it (how small is the smallest text? is the quarantine drawn?).
package display

import (
	"image/color"
	"strconv"

	"github.com/smmuplay/smmuplay/render/font"
	"github.com/smmuplay/smmuplay/render/layout"
)

// OpKind says what an Op draws.
type OpKind uint8

// Op kinds. Every coordinate, width and text size is in CSS pixels; a
// renderer multiplies by List.Scale (the devicePixelRatio) to get
// device pixels. The scene snaps edges to the device pixel grid, so a
// renderer that maps CSS px × Scale 1:1 onto device pixels draws them crisp.
const (
	OpRect   OpKind = iota + 1 // box X, Y, W, H with corner radius R0
	OpLine                     // segment (X, Y) -> (X2, Y2), Width wide, butt caps
	OpArc                      // annular sector: centre (X, Y), radii R0..R1, angles A0..A1 (radians, clockwise from +x); R0 0 is a pie, a full turn a ring or disc
	OpPath                     // the points Span of Pts: Fill paints the convex polygon they close, Stroke draws the polyline (closed with Closed)
	OpText                     // text at (X, Y): Y is the top of the line box, the baseline is at Y + font.Ascent(Face)×Size; X is the left, centre or right end by Align
	OpClip                     // clip what follows to box X, Y, W, H until OpUnclip
	OpUnclip                   // end of the last OpClip
)

var opNames = [...]string{"?", "rect", "line", "arc", "path", "text", "clip", "unclip"}

// Style flags say how an op is painted. Shapes carry meaning with their
// style as well as their colour, so the picture survives colour blindness
// and greyscale.
type Style uint16

// Styles.
const (
	Fill      Style = 1 << iota // paint the inside with Fill
	Stroke                      // outline with Stroke, Width wide
	Dashed                      // the outline or line dashed (DashOn on, DashOff off); outlines need Stroke too
	Dotted                      // the outline or line dotted (DotOn on, DotOff off, square ends); wins over Dashed
	Hatch                       // diagonal hatch over the fill in Stroke (HatchGap apart, 1 px wide); rects and convex paths only
	Closed                      // OpPath: the stroke returns to the first point
	Secondary                   // OpText: secondary text, which may be 11 px; other text is at least 12 px
)

var styleNames = [...]string{"fill", "stroke", "dashed", "dotted", "hatch", "closed", "secondary"}

// Dash patterns, in CSS px along the outline or line from its start.
const (
	DashOn   = 6
	DashOff  = 4
	DotOn    = 2
	DotOff   = 3
	HatchGap = 6 // between diagonal hatch lines, measured along x
)

// Align is a text op's horizontal anchor.
type Align uint8

// Text anchors.
const (
	Left Align = iota
	Center
	Right
)

// Mark names what an op shows, for tests and tools that ask "is the
// quarantine drawn?" without decoding pixels. It never changes how an op
// is painted.
type Mark uint8

// Marks. Obj holds the index of the object the op belongs to (endpoint,
// ring slot, register, root port, page) or -1.
const (
	MarkNone        Mark = iota
	MarkBackground       // the canvas clear
	MarkCard             // a card's frame (SMMU, sync, counters, registers)
	MarkTile             // an endpoint tile's frame; Obj = endpoint
	MarkQuarantined      // the quarantine look of a tile (badge or label); Obj = endpoint
	MarkBlocked          // the core's block gate on a link; Obj = endpoint
	MarkResetting        // a tile's reset badge; Obj = endpoint
	MarkState            // a tile's state badge; Obj = endpoint
	MarkLink             // a link; Obj = endpoint (or -1 - root port for the port's own link)
	MarkRootPort         // a root port box; Obj = port
	MarkSlot             // a command queue slot; Obj = ring slot
	MarkPointer          // a CONS or PROD pointer
	MarkRegister         // a register card; Obj = register (layout.RegGERROR...)
	MarkPacket           // a packet in flight; Obj = endpoint
	MarkParked           // an Invalidate Request waiting at its endpoint; Obj = endpoint
	MarkCountdown        // a waiting CMD_SYNC's countdown arc
	MarkTimeout          // a timed-out CMD_SYNC's error mark; Obj = ring slot
	MarkFlash            // a flash: the error slot, a corrupted page
	MarkPage             // a corrupted page; Obj = page
	MarkLegend           // the key
	MarkTooltip          // the hover tooltip
	MarkSelection        // the selection or hover outline
	MarkDetails          // the in-canvas details card
	MarkEvent            // an Event queue record; Obj = its index in the snapshot's entries
)

var markNames = [...]string{"", "background", "card", "tile", "quarantined", "blocked", "resetting", "state", "link",
	"rootport", "slot", "pointer", "register", "packet", "parked", "countdown", "timeout", "flash", "page", "legend",
	"tooltip", "selection", "details", "event"}

func (m Mark) String() string {
	if int(m) < len(markNames) {
		return markNames[m]
	}
	return "mark?"
}

// Op is one draw operation. Which fields matter depends on Kind.
type Op struct {
	Kind           OpKind
	Style          Style
	Align          Align
	Face           font.Face // OpText
	Mark           Mark
	Obj            int32
	X, Y, W, H     float32
	X2, Y2         float32
	R0, R1, A0, A1 float32
	Width          float32 // stroke or line width
	Size           float32 // text size (the em) in px
	Track          float32 // OpText: extra advance after every character, px
	Fill, Stroke   color.RGBA
	Span           Span // OpText: bytes of Text; OpPath: points of Pts
}

// Span is a range of List.Text or List.Pts.
type Span struct{ Off, End int32 }

// List is a frame's ops, in painting order, and the text and
// points they use. Reset keeps the backing arrays so a steady-state Build
// allocates nothing.
type List struct {
	W, H  float32 // the canvas in CSS px
	Scale float32 // device px per CSS px (devicePixelRatio)
	Ops   []Op
	Text  []byte
	Pts   []layout.Point
}

// Reset empties the list, keeping its capacity.
func (d *List) Reset() {
	d.Ops = d.Ops[:0]
	d.Text = d.Text[:0]
	d.Pts = d.Pts[:0]
}

// TextOf returns the bytes of a text op; they stay valid until the next Reset.
func (d *List) TextOf(o *Op) []byte { return d.Text[o.Span.Off:o.Span.End] }

// PtsOf returns the points of a path op; they stay valid until the next Reset.
func (d *List) PtsOf(o *Op) []layout.Point { return d.Pts[o.Span.Off:o.Span.End] }

// String renders the list one op per line in a stable form for golden
// files: a header with the canvas, coordinates to one decimal, colours as
// #rrggbbaa.
func (d *List) String() string {
	b := []byte("canvas ")
	b = strconv.AppendFloat(b, float64(d.W), 'f', -1, 32)
	b = append(b, 'x')
	b = strconv.AppendFloat(b, float64(d.H), 'f', -1, 32)
	b = append(b, " scale "...)
	b = strconv.AppendFloat(b, float64(d.Scale), 'f', -1, 32)
	b = append(b, '\n')
	for i := range d.Ops {
		b = d.appendOp(b, &d.Ops[i])
		b = append(b, '\n')
	}
	return string(b)
}

func (d *List) appendOp(b []byte, o *Op) []byte {
	k := int(o.Kind)
	if k >= len(opNames) {
		k = 0
	}
	b = append(b, opNames[k]...)
	num := func(name string, v float32) {
		b = append(b, ' ')
		b = append(b, name...)
		b = append(b, '=')
		b = strconv.AppendFloat(b, float64(v), 'f', 1, 32)
	}
	col := func(name string, c color.RGBA) {
		b = append(b, ' ')
		b = append(b, name...)
		b = append(b, "=#"...)
		b = appendHexN(b, uint64(c.R)<<24|uint64(c.G)<<16|uint64(c.B)<<8|uint64(c.A), 8)
	}
	if o.Mark != MarkNone {
		b = append(b, " ["...)
		b = append(b, o.Mark.String()...)
		if o.Obj >= 0 {
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(o.Obj), 10)
		}
		b = append(b, ']')
	}
	switch o.Kind {
	case OpRect, OpClip:
		num("x", o.X)
		num("y", o.Y)
		num("w", o.W)
		num("h", o.H)
		if o.R0 != 0 {
			num("r", o.R0)
		}
	case OpLine:
		num("x", o.X)
		num("y", o.Y)
		num("x2", o.X2)
		num("y2", o.Y2)
	case OpArc:
		num("cx", o.X)
		num("cy", o.Y)
		num("r0", o.R0)
		num("r1", o.R1)
		num("a0", o.A0)
		num("a1", o.A1)
	case OpPath:
		b = append(b, " pts="...)
		for i, p := range d.PtsOf(o) {
			if i > 0 {
				b = append(b, ' ')
			}
			b = strconv.AppendFloat(b, float64(p.X), 'f', 1, 32)
			b = append(b, ',')
			b = strconv.AppendFloat(b, float64(p.Y), 'f', 1, 32)
		}
	case OpText:
		num("x", o.X)
		num("y", o.Y)
		num("size", o.Size)
		b = append(b, ' ')
		b = append(b, o.Face.String()...)
		if o.Track != 0 {
			num("track", o.Track)
		}
		if o.Align != Left {
			b = append(b, [...]string{"", " center", " right"}[o.Align]...)
		}
	}
	if o.Style != 0 {
		b = append(b, " style="...)
		first := true
		for i, n := range styleNames {
			if o.Style&(1<<i) != 0 {
				if !first {
					b = append(b, '|')
				}
				first = false
				b = append(b, n...)
			}
		}
	}
	if o.Kind == OpText || o.Style&Fill != 0 {
		col("fill", o.Fill)
	}
	if o.Kind == OpLine || o.Style&(Stroke|Hatch) != 0 {
		col("stroke", o.Stroke)
		num("width", o.Width)
	}
	if o.Kind == OpText {
		b = append(b, " text="...)
		b = strconv.AppendQuote(b, string(d.TextOf(o)))
	}
	return b
}

const hexDigits = "0123456789abcdef"

// appendHexN appends v as exactly n lowercase hex digits.
func appendHexN(b []byte, v uint64, n int) []byte {
	for i := n - 1; i >= 0; i-- {
		b = append(b, hexDigits[(v>>(4*uint(i)))&0xf])
	}
	return b
}
