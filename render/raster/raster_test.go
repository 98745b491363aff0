package raster

import (
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/smmuplay/smmuplay/render/display"
	"github.com/smmuplay/smmuplay/render/font"
	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/render/tess"
)

// canvas starts a w×h CSS px list at scale s with a white background.
func canvas(w, h, s float32) *builder {
	b := &builder{}
	b.dl.W, b.dl.H, b.dl.Scale = w, h, s
	b.op(display.Op{Kind: display.OpRect, Style: display.Fill, W: w, H: h, Fill: white})
	return b
}

// count returns how many pixels of img in r are c.
func count(img *image.RGBA, r image.Rectangle, c color.RGBA) int {
	n := 0
	r = r.Intersect(img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if img.RGBAAt(x, y) == c {
				n++
			}
		}
	}
	return n
}

// onlyColours fails unless every pixel of img is one of cs.
func onlyColours(t *testing.T, name string, img *image.RGBA, cs ...color.RGBA) {
	t.Helper()
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
	px:
		for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
			got := img.RGBAAt(x, y)
			for _, c := range cs {
				if got == c {
					continue px
				}
			}
			t.Errorf("%s: pixel (%d,%d) is %v: not crisp", name, x, y, got)
			return
		}
	}
}

func TestSize(t *testing.T) {
	for _, c := range []struct {
		w, h, s float32
		x, y    int
	}{{1280, 800, 2, 2560, 1600}, {1280, 800, 0, 1280, 800}, {100.2, 50, 1, 101, 50}, {1280, 720, 1.1, 1408, 792}, {-5, 10, 1, 0, 10}} {
		dl := display.List{W: c.w, H: c.h, Scale: c.s}
		if x, y := Size(&dl); x != c.x || y != c.y {
			t.Errorf("Size(%v×%v at %v) = %d×%d, want %d×%d", c.w, c.h, c.s, x, y, c.x, c.y)
		}
	}
}

// TestPrimitives: boxes and lines on the device pixel grid are crisp at
// scales 1 and 2 and paint the pixels they should.
func TestPrimitives(t *testing.T) {
	for _, s := range []float32{1, 2} {
		n := int(s * s)
		h := 0.5 / s // centres a hairline on a device pixel
		cases := []struct {
			name string
			ops  []display.Op
			want int // red pixels
		}{
			{"fill", []display.Op{{Kind: display.OpRect, Style: display.Fill, X: 10, Y: 10, W: 20, H: 30, Fill: red}}, 600 * n},
			{"rounded fill", []display.Op{{Kind: display.OpRect, Style: display.Fill, X: 10, Y: 10, W: 20, H: 30, R0: 4, Fill: red}}, -1},
			{"hairline box", []display.Op{{Kind: display.OpRect, Style: display.Stroke, X: 10 + h, Y: 10 + h, W: 20 - 2*h, H: 30 - 2*h, Stroke: red, Width: 1 / s}},
				600*n - (20*int(s)-2)*(30*int(s)-2)},
			{"fill and outline", []display.Op{{Kind: display.OpRect, Style: display.Fill | display.Stroke, X: 10, Y: 10, W: 20, H: 30, Fill: black, Stroke: red, Width: 2}},
				(22*32 - 18*28) * n},
			{"hline", []display.Op{{Kind: display.OpLine, X: 10, Y: 50 + h, X2: 90, Y2: 50 + h, Stroke: red, Width: 1 / s}}, 80 * int(s)},
			{"vline 3", []display.Op{{Kind: display.OpLine, X: 50.5, Y: 10, X2: 50.5, Y2: 30, Stroke: red, Width: 3}}, 60 * n},
			{"clip", []display.Op{
				{Kind: display.OpClip, X: 0, Y: 0, W: 50, H: 100},
				{Kind: display.OpClip, X: 20, Y: 0, W: 100, H: 10},
				{Kind: display.OpRect, Style: display.Fill, W: 100, H: 100, Fill: red},
				{Kind: display.OpUnclip},
				{Kind: display.OpRect, Style: display.Fill, Y: 90, W: 100, H: 10, Fill: black},
				{Kind: display.OpUnclip},
			}, 300 * n},
			{"unbalanced", []display.Op{
				{Kind: display.OpUnclip},
				{Kind: display.OpClip, X: 0, Y: 0, W: 10, H: 10},
				{Kind: display.OpRect, Style: display.Fill, W: 100, H: 100, Fill: red},
			}, 100 * n},
		}
		for _, c := range cases {
			b := canvas(100, 100, s)
			b.dl.Ops = append(b.dl.Ops, c.ops...)
			img := Render(&b.dl)
			if c.want < 0 {
				continue
			}
			if got := count(img, img.Rect, red); got != c.want {
				t.Errorf("%s at %vx: %d red pixels, want %d", c.name, s, got, c.want)
			}
			onlyColours(t, c.name, img, white, red, black)
		}
	}
}

