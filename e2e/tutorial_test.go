//go:build !js

package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/smmuplay/smmuplay/play"
	"github.com/smmuplay/smmuplay/tutorials/exercise"
)

// TestTutorialNext opens each tutorial, presses Next through all of its
// steps, and checks after each that the step's playground embed stands
// at the step's event with the step's object selected.
func TestTutorialNext(t *testing.T) {
	b := newBrowser(t)
	for _, name := range []string{"1-timeout", "2-bisection", "3-quarantine"} {
		if err := chromedp.Do(b.ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(siteURL+"/tutorials/"+name+".html")); err != nil {
			t.Fatal(err)
		}
		// A fresh reader starts at step 0.
		eval[bool](t, b, `(localStorage.clear(), true)`)
		n := eval[int](t, b, `Number(document.body.dataset.steps)`)
		if n < 10 {
			t.Fatalf("%s has %d steps", name, n)
		}
		for k := 1; k <= n; k++ {
			// A script click: the page scrolls smoothly to each step, and a
			// pointer click computed before the scroll could miss.
			eval[bool](t, b, `(document.querySelector('button[data-act="next"]').click(), true)`)
			sec := fmt.Sprintf(`document.getElementById("step-%d")`, k)
			if !eval[bool](t, b, fmt.Sprintf(`!!document.querySelector("#scenario-" + %s.dataset.scenario + " iframe")`, sec)) {
				// A block with embed=off: the text stands alone.
				b.wait(t, fmt.Sprintf(`document.body.dataset.currentStep === "%d"`, k))
				continue
			}
			diag := fmt.Sprintf(`(() => { const s = %s; const f = document.getElementById("scenario-" + s.dataset.scenario); const w = f.querySelector("iframe").contentWindow;
				return {step: document.body.dataset.currentStep, synced: f.dataset.syncedEvent, want: s.dataset.event, status: document.querySelector(".stepbar .status").textContent, pos: w.smmuplay && w.smmuplay.pos()}; })()`, sec)
			b.waitDiag(t, fmt.Sprintf(`document.body.dataset.currentStep === "%d" && document.getElementById("scenario-" + %s.dataset.scenario).dataset.syncedEvent === %s.dataset.event`, k, sec, sec), diag)
			want := ""
			if sel := eval[string](t, b, sec+`.dataset.select || ""`); sel != "" {
				tg, err := play.ParseTarget(sel)
				if err != nil {
					t.Fatalf("%s step %d: bad select %q: %v", name, k, sel, err)
				}
				want = tg.String()
			}
			// The embed answers select after seek; wait for both to show.
			b.wait(t, fmt.Sprintf(`(() => { const s = %s; const w = document.querySelector("#scenario-" + s.dataset.scenario + " iframe").contentWindow;
				return w.smmuplay.pos().n === Number(s.dataset.event) && w.smmuplay.details().target === %q; })()`, sec, want))
			type follow struct {
				Want   int    `json:"want"`
				Got    int    `json:"got"`
				Select string `json:"select"`
				Target string `json:"target"`
			}
			f := eval[follow](t, b, fmt.Sprintf(`(() => { const s = %s; const w = document.querySelector("#scenario-" + s.dataset.scenario + " iframe").contentWindow;
				return {want: Number(s.dataset.event), got: w.smmuplay.pos().n, select: s.dataset.select || "", target: w.smmuplay.details().target}; })()`, sec))
			if f.Got != f.Want {
				t.Fatalf("%s step %d: the playground is at event %d, the step says %d", name, k, f.Got, f.Want)
			}
			if f.Target != want {
				t.Errorf("%s step %d: selected %q, the step highlights %q", name, k, f.Target, want)
			}
		}
		if got := eval[string](t, b, `location.hash`); got != fmt.Sprintf("#step-%d", n) {
			t.Errorf("%s: reading position in the URL is %q", name, got)
		}
		// The reading position survives a reload without the fragment
		// (local storage).
		if err := chromedp.Do(b.ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(siteURL+"/tutorials/"+name+".html")); err != nil {
			t.Fatal(err)
		}
		b.wait(t, fmt.Sprintf(`document.body.dataset.currentStep === "%d"`, n))
	}
	if p := b.problems(); len(p) > 0 {
		t.Errorf("console problems:\n%s", strings.Join(p, "\n"))
	}
}

// TestExerciseChecked: an exercise page shows its seed's variant, marks
// a right answer correct and a wrong one not.
func TestExerciseChecked(t *testing.T) {
	b := newBrowser(t)
	const id, seed = "decode-cons", 7
	key, err := exercise.Solution(id, seed)
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b.ctx, chromedp.Navigate(fmt.Sprintf("%s/tutorials/exercise-%s.html?seed=%d", siteURL, id, seed))); err != nil {
		t.Fatal(err)
	}
	b.wait(t, `!document.querySelector("form.answer").hidden`)
	fill := func(answer map[string]string) {
		for k, v := range answer {
			eval[bool](t, b, fmt.Sprintf(`(document.querySelector("form.answer").elements[%q].value = %q, true)`, k, v))
		}
		if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(`form.answer button[type="submit"]`))); err != nil {
			t.Fatal(err)
		}
	}
	wrong := map[string]string{}
	for k := range key.Answer {
		wrong[k] = "12345"
	}
	fill(wrong)
	b.wait(t, `document.querySelector(".result p") && document.querySelector(".result p").textContent.startsWith("Not yet.")`)
	fill(key.Answer)
	b.wait(t, `document.querySelector(".result p") && document.querySelector(".result p").textContent.startsWith("Correct.")`)
}
