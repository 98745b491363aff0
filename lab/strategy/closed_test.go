package strategy

import (
	"fmt"
	"testing"
)

// TestClosedFormGrid is the acceptance test: for every N <= 16, k <= 3
// and three placements, both strategies' measured counts equal the closed
// forms, and the wall time is the closed form plus microseconds.
func TestClosedFormGrid(t *testing.T) {
	const ats = 1_000_000 // 1 ms
	for n := 1; n <= 16; n++ {
		for k := 0; k <= min(3, n); k++ {
			for _, pl := range []string{"spread", "first", "last"} {
				for _, st := range Strategies {
					name := fmt.Sprintf("%s/N=%d/k=%d/%s", st, n, k, pl)
					row, err := Measure(Config{N: n, K: k, Placement: pl, ATSTimeoutNS: ats}, st)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					m, c := row.Measured, row.Closed
					if m.Tests != c.Tests || m.ATCTimeouts != c.ATCTimeouts || m.IssuerSyncs != c.IssuerSyncs {
						t.Errorf("%s (broken %v): measured %+v, closed form %+v", name, row.Broken, m, c)
					}
					if m.WallNS < c.WallNS || m.WallNS > c.WallNS+slack(c) {
						t.Errorf("%s: wall %d ns, closed form %d ns (+ at most %d)", name, m.WallNS, c.WallNS, slack(c))
					}
					if !row.Identified {
						t.Errorf("%s: quarantined %v, broken %v", name, row.Quarantined, row.Broken)
					}
				}
			}
		}
	}
}

// slack bounds everything but the timeouts: each submission costs a few
// microseconds (write, link round trip, IRQ latency, polling).
func slack(c Cost) int64 { return int64(c.IssuerSyncs+c.ATCTimeouts) * 10_000 }
