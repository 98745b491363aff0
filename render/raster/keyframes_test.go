package raster_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/smmuplay/smmuplay/render/display"
	"github.com/smmuplay/smmuplay/render/goldenimg"
	"github.com/smmuplay/smmuplay/render/keyframe"
	"github.com/smmuplay/smmuplay/render/raster"
)

var update = flag.Bool("update", false, "rewrite the golden key frames in testdata (look at them before committing)")

// TestKeyFrames draws every key frame (render/keyframe) at every size and
// devicePixelRatio and compares it with testdata/<frame>-<size>@<dpr>x.png:
// a pixel differs when a channel is off by more than goldenimg.Tolerance,
// and the frame fails when more than 0.1% of its pixels differ. A failure
// writes <name>.got.png and <name>.diff.png (differences in magenta over
// a dimmed copy) to $SMMUPLAY_FAILURES (else a temporary directory) and
// names them. `go test ./render/raster -update` rewrites the goldens.
func TestKeyFrames(t *testing.T) {
	for _, f := range keyframe.Frames {
		s, err := keyframe.Run(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, sz := range keyframe.Sizes {
			for _, sc := range keyframe.Scales {
				name := fmt.Sprintf("%s-%gx%g@%gx", f.Name, sz.W, sz.H, sc)
				t.Run(name, func(t *testing.T) {
					var dl display.List
					keyframe.Build(&dl, s, sz.W, sz.H, sc, keyframe.Options{Phase: f.Phase})
					got := raster.Render(&dl)
					if w, h := got.Rect.Dx(), got.Rect.Dy(); w != int(sz.W*sc) || h != int(sz.H*sc) {
						t.Fatalf("%dx%d pixels, want the canvas' device size %vx%v", w, h, sz.W*sc, sz.H*sc)
					}
					path := filepath.Join("testdata", name+".png")
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
					if limit := got.Rect.Dx() * got.Rect.Dy() / 1000; n > limit {
						dir := os.Getenv("SMMUPLAY_FAILURES")
						if dir == "" {
							dir = t.TempDir()
						}
						g, d := filepath.Join(dir, name+".got.png"), filepath.Join(dir, name+".diff.png")
						if err := goldenimg.WritePNG(g, got); err != nil {
							t.Fatal(err)
						}
						if err := goldenimg.WritePNG(d, diff); err != nil {
							t.Fatal(err)
						}
						t.Fatalf("%d pixels differ from %s (limit %d): see %s and %s (go test ./render/raster -update rewrites the golden)", n, path, limit, g, d)
					}
				})
			}
		}
	}
}
