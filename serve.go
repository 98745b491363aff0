//go:build ignore

// serve builds the playground when dist/ is missing or older than its
// sources, then serves it:
//
//	go run serve.go [-addr 127.0.0.1:8080] [-dir dist]
//
// It sends pre-compressed .br/.gz variants when the browser accepts them,
// never lists directories, refuses paths that leave the folder (.., encoded
// slashes, symlinks), and lets other sites embed the page in an iframe.
package main

import (
	"flag"
	"io/fs"
	"log"
	"mime"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	dir := flag.String("dir", "dist", "folder to build into and serve")
	flag.Parse()
	if stale(*dir) {
		log.Printf("building %s ...", *dir)
		cmd := exec.Command("bash", "build.sh", *dir)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			log.Fatalf("build failed: %v", err)
		}
	}
	root, err := filepath.Abs(*dir)
	if err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{Addr: *addr, Handler: handler(root), ReadHeaderTimeout: 10 * time.Second}
	log.Printf("smmuplay on http://%s/", *addr)
	log.Fatal(srv.ListenAndServe())
}

// stale reports whether dir lacks the wasm or is older than any source.
func stale(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, "smmuplay.wasm"))
	if err != nil {
		return true
	}
	newer := false
	for _, root := range []string{"cmd", "sim", "render", "web", "go.mod", "build.sh"} {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if info, err := d.Info(); err == nil && info.ModTime().After(st.ModTime()) {
					newer = true
				}
			}
			return nil
		})
	}
	return newer
}

func handler(root string) http.Handler {
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
		if strings.HasSuffix(p, "/") || p == "/" {
			p += "index.html"
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
			if ci, err := os.Stat(real + enc.ext); err == nil && !ci.IsDir() && !ci.ModTime().Before(info.ModTime()) {
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
