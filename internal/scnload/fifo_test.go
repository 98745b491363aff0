//go:build unix

package scnload

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestFIFORefused: opening a FIFO for reading waits for a writer, so
// -scenario FIFO hung; it is refused from its Stat, never opened.
func TestFIFORefused(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := parse(t, "-scenario", fifo); err == nil || !strings.Contains(err.Error(), "not a regular file (a FIFO)") {
		t.Fatalf("err = %v", err)
	}
}
