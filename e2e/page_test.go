//go:build !js

package e2e

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestPageLoads: the page loads with no console errors, and the first
// frame is drawn and not blank.
func TestPageLoads(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/")
	shot, err := chromedp.Run(b.ctx, chromedp.Screenshot(chromedp.CSS("#stage")))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	colors, share := colorStats(img)
	if colors < 8 || share < 0.02 {
		t.Fatalf("the stage looks blank: %d colours, %.3f of pixels differ from the background", colors, share)
	}
	if n := eval[int](t, b, `document.getElementById("scenario").options.length`); n < 10 {
		t.Errorf("scenario picker has %d entries", n)
	}
	b.noProblems(t)
}

// colorStats counts distinct colours and the share of pixels that differ
// from the most common one (the background).
func colorStats(img image.Image) (int, float64) {
	count := map[uint32]int{}
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			count[cr>>8<<16|cg>>8<<8|cb>>8]++
		}
	}
	top := 0
	for _, n := range count {
		top = max(top, n)
	}
	total := r.Dx() * r.Dy()
	return len(count), float64(total-top) / float64(total)
}

// TestPlayAdvancesTime: Play moves simulated time forward; Pause stops it.
func TestPlayAdvancesTime(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/#scenario=default")
	if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.ID("play"))); err != nil {
		t.Fatal(err)
	}
	b.wait(t, `smmuplay.pos().n > 3 && smmuplay.pos().time_ns > 0`)
	if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.ID("play"))); err != nil {
		t.Fatal(err)
	}
	b.wait(t, `smmuplay.playing() === false`)
	n := eval[int](t, b, `smmuplay.pos().n`)
	// Five more frames drawn while paused (a count, not a sleep): a run
	// that still moved would have moved in them.
	f := eval[int](t, b, `document.getElementById("stage").contentWindow.smmuplayFrames`)
	b.wait(t, fmt.Sprintf(`document.getElementById("stage").contentWindow.smmuplayFrames > %d`, f+5))
	if m := eval[int](t, b, `smmuplay.pos().n`); m != n {
		t.Fatalf("paused, yet the run moved from %d to %d", n, m)
	}
	if got := eval[string](t, b, `document.getElementById("play").getAttribute("aria-label")`); got != "Play" {
		t.Errorf("play button label %q after pausing", got)
	}
}

// TestStepAndBack: the Step and Step back buttons and keys change the
// state and the log panel; back then forward gives the same state().
func TestStepAndBack(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/#scenario=seed-log")
	// Stand just before the first kernel log line.
	first := eval[int](t, b, `(() => { smmuplay.finish(); const n = smmuplay.pos().n; let lo = 0, hi = n;
		while (lo < hi) { const mid = (lo + hi) >> 1; smmuplay.seek(mid); if (smmuplay.log().length > 0) hi = mid; else lo = mid + 1; }
		smmuplay.seek(lo - 1); return lo; })()`)
	b.wait(t, `document.getElementById("log").textContent === ""`)
	before := stateJSON(t, b)
	if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.ID("step"))); err != nil {
		t.Fatal(err)
	}
	b.wait(t, `smmuplay.pos().n === `+strconv.Itoa(first))
	b.wait(t, `document.getElementById("log").textContent.includes("arm-smmu-v3")`)
	after := stateJSON(t, b)
	if after == before {
		t.Fatal("stepping did not change state()")
	}
	narr := eval[string](t, b, `document.getElementById("narration").textContent`)
	if !strings.HasPrefix(narr, "Event "+strconv.Itoa(first)+": ") {
		t.Errorf("narration %q", narr)
	}
	// Back with the key, forward with the key.
	if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.ID("narration")), chromedp.KeyEvent(kb.ArrowLeft)); err != nil {
		t.Fatal(err)
	}
	b.wait(t, `smmuplay.pos().n === `+strconv.Itoa(first-1))
	b.wait(t, `document.getElementById("log").textContent === ""`)
	if s := stateJSON(t, b); s != before {
		t.Fatalf("step back did not restore state():\n%s\n%s", s, before)
	}
	if err := chromedp.Do(b.ctx, chromedp.KeyEvent(kb.ArrowRight)); err != nil {
		t.Fatal(err)
	}
	b.wait(t, `smmuplay.pos().n === `+strconv.Itoa(first))
	if s := stateJSON(t, b); s != after {
		t.Fatalf("back then forward gave a different state():\n%s\n%s", s, after)
	}
	// Space plays, Space pauses; ? opens the help.
	if err := chromedp.Do(b.ctx, chromedp.KeyEvent(" ")); err != nil {
		t.Fatal(err)
	}
	b.wait(t, `smmuplay.playing() === true`)
	if err := chromedp.Do(b.ctx, chromedp.KeyEvent(" ")); err != nil {
		t.Fatal(err)
	}
	b.wait(t, `smmuplay.playing() === false`)
	if err := chromedp.Do(b.ctx, chromedp.KeyEvent("?")); err != nil {
		t.Fatal(err)
	}
	b.wait(t, `document.getElementById("help").open === true`)
}

