//go:build !js

package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// load is one page load's figures, in milliseconds since its navigation
// started: the stage's first live frame, the poster painted (0: none was
// painted before the stage was live), and with -v the startup milestones.
type load struct {
	frame, poster float64
	times         map[string]float64
}

// firstFrame loads url in a fresh tab of bctx's browser and waits for the
// stage's first frame. The poster's paint time (poster.js, Element Timing)
// and the milestones (window.smmuplayTimes, see cmd/wasm's mark) are on the
// stage's clock; a stage in an iframe (index.html) is shifted by the time
// its navigation started ("stage" among the milestones).
//
// A page that lingers stays open that long after its first frame, as a
// visitor's would: Chromium writes the wasm's compiled code to its cache
// some time after compiling (it was luck whether a tab closed at once had
// done so, and the empty page never had), and a later load reuses it.
func firstFrame(bctx context.Context, url string, linger time.Duration) (load, error) {
	ctx, cancel := chromedp.NewContext(bctx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	defer cancelT()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 720), chromedp.Navigate(url)); err != nil {
		return load{}, err
	}
	ms, err := chromedp.Run(ctx, chromedp.Poll[float64](`window.smmuplayFirstFrameMs`,
		chromedp.WithPollingInterval(5*time.Millisecond), chromedp.WithPollingTimeout(80*time.Second)))
	if err != nil {
		return load{}, err
	}
	l := load{frame: ms}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		Poster float64
		Times  map[string]float64
	}](`(() => {
		const f = document.getElementById("stage"), w = f ? f.contentWindow : window;
		const off = w.performance.timeOrigin - performance.timeOrigin, t = {};
		for (const [k, v] of Object.entries(w.smmuplayTimes || {})) t[k] = v + off;
		if (f) t.stage = off;
		const p = w.smmuplayPoster;
		return { poster: p && p.painted ? p.painted + off : 0, times: t };
	})()`))
	if err != nil {
		return load{}, err
	}
	l.poster = got.Poster
	time.Sleep(linger)
	if *verbose {
		l.times = got.Times
		fmt.Fprintf(os.Stderr, "%s: first frame %.0f ms, poster %.0f ms; stage milestones %s\n", url, ms, l.poster, milestones(l.times))
	}
	return l, nil
}

// loads measures warm loads (the HTTP and compile caches filled by one
// uncounted load, as for a returning visitor; every load stays open for
// lingerFor) of the playground, the
// embed and the empty page, taking turns so the machine's drift falls on
// all three alike; it prints the medians as ratios to the empty page.
func loads(w io.Writer, bctx context.Context, base string, runs int) error {
	pages := []string{"/", "/embed.html#chrome=none", "/empty.html"}
	got := make([][]load, len(pages))
	for i := 0; i <= runs; i++ {
		for k, page := range pages {
			// Every load stays open as a visit does, so each leaves the
			// caches as a reader would and the next load's luck is not
			// what is measured (closed at once, it was a coin toss whether
			// the compiled code had been written).
			l, err := firstFrame(bctx, base+page, lingerFor)
			if err != nil {
				return err
			}
			if i > 0 {
				got[k] = append(got[k], l)
			}
		}
	}
	frames := func(k int) []float64 {
		var v []float64
		for _, l := range got[k] {
			v = append(v, l.frame)
		}
		return v
	}
	empty := median(frames(2))
	fmt.Fprintf(w, "| navigation → first frame, empty Ebiten page (the yardstick; median of %d warm loads, %s) | %.0f ms | |\n", runs, spread(frames(2)), empty)
	for k, page := range pages[:2] {
		var pics []float64
		missed := 0
		for _, l := range got[k] {
			if l.poster > 0 {
				pics = append(pics, l.poster)
			} else {
				missed++
			}
		}
		if len(pics) > 0 {
			p := median(pics)
			note := ""
			if missed > 0 {
				note = fmt.Sprintf("; the live frame came first in %d", missed)
			}
			fmt.Fprintf(w, "| navigation → poster painted, %s (median of %d%s) | %.0f ms (%.2f× empty) | ≤ %.2f×: %s |\n",
				page, len(pics), note, p, p/empty, maxPictureRatio, check(p <= maxPictureRatio*empty))
		} else {
			fmt.Fprintf(w, "| navigation → poster painted, %s | never (the live frame came first in all %d) | |\n", page, runs)
		}
		f := median(frames(k))
		fmt.Fprintf(w, "| navigation → first live frame, %s (median of %d, %s) | %.0f ms (%.2f× empty) | ≤ %.1f×: %s |\n",
			page, runs, spread(frames(k)), f, f/empty, maxFrameRatio, check(f <= maxFrameRatio*empty))
		if *verbose {
			var marks []map[string]float64
			for _, l := range got[k] {
				marks = append(marks, l.times)
			}
			fmt.Fprintf(os.Stderr, "%s: median milestones of %d loads: %s\n", page, len(marks), medianMilestones(marks))
		}
	}
	return nil
}

