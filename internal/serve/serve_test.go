package serve

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func site(t *testing.T) (string, *httptest.Server) {
	t.Helper()
	dir := t.TempDir()
	write := func(name, body string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("index.html", "<!doctype html>hello")
	write("smmuplay.wasm", "\x00asm-raw")
	write("tutorials/index.html", "tutorials")
	var gz strings.Builder
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("\x00asm-raw"))
	zw.Close()
	write("smmuplay.wasm.gz", gz.String())
	write("smmuplay.wasm.br", "brotli-bytes")
	outside := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(outside, []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "link.txt")); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(Handler(dir))
	t.Cleanup(srv.Close)
	return dir, srv
}

func get(t *testing.T, url, accept string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Accept-Encoding", accept) // also stops Go's transport from decoding gzip
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestServe(t *testing.T) {
	_, srv := site(t)
	for _, c := range []struct {
		path, accept         string
		status               int
		ctype, encoding, has string
	}{
		{"/", "", 200, "text/html; charset=utf-8", "", "hello"},
		{"/tutorials/", "", 200, "text/html; charset=utf-8", "", "tutorials"},
		{"/smmuplay.wasm", "identity", 200, "application/wasm", "", "asm-raw"},
		{"/smmuplay.wasm", "gzip, deflate", 200, "application/wasm", "gzip", ""},
		{"/smmuplay.wasm", "gzip, deflate, br, zstd", 200, "application/wasm", "br", "brotli-bytes"},
		{"/nope.html", "", 404, "", "", ""},
		{"/tutorials", "", 404, "", "", ""}, // a folder: no listing
		{"/../../etc/passwd", "", 404, "", "", ""},
		{"/tutorials%2f..%2fsmmuplay.wasm", "", 404, "", "", ""},
		{"/tutorials%5cindex.html", "", 404, "", "", ""},
		{"/link.txt", "", 404, "", "", ""}, // symlink out of the folder
	} {
		resp, body := get(t, srv.URL+c.path, c.accept)
		if resp.StatusCode != c.status {
			t.Errorf("%s: status %d, want %d", c.path, resp.StatusCode, c.status)
			continue
		}
		if c.status != 200 {
			if strings.Contains(body, "secret") {
				t.Errorf("%s leaked a file outside the folder", c.path)
			}
			continue
		}
		h := resp.Header
		if h.Get("Content-Type") != c.ctype || h.Get("Content-Encoding") != c.encoding || !strings.Contains(body, c.has) {
			t.Errorf("%s (Accept-Encoding %q): type %q encoding %q body %q", c.path, c.accept, h.Get("Content-Type"), h.Get("Content-Encoding"), body)
		}
	}
	if resp, _ := get(t, srv.URL+"/smmuplay.wasm", "gzip"); resp.Header.Get("X-Decoded-Length") != "8" {
		t.Errorf("X-Decoded-Length %q, want the raw size 8", resp.Header.Get("X-Decoded-Length"))
	}
}

// Other methods than GET and HEAD get 405 with the Allow header RFC 9110
// requires on it.
func TestMethodNotAllowed(t *testing.T) {
	_, srv := site(t)
	for _, m := range []string{"POST", "PUT", "DELETE", "OPTIONS", "PATCH"} {
		req, _ := http.NewRequest(m, srv.URL+"/index.html", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 405 || resp.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: status %d, Allow %q; want 405 with Allow \"GET, HEAD\"", m, resp.StatusCode, resp.Header.Get("Allow"))
		}
	}
	for _, m := range []string{"GET", "HEAD"} {
		req, _ := http.NewRequest(m, srv.URL+"/index.html", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s: status %d", m, resp.StatusCode)
		}
	}
}

// A compressed variant older than its source is stale and not sent; one
// whose time lost its fraction of a second (brotli keeps whole seconds)
// is not.
func TestStaleVariantNotSent(t *testing.T) {
	dir, srv := site(t)
	src := time.Date(2026, 11, 25, 10, 0, 0, 450_000_000, time.UTC)
	for _, f := range []string{"smmuplay.wasm", "smmuplay.wasm.gz"} {
		if err := os.Chtimes(filepath.Join(dir, f), src, src); err != nil {
			t.Fatal(err)
		}
	}
	whole := src.Truncate(time.Second)
	if err := os.Chtimes(filepath.Join(dir, "smmuplay.wasm.br"), whole, whole); err != nil {
		t.Fatal(err)
	}
	if resp, _ := get(t, srv.URL+"/smmuplay.wasm", "br"); resp.Header.Get("Content-Encoding") != "br" {
		t.Errorf("a br variant with whole-second time was not sent")
	}
	old := src.Add(-time.Hour) // derived from the fixed instant: no test depends on today's date
	if err := os.Chtimes(filepath.Join(dir, "smmuplay.wasm.br"), old, old); err != nil {
		t.Fatal(err)
	}
	resp, _ := get(t, srv.URL+"/smmuplay.wasm", "br")
	if resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("sent a stale br variant")
	}
}

// Every open stays inside the folder: a .gz or .br sibling that is a
// symlink leaving it is never sent (only the base file used to be
// checked), nor is a file reached through a symlinked folder that leaves
// it; a relative symlink that stays inside still works.
func TestVariantSymlinkOutside(t *testing.T) {
	dir, srv := site(t)
	out := t.TempDir()
	for name, body := range map[string]string{"secret.gz": "secret-gz", "secret.br": "secret-br", "secret.txt": "secret"} {
		if err := os.WriteFile(filepath.Join(out, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range map[string]string{
		"index.html.gz": filepath.Join(out, "secret.gz"),
		"index.html.br": filepath.Join(out, "secret.br"),
		"outdir":        out,
		"inside.html":   "index.html", // relative, stays inside
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	for _, accept := range []string{"gzip", "br", "gzip, deflate, br, zstd"} {
		resp, body := get(t, srv.URL+"/index.html", accept)
		if strings.Contains(body, "secret") || resp.Header.Get("Content-Encoding") != "" {
			t.Errorf("Accept-Encoding %q: sent %q with encoding %q, want the plain index.html", accept, body, resp.Header.Get("Content-Encoding"))
		}
	}
	if resp, body := get(t, srv.URL+"/outdir/secret.txt", ""); resp.StatusCode != 404 || strings.Contains(body, "secret") {
		t.Errorf("through a symlinked folder outside: status %d body %q", resp.StatusCode, body)
	}
	if resp, body := get(t, srv.URL+"/inside.html", ""); resp.StatusCode != 200 || !strings.Contains(body, "hello") {
		t.Errorf("a symlink inside the folder: status %d body %q", resp.StatusCode, body)
	}
}

// Stale: dist/ is rebuilt when either engine is missing or older than a
// source, not only the playground's.
func TestStale(t *testing.T) {
	root, dist := t.TempDir(), t.TempDir()
	t.Chdir(root) // Sources are relative to the module root
	src := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	write := func(p string, at time.Time) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, at, at); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(root, "web", "app.js"), src)
	write(filepath.Join(dist, "smmuplay.wasm"), src.Add(time.Minute))
	if !Stale(dist) {
		t.Error("not stale without the lab engine")
	}
	write(filepath.Join(dist, "smmulab.wasm"), src.Add(time.Minute))
	if Stale(dist) {
		t.Error("stale with both engines newer than the sources")
	}
	write(filepath.Join(dist, "smmulab.wasm"), src.Add(-time.Minute))
	if !Stale(dist) {
		t.Error("not stale with the lab engine older than a source")
	}
}
