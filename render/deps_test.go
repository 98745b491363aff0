//go:build !js

// Package render_test holds the dependency policy of the renderer.
package render_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoEbitenInLayoutOrScene keeps everything but render/ebitenui
// testable natively without a GPU: the layout, the scene builder, the
// display list, the tessellator, the font, the rasterizer and the key
// frames may not reach Ebiten, even indirectly, nor the browser.
func TestNoEbitenInLayoutOrScene(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "./layout", "./scene", "./intent", "./display", "./tess", "./font", "./raster", "./keyframe", "./goldenimg").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list -deps returned only %d packages: the check is broken", len(deps))
	}
	for _, p := range deps {
		if strings.HasPrefix(p, "github.com/hajimehoshi/ebiten") || p == "syscall/js" {
			t.Errorf("a GPU-free render package depends on %s", p)
		}
	}
}