// TestClipRounding: clip boxes snap to the nearest device pixel.
func TestClipRounding(t *testing.T) {
	o := display.Op{Kind: display.OpClip, X: 1.3, Y: 2.2, W: 10, H: 5.1}
	if got, want := tess.ClipRect(&o, 1.5), image.Rect(2, 3, 17, 11); got != want {
		t.Errorf("ClipRect at 1.5x = %v, want %v", got, want)
	}
	o = display.Op{Kind: display.OpClip, X: float32(math.NaN()), W: 10, H: 10}
	if got := tess.ClipRect(&o, 1); !got.Empty() {
		t.Errorf("ClipRect of NaN = %v", got)
	}
	b := canvas(20, 20, 1.5)
	b.op(display.Op{Kind: display.OpClip, X: 1.3, Y: 2.2, W: 10, H: 5.1})
	b.op(display.Op{Kind: display.OpRect, Style: display.Fill, W: 20, H: 20, Fill: red})
	img := Render(&b.dl)
	if got := count(img, img.Rect, red); got != 15*8 {
		t.Errorf("clipped fill at 1.5x: %d pixels, want %d", got, 15*8)
	}
}

// TestTranslucent: straight alpha over white; shapes that share an edge
// blend once on each side of it; a translucent shape's own triangles
// never blend twice.
func TestTranslucent(t *testing.T) {
	half := color.RGBA{0, 0, 0, 0x80}
	want := color.RGBA{0x7f, 0x7f, 0x7f, 0xff}
	b := canvas(40, 20, 1)
	b.op(display.Op{Kind: display.OpRect, Style: display.Fill, W: 10, H: 10, Fill: half})
	b.op(display.Op{Kind: display.OpRect, Style: display.Fill, X: 10, W: 10, H: 10, Fill: half})
	b.op(display.Op{Kind: display.OpRect, Style: display.Fill, X: 20.5, Y: 0.5, W: 15, H: 15, R0: 5, Fill: half})
	img := Render(&b.dl)
	if got := count(img, image.Rect(0, 0, 20, 10), want); got != 200 {
		t.Errorf("two half-black boxes over white: %d pixels of %v, want 200 (pixel (9,5) %v, (10,5) %v)", got, want, img.RGBAAt(9, 5), img.RGBAAt(10, 5))
	}
	for y := 0; y < 20; y++ {
		for x := 20; x < 40; x++ {
			if c := img.RGBAAt(x, y); c.R < want.R {
				t.Fatalf("rounded half-black box: pixel (%d,%d) is %v, darker than one blend", x, y, c)
			}
		}
	}
	if c := img.RGBAAt(28, 8); c != want {
		t.Errorf("inside the rounded box: %v, want %v", c, want)
	}
}

// TestAntialiased: an edge off the grid is shaded in proportion to its
// coverage.
func TestAntialiased(t *testing.T) {
	b := canvas(20, 10, 1)
	b.op(display.Op{Kind: display.OpRect, Style: display.Fill, X: 2, Y: 0, W: 5.25, H: 10, Fill: black})
	img := Render(&b.dl)
	if c := img.RGBAAt(7, 5); c.R < 0xbd || c.R > 0xc1 {
		t.Errorf("pixel a quarter covered: %v, want about 0xbf", c)
	}
	b = canvas(40, 40, 2)
	b.op(display.Op{Kind: display.OpArc, Style: display.Fill, X: 20, Y: 20, R1: 10, A1: 2 * math.Pi, Fill: black})
	img = Render(&b.dl)
	ink := 0.0
	for i := 0; i < len(img.Pix); i += 4 {
		ink += float64(255-img.Pix[i]) / 255
	}
	if want := math.Pi * 400; math.Abs(ink-want) > want/200 {
		t.Errorf("disc of radius 20 device px: ink %.1f, want %.1f", ink, want)
	}
}

