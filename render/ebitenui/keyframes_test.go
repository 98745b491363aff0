//go:build !js

package ebitenui

import (
	"flag"
	"github.com/smmuplay/smmuplay/render/goldenimg"
	"image"
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
				if err := goldenimg.WritePNG(path, got); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := goldenimg.ReadPNG(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			diff, n := goldenimg.Compare(got, want)
			if limit := Width * Height / 200; n > limit {
				dir := t.TempDir()
				if d := os.Getenv("SMMUPLAY_FAILURES"); d != "" {
					dir = d
				}
				g, d := filepath.Join(dir, kf.name+".got.png"), filepath.Join(dir, kf.name+".diff.png")
				if err := goldenimg.WritePNG(g, got); err != nil {
					t.Fatal(err)
				}
				if err := goldenimg.WritePNG(d, diff); err != nil {
					t.Fatal(err)
				}
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
