package serve

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// base is the one instant the caching tests derive their file times from,
// so none depends on today's date.
var base = time.Date(2026, 11, 25, 10, 0, 0, 450_000_000, time.UTC)

// cacheSite is site plus one file per type, every time set from base.
func cacheSite(t *testing.T) (string, string) {
	t.Helper()
	dir, srv := site(t)
	for name, body := range map[string]string{
		"app.js":               "console.log(1)",
		"style.css":            "body{}",
		"poster.0123abcd.png":  "\x89PNG-hashed",
		"poster.png":           "\x89PNG-plain",
		"tutorials/page.html":  "<!doctype html>page",
		"wasm_exec.js":         "// wasm_exec",
		"wasm_exec.js.gz":      "gz-bytes",
		"embed.html":           "<!doctype html>embed",
		"smmuplay.0123abcd.js": "hashed js",
	} {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.Type()&os.ModeSymlink != 0 || d.IsDir() {
			return err
		}
		return os.Chtimes(p, base, base)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir, srv.URL
}

// request sends a GET (or another method) with extra headers, decoding
// nothing, and returns the response and its body.
func request(t *testing.T, method, url string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", "identity")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// Every file type and every variant carries a strong ETag and a
// Last-Modified, and the Cache-Control its name calls for.
func TestValidatorsAndCacheControl(t *testing.T) {
	_, url := cacheSite(t)
	const revalidate, immutable = "no-cache", "public, max-age=31536000, immutable"
	for _, c := range []struct{ path, accept, cache string }{
		{"/", "identity", revalidate},
		{"/index.html", "identity", revalidate},
		{"/embed.html", "identity", revalidate},
		{"/tutorials/page.html", "identity", revalidate},
		{"/smmuplay.wasm", "identity", revalidate},
		{"/smmuplay.wasm", "gzip", revalidate},
		{"/smmuplay.wasm", "br", revalidate},
		{"/app.js", "identity", revalidate},
		{"/wasm_exec.js", "gzip", revalidate},
		{"/style.css", "identity", revalidate},
		{"/poster.png", "identity", revalidate},
		{"/poster.0123abcd.png", "identity", immutable},
		{"/smmuplay.0123abcd.js", "identity", immutable},
	} {
		resp, _ := request(t, "GET", url+c.path, map[string]string{"Accept-Encoding": c.accept})
		h := resp.Header
		if resp.StatusCode != 200 {
			t.Errorf("%s: status %d", c.path, resp.StatusCode)
			continue
		}
		if tag := h.Get("ETag"); !strings.HasPrefix(tag, `"`) || !strings.HasSuffix(tag, `"`) || len(tag) < 10 {
			t.Errorf("%s (%s): ETag %q, want a strong one", c.path, c.accept, tag)
		}
		if lm, err := http.ParseTime(h.Get("Last-Modified")); err != nil || !lm.Equal(base.Truncate(time.Second)) {
			t.Errorf("%s (%s): Last-Modified %q (%v), want %v", c.path, c.accept, h.Get("Last-Modified"), err, base.Truncate(time.Second))
		}
		if h.Get("Cache-Control") != c.cache {
			t.Errorf("%s: Cache-Control %q, want %q", c.path, h.Get("Cache-Control"), c.cache)
		}
		if h.Get("Vary") != "Accept-Encoding" || h.Get("X-Decoded-Length") == "" {
			t.Errorf("%s: Vary %q, X-Decoded-Length %q", c.path, h.Get("Vary"), h.Get("X-Decoded-Length"))
		}
	}
}

// Only a name that carries a content hash (8 or more lowercase hex
// digits just before the extension) is cached as immutable.
func TestCacheControlRule(t *testing.T) {
	for name, want := range map[string]string{
		"index.html":                     "no-cache",
		"smmuplay.wasm":                  "no-cache",
		"app.js":                         "no-cache",
		"style.css":                      "no-cache",
		"posters/default.0123abcd.png":   "public, max-age=31536000, immutable",
		"smmuplay.0123456789abcdef.wasm": "public, max-age=31536000, immutable",
		"posters/default.0123abc.png":    "no-cache", // 7 digits
		"posters/default.0123ABCD.png":   "no-cache", // not lowercase
		"posters/default.0123abcg.png":   "no-cache", // not hex
		"posters/default-0123abcd.png":   "no-cache", // not its own dot-separated part
		"posters/0123abcd.png":           "no-cache", // a name, not a hash beside one
		"0123abcd.0123abcd/index.html":   "no-cache", // folders do not count
		"posters/default.0123abcd.":      "no-cache",
	} {
		if got := cacheControl(name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
}

// Conditional requests with the validators just received get 304 and no
// body, on GET and HEAD alike; other validators get the file.
func TestConditional(t *testing.T) {
	_, url := cacheSite(t)
	for _, p := range []string{"/index.html", "/smmuplay.wasm", "/app.js", "/style.css", "/poster.0123abcd.png"} {
		first, body := request(t, "GET", url+p, nil)
		tag, lm := first.Header.Get("ETag"), first.Header.Get("Last-Modified")
		for _, c := range []struct {
			method string
			header map[string]string
			status int
		}{
			{"GET", map[string]string{"If-None-Match": tag}, 304},
			{"HEAD", map[string]string{"If-None-Match": tag}, 304},
			{"GET", map[string]string{"If-None-Match": `"other", ` + tag}, 304},
			{"GET", map[string]string{"If-None-Match": "*"}, 304},
			{"GET", map[string]string{"If-Modified-Since": lm}, 304},
			{"GET", map[string]string{"If-Modified-Since": base.Add(time.Hour).Format(http.TimeFormat)}, 304},
			{"GET", map[string]string{"If-None-Match": `"other"`}, 200},
			{"GET", map[string]string{"If-Modified-Since": base.Add(-time.Hour).Format(http.TimeFormat)}, 200},
			// If-None-Match decides when both are sent (RFC 9110 13.2.2).
			{"GET", map[string]string{"If-None-Match": `"other"`, "If-Modified-Since": lm}, 200},
		} {
			resp, got := request(t, c.method, url+p, c.header)
			if resp.StatusCode != c.status {
				t.Errorf("%s %s %v: status %d, want %d", c.method, p, c.header, resp.StatusCode, c.status)
				continue
			}
			if c.status == 304 && (got != "" || resp.Header.Get("ETag") != tag || resp.Header.Get("Cache-Control") == "") {
				t.Errorf("%s %s %v: 304 with body %q, ETag %q, Cache-Control %q", c.method, p, c.header, got, resp.Header.Get("ETag"), resp.Header.Get("Cache-Control"))
			}
			if c.status == 200 && c.method == "GET" && got != body {
				t.Errorf("%s %v: body %q, want %q", p, c.header, got, body)
			}
		}
	}
}

// A changed file gets a new ETag and a 200 for the old validators, even
// when its size did not change; a file rewritten with the same bytes
// keeps its ETag (a rebuild that changes nothing costs no download).
func TestChangedFile(t *testing.T) {
	dir, url := cacheSite(t)
	file := filepath.Join(dir, "app.js")
	first, _ := request(t, "GET", url+"/app.js", nil)
	tag, lm := first.Header.Get("ETag"), first.Header.Get("Last-Modified")
	later := base.Add(time.Minute)
	for i, body := range []string{"console.log(2)", "console.log(22)"} { // same size, then a new size
		later = later.Add(time.Minute)
		if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(file, later, later); err != nil {
			t.Fatal(err)
		}
		resp, got := request(t, "GET", url+"/app.js", map[string]string{"If-None-Match": tag})
		if resp.StatusCode != 200 || got != body || resp.Header.Get("ETag") == tag || resp.Header.Get("ETag") == "" {
			t.Errorf("change %d: status %d, body %q, ETag %q (was %q)", i, resp.StatusCode, got, resp.Header.Get("ETag"), tag)
		}
		if resp, _ := request(t, "GET", url+"/app.js", map[string]string{"If-Modified-Since": lm}); resp.StatusCode != 200 {
			t.Errorf("change %d: If-Modified-Since the old time: status %d", i, resp.StatusCode)
		}
		tag, lm = resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	}
	// The same bytes again, with a newer time.
	later = later.Add(time.Minute)
	if err := os.Chtimes(file, later, later); err != nil {
		t.Fatal(err)
	}
	if resp, _ := request(t, "GET", url+"/app.js", map[string]string{"If-None-Match": tag}); resp.StatusCode != 304 {
		t.Errorf("unchanged bytes with a new time: status %d, want 304", resp.StatusCode)
	}
}

// Each representation has its own ETag: the plain file, the gzip and the
// brotli variant. A validator of one never matches another.
func TestVariantETags(t *testing.T) {
	_, url := cacheSite(t)
	tags := map[string]string{}
	for _, enc := range []string{"identity", "gzip", "br"} {
		resp, _ := request(t, "GET", url+"/smmuplay.wasm", map[string]string{"Accept-Encoding": enc})
		tags[enc] = resp.Header.Get("ETag")
	}
	if tags["identity"] == tags["gzip"] || tags["gzip"] == tags["br"] || tags["identity"] == tags["br"] {
		t.Fatalf("ETags are not per representation: %v", tags)
	}
	if resp, _ := request(t, "GET", url+"/smmuplay.wasm", map[string]string{"Accept-Encoding": "br", "If-None-Match": tags["gzip"]}); resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != "br" {
		t.Errorf("br asked with the gzip variant's ETag: status %d, encoding %q", resp.StatusCode, resp.Header.Get("Content-Encoding"))
	}
	if resp, _ := request(t, "GET", url+"/smmuplay.wasm", map[string]string{"Accept-Encoding": "gzip", "If-None-Match": tags["gzip"]}); resp.StatusCode != 304 {
		t.Errorf("gzip asked with its own ETag: status %d", resp.StatusCode)
	}
}

// Range requests still work, and If-Range with the current ETag keeps
// the range while a stale one gets the whole file.
func TestRange(t *testing.T) {
	_, url := cacheSite(t)
	first, _ := request(t, "GET", url+"/smmuplay.wasm", nil)
	tag := first.Header.Get("ETag")
	if resp, got := request(t, "GET", url+"/smmuplay.wasm", map[string]string{"Range": "bytes=1-3"}); resp.StatusCode != 206 || got != "asm" {
		t.Errorf("Range: status %d, body %q", resp.StatusCode, got)
	}
	if resp, got := request(t, "GET", url+"/smmuplay.wasm", map[string]string{"Range": "bytes=1-3", "If-Range": tag}); resp.StatusCode != 206 || got != "asm" {
		t.Errorf("If-Range with the ETag: status %d, body %q", resp.StatusCode, got)
	}
	if resp, got := request(t, "GET", url+"/smmuplay.wasm", map[string]string{"Range": "bytes=1-3", "If-Range": `"stale"`}); resp.StatusCode != 200 || got != "\x00asm-raw" {
		t.Errorf("If-Range with a stale ETag: status %d, body %q", resp.StatusCode, got)
	}
}
