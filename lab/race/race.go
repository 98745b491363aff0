package race

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/builtin"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// Bound limits an exploration. Zero fields take the defaults.
type Bound struct {
	// Deviations is the most non-default choices one ordering makes [2];
	// negative: none, only the default order runs.
	Deviations int `json:"deviations"`
	// Horizon: only the first Horizon choice points of a run may deviate [64].
	Horizon int `json:"horizon"`
	// Runs caps the orderings run; past it the report is incomplete [20000].
	Runs int `json:"runs"`
	// Events caps one run [2000000].
	Events int64 `json:"events"`
	// Window is the choice window of sim.Options [sim.DefaultWindow].
	Window sim.Time `json:"window_ns"`
}

// Defaults of Bound.
const (
	DefaultDeviations = 2
	DefaultHorizon    = 64
	DefaultRuns       = 20000
	DefaultEvents     = 2_000_000
)

func (b Bound) withDefaults() Bound {
	switch {
	case b.Deviations == 0:
		b.Deviations = DefaultDeviations
	case b.Deviations < 0:
		b.Deviations = 0 // the default order only
	}
	if b.Horizon <= 0 {
		b.Horizon = DefaultHorizon
	}
	if b.Runs <= 0 {
		b.Runs = DefaultRuns
	}
	if b.Events <= 0 {
		b.Events = DefaultEvents
	}
	if b.Window <= 0 {
		b.Window = sim.DefaultWindow
	}
	return b
}

// Outcome classes.
const (
	ClassOK           = "ok"            // no invariant broke and every expect line held
	ClassViolation    = "violation"     // an invariant broke
	ClassExpectFailed = "expect-failed" // no invariant broke, but an expect line failed
	ClassUnfinished   = "unfinished"    // the run did not end within Bound.Events
)

// Report is the result of an exploration.
type Report struct {
	Scenario string `json:"scenario"` // the name the scenario was parsed under
	Title    string `json:"title"`
	Seed     uint64 `json:"seed"`
	Rules    string `json:"rules"` // the IOMMU core / driver rules in force, e.g. "v4" or "broken-pending=off"
	Bound    Bound  `json:"bound"`
	// Runs is the number of orderings run; Complete says whether that is
	// every ordering within the bound (false: Bound.Runs stopped it).
	Runs       int  `json:"runs"`
	Complete   bool `json:"complete"`
	Violations int  `json:"violations"` // orderings that broke an invariant
	// Points is the number of choice points the default ordering meets.
	Points  int          `json:"points"`
	Classes []ClassCount `json:"classes"`
	// Shortest is the first violating ordering (nil: none within the
	// bound), also Outcomes[0].
	Shortest *Outcome  `json:"shortest,omitempty"`
	Outcomes []Outcome `json:"outcomes"`
}

// ClassCount is how many orderings ended in a class.
type ClassCount struct {
	Class string `json:"class"`
	N     int    `json:"n"`
}

// Outcome is one ordering and what it led to.
type Outcome struct {
	// Order is the choice taken at each choice point (sim.Options.Choices,
	// play.Params.Order), trailing zeros trimmed; Key is its URL form.
	Order      []int      `json:"order"`
	Key        string     `json:"key"`
	Deviations int        `json:"deviations"` // non-zero choices
	Class      string     `json:"class"`
	Violation  *Violation `json:"violation,omitempty"` // the first one
	Events     int64      `json:"events"`              // events in the run
	Points     int        `json:"points"`              // choice points the run met
	End        string     `json:"end"`                 // group-device states at the end
	// Swaps says, for each non-zero choice, which party ran first instead
	// of which: "event 212: kworker step before reset step".
	Swaps []string `json:"swaps,omitempty"`
}

// Violation is the first invariant that broke in a run.
type Violation struct {
	Invariant int      `json:"invariant"`
	Event     int64    `json:"event"`
	Time      sim.Time `json:"time_ns"`
	Message   string   `json:"message"`
	What      string   `json:"what"` // the event, narrated
}

