package labweb

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/play"
)

// FuzzDmesgLink: whatever is pasted, an import's playground link loads,
// and its run meets the expectations the importer pinned (each reproduced
// line is an `expect log contains ...`): the link a visitor follows shows
// what the page promised.
func FuzzDmesgLink(f *testing.F) {
	paths, _ := filepath.Glob("../../lab/dmesg/testdata/corpus/*.txt")
	if len(paths) == 0 {
		f.Fatal("no dmesg corpus in lab/dmesg/testdata/corpus")
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add("[    2.000000] arm-smmu-v3 arm-smmu-v3.0.auto: CMDQ error (cons 0x0302bb84): ATC invalidate timeout\n")
	f.Fuzz(func(t *testing.T, text string) {
		r := Dmesg(DmesgSpec{Text: text})
		if r.Fragment == "" {
			return
		}
		if !strings.HasPrefix(r.Link, "index.html?"+FromDmesg+"#") || !strings.HasSuffix(r.Link, r.Fragment) {
			t.Fatalf("link %q does not open the fragment with the banner", r.Link)
		}
		p, err := play.ParseFragment(r.Fragment)
		if err != nil {
			t.Fatalf("the link's fragment does not parse: %v\nscenario:\n%s", err, r.Import.Scenario)
		}
		x, err := play.Open(p)
		if err != nil {
			t.Fatalf("the link does not open: %v\nscenario:\n%s", err, r.Import.Scenario)
		}
		if err := x.Finish(); err != nil {
			t.Fatalf("the link's run does not finish: %v\nscenario:\n%s", err, r.Import.Scenario)
		}
		for _, res := range x.Sim().Results() {
			if !res.OK {
				t.Fatalf("line %d: expect %s: got %s\nscenario:\n%s", res.Pos.Line, res.Text, res.Got, r.Import.Scenario)
			}
		}
	})
}
