//go:build ignore

// serve builds the playground when dist/ is missing or older than its
// sources, then serves it:
//
//	go run serve.go [-addr 127.0.0.1:8080] [-dir dist]
//
// It sends pre-compressed .br/.gz variants when the browser accepts them,
// validators with a Cache-Control that lets a repeat visit reuse the wasm,
// and a Content-Security-Policy that lets other sites embed embed.html;
// it never lists directories and refuses paths that leave the folder (..,
// encoded slashes, symlinks). The rules are in internal/serve.
package main

import (
	"flag"
	"log"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/smmuplay/smmuplay/internal/serve"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	dir := flag.String("dir", "dist", "folder to build into and serve")
	flag.Parse()
	if serve.Stale(*dir) {
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
	srv := serve.NewServer(*addr, root)
	log.Printf("smmuplay on http://%s/", *addr)
	log.Fatal(srv.ListenAndServe())
}
