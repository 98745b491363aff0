// Package goldenimg compares rendered frames with golden PNGs, for the
// key-frame tests of render/raster (pure Go) and render/ebitenui (GPU).
package goldenimg

import (
	"image"
	"image/png"
	"os"
)

// Tolerance is how far a channel may be off before a pixel counts as
// different (GPU and software rounding differ by a few counts).
const Tolerance = 8

// Compare returns a diff image (differing pixels magenta over a dimmed
// copy of got) and the number of pixels that differ. Images of different
// sizes differ everywhere.
func Compare(got, want *image.RGBA) (*image.RGBA, int) {
	diff := image.NewRGBA(got.Rect)
	if got.Rect != want.Rect {
		return diff, got.Rect.Dx() * got.Rect.Dy()
	}
	n := 0
	for i := 0; i < len(got.Pix); i += 4 {
		bad := false
		for c := 0; c < 4; c++ {
			d := int(got.Pix[i+c]) - int(want.Pix[i+c])
			bad = bad || d > Tolerance || d < -Tolerance
		}
		if bad {
			n++
			copy(diff.Pix[i:i+4], []byte{0xff, 0, 0xff, 0xff})
		} else {
			copy(diff.Pix[i:i+4], []byte{got.Pix[i]/3 + 0x55, got.Pix[i+1]/3 + 0x55, got.Pix[i+2]/3 + 0x55, 0xff})
		}
	}
	return diff, n
}

// WritePNG writes img to path.
func WritePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// ReadPNG reads a PNG as RGBA.
func ReadPNG(path string) (*image.RGBA, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, err
	}
	if rgba, ok := img.(*image.RGBA); ok {
		return rgba, nil
	}
	out := image.NewRGBA(img.Bounds())
	for y := out.Rect.Min.Y; y < out.Rect.Max.Y; y++ {
		for x := out.Rect.Min.X; x < out.Rect.Max.X; x++ {
			out.Set(x, y, img.At(x, y))
		}
	}
	return out, nil
}
