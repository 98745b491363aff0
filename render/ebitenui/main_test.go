//go:build !js

package ebitenui

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// Pixel reads need Ebiten's run loop: the tests run inside Update (the
// pattern of Ebiten's own internal/testing). Run them under xvfb-run.
type runner struct {
	m    *testing.M
	code int
}

func (r *runner) Update() error            { r.code = r.m.Run(); return ebiten.Termination }
func (*runner) Draw(*ebiten.Image)         {}
func (*runner) Layout(int, int) (int, int) { return 16, 16 }

func TestMain(m *testing.M) {
	r := &runner{m: m, code: 1}
	if err := ebiten.RunGameWithOptions(r, &ebiten.RunGameOptions{InitUnfocused: true, SkipTaskbar: true}); err != nil {
		panic(err)
	}
	os.Exit(r.code)
}

// TestDrawFrame draws a real frame (one broken endpoint among eight, at the
// first CERROR_ATC_INV_SYNC) and checks that it is a picture: many colours,
// the error slot's hatch, no blank canvas. It saves the PNG for people.
func TestDrawFrame(t *testing.T) {
	sc, err := scenario.Parse("frame", []byte("policy series\nendpoints 8\nbroken ep5\nworkload unmaps=20\nrun\n"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := sim.New(sc, 1)
	if err != nil {
		t.Fatal(err)
	}
	for s.Step() && s.Event(s.N()).Kind != sim.EvCmdError {
	}
	for _, dark := range []bool{false, true} {
		g := New(s)
		g.SetTheme(dark)
		if err := g.Update(); err != nil {
			t.Fatal(err)
		}
		img := ebiten.NewImage(Width, Height)
		g.Draw(img)
		pix := make([]byte, 4*Width*Height)
		img.ReadPixels(pix)
		colors := map[[3]byte]int{}
		for i := 0; i < len(pix); i += 4 {
			colors[[3]byte{pix[i], pix[i+1], pix[i+2]}]++
		}
		if len(colors) < 8 {
			t.Fatalf("dark=%v: only %d colours: the frame is blank", dark, len(colors))
		}
		most := 0
		for _, n := range colors {
			most = max(most, n)
		}
		if most > len(pix)/4*97/100 {
			t.Fatalf("dark=%v: one colour covers %d of %d pixels", dark, most, len(pix)/4)
		}
		rgba := &image.RGBA{Pix: pix, Stride: 4 * Width, Rect: image.Rect(0, 0, Width, Height)}
		name := "frame-light.png"
		if dark {
			name = "frame-dark.png"
		}
		f, err := os.Create(filepath.Join(t.TempDir(), name))
		if err != nil {
			t.Fatal(err)
		}
		png.Encode(f, rgba)
		f.Close()
		if dir := os.Getenv("SMMUPLAY_FRAMES"); dir != "" {
			g, _ := os.Create(filepath.Join(dir, name))
			png.Encode(g, rgba)
			g.Close()
		}
	}
}

// TestStepBackRestores: the game's step back returns the exact snapshot.
func TestStepBackRestores(t *testing.T) {
	sc, _ := scenario.Parse("back", []byte("policy series\nendpoints 4\nbroken ep1\nworkload unmaps=5\nrun\n"))
	s, _ := sim.New(sc, 1)
	for i := 0; i < 300; i++ {
		s.Step()
	}
	g := New(s)
	before := g.snap.N
	g.apply2(stepIntent)
	g.apply2(backIntent)
	if g.snap.N != before {
		t.Fatalf("after step and step back at event %d, want %d", g.snap.N, before)
	}
}