// TestText: a run's ink lies in its box, starts at its origin and ends
// near its measured width, whatever the anchor.
func TestText(t *testing.T) {
	s := []byte("SMMU CMD_SYNC")
	for _, sc := range []float32{1, 2} {
		for _, al := range []display.Align{display.Left, display.Center, display.Right} {
			b := canvas(300, 40, sc)
			b.text(150, 10, 14, font.Sans, al, black, string(s))
			img := Render(&b.dl)
			o := &b.dl.Ops[1]
			x, bl, size, track, ok := tess.TextOrigin(o, s, sc)
			if !ok {
				t.Fatal("TextOrigin: not ok")
			}
			w := font.Measure(font.Sans, size, track, s)
			ink := image.Rectangle{}
			for y := 0; y < img.Rect.Dy(); y++ {
				for x := 0; x < img.Rect.Dx(); x++ {
					if img.RGBAAt(x, y).R < 0x80 {
						ink = ink.Union(image.Rect(x, y, x+1, y+1))
					}
				}
			}
			if ink.Empty() {
				t.Fatalf("%v at %vx: no ink", al, sc)
			}
			cap := font.CapHeight(font.Sans) * size
			if d := float32(ink.Min.X) - x; d < 0 || d > 2*sc {
				t.Errorf("%v at %vx: ink starts at x %d, pen at %v", al, sc, ink.Min.X, x)
			}
			if d := x + w - float32(ink.Max.X); d < -1 || d > 2*sc {
				t.Errorf("%v at %vx: ink ends at x %d, the run at %v", al, sc, ink.Max.X, x+w)
			}
			desc := font.Descent(font.Sans) * size
			if float32(ink.Max.Y) > bl+desc+1 || float32(ink.Min.Y) < bl-cap-1 {
				t.Errorf("%v at %vx: ink rows %d..%d, baseline %v cap height %v descent %v", al, sc, ink.Min.Y, ink.Max.Y, bl, cap, desc)
			}
		}
	}
	// Clipped text: nothing outside the clip.
	b := canvas(200, 40, 1)
	b.op(display.Op{Kind: display.OpClip, X: 10, Y: 0, W: 30, H: 40})
	b.text(0, 10, 14, font.SansBold, display.Left, black, "WWWWWWWWWW")
	b.op(display.Op{Kind: display.OpUnclip})
	img := Render(&b.dl)
	if n := count(img, image.Rect(40, 0, 200, 40), white) + count(img, image.Rect(0, 0, 10, 40), white); n != 170*40 {
		t.Errorf("clipped text: %d pixels outside the clip painted", 170*40-n)
	}
	if count(img, image.Rect(10, 0, 40, 40), white) == 30*40 {
		t.Error("clipped text: no ink inside the clip")
	}
}

// TestDeterministic: drawing the same list twice, once on a dirty image
// through a reused Renderer, gives the same pixels.
func TestDeterministic(t *testing.T) {
	for _, s := range []float32{1, 2} {
		dl := sampleList(s)
		a := Render(dl)
		b := image.NewRGBA(a.Rect)
		for i := range b.Pix {
			b.Pix[i] = byte(i * 7)
		}
		var r Renderer
		r.Draw(b, dl) // the list starts with an opaque background
		r.Draw(b, dl)
		for i := range a.Pix {
			if a.Pix[i] != b.Pix[i] {
				t.Fatalf("at %vx byte %d differs between two draws of the same list", s, i)
			}
		}
		for i := 3; i < len(a.Pix); i += 4 {
			if a.Pix[i] != 0xff {
				t.Fatalf("at %vx pixel %d is not opaque (alpha %d)", s, i/4, a.Pix[i])
			}
		}
	}
}

// TestNoAllocs: once grown, drawing a frame allocates nothing.
func TestNoAllocs(t *testing.T) {
	dl := sampleList(2)
	w, h := Size(dl)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	var r Renderer
	r.Draw(img, dl)
	if n := testing.AllocsPerRun(3, func() { r.Draw(img, dl) }); n != 0 {
		t.Errorf("%v allocations per frame, want 0", n)
	}
}

