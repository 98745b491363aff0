package sim

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/sim/builtin"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// TestEveryInvariantCanFire: "0 violations" only means something if each
// invariant fires when the rule it guards is broken. For every invariant a
// run with one rule broken on purpose (a mutation, mutation.go, or an
// earlier kernel rule the race explorer also switches) must report it, and
// the same run with the rule intact must report nothing. Switching any
// invariant's check off makes this test fail.
func TestEveryInvariantCanFire(t *testing.T) {
	builtinSrc := func(name string) string {
		src, ok := builtin.Source(name)
		if !ok {
			t.Fatalf("no built-in %s", name)
		}
		return string(src)
	}
	cases := []struct {
		inv    int
		why    string
		src    string
		order  []int                  // choice vector (race scenarios)
		mut    mutation               // a deliberately broken rule...
		policy func(*scenario.Policy) // ...or an earlier kernel rule
	}{
		{1, "done() forgets recovery_cnt--", "policy baseline\nendpoints 2\nflr ep0\nrun\n", nil, mutKeepRecoveryCnt, nil},
		{2, "no EATS lock: an attach re-sets EATS after the quarantine", builtinSrc("race-attach-quarantine"), []int{1}, 0,
			func(p *scenario.Policy) { p.EATSLock = false }},
		{3, "invalidations still go to an ats_broken master", "policy series\nendpoints 4\nbroken ep1\nworkload unmaps=3 period=20us\nrun\n", nil, mutInvBroken, nil},
		// The broken work item blocks the device soon after the
		// quarantine; a slow workqueue leaves the stale ATC time to hit.
		{4, "the quarantine leaves STE.EATS set", "policy series wq-latency=50ms\nendpoints 4 dma-period=10us\nbroken ep1\nworkload unmaps=40 period=50us\nrun\n", nil, mutKeepEATS, nil},
		{5, "CMD_SYNC completes without waiting for the ATC invalidations", builtinSrc("healthy-unmap"), nil, mutSyncNoWait, nil},
		{5, "a timed-out ATC invalidation is retired without CERROR_ATC_INV_SYNC", "policy baseline\nendpoints 2\nbroken ep1\nworkload unmaps=1\nrun\n", nil, mutSilentTimeout, nil},
		{6, "no broken_pending (v3): the late worker blocks a recovered device", builtinSrc("race-report-flr"), []int{0, 0, 0, 0, 0, 1}, 0,
			func(p *scenario.Policy) { p.BrokenPending = false }},
		{7, "done() ignores a failed reset (v2)", builtinSrc("race-report-flr-fails"), nil, 0,
			func(p *scenario.Policy) { p.GateDone = false }},
		{8, "no recovery fence: an attach rewrites a blocked device's STE", builtinSrc("race-attach-reset"), nil, 0,
			func(p *scenario.Policy) { p.RecoveryFence = false }},
	}
	covered := map[int]bool{}
	for _, c := range cases {
		t.Run(fmt.Sprintf("inv%d/%s", c.inv, c.why), func(t *testing.T) {
			run := func(broken bool) []int {
				sc, err := scenario.Parse("t.scn", []byte(c.src))
				if err != nil {
					t.Fatal(err)
				}
				if broken && c.policy != nil {
					c.policy(&sc.Policy)
				}
				s, err := NewWith(sc, 1, Options{Choices: c.order})
				if err != nil {
					t.Fatal(err)
				}
				if broken {
					s.cfg.mutation = c.mut
				}
				if err := s.RunProgram(5_000_000); err != nil {
					t.Fatal(err)
				}
				var invs []int
				for _, v := range s.Violations() {
					rest, _ := strings.CutPrefix(v.Msg, "invariant ")
					n, _ := strconv.Atoi(rest[:strings.IndexByte(rest, ':')])
					invs = append(invs, n)
				}
				return invs
			}
			if got := run(false); len(got) != 0 {
				t.Fatalf("with the rule intact the run breaks invariants %v", got)
			}
			got := run(true)
			if !slices.Contains(got, c.inv) {
				t.Fatalf("with the rule broken invariant %d did not fire (got %v)", c.inv, got)
			}
		})
		covered[c.inv] = true
	}
	for inv := 1; inv <= 8; inv++ {
		if !covered[inv] {
			t.Errorf("invariant %d has no case that makes it fire", inv)
		}
	}
}
