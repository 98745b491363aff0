package klog

// Default printk rate limit (include/linux/ratelimit_types.h):
// DEFAULT_RATELIMIT_INTERVAL = 5 * HZ, DEFAULT_RATELIMIT_BURST = 10.
const (
	DefaultRatelimitInterval = 5_000_000_000 // ns
	DefaultRatelimitBurst    = 10
)

// Ratelimit is a struct ratelimit_state and the classic ___ratelimit()
// rules (lib/ratelimit.c): an interval starts at the first call; at most
// Burst calls pass within it; the first call after the interval has passed
// starts a new one and, if calls were refused in the old one, reports how
// many so the caller can print "<func>: N callbacks suppressed" before its
// own message. Time is the simulation's nanoseconds, not jiffies: the
// kernel rounds to a tick (1-4 ms), the model does not.
type Ratelimit struct {
	Interval int64 // 0 = no limit
	Burst    int
	begin    int64
	started  bool
	printed  int
	missed   int
}

// NewRatelimit is DEFINE_RATELIMIT_STATE(rs, DEFAULT_RATELIMIT_INTERVAL,
// DEFAULT_RATELIMIT_BURST).
func NewRatelimit() Ratelimit {
	return Ratelimit{Interval: DefaultRatelimitInterval, Burst: DefaultRatelimitBurst}
}

// Allow is one __ratelimit() call at time now. ok says whether the caller
// may print; suppressed > 0 means the limiter first prints
// FmtSuppressed with that count.
func (r *Ratelimit) Allow(now int64) (ok bool, suppressed int) {
	if r.Interval == 0 {
		return true, 0
	}
	if !r.started {
		r.started, r.begin = true, now
	}
	// time_is_before_jiffies(begin + interval): strictly after.
	if now > r.begin+r.Interval {
		suppressed, r.missed = r.missed, 0
		r.begin, r.printed = now, 0
	}
	if r.Burst > 0 && r.Burst > r.printed {
		r.printed++
		return true, suppressed
	}
	r.missed++
	return false, suppressed
}

// Missed is how many calls were refused since the last report.
func (r *Ratelimit) Missed() int { return r.missed }
