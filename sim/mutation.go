package sim

// Mutations are deliberately broken rules, for tests only: each breaks one
// thing an invariant guards, so a test can show that the invariant fires
// (invariants_test.go). Nothing outside this package's tests sets one; a
// run's config has none.
type mutation uint8

const (
	mutKeepRecoveryCnt mutation = 1 << iota // done() forgets recovery_cnt-- (invariant 1)
	mutInvBroken                            // invalidations still go to ats_broken masters (invariant 3)
	mutKeepEATS                             // the quarantine sets ats_broken but leaves STE.EATS (invariants 2 and 4)
	mutSyncNoWait                           // CMD_SYNC completes with ATC invalidations outstanding (invariant 5)
	mutSilentTimeout                        // timed-out ATC invalidations are retired without CERROR_ATC_INV_SYNC (invariant 5)
)