// TestGarbage: ops with nonsense fields and spans draw without panicking.
func TestGarbage(t *testing.T) {
	nan := float32(math.NaN())
	b := canvas(50, 50, 1)
	b.dl.Text = append(b.dl.Text, "abc"...)
	b.dl.Pts = append(b.dl.Pts, layout.Point{X: 1, Y: 1}, layout.Point{X: nan, Y: 3})
	for k := display.OpKind(0); k < 10; k++ {
		for _, v := range []float32{nan, float32(math.Inf(-1)), 1e30, -1e30, 0, -3} {
			b.op(display.Op{Kind: k, Style: 0xffff, X: v, Y: 2, W: v, H: 4, R0: v, R1: 5, A1: v, Width: v, Size: v, Track: v, Face: 200,
				Fill: red, Stroke: red, Align: 7, Span: display.Span{Off: 0, End: 3}})
			b.op(display.Op{Kind: k, Style: 0xffff, X: 2, Y: 2, W: 4, H: 4, Size: v, Fill: red, Stroke: red, Span: display.Span{Off: 2, End: 1}})
			b.op(display.Op{Kind: k, Style: 0xffff, X: 2, Y: 2, W: 4, H: 4, Size: 12, Fill: red, Stroke: red, Span: display.Span{Off: -4, End: 100}})
		}
	}
	img := image.NewRGBA(image.Rect(-5, -5, 40, 40)) // not at the origin, smaller than the canvas
	var r Renderer
	r.Draw(img, &b.dl)
	for _, s := range []float32{0, -1, nan, 1e-9, 1e9} {
		b.dl.Scale = s
		r.Draw(img, &b.dl)
	}
	// A mesh with indices out of range or NaN vertices.
	m := tess.Mesh{V: []tess.Vertex{{X: 1, Y: 1, A: 1}, {X: nan, Y: 2, A: 1}, {X: 1e30, Y: 5, A: 1}, {X: 3, Y: 9, A: 1}}, I: []uint16{0, 1, 3, 0, 2, 3, 0, 3, 9, 0}}
	DrawMesh(img, img.Rect, &m)
}

// FuzzDraw: random ops: no panic.
func FuzzDraw(f *testing.F) {
	f.Add([]byte("\x01\x03\x00\x10\x20\x30\x40\x05\x06\x07\x08"), float32(1))
	f.Add([]byte("\x04\x07\x10\x10\x40\x40\x05\x01\x00\x08\x05\x05\x02"), float32(2))
	f.Fuzz(func(t *testing.T, data []byte, s float32) { fuzzOne(data, s) })
}

// fuzzOne draws the ops data describes at scale s.
func fuzzOne(data []byte, s float32) {
	b := canvas(64, 48, s)
	b.dl.Text = append(b.dl.Text, "Hi 0x1f"...)
	byt := func() uint8 {
		if len(data) == 0 {
			return 0
		}
		v := data[0]
		data = data[1:]
		return v
	}
	// num maps a byte to -64..63.5 in halves, or a value that is not
	// finite or is huge.
	num := func() float32 {
		switch v := byt(); v {
		case 0x7f:
			return float32(math.NaN())
		case 0x7e:
			return float32(math.Inf(1))
		case 0x81:
			return -1e30
		default:
			return float32(int8(v)) / 2
		}
	}
	for len(data) > 0 && len(b.dl.Ops) < 64 {
		kind := display.OpKind(byt() % 9)
		o := display.Op{Kind: kind, Style: display.Style(byt()) | display.Style(byt()&1)<<8, X: num(), Y: num(), W: num(), H: num(),
			X2: num(), Y2: num(), R0: num(), R1: num(), A0: num(), A1: num(), Width: num() / 4, Size: num(), Track: num() / 8,
			Face: font.Face(byt() % 5), Align: display.Align(byt() % 4),
			Fill: color.RGBA{0xff, 0, 0, byt()}, Stroke: color.RGBA{0, 0, 0xff, 0xff}}
		n := int(byt() % 8)
		off := len(b.dl.Pts)
		for range n {
			b.dl.Pts = append(b.dl.Pts, layout.Point{X: num() + 32, Y: num() + 24})
		}
		o.Span = display.Span{Off: int32(off), End: int32(len(b.dl.Pts))}
		if kind == display.OpText {
			o.Span = display.Span{Off: int32(byt() % 9), End: int32(byt() % 9)}
		}
		b.op(o)
	}
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	var r Renderer
	r.Draw(img, &b.dl)
}

