//go:build unix

package serve

import (
	"net/http"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A FIFO under the folder is not a file to send: opening it would block
// the request until some writer came along.
func TestFIFONotOpened(t *testing.T) {
	dir, srv := site(t)
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.html"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	// Cleanups run last first, so this one runs before the server's Close,
	// which waits for its handlers: a handler stuck opening the FIFO is
	// released by a writer showing up (a no-op when none is stuck).
	t.Cleanup(func() {
		if fd, err := syscall.Open(filepath.Join(dir, "pipe.html"), syscall.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			syscall.Close(fd)
		}
	})
	// The bound only turns a regression (a request blocked for good) into
	// a failure instead of a hung test binary; a 404 takes milliseconds.
	c := &http.Client{Timeout: 30 * time.Second}
	resp, err := c.Get(srv.URL + "/pipe.html")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("a FIFO: status %d, want 404", resp.StatusCode)
	}
}
