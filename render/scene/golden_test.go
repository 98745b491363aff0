package scene

import (
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/internal/golden"
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
			golden.Check(t, filepath.Join("testdata", c.name+".golden"), got, *update)
		})
	}
}
