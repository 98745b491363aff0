//go:build !js

package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/smmuplay/smmuplay/internal/labweb"
	"github.com/smmuplay/smmuplay/lab/race"
	"github.com/smmuplay/smmuplay/play"
	"github.com/smmuplay/smmuplay/render/intent"
)

// TestHelpListsEveryKey: the ? help names every key the canvas acts on
// (render/intent.Keys, which a unit test holds to intent.Raw) and the
// pointer's gestures.
func TestHelpListsEveryKey(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/")
	dts := eval[[]string](t, b, `[...document.querySelectorAll("#help dt")].map((d) => d.textContent.trim())`)
	has := map[string]bool{}
	for _, d := range dts {
		has[d] = true
	}
	for _, k := range intent.Keys {
		if !has[k.Key] {
			t.Errorf("the help does not list %q (%s); it lists %q", k.Key, k.Does, dts)
		}
	}
	for _, g := range []string{"click", "wheel", "drag"} {
		if !has[g] {
			t.Errorf("the help does not list the pointer's %q", g)
		}
	}
}

// TestControlsDuringPlay: the narration follows the run while it plays;
// the transport's icons are drawn (SVG, no glyph a font may lack); Play
// turning into Pause moves neither itself nor the speed slider; the log
// wraps at spaces, not inside words.
func TestControlsDuringPlay(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/#scenario=baseline-spam")
	for _, id := range []string{"restart", "back", "play", "step"} {
		if got := eval[string](t, b, fmt.Sprintf(`(() => { const e = document.getElementById(%q); return e.querySelector("svg") ? e.textContent.trim() : "no svg: " + e.textContent; })()`, id)); got != "" {
			t.Errorf("#%s: %q, want an SVG icon and no text", id, got)
		}
	}
	if wb := eval[string](t, b, `getComputedStyle(document.getElementById("log")).wordBreak`); wb == "break-all" {
		t.Error("the kernel log breaks words anywhere (word-break: break-all)")
	}
	type box struct{ PlayW, PlayX, SpeedX float64 }
	geom := `(() => { const p = document.getElementById("play").getBoundingClientRect(), s = document.getElementById("speed").getBoundingClientRect(); return {playW: p.width, playX: p.left, speedX: s.left}; })()`
	before := eval[box](t, b, geom)
	first := eval[string](t, b, `(smmuplay.speed(30), document.getElementById("narration").textContent)`)
	b.click(t, "play")
	b.wait(t, `smmuplay.playing() && document.getElementById("play").getAttribute("aria-label") === "Pause"`)
	during := eval[box](t, b, geom)
	if during != before {
		t.Errorf("Play became Pause and moved the controls: %+v -> %+v", before, during)
	}
	// Two different narrations while it plays: it follows the run.
	b.wait(t, fmt.Sprintf(`smmuplay.playing() && smmuplay.pos().n > 2 && document.getElementById("narration").textContent.startsWith("Event ") && document.getElementById("narration").textContent !== %q`, first))
	second := eval[string](t, b, `document.getElementById("narration").textContent`)
	b.wait(t, fmt.Sprintf(`smmuplay.playing() && document.getElementById("narration").textContent !== %q`, second))
	if live := eval[string](t, b, `document.getElementById("narration").getAttribute("aria-live")`); live != "off" {
		t.Errorf("while playing the narration is read out (aria-live %q)", live)
	}
	b.click(t, "play")
	b.wait(t, `!smmuplay.playing() && document.getElementById("narration").getAttribute("aria-live") === "polite"`)
	b.noProblems(t)
}

