//go:build !js

package e2e

import (
	"encoding/base64"
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

// TestHugeLinkRefusedAtOnce: the 90-character link that made the engine
// run out of memory (1024 endpoints, a huge workload, n=50000000) is now
// refused before any work, with the budget named, and the page stays up.
func TestHugeLinkRefusedAtOnce(t *testing.T) {
	b := newBrowser(t)
	for _, c := range []struct{ src, want string }{
		{"endpoints 1024\nworkload unmaps=16777216\nrun\n", "unmaps=16777216 out of range"},
		{"endpoints 1024\nworkload unmaps=500000\nrun\n", "over the budget"},
		{"endpoints 8\nworkload unmaps=20\nrun\n", "past the budget"},
	} {
		frag := "src=" + base64.RawURLEncoding.EncodeToString([]byte(c.src)) + "&n=50000000"
		if err := chromedp.Do(b.ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(siteURL+"/embed.html#"+frag)); err != nil {
			t.Fatal(err)
		}
		b.wait(t, `!document.getElementById("error").hidden`)
		if msg := eval[string](t, b, `document.getElementById("error").textContent`); !strings.Contains(msg, c.want) {
			t.Errorf("%q: error %q, want it to say %q", c.src, msg, c.want)
		}
		if eval[bool](t, b, `window.smmuplayStopped !== undefined`) {
			t.Errorf("%q: the engine stopped", c.src)
		}
	}
}
