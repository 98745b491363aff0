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

// TestDrawFrame drives the Game as the page does (a 1280x800 canvas at
// devicePixelRatio 2, after a step) and checks that it paints a picture
// of the true size: many colours, no colour covering nearly everything. It
// saves the PNGs for people ($SMMUPLAY_FRAMES).
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
		g.SetSize(1280, 800, 2)
		g.SetTheme(dark)
		if err := g.Update(); err != nil {
			t.Fatal(err)
		}
		const W, H = 2560, 1600
		img := ebiten.NewImage(W, H)
		g.Draw(img)
		pix := make([]byte, 4*W*H)
		img.ReadPixels(pix)
		img.Deallocate()
		colors := map[[3]byte]int{}
		for i := 0; i < len(pix); i += 4 {
			colors[[3]byte{pix[i], pix[i+1], pix[i+2]}]++
		}
		if len(colors) < 64 {
			t.Fatalf("dark=%v: only %d colours: the frame is blank or not anti-aliased", dark, len(colors))
		}
		most := 0
		for _, n := range colors {
			most = max(most, n)
		}
		if most > len(pix)/4*90/100 {
			t.Fatalf("dark=%v: one colour covers %d of %d pixels", dark, most, len(pix)/4)
		}
		if dir := os.Getenv("SMMUPLAY_FRAMES"); dir != "" {
			rgba := &image.RGBA{Pix: pix, Stride: 4 * W, Rect: image.Rect(0, 0, W, H)}
			name := map[bool]string{false: "frame-light.png", true: "frame-dark.png"}[dark]
			f, err := os.Create(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			png.Encode(f, rgba)
			f.Close()
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