// TestEmbedSnippetFits: the Embed dialog's snippet, pasted into a phone's
// host page, fits it (no fixed width widening the page) at 16:9; its
// option is named for what it does; with chrome=min the control row
// stands under the picture, not over it.
func TestEmbedSnippetFits(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/#scenario=default")
	b.click(t, "embed")
	b.wait(t, `document.getElementById("embed-dlg").open`)
	if label := eval[string](t, b, `document.getElementById("emb-chrome").closest("label").textContent`); strings.Contains(label, "Chrome") {
		t.Errorf("the embed option is still called %q", label)
	}
	code := eval[string](t, b, `document.getElementById("emb-code").value`)
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>host</title></head><body><h1>Docs</h1><p>Text.</p>%s</body></html>`, code)
	}))
	t.Cleanup(host.Close)
	if err := chromedp.Do(b.ctx, chromedp.EmulateViewport(360, 740), chromedp.Navigate(host.URL)); err != nil {
		t.Fatal(err)
	}
	b.wait(t, `document.readyState === "complete"`)
	checkFits(t, b)
	type rect struct{ W, H, Body float64 }
	r := eval[rect](t, b, `(() => { const f = document.querySelector("iframe").getBoundingClientRect(); return {w: f.width, h: f.height, body: document.body.clientWidth}; })()`)
	if r.W > r.Body+0.5 || r.W < 100 || r.H < r.W*9/16-2 || r.H > r.W*9/16+2 {
		t.Errorf("the embed is %vx%v in a %v px column; want the column's width at 16:9", r.W, r.H, r.Body)
	}

	if err := chromedp.Do(b.ctx, chromedp.EmulateViewport(800, 450)); err != nil {
		t.Fatal(err)
	}
	b.openEmbed(t, "/embed.html#scenario=default&chrome=min")
	b.wait(t, `!document.getElementById("chrome").hidden`)
	type bars struct{ CanvasBottom, ChromeTop, Inner float64 }
	g := eval[bars](t, b, `({canvasBottom: document.querySelector("canvas").getBoundingClientRect().bottom, chromeTop: document.getElementById("chrome").getBoundingClientRect().top, inner: innerHeight})`)
	if g.CanvasBottom > g.ChromeTop+0.5 || g.ChromeTop < g.Inner-40 {
		t.Errorf("chrome=min: the picture ends at %v, the control row starts at %v (window %v): the row covers the picture", g.CanvasBottom, g.ChromeTop, g.Inner)
	}
}

// TestSideBySideKeepsPosition: "Side by side" from the playground at an
// event opens the comparison with that run's pane at that very event and
// the shared time at its time.
func TestSideBySideKeepsPosition(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/#scenario=baseline-spam&n=221")
	type at struct {
		N      int64  `json:"n"`
		TimeNS int64  `json:"time_ns"`
		Policy string `json:"policy"`
	}
	p := eval[at](t, b, `({n: smmuplay.pos().n, time_ns: smmuplay.pos().time_ns, policy: smmuplay.state().policy})`)
	if p.N != 221 || p.TimeNS == 0 {
		t.Fatalf("the playground stands at %+v", p)
	}
	pane := map[string]int{"baseline": 0, "series": 1}[p.Policy]
	b.click(t, "to-compare")
	b.wait(t, `location.pathname.endsWith("/compare.html") && window.smmuplayCompareReady === true`)
	type view struct {
		TimeNS  int64    `json:"time_ns"`
		Event   [2]int64 `json:"event"`
		EventNS [2]int64 `json:"event_ns"`
	}
	v := eval[view](t, b, `window.smmuplayCompareView`)
	if v.Event[pane] != p.N || v.TimeNS != p.TimeNS {
		t.Errorf("side by side opened at %+v; the playground stood at event %d (%s) at %d ns", v, p.N, p.Policy, p.TimeNS)
	}
	if other := 1 - pane; v.EventNS[other] > p.TimeNS {
		t.Errorf("the other pane stands after the time: %+v", v)
	}
}

// TestRaceLinkBanner: a race explorer's link (an ordering under an
// earlier rule set, so its run is scenario text) opens the playground
// with a banner saying where it came from and naming the invariant it
// breaks, at the event the explorer found, and the scenario picker names
// the run instead of standing empty.
func TestRaceLinkBanner(t *testing.T) {
	native, err := labweb.Race(labweb.RaceSpec{Scenario: "race-report-flr", Rules: race.RulesBrokenPending})
	if err != nil {
		t.Fatal(err)
	}
	v := native.Shortest.Violation
	b := newBrowser(t)
	b.openLab(t, "/lab.html", `window.smmuplayLabReady === true`)
	eval[bool](t, b, fmt.Sprintf(`(document.getElementById("race-scenario").value = "race-report-flr", document.getElementById("race-rules").value = %q, true)`, race.RulesBrokenPending))
	b.click(t, "race-run")
	b.wait(t, `window.smmuplayRace && !document.getElementById("race-table").hidden`)
	b.click(t, "race-shortest-link")
	b.waitDiag(t, `window.smmuplayReadyFlag === true && !document.getElementById("origin").hidden && document.getElementById("origin-text").textContent.includes("breaks an invariant")`,
		`({ready: window.smmuplayReadyFlag, hidden: document.getElementById("origin").hidden, text: document.getElementById("origin").textContent, url: location.href})`)
	text := eval[string](t, b, `document.getElementById("origin-text").textContent`)
	if !strings.Contains(text, "race explorer") || !strings.Contains(text, fmt.Sprintf("at event %d: %s", v.Event, v.Message)) {
		t.Errorf("banner %q; want the explorer and event %d: %s", text, v.Event, v.Message)
	}
	type pick struct{ Value, Text string }
	sel := eval[pick](t, b, `(() => { const s = document.getElementById("scenario"); const o = s.selectedOptions[0]; return {value: s.value, text: o ? o.textContent : ""}; })()`)
	if sel.Text == "" {
		t.Errorf("the scenario picker stands empty: %+v", sel)
	}
	if strings.Contains(eval[string](t, b, `location.hash`), "src=") && !strings.Contains(sel.Text, "text from the link") {
		t.Errorf("a run of scenario text shows as %+v", sel)
	}
	b.noProblems(t)
}

// TestTimelineSeeksToMarker: the playground's timeline marks the run's
// landmarks as play.Session.Timeline computes them, and a click on a mark
// seeks there.
func TestTimelineSeeksToMarker(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/#scenario=one-broken-of-8")
	b.wait(t, `window.smmuplayTimeline !== undefined && document.querySelectorAll("#scrub-marks line").length > 0`)
	// The marks are the native computation's, one line each.
	x, err := play.Open(play.Params{Scenario: "one-broken-of-8"})
	if err != nil {
		t.Fatal(err)
	}
	native, err := x.Timeline()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, m := range native.Marks {
		want = append(want, fmt.Sprintf("%s@%d", m.Kind, m.N))
	}
	got := eval[[]string](t, b, `[...document.querySelectorAll("#scrub-marks line")].map((l) => l.dataset.kind + "@" + l.dataset.n)`)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("the timeline marks %v; play.Session.Timeline %v", got, want)
	}
	if n := eval[int64](t, b, `Number(document.getElementById("scrub-track").dataset.events)`); n != native.Events {
		t.Errorf("the timeline spans %d events, the run has %d", n, native.Events)
	}
	kinds := eval[[]string](t, b, `[...new Set([...document.querySelectorAll("#scrub-marks line")].map((l) => l.dataset.kind))]`)
	for _, k := range []string{"atc-timeout", "gerror", "quarantine"} {
		if !strings.Contains(strings.Join(kinds, " "), k) {
			t.Errorf("no %s mark; kinds %v", k, kinds)
		}
	}
	type mark struct {
		N    int64
		X, Y float64
	}
	m := eval[mark](t, b, `(() => { const l = document.querySelector('#scrub-marks line[data-kind="quarantine"]'); const r = l.getBoundingClientRect();
		return {n: Number(l.dataset.n), x: r.left + r.width / 2, y: r.top + r.height / 2}; })()`)
	// Two pixels off the mark: a click near a landmark lands on it.
	if err := chromedp.Do(b.ctx, chromedp.MouseClickXY(m.X+2, m.Y)); err != nil {
		t.Fatal(err)
	}
	b.waitDiag(t, fmt.Sprintf(`smmuplay.pos().n === %d`, m.N), `smmuplay.pos()`)
	if !eval[bool](t, b, `smmuplay.state().endpoints.some((e) => e.quarantined)`) {
		t.Errorf("at the quarantine mark (event %d) no endpoint is quarantined", m.N)
	}
	// A drag scrubs: pressed near the start, moved to the middle, the run
	// follows the pointer before the button is let go.
	type track struct{ L, R, Y float64 }
	tr := eval[track](t, b, `(() => { const r = document.getElementById("scrub-track").getBoundingClientRect(); return {l: r.left, r: r.right, y: r.bottom - 3}; })()`)
	events := eval[int64](t, b, `window.smmuplayTimeline.events`)
	if err := chromedp.Do(b.ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMousePressed, tr.L+1, tr.Y, chromedp.ButtonLeft)); err != nil {
		t.Fatal(err)
	}
	b.wait(t, `smmuplay.pos().n < 20`)
	mid := (tr.L + tr.R) / 2
	if err := chromedp.Do(b.ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, mid, tr.Y, chromedp.ButtonLeft)); err != nil {
		t.Fatal(err)
	}
	b.waitDiag(t, fmt.Sprintf(`Math.abs(smmuplay.pos().n - %d) <= %d`, events/2, events/50+2), `smmuplay.pos()`)
	if err := chromedp.Do(b.ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseReleased, mid, tr.Y, chromedp.ButtonLeft)); err != nil {
		t.Fatal(err)
	}
	b.noProblems(t)
}