// bigList is a frame of about 5000 ops on a 1280×800 canvas: tiles with
// text, links, a ring, packets, dashed boxes.
func bigList(s float32) *display.List {
	b := canvas(1280, 800, s)
	const tau = 2 * math.Pi
	for k := range 64 {
		a0 := float32(-math.Pi/2 + float64(k)*tau/64)
		b.op(display.Op{Kind: display.OpArc, Style: display.Fill | display.Stroke, X: 640, Y: 400, R0: 90, R1: 120, A0: a0, A1: a0 + tau/64,
			Fill: panel, Stroke: border, Width: 0.5})
	}
	for i := range 256 {
		x, y := float32(10+(i%16)*79), float32(10+(i/16)*49)
		if y > 300 {
			y += 200
		}
		b.op(display.Op{Kind: display.OpRect, Style: display.Fill | display.Stroke, X: x + 0.5, Y: y + 0.5, W: 72, H: 42, R0: 6, Fill: white, Stroke: border, Width: 1})
		b.op(display.Op{Kind: display.OpRect, Style: display.Fill, X: x + 6, Y: y + 28, W: 30, H: 8, R0: 4, Fill: green})
		b.text(x+6, y+4, 12, font.SansBold, display.Left, ink, "ep"+string(rune('0'+i%10)))
		b.text(x+66, y+4, 11, font.Mono, display.Right, ink, "0x100")
		b.text(x+40, y+28, 11, font.Sans, display.Left, ink, "OK")
		pts := bezier(layout.Point{X: x + 36, Y: y + 42}, layout.Point{X: x + 36, Y: y + 80}, layout.Point{X: 640, Y: 300}, layout.Point{X: 640, Y: 280}, 16)
		off := len(b.dl.Pts)
		b.dl.Pts = append(b.dl.Pts, pts...)
		st := display.Stroke
		if i%7 == 0 {
			st |= display.Dashed
		}
		b.op(display.Op{Kind: display.OpPath, Style: st, Stroke: border, Width: 1, Span: display.Span{Off: int32(off), End: int32(len(b.dl.Pts))}})
		b.op(display.Op{Kind: display.OpArc, Style: display.Fill, X: x + 60, Y: y + 60, R1: 5, A1: tau, Fill: blue})
		b.op(display.Op{Kind: display.OpLine, X: x, Y: y + 46.5, X2: x + 72, Y2: y + 46.5, Stroke: border, Width: 1})
		if i%5 == 0 {
			b.op(display.Op{Kind: display.OpRect, Style: display.Hatch | display.Stroke | display.Dotted, X: x + 2, Y: y + 2, W: 68, H: 38, R0: 5, Stroke: red, Width: 1})
		}
		// Badges, counters and rules.
		b.op(display.Op{Kind: display.OpRect, Style: display.Fill, X: x + 40, Y: y + 16, W: 26, H: 10, R0: 3, Fill: amber})
		b.text(x+53, y+16, 11, font.MonoBold, display.Center, white, "RUN")
		b.op(display.Op{Kind: display.OpRect, Style: display.Fill, X: x + 6, Y: y + 18, W: 4, H: 4, Fill: blue})
		b.text(x+12, y+16, 11, font.Sans, display.Left, ink, "42")
		b.op(display.Op{Kind: display.OpLine, X: x + 4, Y: y + 26.5, X2: x + 68, Y2: y + 26.5, Stroke: border, Width: 1})
		b.op(display.Op{Kind: display.OpArc, Style: display.Fill, X: x + 66, Y: y + 8, R1: 3, A1: tau, Fill: green})
		b.op(display.Op{Kind: display.OpRect, Style: display.Stroke, X: x - 1.5, Y: y - 1.5, W: 75, H: 45, R0: 7, Stroke: glass, Width: 1})
		b.text(x+36, y+44, 11, font.Sans, display.Center, ink, "00:01.250")
		b.op(display.Op{Kind: display.OpClip, X: x, Y: y, W: 72, H: 42})
		b.op(display.Op{Kind: display.OpRect, Style: display.Fill, X: x + 50, Y: y + 20, W: 16, H: 16, Fill: glass})
		b.op(display.Op{Kind: display.OpUnclip})
	}
	return &b.dl
}

// BenchmarkDraw5000 draws a frame of about 5000 ops at 1280×800 CSS px,
// scale 2.
func BenchmarkDraw5000(b *testing.B) {
	dl := bigList(2)
	w, h := Size(dl)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	var r Renderer
	r.Draw(img, dl)
	b.ReportAllocs()
	for b.Loop() {
		r.Draw(img, dl)
	}
	tris := 0
	for i := range dl.Ops {
		r.mesh.Reset()
		r.mesh.Op(&dl.Ops[i], dl.Pts, dl.Scale)
		tris += r.mesh.Triangles()
	}
	b.ReportMetric(float64(len(dl.Ops)), "ops")
	b.ReportMetric(float64(tris), "triangles")
}
