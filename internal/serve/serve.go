// Package serve is the playground's static file server (used by
// serve.go and the browser tests): it sends pre-compressed .br/.gz
// variants when the browser accepts them, never lists directories,
// refuses paths that leave the folder (.., encoded slashes, symlinks), and
// lets other sites embed the pages in an iframe.
package serve

import (
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Sources are the files and folders (relative to the module root) the
// build output depends on.
var Sources = []string{"cmd", "sim", "render", "play", "lab", "tutorials", "internal", "web", "go.mod", "go.sum", "build.sh"}

// Wasm are the engines build.sh makes (cmd/wasm/engine.go): the
// playground's and the lab's.
var Wasm = []string{"smmuplay.wasm", "smmulab.wasm"}

// Stale reports whether dir lacks a wasm or one is older than any source.
func Stale(dir string) bool {
	var built time.Time // the oldest wasm's time
	for i, name := range Wasm {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			return true
		}
		if i == 0 || st.ModTime().Before(built) {
			built = st.ModTime()
		}
	}
	newer := false
	for _, root := range Sources {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if info, err := d.Info(); err == nil && info.ModTime().After(built) {
					newer = true
				}
			}
			return nil
		})
	}
	return newer
}

// Handler serves the files under root (see the package comment).
func Handler(root string) http.Handler {
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		// Encoded slashes and backslashes never name a file here.
		raw := r.URL.EscapedPath()
		if strings.Contains(strings.ToLower(raw), "%2f") || strings.Contains(strings.ToLower(raw), "%5c") || strings.Contains(r.URL.Path, "\\") {
			http.NotFound(w, r)
			return
		}
		p := path.Clean("/" + r.URL.Path)
		if strings.HasSuffix(r.URL.Path, "/") {
			p = path.Join(p, "index.html")
		}
		file := filepath.Join(root, filepath.FromSlash(p))
		// Resolve symlinks and check the result is still inside root.
		real, err := filepath.EvalSymlinks(file)
		if err != nil || (real != root && !strings.HasPrefix(real, root+string(filepath.Separator))) {
			http.NotFound(w, r)
			return
		}
		info, err := os.Stat(real)
		if err != nil || info.IsDir() {
			http.NotFound(w, r) // no directory listings
			return
		}
		h := w.Header()
		// Embeddable from any site; the page never reads the host's data.
		h.Set("Content-Security-Policy", "frame-ancestors *")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-cache")
		ctype := mime.TypeByExtension(filepath.Ext(real))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		h.Set("Content-Type", ctype)
		h.Set("Vary", "Accept-Encoding")
		h.Set("X-Decoded-Length", strconv.FormatInt(info.Size(), 10))
		accept := r.Header.Get("Accept-Encoding")
		for _, enc := range []struct{ name, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
			if !strings.Contains(accept, enc.name) {
				continue
			}
			// A variant older than its source is stale. Compressors keep the
			// source's time only to the second (brotli), so compare seconds.
			if ci, err := os.Stat(real + enc.ext); err == nil && !ci.IsDir() && !ci.ModTime().Before(info.ModTime().Truncate(time.Second)) {
				h.Set("Content-Encoding", enc.name)
				serveFile(w, r, real+enc.ext)
				return
			}
		}
		serveFile(w, r, real)
	})
}

func serveFile(w http.ResponseWriter, r *http.Request, name string) {
	f, err := os.Open(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		http.NotFound(w, r)
		return
	}
	// ServeContent keeps the Content-Type set above (it only sniffs when
	// none is set) and handles Range and HEAD.
	http.ServeContent(w, r, "", info.ModTime(), f)
}
