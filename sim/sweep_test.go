package sim

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/sim/scenario"
)

// TestSeriesQuarantinesExactlyTheBroken sweeps N, k and seeds: under the
// series with k endpoints broken from the start, exactly those are
// quarantined, nothing is corrupted, no healthy endpoint is ever blocked,
// and the per-device strategy spends b + k ATC timeouts, b being the
// flushes (64 ATC_INVs each) that held a broken endpoint's ATC_INV.
func TestSeriesQuarantinesExactlyTheBroken(t *testing.T) {
	cases := []struct{ n, k int }{{1, 1}, {2, 1}, {2, 2}, {8, 1}, {8, 3}, {8, 8}, {63, 2}, {64, 5}, {65, 2}, {100, 4}, {256, 1}, {256, 7}, {256, 256}}
	for _, c := range cases {
		for seed := uint64(1); seed <= 2; seed++ {
			t.Run(fmt.Sprintf("N%d_k%d_seed%d", c.n, c.k, seed), func(t *testing.T) {
				t.Parallel()
				pick := newStream(seed, fmt.Sprintf("pick/%d/%d", c.n, c.k))
				idx := make([]int, c.n)
				for i := range idx {
					idx[i] = i
				}
				for i := len(idx) - 1; i > 0; i-- { // Fisher-Yates with our own stream
					j := pick.intn(i + 1)
					idx[i], idx[j] = idx[j], idx[i]
				}
				broken := slices.Clone(idx[:c.k])
				slices.Sort(broken)
				var names []string
				flushes := map[int]bool{}
				for _, b := range broken {
					names = append(names, fmt.Sprintf("ep%d", b))
					flushes[b/64] = true // SIDs are 0x100+i: sorted order is index order
				}
				src := fmt.Sprintf("policy series\nendpoints %d\nbroken %s\nworkload unmaps=3 period=20us\nrun\n", c.n, strings.Join(names, ","))
				sc, err := scenario.Parse("sweep", []byte(src))
				if err != nil {
					t.Fatal(err)
				}
				s, err := New(sc, seed)
				if err != nil {
					t.Fatal(err)
				}
				isBroken := make([]bool, c.n)
				for _, b := range broken {
					isBroken[b] = true
				}
				for s.Step() {
					e := s.out.ev
					if e.Kind == EvWorkRan || e.Kind == EvPrepare {
						for i, g := range s.m.core.gdevs {
							if g.blocked != blockedNo && !isBroken[i] {
								t.Fatalf("event %d: healthy ep%d is %s", s.N(), i, blockedNames[g.blocked])
							}
						}
					}
				}
				sum := s.Summary()
				slices.Sort(names)
				sortedQ := slices.Clone(sum.Quarantined)
				slices.Sort(sortedQ)
				if !slices.Equal(sortedQ, sortedNames(names)) {
					t.Errorf("quarantined %v, want %v", sum.Quarantined, names)
				}
				if sum.CorruptDMA != 0 {
					t.Errorf("corrupt_dma = %d, want 0", sum.CorruptDMA)
				}
				if want := int64(len(flushes) + c.k); sum.ATCTimeouts != want {
					t.Errorf("atc_timeouts = %d, want b + k = %d + %d", sum.ATCTimeouts, len(flushes), c.k)
				}
				if v := s.Violations(); len(v) > 0 {
					t.Errorf("invariant violated at event %d: %s", v[0].N, v[0].Msg)
				}
			})
		}
	}
}

func sortedNames(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

// TestBaselineSpamAndCorruption: before the series, one broken endpoint
// makes every unmap print the warning/CMDQ-error pair with ERR = 3, and
// stale ATC entries corrupt reused pages.
func TestBaselineSpamAndCorruption(t *testing.T) {
	s := mustSim(t, "baseline", "policy baseline\nendpoints 4\nbroken ep2\nworkload unmaps=40 period=20us\nrun\n", 1)
	if err := s.RunProgram(0); err != nil {
		t.Fatal(err)
	}
	log := s.Log()
	if len(log) != 2*40 {
		t.Fatalf("%d log lines, want a warning/error pair per unmap (80)", len(log))
	}
	for i := 0; i < len(log); i += 2 {
		if log[i].Text != "unexpected global error reported (0x00000001), this could be serious" {
			t.Fatalf("line %d: %q", i, log[i].Text)
		}
		var cons uint32
		if _, err := fmt.Sscanf(log[i+1].Text, "CMDQ error (cons 0x%08x): ATC invalidate timeout", &cons); err != nil {
			t.Fatalf("line %d: %q: %v", i+1, log[i+1].Text, err)
		}
		if cons>>24 != 3 {
			t.Fatalf("line %d: CONS.ERR = %d, want 3", i+1, cons>>24)
		}
	}
	if sum := s.Summary(); sum.CorruptDMA == 0 || len(sum.Quarantined) != 0 {
		t.Fatalf("corrupt_dma %d quarantined %v: want corruption and no quarantine", sum.CorruptDMA, sum.Quarantined)
	}
}

// TestBaselineSweepCorrupts: before the series, over N, k and seeds, the
// stale ATC of the broken endpoints corrupts memory, nothing is
// quarantined, no group device is ever blocked (the baseline's core only
// blocks for a reset) and no invariant breaks.
func TestBaselineSweepCorrupts(t *testing.T) {
	for _, c := range []struct{ n, k int }{{1, 1}, {8, 3}, {64, 5}, {256, 7}} {
		for seed := uint64(1); seed <= 2; seed++ {
			t.Run(fmt.Sprintf("N%d_k%d_seed%d", c.n, c.k, seed), func(t *testing.T) {
				t.Parallel()
				var names []string
				for _, i := range pickBroken(seed, c.n, c.k) {
					names = append(names, fmt.Sprintf("ep%d", i))
				}
				src := fmt.Sprintf("policy baseline\nendpoints %d\nbroken %s\nworkload unmaps=40 period=20us\nrun\n", c.n, strings.Join(names, ","))
				s := mustSim(t, "sweep", src, seed)
				for s.Step() {
					for i, g := range s.m.core.gdevs {
						if g.blocked != blockedNo {
							t.Fatalf("event %d: ep%d is %s", s.N(), i, blockedNames[g.blocked])
						}
					}
				}
				sum := s.Summary()
				if sum.CorruptDMA == 0 || len(sum.Quarantined) != 0 {
					t.Errorf("corrupt_dma %d, quarantined %v: want corruption and no quarantine", sum.CorruptDMA, sum.Quarantined)
				}
				if v := s.Violations(); len(v) > 0 {
					t.Errorf("invariant violated at event %d: %s", v[0].N, v[0].Msg)
				}
			})
		}
	}
}

// pickBroken chooses k of n endpoints with the sim's own stream
// (Fisher-Yates), sorted.
func pickBroken(seed uint64, n, k int) []int {
	pick := newStream(seed, fmt.Sprintf("pick/%d/%d", n, k))
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	for i := len(idx) - 1; i > 0; i-- {
		j := pick.intn(i + 1)
		idx[i], idx[j] = idx[j], idx[i]
	}
	out := slices.Clone(idx[:k])
	slices.Sort(out)
	return out
}