// Key renders a choice vector the way play's URL does: "0.2.1".
func Key(order []int) string {
	var b strings.Builder
	for i, c := range order {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(strconv.Itoa(c))
	}
	return b.String()
}

// Run runs one ordering of sc and returns its outcome.
func Run(sc *scenario.Scenario, seed uint64, order []int, b Bound) (Outcome, []sim.ChoicePoint, error) {
	b = b.withDefaults()
	s, err := sim.NewWith(sc, seed, sim.Options{Race: true, Choices: order, Window: b.Window})
	if err != nil {
		return Outcome{}, nil, err
	}
	o := Outcome{Order: trim(order)}
	o.Key = Key(o.Order)
	for _, c := range o.Order {
		if c != 0 {
			o.Deviations++
		}
	}
	runErr := s.RunProgram(b.Events)
	o.Events = s.N()
	pts := s.ChoicePoints()
	o.Points = len(pts)
	for i, p := range pts {
		if p.Chosen != 0 {
			a, d := p.Alts[p.Chosen], p.Alts[0]
			o.Swaps = append(o.Swaps, fmt.Sprintf("choice %d, event %d: %s %s before %s %s", i, p.N, a.Party, a.What, d.Party, d.What))
		}
	}
	switch vs := s.Violations(); {
	case len(vs) > 0:
		o.Class = ClassViolation
		v := vs[0]
		inv := 0
		if rest, ok := strings.CutPrefix(v.Msg, "invariant "); ok {
			if i := strings.IndexByte(rest, ':'); i > 0 {
				inv, _ = strconv.Atoi(rest[:i])
			}
		}
		o.Violation = &Violation{Invariant: inv, Event: v.N, Time: v.T, Message: v.Msg}
		if v.N >= 1 && v.N <= s.Recorded() {
			o.Violation.What = s.Describe(s.Event(v.N))
		}
	case runErr != nil:
		o.Class = ClassUnfinished
	default:
		o.Class = ClassOK
		for _, r := range s.Results() {
			if !r.OK {
				o.Class = ClassExpectFailed
				break
			}
		}
	}
	o.End = s.CoreState()
	return o, pts, nil
}

func trim(order []int) []int {
	n := len(order)
	for n > 0 && order[n-1] == 0 {
		n--
	}
	return append([]int{}, order[:n]...)
}

// Explore runs every ordering of sc within the bound: the default one,
// then level by level those with one more non-default choice, each level
// shortest and lexicographically smallest first. The outcome list puts
// violations first, each group ordered by (deviations, length, choices);
// it depends only on sc, seed and the bound.
func Explore(sc *scenario.Scenario, seed uint64, b Bound) (Report, error) {
	b = b.withDefaults()
	rep := Report{Scenario: sc.File, Title: sc.Title, Seed: seed, Rules: Rules(sc), Bound: b, Complete: true}
	level := [][]int{{}}
	for d := 0; len(level) > 0; d++ {
		var next [][]int
		for _, order := range level {
			if rep.Runs >= b.Runs {
				rep.Complete = false
				break
			}
			o, pts, err := Run(sc, seed, order, b)
			if err != nil {
				return rep, err
			}
			rep.Runs++
			if d == 0 {
				rep.Points = len(pts)
			}
			rep.Outcomes = append(rep.Outcomes, o)
			if d >= b.Deviations {
				continue
			}
			for j := len(order); j < len(pts) && j < b.Horizon; j++ {
				for alt := 1; alt < len(pts[j].Alts); alt++ {
					child := make([]int, j+1)
					copy(child, order)
					child[j] = alt
					next = append(next, child)
				}
			}
		}
		if !rep.Complete {
			break
		}
		slices.SortFunc(next, cmpOrder)
		level = next
	}
	slices.SortStableFunc(rep.Outcomes, func(x, y Outcome) int {
		if vx, vy := x.Class == ClassViolation, y.Class == ClassViolation; vx != vy {
			if vx {
				return -1
			}
			return 1
		}
		if x.Deviations != y.Deviations {
			return x.Deviations - y.Deviations
		}
		return cmpOrder(x.Order, y.Order)
	})
	counts := map[string]int{}
	for _, o := range rep.Outcomes {
		counts[o.Class]++
		if o.Class == ClassViolation {
			rep.Violations++
		}
	}
	if len(rep.Outcomes) > 0 && rep.Outcomes[0].Class == ClassViolation {
		o := rep.Outcomes[0]
		rep.Shortest = &o
	}
	for _, c := range []string{ClassViolation, ClassExpectFailed, ClassUnfinished, ClassOK} {
		if counts[c] > 0 {
			rep.Classes = append(rep.Classes, ClassCount{Class: c, N: counts[c]})
		}
	}
	return rep, nil
}

