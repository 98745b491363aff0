//go:build !js

package e2e

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// stageCase is a page at a viewport size and devicePixelRatio.
type stageCase struct {
	name   string
	path   string
	w, h   int64
	dpr    float64
	canvas string // JS expression for the canvas element
	body   string // ... and for the body Ebiten sizes it from
}

const (
	embedCanvas = `document.querySelector("canvas")`
	embedBody   = `document.body`
	pageCanvas  = `document.getElementById("stage").contentDocument.querySelector("canvas")`
	pageBody    = `document.getElementById("stage").contentDocument.body`
)

// TestStageTrueSize: the embed at 800x450 and the playground at 1280x800,
// at devicePixelRatio 1 and 2, draw at the canvas' true size: its backing
// store is its CSS size times the devicePixelRatio (no fixed image scaled
// to fit), and the screenshot has no letterbox bars: every edge row and
// column shows the stage's background or the picture, never black, and
// the picture is anti-aliased (many colours). Screenshots go to
// $SMMUPLAY_SHOTS when it is set.
func TestStageTrueSize(t *testing.T) {
	for _, c := range []stageCase{
		{"embed-800x450@1x", "/embed.html#scenario=one-broken-of-8&n=253&theme=light", 800, 450, 1, embedCanvas, embedBody},
		{"embed-800x450@2x", "/embed.html#scenario=one-broken-of-8&n=253&theme=light", 800, 450, 2, embedCanvas, embedBody},
		{"page-1280x800@1x", "/#scenario=one-broken-of-8&n=873", 1280, 800, 1, pageCanvas, pageBody},
		{"page-1280x800@2x", "/#scenario=one-broken-of-8&n=873", 1280, 800, 2, pageCanvas, pageBody},
		{"phone-390x844@3x", "/#scenario=one-broken-of-8&n=253", 390, 844, 3, pageCanvas, pageBody},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := newBrowser(t)
			if err := chromedp.Do(b.ctx, chromedp.EmulateViewport(c.w, c.h, chromedp.EmulateScale(c.dpr))); err != nil {
				t.Fatal(err)
			}
			if c.canvas == embedCanvas {
				b.openEmbed(t, c.path)
			} else {
				b.open(t, c.path)
			}
			// The backing store: Ebiten sizes it from the body, truncating.
			size := eval[[]float64](t, b, fmt.Sprintf(`(() => { const c = %s, b = %s;
				return [c.width, c.height, b.clientWidth, b.clientHeight, window.devicePixelRatio, c.clientWidth, c.clientHeight]; })()`, c.canvas, c.body))
			cw, ch, bw, bh, dpr := size[0], size[1], size[2], size[3], size[4]
			if dpr != c.dpr {
				t.Fatalf("devicePixelRatio %v, want %v", dpr, c.dpr)
			}
			if cw != float64(int(bw*dpr)) || ch != float64(int(bh*dpr)) {
				t.Errorf("canvas backing store %vx%v, want its CSS size %vx%v × %v", cw, ch, bw, bh, dpr)
			}
			if size[5] != bw || size[6] != bh {
				t.Errorf("canvas shown at %vx%v CSS px, its body is %vx%v", size[5], size[6], bw, bh)
			}
			// A frame drawn after the size settled.
			b.wait(t, fmt.Sprintf(`(() => { const w = %s.ownerDocument.defaultView; return w.smmuplayFrames > 3; })()`, c.canvas))
			shot, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(shot))
			if err != nil {
				t.Fatal(err)
			}
			if dir := os.Getenv("SMMUPLAY_SHOTS"); dir != "" {
				if err := os.WriteFile(filepath.Join(dir, c.name+".png"), shot, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if got := img.Bounds(); got.Dx() != int(float64(c.w)*c.dpr) || got.Dy() != int(float64(c.h)*c.dpr) {
				t.Fatalf("screenshot %v, want %vx%v device px", got, float64(c.w)*c.dpr, float64(c.h)*c.dpr)
			}
			// The stage's own area in device px: the whole viewport for
			// the embed, the iframe's box on the page.
			area := img.Bounds()
			if c.canvas == pageCanvas {
				r := eval[[]float64](t, b, `(() => { const r = document.getElementById("stage").getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })()`)
				area = image.Rect(int(r[0]*dpr+0.5), int(r[1]*dpr+0.5), int(r[2]*dpr), int(r[3]*dpr)).Intersect(img.Bounds())
			}
			if bar := blackBar(img, area); bar != "" {
				t.Errorf("letterbox: %s", bar)
			}
			if colors, share := colorStats(img.(interface {
				SubImage(image.Rectangle) image.Image
			}).SubImage(area)); colors < 200 || share < 0.1 {
				t.Errorf("the stage has %d colours and %.2f of it differs from the background: blank or not anti-aliased", colors, share)
			}
		})
	}
}

// blackBar describes the first edge row or column of area that is nearly
// all black (what Ebiten paints around a scaled, letterboxed screen), or
// returns "".
func blackBar(img image.Image, area image.Rectangle) string {
	black := func(x, y int) bool {
		r, g, b, _ := img.At(x, y).RGBA()
		return r>>8 < 16 && g>>8 < 16 && b>>8 < 16
	}
	row := func(y int) bool {
		n := 0
		for x := area.Min.X; x < area.Max.X; x++ {
			if black(x, y) {
				n++
			}
		}
		return n > area.Dx()*9/10
	}
	col := func(x int) bool {
		n := 0
		for y := area.Min.Y; y < area.Max.Y; y++ {
			if black(x, y) {
				n++
			}
		}
		return n > area.Dy()*9/10
	}
	for _, y := range []int{area.Min.Y, area.Min.Y + 1, area.Max.Y - 2, area.Max.Y - 1} {
		if row(y) {
			return fmt.Sprintf("row %d is black", y)
		}
	}
	for _, x := range []int{area.Min.X, area.Min.X + 1, area.Max.X - 2, area.Max.X - 1} {
		if col(x) {
			return fmt.Sprintf("column %d is black", x)
		}
	}
	return ""
}
