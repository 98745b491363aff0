//go:build !js

package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// hostPage is another site embedding the playground: a long page with a
// focused text field above the iframe, and a helper that asks the
// embed over postMessage.
const hostPage = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>host</title></head>
<body style="margin:0"><input id="field" autofocus><div style="height:3000px">
<iframe id="emb" src="%s" width="800" height="450" style="border:0" title="smmuplay"></iframe></div>
<script>
window.msgs = [];
const waiting = new Map();
let nextID = 1;
window.addEventListener("message", (e) => {
  if (!e.data || e.data.smmuplay === undefined) return;
  window.msgs.push(e.data);
  if (e.data.id !== undefined && waiting.has(e.data.id)) { waiting.get(e.data.id)(e.data); waiting.delete(e.data.id); }
});
window.ask = (op, args, version) => new Promise((resolve) => {
  const id = nextID++;
  waiting.set(id, resolve);
  document.getElementById("emb").contentWindow.postMessage({smmuplay: version === undefined ? 1 : version, id, op, args}, "*");
});
window.ready = () => window.msgs.some((m) => m.event === "ready");
</script></body></html>`

func hostServer(t *testing.T, frag string) string {
	t.Helper()
	page := fmt.Sprintf(hostPage, siteURL+"/embed.html#"+frag)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

type reply struct {
	Smmuplay int             `json:"smmuplay"`
	ID       int             `json:"id"`
	OK       bool            `json:"ok"`
	Result   json.RawMessage `json:"result"`
	Error    string          `json:"error"`
}

func ask(t *testing.T, b *browser, op, args string, version int) reply {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[reply](fmt.Sprintf(`window.ask(%q, %s, %d)`, op, args, version), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("ask %s %s: %v", op, args, err)
	}
	if v.Smmuplay != 1 {
		t.Fatalf("ask %s: reply without protocol version: %+v", op, v)
	}
	return v
}

// TestEmbedOnAnotherSite: embedded cross-origin, the playground never
// takes the host's focus or scrolls it, shows its minimal chrome, and
// answers postMessage requests with versioned replies; bad requests get
// errors, never silence.
func TestEmbedOnAnotherSite(t *testing.T) {
	b := newBrowser(t)
	host := hostServer(t, "scenario=baseline-spam&chrome=min")
	if err := chromedp.Do(b.ctx, chromedp.Navigate(host)); err != nil {
		t.Fatal(err)
	}
	b.wait(t, `window.ready()`)
	if got := eval[string](t, b, `document.activeElement.id`); got != "field" {
		t.Errorf("the embed took the host's focus: active element %q", got)
	}
	if y := eval[float64](t, b, `window.scrollY`); y != 0 {
		t.Errorf("the embed scrolled the host page to %v", y)
	}
	r := ask(t, b, "step", `{n: 5}`, 1)
	if !r.OK || !strings.Contains(string(r.Result), `"n":5`) {
		t.Fatalf("step: %+v", r)
	}
	r = ask(t, b, "state", `{}`, 1)
	var st struct {
		N         int `json:"n"`
		Endpoints []struct {
			Name string `json:"name"`
		} `json:"endpoints"`
		Registers struct {
			CmdqCons uint32 `json:"cmdq_cons"`
		} `json:"registers"`
	}
	if err := json.Unmarshal(r.Result, &st); err != nil || !r.OK || st.N != 5 || len(st.Endpoints) == 0 {
		t.Fatalf("state: %+v (%v)", r, err)
	}
	r = ask(t, b, "load", `{fragment: "scenario=seed-log"}`, 1)
	if !r.OK {
		t.Fatalf("load: %+v", r)
	}
	r = ask(t, b, "finish", `{}`, 1)
	r = ask(t, b, "log", `{}`, 1)
	if !r.OK || !strings.Contains(string(r.Result), "ATC invalidate timeout") {
		t.Fatalf("log after finishing seed-log: %+v", r)
	}
	if !eval[bool](t, b, `window.msgs.some((m) => m.event === "moved" && m.smmuplay === 1)`) {
		t.Error("no versioned moved announcement")
	}
	for _, c := range []struct {
		op, args string
		version  int
		want     string
	}{
		{"explode", `{}`, 1, `unknown op "explode"`},
		{"step", `{}`, 2, "unsupported protocol version 2"},
		{"seek", `{event: "x"}`, 1, "event must be an integer"},
		{"seek", `{event: 1e9}`, 1, "want 0 to"},
		{"step", `{n: 0}`, 1, "want 1 to"},
		{"load", `{fragment: "scenario=nope"}`, 1, `unknown scenario "nope"`},
		{"load", `{fragment: "seed=x"}`, 1, `seed="x"`},
		{"select", `{target: "ep:ep99"}`, 1, `no endpoint "ep99"`},
		{"fault", `{endpoint: "ep1", kind: "explode"}`, 1, "want one of"},
		{"step", `7`, 1, "args must be an object"},
	} {
		r := ask(t, b, c.op, c.args, c.version)
		if r.OK || !strings.Contains(r.Error, c.want) {
			t.Errorf("%s %s (v%d): %+v, want an error containing %q", c.op, c.args, c.version, r, c.want)
		}
	}
	// The run survived the bad requests.
	if r := ask(t, b, "pos", `{}`, 1); !r.OK || strings.Contains(string(r.Result), `"n":0`) {
		t.Errorf("after bad requests: %+v", r)
	}
}

// TestEmbedModes: the embed page hides the playground's chrome: minimal
// shows one control row, none shows only the canvas; read-only refuses
// changes to the run; the embed fits its frame and never scrolls.
func TestEmbedModes(t *testing.T) {
	b := newBrowser(t)
	b.openEmbed(t, "/embed.html#scenario=default&chrome=min&ro=1&theme=dark")
	if !eval[bool](t, b, `getComputedStyle(document.getElementById("chrome")).display !== "none" && document.querySelector("header") === null && document.getElementById("setup") === null`) {
		t.Error("minimal chrome: the control row is missing or the full page's chrome is shown")
	}
	if !eval[bool](t, b, `document.documentElement.scrollHeight <= innerHeight && getComputedStyle(document.body).overflow === "hidden"`) {
		t.Error("the embed page scrolls")
	}
	if msg := evalErr(t, b, `smmuplay.fault("ep1", "silent")`); !strings.Contains(msg, "read-only") {
		t.Errorf("read-only embed accepted a fault: %s", msg)
	}
	if msg := evalErr(t, b, `smmuplay.load("baseline-spam")`); !strings.Contains(msg, "read-only") {
		t.Errorf("read-only embed accepted a load: %s", msg)
	}
	if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.ID("e-step"))); err != nil {
		t.Fatal(err)
	}
	b.wait(t, `smmuplay.pos().n === 1`)

	b.openEmbed(t, "/embed.html#scenario=default&chrome=none")
	if !eval[bool](t, b, `getComputedStyle(document.getElementById("chrome")).display === "none"`) {
		t.Error("chrome=none shows controls")
	}
}

func (b *browser) openEmbed(t *testing.T, path string) {
	t.Helper()
	// about:blank first: a new fragment alone would not reload the page.
	if err := chromedp.Do(b.ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(siteURL+path)); err != nil {
		t.Fatal(err)
	}
	b.wait(t, `window.smmuplay !== undefined && window.smmuplayFirstFrameMs !== undefined`)
}
