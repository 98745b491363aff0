//go:build !js

package ebitenui

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/smmuplay/smmuplay/render/display"
	"github.com/smmuplay/smmuplay/render/goldenimg"
	"github.com/smmuplay/smmuplay/render/keyframe"
	"github.com/smmuplay/smmuplay/render/raster"
)

// TestMatchesRaster draws every key frame at the embed's size, at
// devicePixelRatio 1 and 2, with the Ebiten renderer (software GL under
// Xvfb) and compares it with render/raster's drawing of the same display
// list, whose golden PNGs are pinned in render/raster: what the browser
// shows is what the golden frames show. A pixel differs when a channel is
// off by more than goldenimg.Tolerance; at most 0.5% may. A failure
// writes the two pictures and their difference and names them.
func TestMatchesRaster(t *testing.T) {
	for _, f := range keyframe.Frames {
		s, err := keyframe.Run(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, sc := range keyframe.Scales {
			name := fmt.Sprintf("%s-800x450@%gx", f.Name, sc)
			t.Run(name, func(t *testing.T) {
				var dl display.List
				keyframe.Build(&dl, s, 800, 450, sc, keyframe.Options{Phase: f.Phase})
				got := drawList(&dl)
				want := raster.Render(&dl)
				diff, n := goldenimg.Compare(got, want)
				if limit := got.Rect.Dx() * got.Rect.Dy() / 200; n > limit {
					dir := t.TempDir()
					if d := os.Getenv("SMMUPLAY_FAILURES"); d != "" {
						dir = d
					}
					for suffix, img := range map[string]*image.RGBA{"ebiten": got, "raster": want, "diff": diff} {
						if err := goldenimg.WritePNG(filepath.Join(dir, name+"."+suffix+".png"), img); err != nil {
							t.Fatal(err)
						}
					}
					t.Fatalf("%d pixels differ from the raster drawing (limit %d): see %s", n, limit, dir)
				}
			})
		}
	}
}

// drawList draws dl with a fresh renderer on an offscreen image of its
// device size and reads the pixels back.
func drawList(dl *display.List) *image.RGBA {
	w, h := int(dl.W*dl.Scale+0.5), int(dl.H*dl.Scale+0.5)
	img := ebiten.NewImage(w, h)
	defer img.Deallocate()
	var r renderer
	r.draw(img, dl)
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	img.ReadPixels(out.Pix)
	return out
}
