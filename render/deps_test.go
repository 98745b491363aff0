//go:build !js

// Package render_test holds the dependency policy of the renderer.
package render_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoEbitenInLayoutOrScene keeps the layout and the scene builder
// testable natively without a GPU: neither may reach Ebiten, even
// indirectly, nor the browser.
func TestNoEbitenInLayoutOrScene(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "./layout", "./scene", "./intent").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list -deps returned only %d packages: the check is broken", len(deps))
	}
	for _, p := range deps {
		if strings.HasPrefix(p, "github.com/hajimehoshi/ebiten") || p == "syscall/js" {
			t.Errorf("render/layout or render/scene depends on %s", p)
		}
	}
}
