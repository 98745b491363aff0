package font

import (
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

var sampleDir = flag.String("sample", "", "write sample PNGs of the four faces into this directory")

const sampleText = "Stage 2 fault: IPA 0x4_8000_1F00 → S2TTB; 42 µs ±3% ≤ 5×10³ ● ■ ▲ “quoted” — jig fjord"

// blend composites a coverage mask over bg in fg the way the browser's
// canvas (and Ebiten) do: a straight lerp of sRGB values.
func blend(dst *image.RGBA, at image.Point, m *image.Alpha, fg, bg color.RGBA) {
	b := m.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			a := int(m.AlphaAt(x, y).A)
			if a == 0 {
				continue
			}
			p := image.Pt(x-b.Min.X, y-b.Min.Y).Add(at)
			c := dst.RGBAAt(p.X, p.Y)
			mix := func(f, g uint8) uint8 { return uint8((int(f)*a + int(g)*(255-a) + 127) / 255) }
			dst.SetRGBA(p.X, p.Y, color.RGBA{mix(fg.R, c.R), mix(fg.G, c.G), mix(fg.B, c.B), 255})
		}
	}
}

// drawLine renders s with RunBox/DrawRun (as a renderer would) and
// composites it with its line box's top-left at (x, y).
func drawLine(dst *image.RGBA, x, y int, f Face, size float32, s string, fg, bg color.RGBA) int {
	w, h, base := RunBox(f, size, 0, []byte(s))
	m := image.NewAlpha(image.Rect(0, 0, w, h))
	DrawRun(m, RunPadX, float32(base), f, size, 0, []byte(s))
	blend(dst, image.Pt(x-RunPadX, y), m, fg, bg)
	return h
}

func renderSample(fg, bg color.RGBA, sizes []float32, width int) *image.RGBA {
	height := 8
	for range NumFaces {
		for _, sz := range sizes {
			_, h, _ := RunBox(Sans, sz, 0, []byte("x"))
			height += h + 2
		}
		height += 6
	}
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	for i := range img.Pix {
		img.Pix[i] = []uint8{bg.R, bg.G, bg.B, 255}[i%4]
	}
	y := 4
	for f := range NumFaces {
		for _, sz := range sizes {
			label := fmt.Sprintf("%s %gpx: ", f, sz)
			y += drawLine(img, 8, y, f, sz, label+sampleText, fg, bg) + 2
		}
		y += 6
	}
	return img
}

func writePNG(t *testing.T, name string, img image.Image) {
	t.Helper()
	p := filepath.Join(*sampleDir, name)
	fh, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(fh, img); err != nil {
		t.Fatal(err)
	}
	if err := fh.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s", p)
}

// TestSample writes PNGs for a person to judge (go test -run TestSample
// -sample=DIR ./render/font): the four faces at DPR-1 sizes and at DPR-2
// sizes, dark on light and light on dark.
func TestSample(t *testing.T) {
	if *sampleDir == "" {
		t.Skip("no -sample=DIR")
	}
	dark, light := color.RGBA{0x20, 0x24, 0x2a, 255}, color.RGBA{0xf6, 0xf7, 0xf9, 255}
	dpr1 := []float32{11, 12, 13, 16, 20}
	dpr2 := []float32{22, 24, 26, 32, 40}
	writePNG(t, "font-dpr1-light.png", renderSample(dark, light, dpr1, 820))
	writePNG(t, "font-dpr1-dark.png", renderSample(light, dark, dpr1, 820))
	writePNG(t, "font-dpr1-zoom.png", zoomSample(dark, light, 4))
	writePNG(t, "font-dpr2-light.png", renderSample(dark, light, dpr2, 1700))
	writePNG(t, "font-dpr2-dark.png", renderSample(light, dark, dpr2, 1700))
}

// zoomSample is the small sizes, cropped and magnified n× with nearest
// neighbour, dark on light above light on dark, to judge single pixels.
func zoomSample(dark, light color.RGBA, n int) *image.RGBA {
	sizes := []float32{11, 12, 13}
	const w = 200
	a := renderSample(dark, light, sizes, w)
	b := renderSample(light, dark, sizes, w)
	h := a.Bounds().Dy()
	out := image.NewRGBA(image.Rect(0, 0, w*n, 2*h*n))
	for y := 0; y < h*n; y++ {
		for x := 0; x < w*n; x++ {
			out.SetRGBA(x, y, a.RGBAAt(x/n, y/n))
			out.SetRGBA(x, y+h*n, b.RGBAAt(x/n, y/n))
		}
	}
	return out
}
