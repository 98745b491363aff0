package strategy

import (
	"math/big"
	"slices"
)

// Strategies the simulator implements.
var Strategies = []string{"per-device", "halving"}

// Cost is what identification cost, measured or in closed form.
type Cost struct {
	Tests       int   `json:"tests"`        // retry submissions, each ending in its own CMD_SYNC
	ATCTimeouts int   `json:"atc_timeouts"` // CERROR_ATC_INV_SYNC raised, the detecting one included
	IssuerSyncs int   `json:"issuer_syncs"` // CMD_SYNCs the issuer waited for during the unmap
	WallNS      int64 `json:"wall_ns"`      // measured: the unmap's duration; closed form: ATCTimeouts × ATS timeout
}

// Closed returns the closed-form counts for one unmap of n single-SID
// masters, flushed batch at a time, of which the masters at the indices
// in broken never answer. WallNS is ATCTimeouts × atsTimeout, a lower
// bound: each timed-out test waits the full ATS timeout, one after the
// other; everything else takes microseconds.
func Closed(strategy string, n, batch int, broken []int, atsTimeout int64) Cost {
	if batch <= 0 {
		batch = 64
	}
	bad := make([]bool, n)
	for _, i := range broken {
		if i >= 0 && i < n {
			bad[i] = true
		}
	}
	var c Cost
	flushes := (n + batch - 1) / batch
	k := 0
	for f := 0; f < flushes; f++ {
		lo, hi := f*batch, min(n, (f+1)*batch)
		kf := countIn(bad, lo, hi)
		k += kf
		if kf == 0 {
			continue // the flush's CMD_SYNC completes: nothing to identify
		}
		c.ATCTimeouts++ // the flush's own CMD_SYNC detects the timeout
		switch strategy {
		case "halving":
			tests, timeouts := halving(bad, lo, hi, true)
			c.Tests += tests
			c.ATCTimeouts += timeouts
		default:
			// Every master of the flush is retried alone; each broken one
			// times out again.
			c.Tests += hi - lo
			c.ATCTimeouts += kf
		}
	}
	// TLBI sync + one sync per flush + the tests + one CFGI_STE sync per
	// quarantined master (single StreamID).
	c.IssuerSyncs = 1 + flushes + c.Tests + k
	c.WallNS = int64(c.ATCTimeouts) * atsTimeout
	return c
}

func countIn(bad []bool, lo, hi int) int {
	k := 0
	for _, b := range bad[lo:hi] {
		if b {
			k++
		}
	}
	return k
}

// halving counts the tests and timeouts below a failing set [lo,hi): the
// driver splits it at lo+(hi-lo)/2 and tests both halves; a failing half
// of one master is quarantined, a larger one is split again. The flush
// itself (root) is split whatever its size, so a flush of one master tests
// an empty half (a lone CMD_SYNC) and then the master.
func halving(bad []bool, lo, hi int, root bool) (tests, timeouts int) {
	if !root && (countIn(bad, lo, hi) == 0 || hi-lo < 2) {
		return 0, 0
	}
	mid := lo + (hi-lo)/2
	tests = 2
	for _, h := range [2][2]int{{lo, mid}, {mid, hi}} {
		if countIn(bad, h[0], h[1]) > 0 {
			timeouts++ // this half's CMD_SYNC times out
			t, x := halving(bad, h[0], h[1], false)
			tests += t
			timeouts += x
		}
	}
	return tests, timeouts
}

// LowerBound is ⌈log2 C(n,k)⌉: any strategy whose tests answer yes/no
// ("some master of this set is broken") needs at least that many tests to
// tell which k of n are broken, whatever it knows in advance.
func LowerBound(n, k int) int {
	if k < 0 || k > n {
		return 0
	}
	c := new(big.Int).Binomial(int64(n), int64(k))
	// ⌈log2 c⌉ = bit length of c-1 for c >= 1.
	return c.Sub(c, big.NewInt(1)).BitLen()
}

// Placement picks which k of n masters are broken: "spread" (evenly,
// the default), "first" or "last".
func Placement(kind string, n, k int) []int {
	k = max(0, min(k, n))
	out := make([]int, 0, k)
	for j := 0; j < k; j++ {
		switch kind {
		case "first":
			out = append(out, j)
		case "last":
			out = append(out, n-k+j)
		default:
			out = append(out, (2*j+1)*n/(2*k))
		}
	}
	slices.Sort(out)
	return out
}

// maxEnumerate bounds WorstHalving's enumeration of placements.
const maxEnumerate = 1 << 16

// WorstHalving returns the most tests and the most timeouts halving needs
// over every placement of k broken among n (each maximised separately),
// and false when C(n,k) is too large to enumerate. Per-device does not
// depend on the placement within a flush.
func WorstHalving(n, k, batch int) (tests, timeouts int, ok bool) {
	if k < 0 || k > n || new(big.Int).Binomial(int64(n), int64(k)).Cmp(big.NewInt(maxEnumerate)) > 0 {
		return 0, 0, false
	}
	idx := make([]int, k)
	for i := range idx {
		idx[i] = i
	}
	for {
		c := Closed("halving", n, batch, idx, 0)
		tests, timeouts = max(tests, c.Tests), max(timeouts, c.ATCTimeouts)
		// next combination in lexicographic order
		i := k - 1
		for i >= 0 && idx[i] == n-k+i {
			i--
		}
		if i < 0 {
			return tests, timeouts, true
		}
		idx[i]++
		for j := i + 1; j < k; j++ {
			idx[j] = idx[j-1] + 1
		}
	}
}
