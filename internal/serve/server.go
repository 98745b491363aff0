package serve

import (
	"net/http"
	"time"
)

// The limits of the server NewServer builds.
const (
	// A client gets this long to send its request's headers, so a client
	// that trickles them (slowloris) cannot hold a connection.
	readHeaderTimeout = 10 * time.Second
	// The whole request: GET and HEAD have no body worth waiting for.
	readTimeout = 30 * time.Second
	// A keep-alive connection idle this long is closed. A page's requests
	// reuse it; a visitor who left no longer holds it (issue 16 found 500
	// of 1,000 idle connections still open after 75 s).
	idleTimeout = 60 * time.Second
	// The pages send short requests; the state lives in the fragment,
	// which never reaches the server.
	maxHeaderBytes = 64 << 10
	// There is no WriteTimeout on purpose: it would cut off a slow
	// download of the wasm, whatever its progress.
)

// NewServer returns a server for the files under root (see Handler) with
// the limits above, so serve.go, the browser tests and cmd/webbench run
// the same settings.
func NewServer(addr, root string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           Handler(root),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
	}
}
