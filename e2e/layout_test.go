//go:build !js

package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// layoutPage is a page of the site, the condition that says it is up,
// and what a visitor clicks first (a CSS selector: its visible middle).
type layoutPage struct {
	path, ready, click string
}

// tutorialReady: the page has loaded, and every figure whose embed is in
// view has its simulator up (a lazy iframe loads once it is near).
const tutorialReady = `document.readyState === "complete" && [...document.querySelectorAll("figure.scenario iframe")].every((f) => {
	const r = f.getBoundingClientRect(); return r.bottom < 0 || r.top > innerHeight || f.closest("figure").classList.contains("ready") || (f.contentWindow && f.contentWindow.smmuplayFirstFrameMs !== undefined); })`

var layoutPages = []layoutPage{
	{"/#scenario=default", `window.smmuplayReadyFlag === true && window.smmuplayFirstFrameMs !== undefined`, "#stage"},
	{"/embed.html#scenario=default&chrome=min", `window.smmuplay !== undefined && window.smmuplayFirstFrameMs !== undefined`, "canvas"},
	{"/compare.html#scenario=baseline-spam", `window.smmuplayCompareReady === true`, "#frame-0"},
	{"/lab.html", `window.smmuplayLabReady === true`, "main h2"},
	{"/tutorials/", `document.readyState === "complete"`, "main"},
	{"/tutorials/1-timeout.html", tutorialReady, "figure.scenario iframe"},
	{"/tutorials/exercises.html", `document.readyState === "complete"`, "main"},
	{"/tutorials/exercise-decode-cons.html?seed=7", `!document.querySelector("form.answer").hidden`, "figure iframe"},
}

// TestEveryPageFitsAndStaysPut: every page, on a phone (360x740) and a
// laptop (1280x800), has no horizontal scroll, and the first click on
// what a visitor clicks first (the playground's picture, a figure) moves
// nothing: the page does not scroll and the element stays where it was.
// (Ebiten focuses its canvas on a press; a focus without preventScroll
// scrolls every document up to the top one to show the canvas whole.)
func TestEveryPageFitsAndStaysPut(t *testing.T) {
	for _, size := range [][2]int64{{360, 740}, {1280, 800}} {
		for _, p := range layoutPages {
			t.Run(fmt.Sprintf("%dx%d%s", size[0], size[1], p.path), func(t *testing.T) {
				b := newBrowser(t)
				if err := chromedp.Do(b.ctx, chromedp.EmulateViewport(size[0], size[1]), chromedp.Navigate(siteURL+p.path)); err != nil {
					t.Fatal(err)
				}
				b.wait(t, p.ready)
				checkFits(t, b)
				type where struct {
					X, Y, Top, Left, SX, SY float64
				}
				at := func() where {
					return eval[where](t, b, fmt.Sprintf(`(() => { const e = document.querySelector(%q); const r = e.getBoundingClientRect();
						const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, innerHeight), left = Math.max(r.left, 0), right = Math.min(r.right, innerWidth);
						return {x: (left + right) / 2, y: (top + Math.min(bottom, top + 200)) / 2, top: r.top, left: r.left, sx: scrollX, sy: scrollY}; })()`, p.click))
				}
				before := at()
				if err := chromedp.Do(b.ctx, chromedp.MouseClickXY(before.X, before.Y)); err != nil {
					t.Fatal(err)
				}
				// Two frames later anything the click set off has been laid out.
				b.frames(t)
				if after := at(); after.Top != before.Top || after.Left != before.Left || after.SX != before.SX || after.SY != before.SY {
					t.Errorf("the first click on %s moved the page: scroll (%v, %v) -> (%v, %v), the element's top-left (%v, %v) -> (%v, %v)",
						p.click, before.SX, before.SY, after.SX, after.SY, before.Left, before.Top, after.Left, after.Top)
				}
				checkFits(t, b)
			})
		}
	}
}

// checkFits fails when the page scrolls sideways, naming the widest
// element that sticks out.
func checkFits(t *testing.T, b *browser) {
	t.Helper()
	type fit struct {
		SW, CW float64
		Wide   string
	}
	f := eval[fit](t, b, `(() => { const d = document.documentElement; let wide = "", right = d.clientWidth;
		for (const e of document.body.querySelectorAll("*")) { const r = e.getBoundingClientRect(); if (r.right > right + 0.5 && r.width > 0) { right = r.right; wide = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.split(" ").join(".") : "") + " (right edge " + Math.round(r.right) + ")"; } }
		return {sw: d.scrollWidth, cw: d.clientWidth, wide}; })()`)
	if f.SW > f.CW {
		t.Errorf("the page scrolls sideways: %v px wide in a %v px window; widest: %s", f.SW, f.CW, f.Wide)
	}
}

// frames waits for two animation frames: what the last input set off
// has been laid out and painted.
func (b *browser) frames(t *testing.T) {
	t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
}
