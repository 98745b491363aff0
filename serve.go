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
