//go:build !js

package ebitenui

import (
	"flag"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

var update = flag.Bool("update", false, "rewrite the golden key frames in testdata (look at them before committing)")

// keyFrames are the moments issue 4 asks to pin: a healthy unmap's
// Invalidate Request in flight, the baseline's first ATC invalidate
// timeout, and the series' quarantine.
var keyFrames = []struct {
	name, src string
	stop      func(s *sim.Sim) bool
}{
	{"healthy-unmap", "policy series\nendpoint ep0 sids=0x100 dma=off\ndma ep0 iova=0x8000\nrun\nunmap vm0 iova=0x8000\nrun\n",
		func(s *sim.Sim) bool { return s.Event(s.N()).Kind == sim.EvATCInvSent }},
	{"baseline-timeout", "policy baseline\nendpoints 4\nbroken ep2\nworkload unmaps=5\nrun\n",
		func(s *sim.Sim) bool { return s.Event(s.N()).Kind == sim.EvCmdError }},
	{"series-quarantine", "policy series\nendpoints 8\nbroken ep5\nworkload unmaps=20\nrun\n",
		func(s *sim.Sim) bool { return s.Event(s.N()).Kind == sim.EvAttached && s.Event(s.N()).EP == 5 }},
}

// TestKeyFrames draws each key frame with the Ebiten layer (software GL
// under Xvfb) and compares it with testdata/<name>.png: a pixel differs
// when a channel is off by more than 8, and the frame fails when more than
// 0.5% of its pixels differ. A failure writes <name>.got.png and
// <name>.diff.png (differences in magenta) and names them.
func TestKeyFrames(t *testing.T) {
	for _, kf := range keyFrames {
		t.Run(kf.name, func(t *testing.T) {
			sc, err := scenario.Parse(kf.name, []byte(kf.src))
			if err != nil {
				t.Fatal(err)
			}
			s, err := sim.New(sc, 1)
			if err != nil {
				t.Fatal(err)
			}
			for s.Step() && !kf.stop(s) {
			}
			if !kf.stop(s) {
				t.Fatalf("the run ended before the key frame (event %d)", s.N())
			}
			got := render(t, s)
			path := filepath.Join("testdata", kf.name+".png")
			if *update {
				writePNG(t, path, got)
				return
			}
			want := readPNG(t, path)
			diff, n := compare(got, want)
			if limit := Width * Height / 200; n > limit {
				dir := t.TempDir()
				if d := os.Getenv("SMMUPLAY_FAILURES"); d != "" {
					dir = d
				}
				g, d := filepath.Join(dir, kf.name+".got.png"), filepath.Join(dir, kf.name+".diff.png")
				writePNG(t, g, got)
				writePNG(t, d, diff)
				t.Fatalf("%d pixels differ from %s (limit %d): see %s and %s (go test -update rewrites the golden)", n, path, limit, g, d)
			}
		})
	}
}

func render(t *testing.T, s *sim.Sim) *image.RGBA {
	g := New(s)
	if err := g.Update(); err != nil {
		t.Fatal(err)
	}
	img := ebiten.NewImage(Width, Height)
	defer img.Deallocate()
	g.Draw(img)
	out := image.NewRGBA(image.Rect(0, 0, Width, Height))
	img.ReadPixels(out.Pix)
	return out
}

// compare returns a diff image and the number of pixels that differ.
func compare(got, want *image.RGBA) (*image.RGBA, int) {
	diff := image.NewRGBA(got.Rect)
	if got.Rect != want.Rect {
		return diff, got.Rect.Dx() * got.Rect.Dy()
	}
	n := 0
	for i := 0; i < len(got.Pix); i += 4 {
		bad := false
		for c := 0; c < 3; c++ {
			d := int(got.Pix[i+c]) - int(want.Pix[i+c])
			bad = bad || d > 8 || d < -8
		}
		if bad {
			n++
			copy(diff.Pix[i:], []byte{255, 0, 255, 255})
		} else {
			// A dimmed copy shows where the differences are.
			copy(diff.Pix[i:], []byte{got.Pix[i] / 3, got.Pix[i+1] / 3, got.Pix[i+2] / 3, 255})
		}
	}
	return diff, n
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

func readPNG(t *testing.T, path string) *image.RGBA {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	out := image.NewRGBA(img.Bounds())
	for y := 0; y < out.Rect.Dy(); y++ {
		for x := 0; x < out.Rect.Dx(); x++ {
			out.Set(x, y, color.RGBAModel.Convert(img.At(x, y)))
		}
	}
	return out
}

// TestCompareCatchesAChange: the comparison is not blind.
func TestCompareCatchesAChange(t *testing.T) {
	a := image.NewRGBA(image.Rect(0, 0, 10, 10))
	b := image.NewRGBA(a.Rect)
	copy(b.Pix, a.Pix)
	if _, n := compare(a, b); n != 0 {
		t.Fatalf("identical images differ in %d pixels", n)
	}
	b.Set(3, 3, color.RGBA{200, 0, 0, 255})
	b.Set(4, 4, color.RGBA{5, 5, 5, 255}) // within tolerance
	if _, n := compare(a, b); n != 1 {
		t.Fatalf("got %d differing pixels, want 1", n)
	}
}
