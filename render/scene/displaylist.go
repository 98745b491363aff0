package scene

import (
	"image/color"
	"strconv"
)

// OpKind says what an Op draws.
type OpKind uint8

// Op kinds.
const (
	OpRect   OpKind = iota + 1 // box X, Y, W, H
	OpLine                     // segment (X, Y) -> (X2, Y2), Width wide
	OpArc                      // ring slot: centre (X, Y), radii R0..R1, angles A0..A1 (radians, clockwise from +x)
	OpText                     // text at (X, Y) top-left (or top-centre/right by Align), Size px high
	OpClip                     // clip what follows to box X, Y, W, H until OpUnclip
	OpUnclip                   // end of the last OpClip
)

var opNames = [...]string{"?", "rect", "line", "arc", "text", "clip", "unclip"}

// Style flags say how an op is painted. Shapes carry meaning with their
// style as well as their colour, so the picture survives colour blindness
// and greyscale.
type Style uint16

// Styles.
const (
	Fill   Style = 1 << iota // paint the inside with Fill
	Stroke                   // outline with Stroke, Width wide
	Dashed                   // outline dashed (an endpoint in reset)
	Hatch                    // diagonal hatch over the fill in Stroke (quarantine, corruption)
	Double                   // double outline (quarantine)
	Bold                     // bold text
)

var styleNames = [...]string{"fill", "stroke", "dashed", "hatch", "double", "bold"}

// Align is a text op's horizontal anchor.
type Align uint8

// Text anchors.
const (
	Left Align = iota
	Center
	Right
)

// Op is one draw operation. Which fields matter depends on Kind.
type Op struct {
	Kind           OpKind
	Style          Style
	Align          Align
	X, Y, W, H     float32
	X2, Y2         float32
	R0, R1, A0, A1 float32
	Width          float32 // stroke or line width
	Size           float32 // text height in px
	Fill, Stroke   color.RGBA
	Text           Span // OpText: bytes in the list's arena
}

// Span is a range of DisplayList.Text.
type Span struct{ Off, End int32 }

// DisplayList is a frame's ops, in painting order, and the text they show.
// Reset keeps the backing arrays so a steady-state Build allocates nothing.
type DisplayList struct {
	Ops  []Op
	Text []byte
}

// Reset empties the list, keeping its capacity.
func (d *DisplayList) Reset() {
	d.Ops = d.Ops[:0]
	d.Text = d.Text[:0]
}

// TextOf returns the bytes of a text op; they stay valid until the next Reset.
func (d *DisplayList) TextOf(o *Op) []byte { return d.Text[o.Text.Off:o.Text.End] }

// String renders the list one op per line in a stable form for golden
// files: coordinates to one decimal, colours as #rrggbbaa.
func (d *DisplayList) String() string {
	var b []byte
	for i := range d.Ops {
		b = d.appendOp(b, &d.Ops[i])
		b = append(b, '\n')
	}
	return string(b)
}

func (d *DisplayList) appendOp(b []byte, o *Op) []byte {
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
	switch o.Kind {
	case OpRect, OpClip:
		num("x", o.X)
		num("y", o.Y)
		num("w", o.W)
		num("h", o.H)
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
	case OpText:
		num("x", o.X)
		num("y", o.Y)
		num("size", o.Size)
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
