package sim_test

import (
	"regexp"
	"testing"

	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/builtin"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// singularPlural finds "1 …s" where a count of one takes a plural noun
// ("dropped 1 ATC entries", "waits for 1 ATC invalidations").
var singularPlural = regexp.MustCompile(`(^|[^0-9.x])1 (ATC )?(entries|invalidations|commands|masters)\b`)

// TestNarrationPlurals narrates every event of the built-in runs and
// requires a count's noun to agree with it.
func TestNarrationPlurals(t *testing.T) {
	seen := 0
	for _, name := range builtin.Names() {
		src, _ := builtin.Source(name)
		sc, err := scenario.Parse(name, src)
		if err != nil {
			t.Fatal(err)
		}
		s, err := sim.New(sc, sc.RunSeed(0, false))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.RunProgram(200_000); err != nil {
			continue // a run cut short still narrated what it did
		}
		for n := int64(1); n <= s.N(); n++ {
			d := s.Describe(s.Event(n))
			if singularPlural.MatchString(d) {
				t.Errorf("%s event %d: %q", name, n, d)
				if seen++; seen > 10 {
					t.FailNow()
				}
			}
		}
	}
}