// TestLogMatchesCLI: the wasm's log for a scenario equals the native
// CLI's for the same scenario and seed, byte for byte.
func TestLogMatchesCLI(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/")
	for _, c := range []struct{ scenario, seed string }{{"seed-log", ""}, {"baseline-spam", "7"}, {"two-broken-of-8", "3"}} {
		args := []string{"run", "../cmd/smmusim", "-scenario", c.scenario}
		spec := `{scenario: "` + c.scenario + `"}`
		if c.seed != "" {
			args = append(args, "-seed", c.seed)
			spec = `{scenario: "` + c.scenario + `", seed: ` + c.seed + `}`
		}
		out, err := exec.Command("go", args...).Output()
		if err != nil && !strings.Contains(err.Error(), "exit status 1") {
			t.Fatalf("smmusim %v: %v", args, err)
		}
		got := eval[string](t, b, `(() => { smmuplay.load(`+spec+`); smmuplay.finish(); const l = smmuplay.log(); return l.length ? l.join("\n") + "\n" : ""; })()`)
		if got != string(out) || got == "" {
			t.Errorf("%s seed %q: the browser's log differs from the CLI's:\n--- browser\n%s--- cli\n%s", c.scenario, c.seed, got, out)
		}
	}
}

// TestShareRestores: the URL of a run (faults and position included),
// opened in a fresh browser, restores the same state().
func TestShareRestores(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/#scenario=default&policy=series&endpoints=6")
	eval[bool](t, b, `(() => { smmuplay.step(300); smmuplay.fault("ep2", "silent"); smmuplay.step(2500); smmuplay.back(40); smmuplay.select("ep:ep2"); return true; })()`)
	b.wait(t, `location.hash.includes("faults=") && location.hash.includes("n=")`)
	b.wait(t, `document.getElementById("log").textContent === smmuplay.log().map((l) => l + "\n").join("")`)
	url := eval[string](t, b, `location.href`)
	want := stateJSON(t, b)
	wantLog := eval[string](t, b, `document.getElementById("log").textContent`)

	c := newBrowser(t)
	c.open(t, strings.TrimPrefix(url, siteURL))
	if wantLog == "" {
		t.Fatal("the run to share printed nothing; pick one that logs")
	}
	c.wait(t, `document.getElementById("log").textContent.length === `+strconv.Itoa(len(wantLog)))
	if got := stateJSON(t, c); got != want {
		t.Fatalf("the shared URL restored a different state():\n%s\n%s", got, want)
	}
	if got := eval[string](t, c, `smmuplay.details().target`); got != "ep:ep2" {
		t.Errorf("selection not restored: %q", got)
	}
	if got := eval[string](t, c, `document.getElementById("fault-ep").value`); got != "ep2" {
		t.Errorf("fault endpoint picker shows %q", got)
	}
}

// A shared link that carries an embed's own chrome key opens the
// playground as it is (the page gives its stage chrome=none once; it used
// to append a second chrome and fail with "given 2 times").
func TestPageIgnoresChromeKey(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/#scenario=seed-log&chrome=min&ro=1")
	if msg := eval[string](t, b, `document.getElementById("error").hidden ? "" : document.getElementById("error-text").textContent`); msg != "" {
		t.Errorf("error shown: %s", msg)
	}
	if got := eval[string](t, b, `document.getElementById("stage").contentWindow.location.hash`); got != "#scenario=seed-log&chrome=none" {
		t.Errorf("the stage opened on %q", got)
	}
	// ro=1 is the embed's: the playground stays playable (a read-only
	// stage refuses load and fault with "this embed is read-only").
	if msg := evalErr(t, b, `smmuplay.load("#scenario=seed-log&n=2"); throw new Error("loaded")`); msg != "Error: loaded" {
		t.Errorf("ro=1 made the playground read-only: %s", msg)
	}
	// A fragment typed later (hashchange) is taken without its view keys too.
	eval[bool](t, b, `(location.hash = "#scenario=seed-log&n=5&ro=1", true)`)
	b.wait(t, `smmuplay.pos().n === 5`)
	if msg := evalErr(t, b, `smmuplay.load("#scenario=seed-log&n=2"); throw new Error("loaded")`); msg != "Error: loaded" {
		t.Errorf("a hashchange with ro=1 made the playground read-only: %s", msg)
	}
}
