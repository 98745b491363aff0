//go:build !js

package e2e

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/smmuplay/smmuplay/tutorials/exercise"
)

// labFuncs are the functions only the lab engine (smmulab.wasm) has; the
// playground engine (smmuplay.wasm) answers them with an error naming
// the engine to load (cmd/wasm/engine.go).
var labFuncs = []string{"compare", "compareAt", "compareStep", "compareEvents", "compareDivergence", "raceInfo", "race", "strategy", "dmesg", "renderTutorial"}

// wasmOf is a JS expression: the wasm files the window w (a JS
// expression) fetched, by file name.
func wasmOf(w string) string {
	return `(` + w + `).performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname.split("/").pop()).filter((n) => n.endsWith(".wasm"))`
}

// TestEveryPageWithItsEngine: each page loads the engine it needs and
// works with it (issue 13). The playground, the embed and the exercise
// pages run smmuplay.wasm, which has the exercise ops and the exports
// and answers a lab function with a clear error; lab.html's engine and
// compare.html's left pane run smmulab.wasm, which has the lab and the
// tutorial preview; compare.html's right pane stays on smmuplay.wasm.
func TestEveryPageWithItsEngine(t *testing.T) {
	b := newBrowser(t)
	engine := func(w string, want ...string) {
		t.Helper()
		if got := eval[[]string](t, b, wasmOf(w)); !slices.Equal(got, want) {
			t.Errorf("%s loaded %v, want %v", w, got, want)
		}
	}
	keys := func(api string) []string {
		t.Helper()
		return eval[[]string](t, b, `Object.keys(`+api+`).sort()`)
	}
	// A lab function on the playground engine throws an Error that says
	// where the function is. (An iframe's Error is not an instance of
	// this window's Error: the check asks for the class, not the realm.)
	noLab := func(api string) {
		t.Helper()
		for _, f := range labFuncs {
			msg := eval[string](t, b, `(() => { try { `+api+`.`+f+`({}); return "no error"; } catch (e) { return Object.prototype.toString.call(e) + " " + e.message; } })()`)
			if !strings.HasPrefix(msg, "[object Error] "+f+": ") || !strings.Contains(msg, "lab engine") || !strings.Contains(msg, "embed.html?engine=lab") {
				t.Errorf("%s.%s threw %q, want an Error naming the lab engine and embed.html?engine=lab", api, f, msg)
			}
		}
	}

	// The playground: exercise ops and exports, no lab.
	b.open(t, "/#scenario=seed-log")
	engine(`document.getElementById("stage").contentWindow`, "smmuplay.wasm")
	playKeys := keys(`document.getElementById("stage").contentWindow.smmuplay`)
	noLab("smmuplay")
	const id, seed = "decode-cons", 7
	key, err := exercise.Solution(id, seed)
	if err != nil {
		t.Fatal(err)
	}
	answer, _ := json.Marshal(key.Answer)
	if ids := eval[[]string](t, b, `smmuplay.exercises().map((e) => e.id)`); !slices.Contains(ids, id) {
		t.Errorf("exercises() %v lacks %s", ids, id)
	}
	if v := eval[map[string]any](t, b, fmt.Sprintf(`smmuplay.exercise(%q, %d)`, id, seed)); v["id"] != id || v["prompt"] == "" {
		t.Errorf("exercise(): %v", v)
	}
	if got := eval[map[string]string](t, b, fmt.Sprintf(`smmuplay.solution(%q, %d).answer`, id, seed)); !reflect.DeepEqual(got, key.Answer) {
		t.Errorf("solution() answer %v, native %v", got, key.Answer)
	}
	if !eval[bool](t, b, fmt.Sprintf(`smmuplay.check(%q, %d, %s).correct`, id, seed, answer)) {
		t.Error("check() with the solution's answer is not correct")
	}
	if name := eval[string](t, b, `(smmuplay.step(5), smmuplay.exportName())`); name != "smmuplay-seed-log-n5" {
		t.Errorf("exportName() %q", name)
	}
	if !eval[bool](t, b, `smmuplay.exportLog() === smmuplay.log().join("\n") + (smmuplay.log().length ? "\n" : "")`) {
		t.Error("exportLog() differs from log()")
	}
	b.noProblems(t)

	// An embed on its own, and on another site through postMessage.
	b.openEmbed(t, "/embed.html#scenario=default&chrome=min")
	engine(`window`, "smmuplay.wasm")
	noLab("smmuplay")
	if err := chromedp.Do(b.ctx, chromedp.Navigate(hostServer(t, "scenario=default&chrome=min"))); err != nil {
		t.Fatal(err)
	}
	b.wait(t, `window.ready()`)
	if r := ask(t, b, "check", fmt.Sprintf(`{id: %q, seed: %d, answer: %s}`, id, seed, answer), 1); !r.OK || !strings.Contains(string(r.Result), `"correct":true`) {
		t.Errorf("postMessage check with the solution's answer: %+v", r)
	}

	// An exercise page's embed.
	if err := chromedp.Do(b.ctx, chromedp.Navigate(fmt.Sprintf("%s/tutorials/exercise-%s.html?seed=%d", siteURL, id, seed))); err != nil {
		t.Fatal(err)
	}
	b.wait(t, `!document.querySelector("form.answer").hidden`)
	engine(`document.querySelector(".exercise-embed iframe").contentWindow`, "smmuplay.wasm")

	// lab.html: its hidden engine is the lab's, with every function of the
	// playground's too.
	b.openLab(t, "/lab.html", `window.smmuplayLabReady === true`)
	w := `document.getElementById("engine").contentWindow`
	engine(w, "smmulab.wasm")
	if got := keys(w + `.smmuplay`); !reflect.DeepEqual(got, playKeys) {
		t.Errorf("the engines' APIs differ:\nlab        %v\nplayground %v", got, playKeys)
	}
	labWorks := func(api string) {
		t.Helper()
		if n := eval[int](t, b, api+`.compare({scenario: "baseline-spam"}).panes.length`); n != 2 {
			t.Errorf("%s.compare(): %d panes", api, n)
		}
		if n := eval[int](t, b, api+`.raceInfo().scenarios.length`); n == 0 {
			t.Errorf("%s.raceInfo(): no scenarios", api)
		}
		if n := eval[int](t, b, api+`.race({scenario: "race-report-flr", deviations: 1}).runs`); n < 2 {
			t.Errorf("%s.race(): %d runs", api, n)
		}
		if !eval[bool](t, b, api+`.dmesg("    CMDQ error (cons 0x0302bb84): ATC invalidate timeout").ok`) {
			t.Errorf("%s.dmesg() did not import a CMDQ error line", api)
		}
	}
	labWorks(w + `.smmuplay`)
	md := "# Preview\n\n```scenario id=a\ntitle \"One unmap\"\npolicy series\nendpoint ep0 sids=0x100 dma=off\nunmap vm0 iova=0x3000\nrun\n```\n"
	type page struct {
		Title     string            `json:"title"`
		HTML      string            `json:"html"`
		Scenarios []json.RawMessage `json:"scenarios"`
		Problems  []json.RawMessage `json:"problems"`
	}
	p := eval[page](t, b, fmt.Sprintf(`%s.smmuplay.renderTutorial(%q)`, w, md))
	if p.Title != "Preview" || len(p.Scenarios) != 1 || len(p.Problems) != 0 || !strings.Contains(p.HTML, `src="embed.html#`) {
		t.Errorf("renderTutorial: title %q, %d scenarios, problems %s, html %.300s", p.Title, len(p.Scenarios), p.Problems, p.HTML)
	}
	b.noProblems(t)

	// compare.html: the left pane runs the lab engine, the right one the
	// playground's.
	if err := chromedp.Do(b.ctx, chromedp.Navigate(siteURL+"/compare.html#scenario=baseline-spam")); err != nil {
		t.Fatal(err)
	}
	b.waitDiag(t, `window.smmuplayCompareReady === true`, `({status: document.getElementById("status").textContent, panes: [0, 1].map((i) => {
		const w = document.getElementById("frame-" + i).contentWindow;
		return {doc: w.document.readyState, hooks: !!w.smmuplayHooks, api: !!w.smmuplay, times: w.smmuplayTimes, errors: w.smmuplayErrors}; })})`)
	engine(`document.getElementById("frame-0").contentWindow`, "smmulab.wasm")
	engine(`document.getElementById("frame-1").contentWindow`, "smmuplay.wasm")
	labWorks(`document.getElementById("frame-0").contentWindow.smmuplay`)
	noLab(`document.getElementById("frame-1").contentWindow.smmuplay`)
	b.noProblems(t)

	// An unknown engine is an error on the page, and nothing is loaded.
	if err := chromedp.Do(b.ctx, chromedp.Navigate(siteURL+"/embed.html?engine=nope#scenario=default")); err != nil {
		t.Fatal(err)
	}
	b.wait(t, `!document.getElementById("error").hidden`)
	if msg := eval[string](t, b, `document.getElementById("error").textContent`); !strings.Contains(msg, `?engine=nope: unknown engine; known: lab`) {
		t.Errorf("unknown engine: %q", msg)
	}
	engine(`window`)
}
