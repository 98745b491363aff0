package raster

import (
	"flag"
	"image/color"
	"math"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/smmuplay/smmuplay/render/display"
	"github.com/smmuplay/smmuplay/render/font"
	"github.com/smmuplay/smmuplay/render/goldenimg"
	"github.com/smmuplay/smmuplay/render/layout"
)

var sampleDir = flag.String("sample", "", "write sample-1x.png and sample-2x.png, every op and style, to this directory")

// builder helps hand-build display lists.
type builder struct{ dl display.List }

func (b *builder) op(o display.Op) { b.dl.Ops = append(b.dl.Ops, o) }

func (b *builder) text(x, y, size float32, face font.Face, al display.Align, c color.RGBA, s string) {
	off := len(b.dl.Text)
	b.dl.Text = append(b.dl.Text, s...)
	b.op(display.Op{Kind: display.OpText, X: x, Y: y, Size: size, Face: face, Align: al, Fill: c,
		Span: display.Span{Off: int32(off), End: int32(len(b.dl.Text))}})
}

func (b *builder) path(st display.Style, fill, stroke color.RGBA, w float32, pts ...layout.Point) {
	off := len(b.dl.Pts)
	b.dl.Pts = append(b.dl.Pts, pts...)
	b.op(display.Op{Kind: display.OpPath, Style: st, Fill: fill, Stroke: stroke, Width: w,
		Span: display.Span{Off: int32(off), End: int32(len(b.dl.Pts))}})
}

var (
	white  = color.RGBA{0xff, 0xff, 0xff, 0xff}
	black  = color.RGBA{0, 0, 0, 0xff}
	red    = color.RGBA{0xff, 0, 0, 0xff}
	ink    = color.RGBA{0x22, 0x2b, 0x38, 0xff}
	panel  = color.RGBA{0xf4, 0xf6, 0xf9, 0xff}
	border = color.RGBA{0x9a, 0xa4, 0xb2, 0xff}
	blue   = color.RGBA{0x2f, 0x6f, 0xd6, 0xff}
	green  = color.RGBA{0x2e, 0x9d, 0x5b, 0xff}
	amber  = color.RGBA{0xe0, 0x9b, 0x1a, 0xff}
	glass  = color.RGBA{0x2f, 0x6f, 0xd6, 0x60}
)

// bezier flattens a cubic Bézier into n+1 points, as the scene does for
// curved links.
func bezier(p0, p1, p2, p3 layout.Point, n int) []layout.Point {
	var out []layout.Point
	for i := 0; i <= n; i++ {
		t := float32(i) / float32(n)
		u := 1 - t
		a, b, c, d := u*u*u, 3*u*u*t, 3*u*t*t, t*t*t
		out = append(out, layout.Point{X: a*p0.X + b*p1.X + c*p2.X + d*p3.X, Y: a*p0.Y + b*p1.Y + c*p2.Y + d*p3.Y})
	}
	return out
}

