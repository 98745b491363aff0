//go:build !js

package e2e

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/smmuplay/smmuplay/render/goldenimg"
)

// held serves the site under /held/ too, where the wasm waits until the
// test lets it go: the poster must be on screen while the simulator is
// still loading, on any machine, not only on one slow enough to see it.
var held struct {
	mu sync.Mutex
	ch chan struct{} // closed: the held wasm may go
}

func withHold(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := strings.CutPrefix(r.URL.Path, "/held/")
		if !ok {
			h.ServeHTTP(w, r)
			return
		}
		if strings.HasSuffix(p, ".wasm") {
			held.mu.Lock()
			ch := held.ch
			held.mu.Unlock()
			if ch != nil {
				select {
				case <-ch:
				case <-r.Context().Done():
					return
				}
			}
		}
		r2 := r.Clone(r.Context())
		r2.URL.Path, r2.URL.RawPath = "/"+p, ""
		h.ServeHTTP(w, r2)
	})
}

// hold makes the next held wasm wait; release lets it go.
func hold(t *testing.T) (release func()) {
	ch := make(chan struct{})
	held.mu.Lock()
	held.ch = ch
	held.mu.Unlock()
	var once sync.Once
	release = func() { once.Do(func() { close(ch) }) }
	t.Cleanup(release)
	return release
}

// clsJS sums the page's layout shifts since it loaded (buffered entries
// included), in the window doc.
const clsJS = `(() => { const w = %s; if (w.__cls === undefined) { w.__cls = 0;
	w.__shifts = []; new w.PerformanceObserver((l) => { for (const e of l.getEntries()) { w.__cls += e.value; for (const s of e.sources || []) w.__shifts.push((s.node ? (s.node.id || s.node.nodeName) : "?") + " " + JSON.stringify(s.previousRect) + " -> " + JSON.stringify(s.currentRect)); } }).observe({ type: "layout-shift", buffered: true }); }
	return true; })()`

// The opening picture is on screen, in the stage's box, before the
// simulator is live; the first live frame replaces it and nothing on the
// page moves (issue 13).
func TestPosterBeforeCanvas(t *testing.T) {
	for _, c := range []struct {
		name, path   string
		w, h         int64
		dpr          float64
		win          string // the stage's window
		level        int
		natW, natH   int
		compareImage bool
	}{
		{"embed exact", "/held/embed.html#scenario=one-broken-of-8&theme=light", 800, 450, 1, "window", 0, 800, 450, true},
		{"embed 2x", "/held/embed.html#scenario=one-broken-of-8&theme=dark", 800, 450, 2, "window", 0, 1600, 900, false},
		{"embed near", "/held/embed.html#scenario=one-broken-of-8&n=253&theme=light", 800, 450, 1, "window", 1, 800, 450, false},
		{"playground", "/held/#scenario=flr-recovery", 1280, 800, 1, `document.getElementById("stage").contentWindow`, 0, 880, 720, false},
		{"compare pane", "/held/compare.html", 1280, 800, 1, `document.getElementById("frame-0").contentWindow`, 0, 800, 450, false},
		{"phone", "/held/#scenario=flr-recovery", 390, 844, 3, `document.getElementById("stage").contentWindow`, 0, 780, 1180, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := newBrowser(t)
			release := hold(t)
			if err := chromedp.Do(b.ctx, chromedp.EmulateViewport(c.w, c.h, chromedp.EmulateScale(c.dpr))); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(b.ctx, chromedp.Navigate(siteURL+c.path)); err != nil {
				t.Fatal(err)
			}
			w := c.win
			b.waitDiag(t, w+`.smmuplayPoster.painted > 0`, w+`.smmuplayPoster`)
			// Shift counting starts in both documents before the swap.
			eval[bool](t, b, fmt.Sprintf(clsJS, "window"))
			eval[bool](t, b, fmt.Sprintf(clsJS, w))
			type shown struct {
				Level              int
				Canvas             bool
				Hidden             bool
				NatW, NatH         int
				Left, Top, Right   float64
				Bottom, VW, VH     float64
				File, Classes, Key string
			}
			s := eval[shown](t, b, `(() => { const w = `+w+`, d = w.document, p = d.getElementById("poster"), r = p.getBoundingClientRect();
				return { level: w.smmuplayPoster.level, canvas: !!d.querySelector("canvas"), hidden: p.hidden,
					natW: p.naturalWidth, natH: p.naturalHeight, left: r.left, top: r.top, right: r.right, bottom: r.bottom,
					vw: w.innerWidth, vh: w.innerHeight, file: w.smmuplayPoster.file, classes: d.documentElement.className, key: w.smmuplayPoster.key }; })()`)
			if s.Canvas {
				t.Fatalf("a canvas exists while the wasm is held: %+v", s)
			}
			if s.Hidden || s.Level != c.level || s.NatW != c.natW || s.NatH != c.natH {
				t.Errorf("poster %+v: want shown, level %d, %dx%d device px", s, c.level, c.natW, c.natH)
			}
			if s.Left != 0 || s.Top != 0 || s.Right != s.VW || s.Bottom != s.VH {
				t.Errorf("poster box %v,%v-%v,%v, want the stage's whole box %vx%v", s.Left, s.Top, s.Right, s.Bottom, s.VW, s.VH)
			}
			wantClass := map[int]string{0: "poster", 1: "poster-near"}[c.level]
			if !strings.Contains(" "+s.Classes+" ", " "+wantClass+" ") {
				t.Errorf("html classes %q, want %s", s.Classes, wantClass)
			}
			if c.compareImage {
				comparePoster(t, b, siteURL+"/"+s.File)
			}
			release()
			b.waitDiag(t, w+`.smmuplayFrames > 2`, w+`.smmuplayTimes`)
			after := eval[[]float64](t, b, `(() => { const w = `+w+`; return [w.document.getElementById("poster") ? 1 : 0,
				w.document.documentElement.classList.length, window.__cls, w.__cls, w.smmuplayPoster.painted, w.smmuplayTimes.frame]; })()`)
			if after[0] != 0 || after[1] != 0 {
				t.Errorf("after the first frame: poster element %v, html classes %v; want both gone", after[0], after[1])
			}
			if after[2] != 0 || after[3] != 0 {
				shifts := eval[[]string](t, b, `[].concat(window.__shifts, `+w+`.__shifts)`)
				t.Errorf("layout shift %v (page) and %v (stage), want 0: %q", after[2], after[3], shifts)
			}
			if !(after[4] < after[5]) {
				t.Errorf("poster painted at %v ms, first frame at %v ms: want the poster first", after[4], after[5])
			}
		})
	}
}

// comparePoster checks the screen shows the poster file pixel for pixel
// above the loading strip at the bottom.
func comparePoster(t *testing.T, b *browser, url string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	want, err := png.Decode(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	shot, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	got, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	if got.Bounds() != want.Bounds() {
		t.Fatalf("screen %v, poster %v", got.Bounds(), want.Bounds())
	}
	// The frames' comparison (its tolerance per channel), over the part
	// the loading strip leaves uncovered.
	r := image.Rect(0, 0, want.Bounds().Dx(), want.Bounds().Dy()*8/10)
	crop := func(img image.Image) *image.RGBA {
		c := image.NewRGBA(r)
		draw.Draw(c, r, img, r.Min, draw.Src)
		return c
	}
	if _, bad := goldenimg.Compare(crop(got), crop(want)); bad > r.Dx()*r.Dy()/200 {
		t.Errorf("the screen differs from the poster in %d of %d pixels", bad, r.Dx()*r.Dy())
	}
}
