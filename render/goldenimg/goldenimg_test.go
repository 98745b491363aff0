package goldenimg

import (
	"image"
	"image/color"
	"path/filepath"
	"testing"
)

// TestCompareCatchesAChange: the comparison is not blind.
func TestCompareCatchesAChange(t *testing.T) {
	a := image.NewRGBA(image.Rect(0, 0, 10, 10))
	b := image.NewRGBA(a.Rect)
	for i := 3; i < len(a.Pix); i += 4 {
		a.Pix[i], b.Pix[i] = 0xff, 0xff
	}
	if _, n := Compare(a, b); n != 0 {
		t.Fatalf("identical images differ in %d pixels", n)
	}
	b.Set(3, 3, color.RGBA{200, 0, 0, 255})
	b.Set(4, 4, color.RGBA{8, 8, 8, 255}) // within tolerance
	if _, n := Compare(a, b); n != 1 {
		t.Fatalf("got %d differing pixels, want 1", n)
	}
	if _, n := Compare(a, image.NewRGBA(image.Rect(0, 0, 10, 11))); n != 100 {
		t.Fatalf("images of different sizes: got %d differing pixels, want all 100", n)
	}
}

func TestPNGRoundTrip(t *testing.T) {
	a := image.NewRGBA(image.Rect(0, 0, 3, 2))
	a.Set(1, 1, color.RGBA{1, 2, 3, 255})
	p := filepath.Join(t.TempDir(), "a.png")
	if err := WritePNG(p, a); err != nil {
		t.Fatal(err)
	}
	b, err := ReadPNG(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, n := Compare(a, b); n != 0 {
		t.Fatalf("round trip changed %d pixels", n)
	}
	if _, err := ReadPNG(filepath.Join(t.TempDir(), "missing.png")); err == nil {
		t.Fatal("reading a missing file did not fail")
	}
}