// sampleList is a hand-built list with every op and style: boxes, lines,
// arcs (a 64-slot ring, a countdown, dots, halos, pies), paths (curved
// links, arrowheads, a check mark, icons), clips and text.
func sampleList(scale float32) *display.List {
	var b builder
	b.dl.W, b.dl.H, b.dl.Scale = 520, 400, scale
	h := 0.5 / scale // centres a 1 px hairline on a device pixel
	b.op(display.Op{Kind: display.OpRect, Style: display.Fill, W: 520, H: 400, Fill: panel, Mark: display.MarkBackground})

	// Row 1: boxes.
	y := float32(10)
	b.op(display.Op{Kind: display.OpRect, Style: display.Fill, X: 10, Y: y, W: 50, H: 36, Fill: blue})
	b.op(display.Op{Kind: display.OpRect, Style: display.Fill, X: 70, Y: y, W: 50, H: 36, R0: 8, Fill: blue})
	b.op(display.Op{Kind: display.OpRect, Style: display.Fill | display.Stroke, X: 130 + h, Y: y + h, W: 50 - 2*h, H: 36 - 2*h, Fill: white, Stroke: border, Width: 1})
	b.op(display.Op{Kind: display.OpRect, Style: display.Fill | display.Stroke, X: 190 + h, Y: y + h, W: 50 - 2*h, H: 36 - 2*h, R0: 6, Fill: white, Stroke: border, Width: 1})
	b.op(display.Op{Kind: display.OpRect, Style: display.Stroke, X: 251, Y: y + 1, W: 48, H: 34, R0: 4, Stroke: ink, Width: 2})
	b.op(display.Op{Kind: display.OpRect, Style: display.Stroke | display.Dashed, X: 310 + h, Y: y + h, W: 50, H: 36, Stroke: ink, Width: 1})
	b.op(display.Op{Kind: display.OpRect, Style: display.Stroke | display.Dotted, X: 370 + h, Y: y + h, W: 50, H: 36, R0: 6, Stroke: ink, Width: 1})
	b.op(display.Op{Kind: display.OpRect, Style: display.Fill | display.Hatch | display.Stroke, X: 430, Y: y, W: 80, H: 36, R0: 6,
		Fill: color.RGBA{0xfd, 0xe8, 0xe8, 0xff}, Stroke: color.RGBA{0xc0, 0x39, 0x2b, 0xff}, Width: 1.5})
	// Row 1b: translucency, thin boxes, fractional edges.
	y = 54
	b.op(display.Op{Kind: display.OpRect, Style: display.Fill, X: 10, Y: y, W: 40, H: 24, Fill: glass})
	b.op(display.Op{Kind: display.OpRect, Style: display.Fill, X: 30, Y: y + 10, W: 40, H: 24, R0: 5, Fill: glass})
	for i := range 8 {
		w := 0.25 * float32(i+1)
		b.op(display.Op{Kind: display.OpRect, Style: display.Fill, X: 90 + 8*float32(i), Y: y, W: w, H: 34, Fill: ink})
	}
	for i := range 8 {
		x := 170 + 10*float32(i) + 0.125*float32(i)
		b.op(display.Op{Kind: display.OpRect, Style: display.Fill, X: x, Y: y + 0.125*float32(i), W: 6.5, H: 30, Fill: ink})
	}
	b.op(display.Op{Kind: display.OpRect, Style: display.Fill | display.Stroke | display.Dashed, X: 260, Y: y, W: 110, H: 34, R0: 17,
		Fill: color.RGBA{0xe8, 0xf0, 0xfd, 0xff}, Stroke: blue, Width: 2})
	b.op(display.Op{Kind: display.OpRect, Style: display.Stroke | display.Dotted, X: 380 + h, Y: y + h, W: 130, H: 34, Stroke: red, Width: 1})

	// Row 2: lines.
	y = 100
	b.op(display.Op{Kind: display.OpLine, X: 10, Y: y + h, X2: 120, Y2: y + h, Stroke: ink, Width: 1})
	b.op(display.Op{Kind: display.OpLine, X: 10, Y: y + 6, X2: 120, Y2: y + 6, Stroke: ink, Width: 2})
	b.op(display.Op{Kind: display.OpLine, X: 10, Y: y + 12 + h, X2: 120, Y2: y + 12 + h, Stroke: ink, Width: 1, Style: display.Dashed})
	b.op(display.Op{Kind: display.OpLine, X: 10, Y: y + 18 + h, X2: 120, Y2: y + 18 + h, Stroke: ink, Width: 1, Style: display.Dotted})
	b.op(display.Op{Kind: display.OpLine, X: 10, Y: y + 24 + h, X2: 120, Y2: y + 24 + h, Stroke: ink, Width: 0.5})
	b.op(display.Op{Kind: display.OpLine, X: 10, Y: y + 30 + h, X2: 120, Y2: y + 30 + h, Stroke: ink, Width: 0.25})
	for i := range 12 {
		a := float64(i) * math.Pi / 12
		dx, dy := float32(30*math.Cos(a)), float32(30*math.Sin(a))
		b.op(display.Op{Kind: display.OpLine, X: 170, Y: y + 35, X2: 170 + dx, Y2: y + 35 - dy, Stroke: ink, Width: 1})
	}
	for i := range 6 {
		x := 220 + 12*float32(i) + h
		b.op(display.Op{Kind: display.OpLine, X: x, Y: y, X2: x, Y2: y + 36, Stroke: ink, Width: float32(i+1) / 2})
	}
	b.op(display.Op{Kind: display.OpLine, X: 300, Y: y, X2: 380, Y2: y + 36, Stroke: blue, Width: 3})
	b.op(display.Op{Kind: display.OpLine, X: 300, Y: y + 36, X2: 380, Y2: y, Stroke: red, Width: 1, Style: display.Dashed})
	b.op(display.Op{Kind: display.OpLine, X: 390, Y: y, X2: 500, Y2: y + 36, Stroke: green, Width: 2, Style: display.Dotted})

	// Row 3: arcs. A 64-slot ring.
	cx, cy := float32(80), float32(220)
	for k := range 64 {
		step := 2 * math.Pi / 64
		a0 := float32(-math.Pi/2 + float64(k)*step)
		a1 := float32(-math.Pi/2 + float64(k+1)*step)
		fill := white
		switch {
		case k < 10:
			fill = green
		case k < 14:
			fill = amber
		}
		b.op(display.Op{Kind: display.OpArc, Style: display.Fill | display.Stroke, X: cx, Y: cy, R0: 44, R1: 62, A0: a0, A1: a1,
			Fill: fill, Stroke: border, Width: 0.5, Mark: display.MarkSlot, Obj: int32(k)})
	}
	// A countdown (thick open arc) inside, a halo around, dots.
	b.op(display.Op{Kind: display.OpArc, Style: display.Fill, X: cx, Y: cy, R0: 28, R1: 36, A0: -math.Pi / 2, A1: math.Pi * 0.9, Fill: amber})
	b.op(display.Op{Kind: display.OpArc, Style: display.Stroke, X: cx, Y: cy, R0: 0, R1: 70, A0: 0, A1: 2 * math.Pi, Stroke: blue, Width: 1})
	b.op(display.Op{Kind: display.OpArc, Style: display.Fill, X: cx, Y: cy, R0: 67, R1: 68, A0: 0.3, A1: 0.3 + 2*math.Pi, Fill: red})
	b.op(display.Op{Kind: display.OpArc, Style: display.Fill, X: cx, Y: cy, R0: 0, R1: 8, A0: 0, A1: 2 * math.Pi, Fill: blue})
	for i := range 6 {
		r := float32(2 + i)
		x := 170 + float32(i)*20 + float32(i)*0.3
		b.op(display.Op{Kind: display.OpArc, Style: display.Fill, X: x, Y: 170, R0: 0, R1: r, A0: 0, A1: 2 * math.Pi, Fill: blue})
		b.op(display.Op{Kind: display.OpArc, Style: display.Fill | display.Stroke, X: x, Y: 200, R0: 0, R1: r, A0: 0, A1: 2 * math.Pi, Fill: white, Stroke: red, Width: 1})
	}
	// Pies and sectors with outlines, dashed ring.
	b.op(display.Op{Kind: display.OpArc, Style: display.Fill, X: 190, Y: 250, R0: 0, R1: 20, A0: 0, A1: 1.5 * math.Pi, Fill: green})
	b.op(display.Op{Kind: display.OpArc, Style: display.Fill | display.Stroke, X: 240, Y: 250, R0: 0, R1: 20, A0: -math.Pi / 2, A1: 0.4, Fill: white, Stroke: ink, Width: 1})
	b.op(display.Op{Kind: display.OpArc, Style: display.Fill | display.Stroke, X: 290, Y: 250, R0: 10, R1: 22, A0: 0.3, A1: 2.5, Fill: amber, Stroke: ink, Width: 1.5})
	b.op(display.Op{Kind: display.OpArc, Style: display.Stroke | display.Dashed, X: 290, Y: 190, R0: 12, R1: 24, A0: 0, A1: 2 * math.Pi, Stroke: ink, Width: 1})
	b.op(display.Op{Kind: display.OpArc, Style: display.Fill, X: 350, Y: 190, R0: 20, R1: 21, A0: 0, A1: 2 * math.Pi, Fill: ink})
	b.op(display.Op{Kind: display.OpArc, Style: display.Fill, X: 350, Y: 190, R0: 14, R1: 14.5, A0: 0, A1: 2 * math.Pi, Fill: ink})

	// Row 4: paths.
	y = 300
	link := bezier(layout.Point{X: 10, Y: y}, layout.Point{X: 60, Y: y}, layout.Point{X: 60, Y: y + 80}, layout.Point{X: 120, Y: y + 80}, 20)
	b.path(display.Stroke, color.RGBA{}, ink, 1.5, link...)
	link = bezier(layout.Point{X: 40, Y: y}, layout.Point{X: 90, Y: y}, layout.Point{X: 90, Y: y + 60}, layout.Point{X: 150, Y: y + 60}, 20)
	b.path(display.Stroke|display.Dashed, color.RGBA{}, red, 1, link...)
	link = bezier(layout.Point{X: 70, Y: y}, layout.Point{X: 120, Y: y}, layout.Point{X: 120, Y: y + 40}, layout.Point{X: 180, Y: y + 40}, 20)
	b.path(display.Stroke|display.Dotted, color.RGBA{}, blue, 2, link...)
	// Arrowhead.
	b.path(display.Fill, ink, color.RGBA{}, 0, layout.Point{X: 180, Y: y + 34}, layout.Point{X: 192, Y: y + 40}, layout.Point{X: 180, Y: y + 46})
	// Check mark (open polyline), a closed zigzag, a warning icon, a lock.
	b.path(display.Stroke, color.RGBA{}, green, 2.5, layout.Point{X: 210, Y: y + 20}, layout.Point{X: 220, Y: y + 30}, layout.Point{X: 240, Y: y + 4})
	b.path(display.Stroke|display.Closed, color.RGBA{}, ink, 1, layout.Point{X: 250, Y: y + 40}, layout.Point{X: 260, Y: y}, layout.Point{X: 270, Y: y + 40},
		layout.Point{X: 280, Y: y}, layout.Point{X: 290, Y: y + 40})
	b.path(display.Fill|display.Stroke|display.Closed, amber, ink, 1, layout.Point{X: 320, Y: y}, layout.Point{X: 342, Y: y + 38}, layout.Point{X: 298, Y: y + 38})
	b.op(display.Op{Kind: display.OpRect, Style: display.Fill, X: 319, Y: y + 12, W: 2, H: 14, Fill: ink})
	b.op(display.Op{Kind: display.OpArc, Style: display.Fill, X: 320, Y: y + 31, R1: 1.5, A1: 2 * math.Pi, Fill: ink})
	b.op(display.Op{Kind: display.OpArc, Style: display.Stroke, X: 370, Y: y + 16, R0: 0, R1: 7, A0: math.Pi, A1: 2 * math.Pi, Stroke: ink, Width: 2})
	b.op(display.Op{Kind: display.OpRect, Style: display.Fill, X: 360, Y: y + 16, W: 20, H: 16, R0: 2, Fill: ink})
	b.path(display.Fill|display.Hatch|display.Stroke|display.Closed, white, red, 1,
		layout.Point{X: 400, Y: y}, layout.Point{X: 460, Y: y + 10}, layout.Point{X: 450, Y: y + 50}, layout.Point{X: 405, Y: y + 40})

	// Clipped: a big disc cut by two nested clips, then text.
	b.op(display.Op{Kind: display.OpClip, X: 430, Y: 130, W: 80, H: 100})
	b.op(display.Op{Kind: display.OpClip, X: 400, Y: 150, W: 90, H: 60})
	b.op(display.Op{Kind: display.OpArc, Style: display.Fill, X: 470, Y: 180, R1: 40, A1: 2 * math.Pi, Fill: green})
	b.op(display.Op{Kind: display.OpUnclip})
	b.op(display.Op{Kind: display.OpRect, Style: display.Stroke, X: 430, Y: 130, W: 80, H: 100, Stroke: red, Width: 2})
	b.op(display.Op{Kind: display.OpUnclip})

	b.text(10, 380, 12, font.Sans, display.Left, ink, "Sans 12 px: SMMUv3 CMD_SYNC 0x1f")
	b.text(510, 380, 11, font.MonoBold, display.Right, blue, "mono bold 11, right")
	b.text(420, 360, 14, font.SansBold, display.Center, red, "Centre 14")
	return &b.dl
}

// TestSample writes the sample pictures when -sample is given; look at
// them.
func TestSample(t *testing.T) {
	if *sampleDir == "" {
		t.Skip("no -sample directory")
	}
	for _, s := range []float32{1, 2} {
		img := Render(sampleList(s))
		p := filepath.Join(*sampleDir, "sample-"+strconv.Itoa(int(s))+"x.png")
		if err := goldenimg.WritePNG(p, img); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", p)
	}
}
