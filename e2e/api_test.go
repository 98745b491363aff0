//go:build !js

package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestJSAPI: window.smmuplay works, and bad calls throw an Error with a
// clear message and leave the run as it was.
func TestJSAPI(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/")
	if n := eval[int](t, b, `(smmuplay.load("baseline-spam"), smmuplay.step(10).n)`); n != 10 {
		t.Fatalf("step(10) -> %d", n)
	}
	if n := eval[int](t, b, `(smmuplay.seek(3), smmuplay.state().n)`); n != 3 {
		t.Fatalf("seek(3) -> %d", n)
	}
	if got := eval[string](t, b, `smmuplay.state().policy`); got != "baseline" {
		t.Errorf("policy %q", got)
	}
	if got := eval[bool](t, b, `Array.isArray(smmuplay.log()) && typeof smmuplay.state().registers.cmdq_cons === "number"`); !got {
		t.Error("log() is not an array or state() lacks registers")
	}
	before := stateJSON(t, b)
	for _, c := range []struct{ call, want string }{
		{`smmuplay.step("x")`, "step: n must be an integer, got string"},
		{`smmuplay.step(1.5)`, "n must be an integer"},
		{`smmuplay.step(0)`, "Error: step: n=0: want 1 to"}, // one prefix, not "step: step:"
		{`smmuplay.seek(-1)`, "Error: seek: event -1: want 0 to"},
		{`smmuplay.back(0)`, "Error: back: n=0: want 1 to"},
		{`smmuplay.seek()`, "event: missing"},
		{`smmuplay.load("nope")`, `unknown scenario "nope"`},
		{`smmuplay.load({scenario: "default", endpoints: 999})`, "endpoints"},
		{`smmuplay.load({scenario: "default", colour: "red"})`, "unknown key"},
		{`smmuplay.load({source: "policy fast\n"})`, "custom.scn:1:"},
		{`smmuplay.load(42)`, "want a scenario name"},
		{`smmuplay.fault("ep99", "silent")`, `no endpoint "ep99"`},
		{`smmuplay.select("reg:NOPE")`, "unknown register"},
		{`smmuplay.speed(-1)`, "speed"},
		{`smmuplay.play("yes")`, "true or false"},
		{`smmuplay.log(1e6)`, "the log has"},
		{`smmuplay.log(1e9)`, "from=1000000000: the log has"}, // it said from=-1
		{`smmuplay.nosuch()`, "not a function"},
	} {
		msg := evalErr(t, b, c.call)
		if !strings.HasPrefix(msg, "Error: ") || !strings.Contains(msg, c.want) {
			t.Errorf("%s threw %q, want an Error containing %q", c.call, msg, c.want)
		}
	}
	if after := stateJSON(t, b); after != before {
		t.Fatal("bad calls changed the run")
	}
	// The runtime is alive: good calls still work.
	if n := eval[int](t, b, `smmuplay.step(2).n`); n != 5 {
		t.Fatalf("after bad calls, step(2) -> %d", n)
	}
}

// TestBadInputShowsMessage: a bad fragment or a bad form entry shows a
// visible message naming the problem, and the previous run stays.
func TestBadInputShowsMessage(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/#scenario=nope")
	b.wait(t, `!document.getElementById("error").hidden`)
	if msg := eval[string](t, b, `document.getElementById("error-text").textContent`); !strings.Contains(msg, `unknown scenario "nope"`) {
		t.Errorf("error message %q", msg)
	}
	if got := eval[string](t, b, `smmuplay.state().scenario`); got != "default" {
		t.Errorf("after a bad fragment the page runs %q, want the default", got)
	}
	eval[int](t, b, `(smmuplay.load("one-broken-of-8"), smmuplay.step(42).n)`)
	b.wait(t, `document.getElementById("pos").textContent.startsWith("event 42 ")`)
	before := stateJSON(t, b)
	eval[bool](t, b, `(document.getElementById("error").hidden = true, document.getElementById("endpoints").value = "300", document.getElementById("load").click(), true)`)
	b.wait(t, `!document.getElementById("error").hidden`)
	if msg := eval[string](t, b, `document.getElementById("error-text").textContent`); !strings.Contains(msg, "endpoints") {
		t.Errorf("error message %q does not name the endpoints", msg)
	}
	if after := stateJSON(t, b); after != before {
		t.Error("a bad form entry replaced the run")
	}
	eval[bool](t, b, `(document.getElementById("error").hidden = true, location.hash = "#n=abc", true)`)
	b.wait(t, `!document.getElementById("error").hidden`)
	if msg := eval[string](t, b, `document.getElementById("error-text").textContent`); !strings.Contains(msg, `n="abc"`) {
		t.Errorf("malformed fragment message %q", msg)
	}
	if after := stateJSON(t, b); after != before {
		t.Error("a malformed fragment replaced the run")
	}
}

// TestAPISurvivesHostileArguments: arguments whose reading throws (issue 16
// item 3) get an Error, and the page stays alive: state() answers at once
// and frames keep coming. Each used to unwind through the Go runtime with
// the engine's lock held, and the tab froze for good; a getter that calls
// the API again did the same.
func TestAPISurvivesHostileArguments(t *testing.T) {
	b := newBrowser(t)
	b.openEmbed(t, "/embed.html#scenario=default")
	for _, c := range []struct{ call, want string }{
		{`smmuplay.load({get scenario() { throw new Error("getter") }})`, "getter"},
		{`smmuplay.load(new Proxy({}, {ownKeys() { throw new Error("ownKeys") }}))`, "ownKeys"},
		{`smmuplay.load({toJSON() { throw new Error("toJSON") }})`, "toJSON"},
	} {
		msg := evalErr(t, b, c.call)
		if !strings.HasPrefix(msg, "Error: ") || !strings.Contains(msg, c.want) {
			t.Errorf("%s threw %q, want an Error containing %q", c.call, msg, c.want)
		}
		// state() within 2 s: a held lock never answers.
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`smmuplay.state().n`))
		cancel()
		if err != nil || n != 0 {
			t.Fatalf("after %s: state() gave %d, %v", c.call, n, err)
		}
	}
	// A getter that calls the API is read before Go runs: it just works.
	if n := eval[int](t, b, `smmuplay.load({get scenario() { smmuplay.state(); return "default"; }}).n`); n != 0 {
		t.Errorf("a re-entrant getter: load gave n %d", n)
	}
	frames := eval[int](t, b, `window.smmuplayFrames`)
	b.wait(t, fmt.Sprintf(`window.smmuplayFrames > %d`, frames))
	if n := eval[int](t, b, `smmuplay.seek(5)`); n != 5 {
		t.Errorf("seek(5) returned %d, want the position after the move", n)
	}
}

// TestPageAPIIsNotThenable: await window.smmuplay gives the API back (the
// page's Proxy used to answer "then" and the await rejected).
func TestPageAPIIsNotThenable(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/")
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(async () => { const s = await window.smmuplay; return typeof s.state().n; })()`, chromedp.EvalAwaitPromise))
	if err != nil || v != "number" {
		t.Errorf("await window.smmuplay: %q, %v", v, err)
	}
}
