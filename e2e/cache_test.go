//go:build !js

package e2e

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/smmuplay/smmuplay/internal/serve"
)

// wasmLog records the server's answers to the wasm requests.
type wasmLog struct {
	mu   sync.Mutex
	hits []wasmHit
}

type wasmHit struct {
	path, etag, lastModified, cache string
	status                          int
	conditional                     bool // the request carried If-None-Match or If-Modified-Since
}

func (l *wasmLog) take() []wasmHit {
	l.mu.Lock()
	defer l.mu.Unlock()
	h := l.hits
	l.hits = nil
	return h
}

// statusWriter keeps the status a handler sends.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// TestRepeatVisitRevalidates: a second load of the embed in the same
// browser profile gets its wasm from the browser's cache, after a 304 or
// without asking at all, never as a second download. It fails if the
// server sends no-store or no validators: then the second load gets 200.
// (A server that wraps serve.Handler, as serve.go does, counts the
// answers; the load times are logged, not judged: cmd/webbench measures.)
func TestRepeatVisitRevalidates(t *testing.T) {
	needBrowser(t)
	var log wasmLog
	h := serve.Handler(siteDir)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		if strings.HasSuffix(r.URL.Path, ".wasm") {
			log.mu.Lock()
			log.hits = append(log.hits, wasmHit{
				path: r.URL.Path, status: sw.status,
				etag: w.Header().Get("ETag"), lastModified: w.Header().Get("Last-Modified"), cache: w.Header().Get("Cache-Control"),
				conditional: r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "",
			})
			log.mu.Unlock()
		}
	}))
	t.Cleanup(srv.Close)

	b := newBrowser(t)
	load := func() string {
		t.Helper()
		// about:blank first: the same URL again would be a reload, which
		// revalidates by itself; a new navigation uses the cache as a
		// returning visitor's does.
		if err := chromedp.Do(b.ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(srv.URL+"/embed.html#chrome=none")); err != nil {
			t.Fatal(err)
		}
		b.wait(t, `window.smmuplay !== undefined && window.smmuplayFirstFrameMs !== undefined`)
		return eval[string](t, b, `JSON.stringify({compiled: Math.round(window.smmuplayTimes.compiled), frame: Math.round(window.smmuplayFirstFrameMs)})`)
	}

	first := load()
	hits := log.take()
	downloaded := 0
	for _, x := range hits {
		if x.status == http.StatusOK {
			downloaded++
			if x.etag == "" && x.lastModified == "" || strings.Contains(x.cache, "no-store") {
				t.Errorf("first load of %s: ETag %q, Last-Modified %q, Cache-Control %q: nothing the browser may keep and revalidate", x.path, x.etag, x.lastModified, x.cache)
			}
		}
	}
	if downloaded == 0 {
		t.Fatalf("the first load downloaded no wasm: %+v", hits)
	}

	second := load()
	for _, x := range log.take() {
		if x.status != http.StatusNotModified || !x.conditional {
			t.Errorf("second load of %s: status %d (conditional request: %v), want 304 or no request", x.path, x.status, x.conditional)
		}
	}
	t.Logf("ms from navigation (compiled, first frame): first load %s, second %s", first, second)
	b.noProblems(t)
}
