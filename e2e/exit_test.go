//go:build !js

package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestEngineExitIsShown: when the Go runtime exits (it did on an out of
// memory run) the page says the simulator stopped and why, instead of
// "Loading the simulator…" for good. A stand-in engine writes the
// runtime's fatal error and exits 2.
func TestEngineExitIsShown(t *testing.T) {
	needBrowser(t)
	wasm := filepath.Join(siteDir, "exit-test.wasm")
	cmd := exec.Command("go", "build", "-o", wasm, "./testdata/exitwasm")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the stand-in engine: %v\n%s", err, out)
	}
	page, err := os.ReadFile(filepath.Join(siteDir, "embed.html"))
	if err != nil {
		t.Fatal(err)
	}
	// The same page, told to load the stand-in (embed.js reads
	// window.SMMUPLAY_WASM; the CSP allows only scripts from the site).
	const hook = `<script src="embed.js"`
	if !strings.Contains(string(page), hook) {
		t.Fatalf("embed.html has no %s", hook)
	}
	exitPage := strings.Replace(string(page), hook, `<script src="exit-test.js"></script>`+"\n"+hook, 1)
	for name, body := range map[string]string{
		"exit-test.html": exitPage,
		"exit-test.js":   `window.SMMUPLAY_WASM = "exit-test.wasm";` + "\n",
	} {
		if err := os.WriteFile(filepath.Join(siteDir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b := newBrowser(t)
	if err := chromedp.Do(b.ctx, chromedp.Navigate(siteURL+"/exit-test.html#scenario=default")); err != nil {
		t.Fatal(err)
	}
	b.wait(t, `window.smmuplayStopped !== undefined && !document.getElementById("error").hidden`)
	text := eval[string](t, b, `document.getElementById("error").textContent`)
	for _, want := range []string{"The simulator stopped (exit code 2)", "fatal error: runtime: out of memory", "Reload the page"} {
		if !strings.Contains(text, want) {
			t.Errorf("error box %q lacks %q", text, want)
		}
	}
	if eval[bool](t, b, `getComputedStyle(document.getElementById("loading")).display !== "none"`) {
		t.Error("the loading notice is still shown after the engine stopped")
	}
}