// visits measures a first visit (a fresh browser profile: nothing cached)
// and a second one in the same profile, for the playground: the second
// reuses the HTTP cache after revalidation (internal/serve's validators)
// and Chromium's cache of the wasm's compiled code.
func visits(w io.Writer, opts []chromedp.ExecAllocatorOption, base, dir string, runs int) error {
	var first, second []float64
	for r := 0; r < runs; r++ {
		o := append(opts[:len(opts):len(opts)], chromedp.UserDataDir(filepath.Join(dir, fmt.Sprintf("visit-%d", r))))
		actx, cancelA := chromedp.NewExecAllocator(context.Background(), o...)
		bctx, cancelB := chromedp.NewContext(actx)
		err := chromedp.Do(bctx)
		var a, b load
		if err == nil {
			a, err = firstFrame(bctx, base+"/", lingerFor)
		}
		if err == nil {
			b, err = firstFrame(bctx, base+"/", 0)
		}
		cancelB()
		cancelA()
		if err != nil {
			return err
		}
		first, second = append(first, a.frame), append(second, b.frame)
	}
	f, s := median(first), median(second)
	fmt.Fprintf(w, "| first visit (fresh profile) → first live frame, / (median of %d, %s) | %.0f ms | |\n", runs, spread(first), f)
	fmt.Fprintf(w, "| second visit (same profile) → first live frame, / (median of %d, %s) | %.0f ms (%.2f× the first visit) | ≤ %.1f×: %s |\n",
		runs, spread(second), s, s/f, maxRevisitRatio, check(s <= maxRevisitRatio*f))
	return nil
}

// milestones lists a load's milestones in the order they passed, each
// with the milliseconds since the one before.
func milestones(t map[string]float64) string {
	names := make([]string, 0, len(t))
	for k := range t {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool { return t[names[i]] < t[names[j]] })
	var b strings.Builder
	prev := 0.0
	for _, k := range names {
		fmt.Fprintf(&b, " %s %.0f (+%.0f)", k, t[k], t[k]-prev)
		prev = t[k]
	}
	return strings.TrimSpace(b.String())
}

// medianMilestones is the median of each step between milestones over
// loads (in the order of the first load), so that one slow load's step
// does not shift all the steps after it.
func medianMilestones(loads []map[string]float64) string {
	if len(loads) == 0 {
		return ""
	}
	names := make([]string, 0, len(loads[0]))
	for k := range loads[0] {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool { return loads[0][names[i]] < loads[0][names[j]] })
	var b strings.Builder
	for i, k := range names {
		var d []float64
		for _, t := range loads {
			v, ok := t[k]
			p, okp := 0.0, true
			if i > 0 {
				p, okp = t[names[i-1]]
			}
			if ok && okp {
				d = append(d, v-p)
			}
		}
		if len(d) > 0 {
			fmt.Fprintf(&b, " %s +%.0f", k, median(d))
		}
	}
	return strings.TrimSpace(b.String())
}