// cmpOrder orders choice vectors by length, then choice by choice.
func cmpOrder(x, y []int) int {
	if len(x) != len(y) {
		return len(x) - len(y)
	}
	return slices.Compare(x, y)
}

// Scenarios lists the built-in scenarios made for the explorer (race-*),
// sorted.
func Scenarios() []string {
	var out []string
	for _, n := range builtin.Names() {
		if strings.HasPrefix(n, "race-") {
			out = append(out, n)
		}
	}
	return out
}

// Load parses a built-in scenario.
func Load(name string) (*scenario.Scenario, error) {
	src, ok := builtin.Source(name)
	if !ok {
		return nil, fmt.Errorf("no built-in scenario %q (race scenarios: %s)", name, strings.Join(Scenarios(), ", "))
	}
	return scenario.Parse(name, src)
}

// The rules an exploration can switch to: the series' (v4) and the
// earlier rules it replaced, each as the scenario option that restores it.
const (
	RulesV4            = "v4"
	RulesBrokenPending = "broken-pending=off" // v3: the broken worker blocks regardless
	RulesGateDone      = "gate-done=off"      // v2: done() lifts the quarantine whatever the result
	RulesEATSLock      = "eats-lock=off"      // no EATS/ats_broken lock: an attach may re-set EATS
	RulesRecoveryFence = "recovery-fence=off" // no -EBUSY during recovery: an attach rewrites a blocked device's STE
)

// AllRules lists the rule sets in the order the CLI runs them.
var AllRules = []string{RulesV4, RulesBrokenPending, RulesGateDone, RulesEATSLock, RulesRecoveryFence}

// WithRules returns a copy of sc under the named rules: RulesV4 turns every
// series rule (and the upstream core's recovery fence) on, each other name
// turns exactly one off. sc is not changed.
func WithRules(sc *scenario.Scenario, rules string) (*scenario.Scenario, error) {
	c := *sc
	c.Policy.BrokenPending, c.Policy.GateDone, c.Policy.EATSLock, c.Policy.RecoveryFence = true, true, true, true
	switch rules {
	case RulesV4:
	case RulesBrokenPending:
		c.Policy.BrokenPending = false
	case RulesGateDone:
		c.Policy.GateDone = false
	case RulesEATSLock:
		c.Policy.EATSLock = false
	case RulesRecoveryFence:
		c.Policy.RecoveryFence = false
	default:
		return nil, fmt.Errorf("unknown rules %q (want one of %s)", rules, strings.Join(AllRules, ", "))
	}
	return &c, nil
}

// Rules names the rules sc runs under: RulesV4, or the options that are
// off, joined by spaces.
func Rules(sc *scenario.Scenario) string {
	var off []string
	if !sc.Policy.BrokenPending {
		off = append(off, RulesBrokenPending)
	}
	if !sc.Policy.GateDone {
		off = append(off, RulesGateDone)
	}
	if !sc.Policy.EATSLock {
		off = append(off, RulesEATSLock)
	}
	if !sc.Policy.RecoveryFence {
		off = append(off, RulesRecoveryFence)
	}
	if len(off) == 0 {
		return RulesV4
	}
	return strings.Join(off, " ")
}
