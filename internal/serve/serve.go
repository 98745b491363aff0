// Package serve is the playground's static file server (used by
// serve.go and the browser tests): it sends pre-compressed .br/.gz
// variants when the browser accepts them, never lists directories,
// serves regular files only, refuses paths that leave the folder (..,
// encoded slashes, symlinks), and sends a Content-Security-Policy that
// lets other sites embed embed.html in an iframe and nothing else (see
// policy.go for what it allows and why).
//
// Every file, the base file and its .br/.gz siblings alike, is opened
// through an os.Root on the folder, so no name and no symlink can reach
// outside it. Symlinks inside the folder work when they are relative and
// stay inside; absolute ones are refused (os.Root's rule).
//
// Caching. Every response carries validators: a strong ETag per
// representation (the SHA-256 of the bytes sent, so the plain file and its
// .br and .gz variants differ) and Last-Modified (the file's time).
// A request with If-None-Match or If-Modified-Since that still matches gets
// 304 Not Modified and no body. The Cache-Control rule, by file name:
//   - a name carrying a content hash, 8 or more lowercase hex digits as
//     the part just before the extension (posters/default.0123abcd.png),
//     gets "public, max-age=31536000, immutable": its bytes never change
//     under that name, so the browser never asks again;
//   - everything else, HTML, the wasm, JS, CSS and other files, gets
//     "no-cache": the browser keeps it but asks every time, and a 304
//     lets it reuse what it has. For the wasm that includes the compiled
//     code Chromium caches for a module compiled while streaming, so a
//     repeat visit downloads and compiles nothing while a new build is
//     picked up at once.
//
// Vary: Accept-Encoding tells caches that the bytes depend on that
// header, and X-Decoded-Length gives the plain file's size, which the
// page's progress bar needs when the transfer is compressed.
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
	tags := &etags{tags: map[string]etag{}}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			// RFC 9110 15.5.6: a 405 lists the methods the resource takes.
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name, ok := fileName(r)
		if !ok {
			http.NotFound(w, r)
			return
		}
		// Every open below goes through dir, which refuses any name that
		// leaves the folder, through .. or through a symlink, whichever
		// file it is (the base file or a .br/.gz sibling). The folder is
		// opened per request, so a dist/ replaced by a rebuild is served
		// at once rather than the deleted one.
		dir, err := os.OpenRoot(root)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer dir.Close()
		f, info, err := openRegular(dir, name)
		if err != nil {
			http.NotFound(w, r) // missing, a folder (no listings), or outside
			return
		}
		defer f.Close()
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy(name))
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", cacheControl(name))
		ctype := mime.TypeByExtension(path.Ext(name))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		h.Set("Content-Type", ctype)
		h.Set("Vary", "Accept-Encoding")
		h.Set("X-Decoded-Length", strconv.FormatInt(info.Size(), 10))
		// Every Accept-Encoding line counts: a list may be split over several.
		accept := strings.Join(r.Header.Values("Accept-Encoding"), ",")
		sent := name // the file sent: name or one of its variants
		for _, enc := range acceptable(accept) {
			v, vinfo, err := openRegular(dir, name+enc.ext)
			if err != nil {
				continue
			}
			defer v.Close()
			// A variant older than its source is stale. Compressors keep the
			// source's time only to the second (brotli), so compare seconds.
			if vinfo.ModTime().Before(info.ModTime().Truncate(time.Second)) {
				continue
			}
			h.Set("Content-Encoding", enc.name)
			f, info, sent = v, vinfo, name+enc.ext
			break
		}
		if tag := tags.of(sent, f, info); tag != "" {
			h.Set("ETag", tag)
		}
		// ServeContent keeps the Content-Type set above (it only sniffs when
		// none is set), sets Last-Modified from the file's time, answers
		// If-None-Match (against the ETag just set) and If-Modified-Since
		// with 304 and no body, and handles Range, If-Range and HEAD.
		http.ServeContent(w, r, "", info.ModTime(), f)
	})
}

// fileName maps a request's path to a slash-separated name relative to
// the served folder ("index.html" for a path ending in /). Encoded
// slashes and backslashes never name a file here: refusing them keeps one
// spelling per file.
func fileName(r *http.Request) (string, bool) {
	raw := strings.ToLower(r.URL.EscapedPath())
	if strings.Contains(raw, "%2f") || strings.Contains(raw, "%5c") || strings.Contains(r.URL.Path, "\\") {
		return "", false
	}
	p := path.Clean("/" + r.URL.Path)
	if strings.HasSuffix(r.URL.Path, "/") {
		p = path.Join(p, "index.html")
	}
	return strings.TrimPrefix(p, "/"), true
}

// openRegular opens name inside dir if it is a regular file. It checks
// before opening, so a FIFO or device under the folder cannot block or
// feed the open, and again on the open file, which is what is sent.
func openRegular(dir *os.Root, name string) (*os.File, fs.FileInfo, error) {
	name = filepath.FromSlash(name)
	if st, err := dir.Stat(name); err != nil || !st.Mode().IsRegular() {
		return nil, nil, fs.ErrNotExist
	}
	f, err := dir.Open(name)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		f.Close()
		return nil, nil, fs.ErrNotExist
	}
	return f, info, nil
}
