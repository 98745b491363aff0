//go:build !js

// Package e2e drives the real playground in headless Chromium: TestMain
// builds the site with build.sh into a temporary folder (or takes the one
// $SMMUPLAY_SITE names) and serves it with the same handler as serve.go;
// each test opens pages in a tab.
package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/smmuplay/smmuplay/internal/serve"
)

var (
	siteURL  string // the test server
	siteDir  string // the folder build.sh made, which siteURL serves
	chromium string // the browser binary, "" when missing
	buildErr error
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	chromium = findChromium()
	dir, err := os.MkdirTemp("", "smmuplay-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	if prebuilt := os.Getenv("SMMUPLAY_SITE"); prebuilt != "" {
		// A site build.sh already made (while working on the pages: the
		// build takes a minute); a run that checks a change rebuilds.
		dir = prebuilt
	} else if chromium != "" {
		// The site as build.sh makes it, gzip only (brotli's best level
		// costs ~20 s and changes nothing the browser sees).
		cmd := exec.Command("bash", "../build.sh", dir)
		cmd.Env = append(os.Environ(), "SMMUPLAY_COMPRESS=gz")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("build.sh: %v\n%s", err, out)
		}
	}
	siteDir = dir
	srv := httptest.NewUnstartedServer(nil)
	srv.Config = serve.NewServer("", dir) // serve.go's handler and limits
	srv.Config.Handler = withHold(srv.Config.Handler)
	srv.Start()
	defer srv.Close()
	siteURL = srv.URL
	return m.Run()
}

// findChromium looks for the browser: $SMMUPLAY_CHROMIUM, then Debian's.
func findChromium() string {
	for _, p := range []string{os.Getenv("SMMUPLAY_CHROMIUM"), "/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if p == "" {
			continue
		}
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// needBrowser skips without a browser, except in CI, where a missing
// browser is a failure: a skip must never pass for a test run.
func needBrowser(t *testing.T) {
	t.Helper()
	if chromium == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("Chromium not found and CI is set: install it (scripts/deps.sh does)")
		}
		t.Skip("Chromium not found (set SMMUPLAY_CHROMIUM); CI fails here instead")
	}
	if buildErr != nil {
		t.Fatal(buildErr)
	}
}

// browser starts a fresh headless Chromium (its own profile) and returns
// a tab context. Console errors and exceptions are collected.
type browser struct {
	ctx      context.Context
	mu       sync.Mutex
	messages []chromedp.ConsoleMessage
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	needBrowser(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.NoSandbox, // required as root
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 150*time.Second)
	t.Cleanup(func() { cancelT(); cancel(); cancelA() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	b := &browser{ctx: ctx}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.messages = append(b.messages, m)
			b.mu.Unlock()
		}
	}()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		t.Fatal(err)
	}
	return b
}

// open navigates to a page of the site and waits until the simulator is
// up and has drawn a frame.
func (b *browser) open(t *testing.T, path string) {
	t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.Navigate(siteURL+path)); err != nil {
		t.Fatalf("navigate %s: %v", path, err)
	}
	b.waitDiag(t, `window.smmuplayReadyFlag === true && window.smmuplayFirstFrameMs !== undefined`,
		`(() => { const f = document.getElementById("stage"); const w = f && f.contentWindow;
			return {ready: window.smmuplayReadyFlag, frame: window.smmuplayFirstFrameMs, api: !!(w && w.smmuplay),
				stageFrame: w && w.smmuplayFirstFrameMs, times: w && w.smmuplayTimes, errors: w && w.smmuplayErrors}; })()`)
}

func (b *browser) wait(t *testing.T, cond string) {
	t.Helper()
	b.waitDiag(t, cond, "")
}

