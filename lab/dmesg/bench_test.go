package dmesg

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bigLog is a 100,000-line dmesg: every corpus excerpt, again and again,
// among other drivers' lines (three of four lines), as a long-running
// machine's log is.
func bigLog(b *testing.B) string {
	files, _ := filepath.Glob(filepath.Join(corpusDir(b), "*.txt"))
	var excerpts []string
	for _, f := range files {
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		excerpts = append(excerpts, strings.TrimRight(string(t), "\n"))
	}
	var sb strings.Builder
	n := 0
	for i := 0; n < maxLines; i++ {
		if i%4 == 3 {
			e := excerpts[i/4%len(excerpts)]
			k := min(strings.Count(e, "\n")+1, maxLines-n)
			sb.WriteString(strings.Join(strings.SplitN(e, "\n", k+1)[:k], "\n") + "\n")
			n += k
			continue
		}
		fmt.Fprintf(&sb, "[%6d.%06d] nvme nvme0: I/O tag %d (%04x) opcode 0x2 (I/O Cmd) QID 3 timeout, aborting req_op:READ(0) size:4096\n", i/1000, i%1000, i%997, i%65536)
		n++
	}
	return sb.String()
}

// BenchmarkParse100k: a 100,000-line log imports in well under a second
// (issue 12's bound; a benchmark, not a timed test).
func BenchmarkParse100k(b *testing.B) {
	text := bigLog(b)
	if n := len(splitLines(text)); n != maxLines {
		b.Fatalf("%d lines", n)
	}
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := Parse(text, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
