//go:build !js

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/smmuplay/smmuplay/internal/labweb"
	"github.com/smmuplay/smmuplay/lab/race"
	"github.com/smmuplay/smmuplay/lab/sidebyside"
	"github.com/smmuplay/smmuplay/sim/builtin"
)

// openLab navigates to a lab page and waits for cond (its ready flag).
func (b *browser) openLab(t *testing.T, path, cond string) {
	t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.Navigate(siteURL+path)); err != nil {
		t.Fatalf("navigate %s: %v", path, err)
	}
	b.wait(t, cond)
}

func (b *browser) click(t *testing.T, id string) {
	t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.ID(id))); err != nil {
		t.Fatalf("click #%s: %v", id, err)
	}
}

// TestCompareDivergence: the side by side page loads without console
// problems, marks the divergence of baseline-spam at the event
// lab/sidebyside computes natively, jumps both panes there, shows the
// running counts lab/sidebyside has there, and its URL restores the
// position in a new page.
func TestCompareDivergence(t *testing.T) {
	src, _ := builtin.Source("baseline-spam")
	want, err := sidebyside.Run(sidebyside.Options{Name: "baseline-spam", Source: src})
	if err != nil {
		t.Fatal(err)
	}
	d := want.Divergence
	b := newBrowser(t)
	b.openLab(t, "/compare.html#scenario=baseline-spam", `window.smmuplayCompareReady === true`)
	b.noProblems(t)
	mark := eval[map[string]string](t, b, `({...document.getElementById("div-mark").dataset, hidden: String(document.getElementById("div-mark").hidden)})`)
	if mark["event"] != fmt.Sprint(d.Event) || mark["time"] != fmt.Sprint(d.TimeNS) || mark["hidden"] != "false" {
		t.Fatalf("divergence mark %v; native: event %d at %d ns", mark, d.Event, d.TimeNS)
	}
	if txt := eval[string](t, b, `document.getElementById("div-text").textContent`); !strings.Contains(txt, fmt.Sprintf("First divergence: event %d ", d.Event)) || !strings.Contains(txt, "returned -EIO") {
		t.Errorf("divergence text %q", txt)
	}
	b.click(t, "jump")
	b.wait(t, fmt.Sprintf(`window.smmuplayCompareView && window.smmuplayCompareView.event[0] === %d && window.smmuplayCompareView.event[1] === %d`, d.Event, d.Event))
	// Both embeds stand at the divergence, and the page shows the counts
	// lab/sidebyside has there.
	type pane struct {
		N      int64             `json:"n"`
		Counts map[string]string `json:"counts"`
		Log    int               `json:"log"`
	}
	read := func() [2]pane {
		return eval[[2]pane](t, b, `[0, 1].map((i) => ({
			n: document.getElementById("frame-" + i).contentWindow.smmuplay.pos().n,
			counts: Object.fromEntries([...document.querySelectorAll("#counts-" + i + " dd")].map((e) => [e.dataset.count, e.textContent])),
			log: document.getElementById("log-" + i).textContent.split("\n").filter((l) => l !== "").length,
		}))`)
	}
	got := read()
	for i := range 2 {
		c := want.CountsAt(i, d.Event)
		w := map[string]string{"atc_timeouts": fmt.Sprint(c.ATCTimeouts), "cmd_syncs": fmt.Sprint(c.CmdSyncs), "corrupt_dma": fmt.Sprint(c.CorruptDMA), "log_lines": fmt.Sprint(c.LogLines)}
		if got[i].N != d.Event || fmt.Sprint(got[i].Counts) != fmt.Sprint(w) || int64(got[i].Log) != c.LogLines {
			t.Errorf("pane %d at the divergence: %+v; native counts %v", i, got[i], w)
		}
	}
	if c := want.CountsAt(0, d.Event); c.ATCTimeouts < 1 {
		t.Errorf("the baseline has no ATC timeout before the divergence: %+v", c)
	}
	// A step moves both panes on; the time slider moves to the end.
	b.click(t, "t-step")
	b.wait(t, fmt.Sprintf(`window.smmuplayCompareView.event[0] > %d`, d.Event))
	b.click(t, "t-back")
	b.wait(t, fmt.Sprintf(`window.smmuplayCompareView.event[0] === %d && window.smmuplayCompareView.event[1] === %d`, d.Event, d.Event))
	b.wait(t, fmt.Sprintf(`location.hash.includes("t=%d") && location.hash.includes("ev=%d.%d")`, d.TimeNS, d.Event, d.Event))
	hash := eval[string](t, b, `location.hash`)
	eval[bool](t, b, `(() => { const t = document.getElementById("time"); t.value = t.max; t.dispatchEvent(new Event("input")); return true; })()`)
	end := want.At(want.EndNS())
	b.wait(t, fmt.Sprintf(`window.smmuplayCompareView.event[0] === %d && window.smmuplayCompareView.event[1] === %d`, end.Event[0], end.Event[1]))

	// The shared URL restores the position in a new page.
	if err := chromedp.Do(b.ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	b.openLab(t, "/compare.html"+hash, `window.smmuplayCompareReady === true`)
	b.wait(t, fmt.Sprintf(`window.smmuplayCompareView.event[0] === %d && window.smmuplayCompareView.event[1] === %d && document.getElementById("frame-1").contentWindow.smmuplay.pos().n === %d`, d.Event, d.Event, d.Event))
	b.noProblems(t)
}

// TestLabRaceExplorer: the page lists the outcomes lab/race finds
// natively, in the same order, marks the shortest violating ordering, and
// its link opens the playground at that violation; under the series'
// rules no ordering breaks an invariant.
func TestLabRaceExplorer(t *testing.T) {
	native, err := labweb.Race(labweb.RaceSpec{Scenario: "race-report-flr", Rules: race.RulesBrokenPending})
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	b.openLab(t, "/lab.html", `window.smmuplayLabReady === true`)
	b.noProblems(t)
	run := func(rules string) {
		eval[bool](t, b, fmt.Sprintf(`(document.getElementById("race-scenario").value = "race-report-flr", document.getElementById("race-rules").value = %q, window.smmuplayRace = null, true)`, rules))
		b.click(t, "race-run")
		b.wait(t, `window.smmuplayRace && !document.getElementById("race-table").hidden`)
	}
	run(race.RulesBrokenPending)
	type row struct{ Key, Class, Href string }
	rows := eval[[]row](t, b, `[...document.querySelectorAll("#race-table tbody tr")].map((tr) => ({key: tr.dataset.key, class: tr.dataset.class, href: tr.querySelector("a").getAttribute("href")}))`)
	if len(rows) != len(native.Outcomes) {
		t.Fatalf("the page lists %d outcomes, lab/race %d", len(rows), len(native.Outcomes))
	}
	for i, o := range native.Outcomes {
		if rows[i].Key != o.Key || rows[i].Class != o.Class || rows[i].Href != "index.html?from=race#"+native.Links[i] {
			t.Errorf("outcome %d: page %+v, native %s %s %s", i, rows[i], o.Key, o.Class, native.Links[i])
		}
	}
	sh := native.Shortest
	if got := eval[string](t, b, `document.querySelector("#race-table tr.shortest").dataset.key`); got != sh.Key {
		t.Errorf("shortest marked %q, native %q", got, sh.Key)
	}
	if txt := eval[string](t, b, `document.getElementById("race-summary").textContent`); !strings.Contains(txt, fmt.Sprintf("%d break an invariant", native.Violations)) {
		t.Errorf("summary %q", txt)
	}
	href := eval[string](t, b, `document.getElementById("race-shortest-link").getAttribute("href")`)
	if !strings.Contains(href, "order="+sh.Key) {
		t.Fatalf("shortest link %q lacks order=%s", href, sh.Key)
	}
	run(race.RulesV4)
	if txt := eval[string](t, b, `document.getElementById("race-summary").textContent`); !strings.Contains(txt, "No ordering breaks an invariant") {
		t.Errorf("v4 summary %q", txt)
	}
	if n := eval[int](t, b, `document.querySelectorAll("#race-table tr.violation").length`); n != 0 {
		t.Errorf("v4: %d violating rows", n)
	}

	// The link restores the violation in the playground.
	b.open(t, "/"+href)
	v := sh.Violation
	if got := eval[int64](t, b, `smmuplay.pos().n`); got != v.Event {
		t.Fatalf("the link stands at event %d, want the violation's %d", got, v.Event)
	}
	if got := eval[int64](t, b, `smmuplay.state().counters.violations`); got < 1 {
		t.Errorf("no violation at event %d", v.Event)
	}
	if got := eval[string](t, b, `smmuplay.narrate()`); got != v.What {
		t.Errorf("event %d: %q, explorer %q", v.Event, got, v.What)
	}
	if got := eval[int64](t, b, fmt.Sprintf(`(smmuplay.seek(%d), smmuplay.state().counters.violations)`, v.Event-1)); got != 0 {
		t.Errorf("a violation before event %d", v.Event)
	}
	if got := eval[int64](t, b, `(smmuplay.finish(), smmuplay.summary().events)`); got != sh.Events {
		t.Errorf("the playground run has %d events, the explorer's %d", got, sh.Events)
	}
	if frag := eval[string](t, b, `smmuplay.fragment()`); !strings.Contains(frag, "order="+sh.Key) {
		t.Errorf("the playground's fragment %q lost the order", frag)
	}
	b.noProblems(t)
}

// TestLabStrategyTable: the strategy lab's table is lab/strategy's and the
// plot is the Go SVG, inserted without anything active.
func TestLabStrategyTable(t *testing.T) {
	native, err := labweb.Strategy(labweb.StrategySpec{N: 8, K: 2, Placement: "spread"})
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	b.openLab(t, "/lab.html", `window.smmuplayLabReady === true`)
	eval[bool](t, b, `(document.getElementById("strat-n").value = "8", document.getElementById("strat-k").value = "2", document.getElementById("strat-place").value = "spread", document.getElementById("strat-timeout").value = "0", true)`)
	b.click(t, "strat-run")
	b.wait(t, `window.smmuplayStrategy && !document.getElementById("strat-table").hidden`)
	cells := eval[[][]string](t, b, `[...document.querySelectorAll("#strat-table tbody tr")].map((tr) => [tr.dataset.strategy, tr.dataset.timeout, ...[...tr.cells].slice(3, 9).map((c) => c.textContent)])`)
	if len(cells) != len(native.Table.Rows) {
		t.Fatalf("%d rows, native %d", len(cells), len(native.Table.Rows))
	}
	for i, r := range native.Table.Rows {
		m, c := r.Measured, r.Closed
		w := []string{r.Strategy, fmt.Sprint(r.ATSTimeoutNS), fmt.Sprint(m.Tests), fmt.Sprint(c.Tests), fmt.Sprint(m.ATCTimeouts), fmt.Sprint(c.ATCTimeouts), fmt.Sprint(m.IssuerSyncs), fmt.Sprint(c.IssuerSyncs)}
		if fmt.Sprint(cells[i]) != fmt.Sprint(w) {
			t.Errorf("row %d: page %v, native %v", i, cells[i], w)
		}
	}
	if txt := eval[string](t, b, `document.getElementById("strat-summary").textContent`); !strings.Contains(txt, fmt.Sprintf("= %d tests", native.Table.LowerBound)) {
		t.Errorf("summary %q lacks the lower bound %d", txt, native.Table.LowerBound)
	}
	if got := eval[bool](t, b, `window.smmuplayStrategy.svg === `+jsString(native.SVG)); !got {
		t.Error("the page's SVG differs from lab/strategy's")
	}
	plot := eval[map[string]int](t, b, `({svg: document.querySelectorAll("#strat-plot > svg").length, lines: document.querySelectorAll("#strat-plot svg polyline, #strat-plot svg path, #strat-plot svg line").length, script: document.querySelectorAll("#strat-plot script").length, width: Math.round(document.querySelector("#strat-plot svg").getBoundingClientRect().width)})`)
	if plot["svg"] != 1 || plot["lines"] < 5 || plot["script"] != 0 || plot["width"] < 100 {
		t.Errorf("plot %v", plot)
	}
	b.noProblems(t)
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestLabDmesgImport: the seed's lines decode to ERR 3, RD 0x2bb84 and an
// active CMDQ_ERR on the page, the reproducing scenario opens in the
// playground with a banner saying where it came from and prints the
// seed's first CMDQ error; a line that is no driver message is skipped by
// default and rejected with its line number when strict.
func TestLabDmesgImport(t *testing.T) {
	b := newBrowser(t)
	b.openLab(t, "/lab.html", `window.smmuplayLabReady === true`)
	b.click(t, "dmesg-sample")
	b.click(t, "dmesg-run")
	b.wait(t, `window.smmuplayDmesg && !document.getElementById("dmesg-out").hidden`)
	got := eval[map[string]string](t, b, `(() => {
		const l = document.querySelector('#dmesg-lines .dline[data-kind="cmdq-error"]');
		const f = (n) => l.querySelector('tr[data-field="' + n + '"] td.num').textContent;
		const g = document.querySelector('#dmesg-lines .dline[data-kind="gerror"]');
		return {err: f("ERR"), rd: f("RD"), explain: l.querySelector(".explain").textContent,
			gerror: g.textContent, lines: String(document.querySelectorAll("#dmesg-lines .dline.reproduced").length),
			href: document.getElementById("dmesg-load").getAttribute("href")};
	})()`)
	if got["err"] != "0x3" || got["rd"] != "0x2bb84" || got["lines"] != "6" {
		t.Errorf("decoded %v", got)
	}
	if !strings.Contains(got["gerror"], "CMDQ_ERR is active") || !strings.Contains(got["explain"], "ATC") {
		t.Errorf("explanations: GERROR %q, CMDQ error %q", got["gerror"], got["explain"])
	}
	if !strings.HasPrefix(got["href"], "index.html?from=dmesg#src=") {
		t.Fatalf("load link %q", got["href"])
	}
	setText := func(text string) {
		t.Helper()
		eval[bool](t, b, `(document.getElementById("dmesg-text").value = `+jsString(text)+`, window.smmuplayDmesg = null, true)`)
		b.click(t, "dmesg-run")
		b.wait(t, `window.smmuplayDmesg !== null`)
	}
	// Lenient by default: line 1 skipped, line 2 decoded from CONS with a warning.
	setText("hello\nCMDQ error (cons 0x0302bb84): Illegal command")
	warn := eval[[]string](t, b, `[...document.querySelectorAll("#dmesg-warnings li")].map((e) => e.textContent)`)
	if len(warn) != 1 || !strings.HasPrefix(warn[0], "line 2: CONS 0x0302bb84 has ERR 3") || eval[bool](t, b, `document.getElementById("dmesg-out").hidden`) ||
		!strings.Contains(eval[string](t, b, `document.getElementById("dmesg-skipped").textContent`), "hello") {
		t.Errorf("lenient: warnings %q", warn)
	}
	b.click(t, "dmesg-strict")
	setText("hello\nCMDQ error (cons 0x0302bb84): Illegal command")
	errs := eval[[]string](t, b, `[...document.querySelectorAll("#dmesg-errors li")].map((e) => e.textContent)`)
	if len(errs) < 2 || !strings.HasPrefix(errs[0], "line 1: not an arm-smmu-v3 message") || !strings.HasPrefix(errs[1], "line 2: ") ||
		!eval[bool](t, b, `document.getElementById("dmesg-out").hidden`) {
		t.Errorf("strict: errors %q", errs)
	}
	b.click(t, "dmesg-strict")
	// Event records, as quoted in a mail: decoded in the table, not reproducible, so no link.
	setText(dmesgEvents)
	ev := eval[map[string]string](t, b, `(() => {
		const r = document.querySelector("#dmesg-events tbody tr");
		return {row: r ? r.textContent : "", hidden: String(document.getElementById("dmesg-events").hidden),
			link: String(document.getElementById("dmesg-load").hidden), gaps: document.getElementById("dmesg-gaps").textContent,
			summary: document.getElementById("dmesg-summary").textContent};
	})()`)
	if !strings.Contains(ev["row"], "F_TRANSLATION") || !strings.Contains(ev["row"], "0x9b0cc000") || ev["hidden"] != "false" || ev["link"] != "true" ||
		!strings.Contains(ev["gaps"], "a stage 1 fault") || !strings.Contains(ev["summary"], "1 line skipped") {
		t.Errorf("events: %v", ev)
	}
	b.noProblems(t)
	b.open(t, "/"+got["href"])
	banner := eval[map[string]string](t, b, `({hidden: String(document.getElementById("origin").hidden), text: document.getElementById("origin").textContent})`)
	if banner["hidden"] != "false" || !strings.Contains(banner["text"], "dmesg import") {
		t.Errorf("banner %v", banner)
	}
	log := eval[string](t, b, `(smmuplay.finish(), smmuplay.log().join("\n"))`)
	if !strings.Contains(log, "CMDQ error (cons 0x0302bb84): ATC invalidate timeout") {
		t.Errorf("the reproducing scenario's log:\n%s", log)
	}
	b.open(t, "/#scenario=seed-log")
	if !eval[bool](t, b, `document.getElementById("origin").hidden`) {
		t.Error("the banner shows on a run that did not come from the import")
	}
}

// dmesgEvents is excerpt 11 of the corpus: an event record quoted in a
// mail, with the driver's decoded lines and another driver's line.
const dmesgEvents = `> arm-smmu-v3 490d0000.iommu: event 0x10 received:
> arm-smmu-v3 490d0000.iommu:      0x0000001100000010
> arm-smmu-v3 490d0000.iommu:      0x0000020a00000000
> arm-smmu-v3 490d0000.iommu:      0x000000009b0cc000
> arm-smmu-v3 490d0000.iommu:      0x0000000000000000
> arm-smmu-v3 490d0000.iommu: event: F_TRANSLATION client: 0000:01:00.0 sid: 0x11 ssid: 0x0 iova: 0x9b0cc000 ipa: 0x0
> arm-smmu-v3 490d0000.iommu: priv data read s1 "Input address caused fault" stag: 0x0 r8169 0000:03:00.0
> enp3s0: Link is Down`

// TestExportDownloads: the playground's Export buttons download the run
// as a Chrome Trace JSON file (parsed back here), the kernel log as text
// and the picture as a PNG.
func TestExportDownloads(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "/#scenario=seed-log")
	dir := t.TempDir()
	if _, err := chromedp.Call(b.ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir,
	}); err != nil {
		t.Fatal(err)
	}
	n := eval[int64](t, b, `smmuplay.step(300).n`)
	name := eval[string](t, b, `smmuplay.exportName()`)
	if name != fmt.Sprintf("smmuplay-seed-log-n%d", n) {
		t.Errorf("export name %q", name)
	}
	fetch := func(button, file string) []byte {
		t.Helper()
		b.click(t, button)
		path := filepath.Join(dir, file)
		ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
		defer cancel()
		for {
			if data, err := os.ReadFile(path); err == nil && len(data) > 0 {
				if _, err := os.Stat(path + ".crdownload"); os.IsNotExist(err) {
					return data
				}
			}
			select {
			case <-ctx.Done():
				ents, _ := os.ReadDir(dir)
				t.Fatalf("%s was not downloaded (folder: %v)\nconsole:\n%s", file, ents, b.console())
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
	data := fetch("export-trace", name+".trace.json")
	var tr struct {
		TraceEvents []struct {
			Name string          `json:"name"`
			Ph   string          `json:"ph"`
			Pid  int             `json:"pid"`
			Tid  int             `json:"tid"`
			Ts   json.Number     `json:"ts"`
			Args json.RawMessage `json:"args"`
		} `json:"traceEvents"`
		DisplayTimeUnit string `json:"displayTimeUnit"`
	}
	if err := json.Unmarshal(data, &tr); err != nil {
		t.Fatalf("the downloaded trace is not JSON: %v", err)
	}
	phases := map[string]int{}
	for _, e := range tr.TraceEvents {
		if e.Ph == "" || e.Name == "" {
			t.Fatalf("event without ph or name: %+v", e)
		}
		phases[e.Ph]++
	}
	if tr.DisplayTimeUnit != "ns" || phases["M"] == 0 || phases["X"] == 0 || len(tr.TraceEvents) < int(n)/2 {
		t.Errorf("trace: unit %q, phases %v, %d events for %d simulated", tr.DisplayTimeUnit, phases, len(tr.TraceEvents), n)
	}
	if !bytes.Contains(data, []byte("CMDQ error (cons 0x0302bb84)")) {
		t.Error("the trace lacks the seed's first CMDQ error line")
	}
	logText := fetch("export-log", name+".log.txt")
	if want := eval[string](t, b, `smmuplay.log().join("\n") + "\n"`); string(logText) != want {
		t.Errorf("the downloaded log differs from log():\n%s", logText)
	}
	img, err := png.Decode(bytes.NewReader(fetch("export-png", name+".png")))
	if err != nil {
		t.Fatal(err)
	}
	// The picture as the stage shows it: the canvas' backing store size.
	want := eval[[]int](t, b, `(() => { const c = document.getElementById("stage").contentDocument.querySelector("canvas"); return [c.width, c.height]; })()`)
	if colors, share := colorStats(img); img.Bounds().Dx() != want[0] || img.Bounds().Dy() != want[1] || colors < 6 || share < 0.02 {
		t.Errorf("PNG %v (the canvas is %dx%d): %d colours, %.3f not background", img.Bounds(), want[0], want[1], colors, share)
	}
	b.noProblems(t)
}

// TestLabPagesStartWhenScriptIsLate: lab.html and compare.html start
// even when their script arrives after their engine frames have loaded
// (embed.js cached, the page's script not): there is then no load event
// left to wait for. A proxy holds lab.js and compare.js back.
func TestLabPagesStartWhenScriptIsLate(t *testing.T) {
	b := newBrowser(t)
	site, err := url.Parse(siteURL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(site)
	var gate chan struct{} // closed: the held page script may go
	var mu sync.Mutex
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/lab.js" || r.URL.Path == "/compare.js" {
			mu.Lock()
			g := gate
			mu.Unlock()
			select {
			case <-g:
			case <-r.Context().Done():
				return
			}
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(slow.Close)
	for _, p := range []struct{ path, frames, ready string }{
		// compare.js sets its panes' src itself, so its engine frames
		// cannot be ahead of it; lab.html's engine frame is in the page.
		{"/compare.html#scenario=baseline-spam", "", `window.smmuplayCompareReady === true`},
		{"/lab.html", `(() => { const w = document.getElementById("engine").contentWindow; return !!(w && w.smmuplay); })()`, `window.smmuplayLabReady === true`},
	} {
		mu.Lock()
		gate = make(chan struct{})
		g := gate
		mu.Unlock()
		var once sync.Once
		release := func() { once.Do(func() { close(g) }) }
		t.Cleanup(release) // runs before slow.Close, which waits for held requests
		// The page's load event waits for the held script, and Navigate
		// for the load event: it runs beside the wait.
		nav := make(chan error, 1)
		go func() { nav <- chromedp.Do(b.ctx, chromedp.Navigate(slow.URL+p.path)) }()
		if p.frames != "" {
			b.wait(t, p.frames) // the engine is up while the page's script is held
		}
		release()
		if err := <-nav; err != nil {
			t.Fatal(err)
		}
		b.wait(t, p.ready)
	}
	b.noProblems(t)
}