// waitDiag waits for cond; on a timeout it reports the value of diag (a
// JS expression describing the page's state) too. It polls from Go, one
// Evaluate at a time, so a navigation or reload between two polls is
// survived: an evaluation in a context the navigation destroyed
// ("Cannot find context with specified id", -32000) is retried, never
// taken for an answer; a condition that throws counts as false.
func (b *browser) waitDiag(t *testing.T, cond, diag string) {
	t.Helper()
	js := `(() => { try { return !!(` + cond + `); } catch (e) { return false; } })()`
	deadline := time.Now().Add(60 * time.Second)
	var last error
	for {
		ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](js))
		switch {
		case err == nil && ok:
			return
		case err != nil && !transient(err):
			t.Fatalf("waiting for %s: %v\nconsole:\n%s", cond, err, b.console())
		}
		last = err
		if time.Now().After(deadline) {
			state := ""
			if diag != "" {
				v, derr := chromedp.Run(b.ctx, chromedp.Evaluate[any](diag))
				state = fmt.Sprintf("\npage state: %v %v", v, derr)
			}
			t.Fatalf("waiting for %s: timed out after 60 s (last error %v)%s\nconsole:\n%s", cond, last, state, b.console())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// transient reports whether an evaluation failed only because the page
// was navigating (its execution context went away): worth a retry.
func transient(err error) bool {
	m := err.Error()
	for _, s := range []string{"-32000", "Cannot find context", "context destroyed", "Execution context was destroyed", "Inspected target navigated", "Cannot find default execution context"} {
		if strings.Contains(m, s) {
			return true
		}
	}
	return false
}

// eval evaluates a JS expression and decodes its JSON value into T,
// retrying while a navigation replaces the page's context.
func eval[T any](t *testing.T, b *browser, expr string) T {
	t.Helper()
	for i := 0; ; i++ {
		v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
		if err == nil {
			return v
		}
		if !transient(err) || i >= 100 {
			t.Fatalf("%s: %v", expr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// evalErr evaluates expr, which must throw, and returns the message.
func evalErr(t *testing.T, b *browser, expr string) string {
	t.Helper()
	js := `(() => { try { ` + expr + `; return "no error"; } catch (e) { return (e instanceof Error ? "Error: " : "not an Error: ") + e.message; } })()`
	return eval[string](t, b, js)
}

// stateJSON is state() as canonical JSON, for comparing states.
func stateJSON(t *testing.T, b *browser) string {
	t.Helper()
	s := eval[json.RawMessage](t, b, `smmuplay.state()`)
	var v any
	if err := json.Unmarshal(s, &v); err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(v)
	return string(out)
}

func (b *browser) console() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var s []string
	for _, m := range b.messages {
		s = append(s, m.String())
	}
	return strings.Join(s, "\n")
}

// problems returns console errors, warnings and exceptions.
// markSeq numbers noProblems' console markers.
var markSeq atomic.Int64

// noProblems fails the test on console errors, warnings and exceptions,
// late ones included, with no fixed sleep: after two more animation
// frames the page logs a marker, and once the marker has come back through
// the console stream every message sent before it has too (the protocol
// keeps their order).
func (b *browser) noProblems(t *testing.T) {
	t.Helper()
	mark := fmt.Sprintf("smmuplay-e2e-mark-%d", markSeq.Add(1))
	js := `new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => { console.debug(` + strconv.Quote(mark) + `); r(true); })))`
	for i := 0; ; i++ {
		_, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](js, chromedp.EvalAwaitPromise))
		if err == nil {
			break
		}
		if !transient(err) || i >= 100 {
			t.Fatalf("console marker: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	deadline := time.Now().Add(30 * time.Second)
	for !b.seen(mark) {
		if time.Now().After(deadline) {
			t.Fatalf("the console marker %s never came back", mark)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if p := b.problems(); len(p) > 0 {
		t.Fatalf("console problems:\n%s", strings.Join(p, "\n"))
	}
}

// seen reports whether a console message with this text has arrived.
func (b *browser) seen(text string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range b.messages {
		if m.Text == text {
			return true
		}
	}
	return false
}

func (b *browser) problems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var s []string
	for _, m := range b.messages {
		if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException || m.Type == chromedp.ConsoleWarning {
			s = append(s, m.String())
		}
	}
	return s
}
