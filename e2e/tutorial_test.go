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
	fill := func(answer map[string]string) { b.fillAnswer(t, answer) }
	wrong := map[string]string{}
	for k := range key.Answer {
		wrong[k] = "12345"
	}
	fill(wrong)
	b.wait(t, `document.querySelector(".result p") && document.querySelector(".result p").textContent.startsWith("Not yet.")`)
	fill(key.Answer)
	b.wait(t, `document.querySelector(".result p") && document.querySelector(".result p").textContent.startsWith("Correct.")`)
}

// TestTutorialFigureLinkCarriesPosition: a figure's "open in the
// playground" opens its run where the figure stands (the step's event),
// and the playground's banner says the visitor came from a tutorial.
func TestTutorialFigureLinkCarriesPosition(t *testing.T) {
	b := newBrowser(t)
	if err := chromedp.Do(b.ctx, chromedp.Navigate(siteURL+"/tutorials/1-timeout.html#step-4")); err != nil {
		t.Fatal(err)
	}
	sec := `document.getElementById("step-4")`
	fig := `document.getElementById("scenario-" + ` + sec + `.dataset.scenario)`
	b.wait(t, fig+`.dataset.syncedEvent === `+sec+`.dataset.event`)
	event := eval[int](t, b, `Number(`+sec+`.dataset.event)`)
	if event == 0 {
		t.Fatal("step 4 stands at event 0: the test would not show a position carried")
	}
	b.wait(t, fmt.Sprintf(`%s.querySelector("figcaption a").href.includes("?from=tutorial#") && %s.dataset.linkAt === "%d"`, fig, fig, event))
	href := eval[string](t, b, fig+`.querySelector("figcaption a").href`)
	if !strings.Contains(href, fmt.Sprintf("n=%d", event)) {
		t.Fatalf("the figure's link %q does not carry its event %d", href, event)
	}
	// Followed as a reader follows it (in this tab: the test drives one),
	// so the playground sees the tutorial as its referrer.
	eval[bool](t, b, fig+`.querySelector("figcaption a").removeAttribute("target") || true`)
	eval[bool](t, b, `(`+fig+`.querySelector("figcaption a").click(), true)`)
	b.wait(t, `location.pathname.endsWith("/index.html") && window.smmuplayReadyFlag === true && !document.getElementById("origin").hidden`)
	if from := eval[string](t, b, `document.getElementById("origin").dataset.from`); from != "tutorial" {
		t.Errorf("banner says the visitor came from %q", from)
	}
	if n := eval[int](t, b, `smmuplay.pos().n`); n != event {
		t.Errorf("the playground opened at event %d, the figure stood at %d", n, event)
	}
	if back := eval[string](t, b, `document.getElementById("origin-back").getAttribute("href")`); !strings.Contains(back, "/tutorials/1-timeout.html") {
		t.Errorf("the banner leads back to %q, not the tutorial read", back)
	}
}

// fillAnswer fills an exercise page's answer form and submits it.
func (b *browser) fillAnswer(t *testing.T, answer map[string]string) {
	t.Helper()
	for k, v := range answer {
		eval[bool](t, b, fmt.Sprintf(`(document.querySelector("form.answer").elements[%q].value = %q, true)`, k, v))
	}
	if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(`form.answer button[type="submit"]`))); err != nil {
		t.Fatal(err)
	}
}
