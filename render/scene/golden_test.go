package scene

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// TestGolden compares the display list of each scene with its golden
// file. A changed picture shows up as a reviewable text diff; run
// `go test ./render/scene -update` to accept it.
func TestGolden(t *testing.T) {
	for _, c := range sceneCases {
		t.Run(c.name, func(t *testing.T) {
			var dl DisplayList
			f, _ := c.build(t, &dl)
			got := []byte("# " + strings.ReplaceAll(strings.TrimSpace(c.src), "\n", "; ") + "\n# " + f.narration + "\n" + dl.String())
			path := filepath.Join("testdata", c.name+".golden")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
				for i := 0; i < len(gl) || i < len(wl); i++ {
					var g, w string
					if i < len(gl) {
						g = gl[i]
					}
					if i < len(wl) {
						w = wl[i]
					}
					if g != w {
						t.Fatalf("%s differs at line %d:\n got: %s\nwant: %s\n(run with -update to accept)", path, i+1, g, w)
					}
				}
			}
		})
	}
}
