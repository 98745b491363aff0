package exercise

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// predictRecovery: silent endpoints and resets on four endpoints in two
// iommu groups; predict each group's recovery_cnt and each endpoint's
// group-device state at a given time. The answer is the run's at that
// time, and every fact the prompt states is checked against the run
// (verify): what a student is told must be what the simulator does.
type predictRecovery struct{}

func (predictRecovery) info() Info {
	return Info{ID: "predict-recovery", Title: "Predict recovery_cnt after a sequence of events",
		Summary: "Quarantines, FLRs that succeed or fail, a reset of a healthy device, one reset at a time: predict each group's recovery_cnt and the states at a given time."}
}

// Timing of the exercise's scenario, stated in its prompt.
const (
	recUnmaps   = 4
	recPeriodMS = 1
	recFLRMS    = 100 // the scenario language's default flr-time
)

// recReset is a reset the scenario requests.
type recReset struct {
	ep     int
	atMS   int  // when the scenario requests it
	ok     bool // the FLR's result
	starts bool // the prompt says the FLR starts at atMS (it said so before issue 11; verify rejects it where false)
}

// recFacts is everything the prompt states; the prompt is written from it
// and verify checks each part against the run.
type recFacts struct {
	groups [2][]int // endpoint numbers of g0 and g1
	silent []int
	resets []recReset
	qMS    int // the question's time
}

type recVariant struct {
	facts  recFacts
	src    string
	states []string // ep0..ep3 at the question's time
	cnt    [2]int64 // recovery_cnt of g0, g1 there
	at     int64    // the event the question stands after
}

func groupOf(f recFacts, ep int) int {
	if slices.Contains(f.groups[0], ep) {
		return 0
	}
	return 1
}

func (predictRecovery) facts(seed uint64) recFacts {
	r := rng("predict-recovery", seed)
	var f recFacts
	order := r.Perm(4)
	nBroken := 1 + r.IntN(2)
	f.silent = slices.Sorted(slices.Values(order[:nBroken]))
	// Resets: on some broken endpoints (ok or fail), and maybe on a
	// healthy one, requested at times that may or may not have finished
	// by the question's time (an FLR takes 100 ms, one at a time).
	t := 10
	for k, i := range order {
		if k >= nBroken && r.IntN(2) == 0 {
			continue
		}
		if r.IntN(3) == 0 {
			continue
		}
		ok := r.IntN(2) == 0
		if k >= nBroken {
			ok = true
		}
		f.resets = append(f.resets, recReset{ep: i, atMS: t, ok: ok})
		t += 40 + 10*r.IntN(6)
	}
	f.qMS = 8 + 10*r.IntN((t+60)/10) // often while an FLR is still running
	// Drawn last, so a seed keeps the events it had before groups came.
	perm := r.Perm(4)
	f.groups[0] = slices.Sorted(slices.Values(perm[:2]))
	f.groups[1] = slices.Sorted(slices.Values(perm[2:]))
	return f
}

func (f recFacts) scenario() string {
	var b strings.Builder
	b.WriteString("policy series\ndomain vm0 pages=16\n")
	for i := 0; i < 4; i++ {
		fmt.Fprintf(&b, "endpoint ep%d group=g%d dma=off\n", i, groupOf(f, i))
	}
	fmt.Fprintf(&b, "workload unmaps=%d period=%dms\n", recUnmaps, recPeriodMS)
	for _, i := range f.silent {
		fmt.Fprintf(&b, "silent ep%d\n", i)
	}
	for _, rs := range f.resets {
		fmt.Fprintf(&b, "at %dms flr ep%d result=%s\n", rs.atMS, rs.ep, either(rs.ok, "ok", "fail"))
	}
	fmt.Fprintf(&b, "run until=%dms\n", f.qMS)
	return b.String()
}

// prompt writes the facts, and nothing else, as the exercise's text.
func (f recFacts) prompt() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Four endpoints share a domain under the series' driver, in two iommu groups: g0 holds %s, g1 holds %s. "+
		"The host unmaps a page every millisecond, %d times.\n\n", epList(f.groups[0]), epList(f.groups[1]), recUnmaps)
	var lines []string
	for _, i := range f.silent {
		lines = append(lines, fmt.Sprintf("- from the start, ep%d does not answer invalidations", i))
	}
	for _, rs := range f.resets {
		verb := "a reset of ep%d is requested"
		if rs.starts {
			verb = "an FLR of ep%d starts"
		}
		lines = append(lines, fmt.Sprintf("- at %d ms "+verb+"; its FLR will %s", rs.atMS, rs.ep, either(rs.ok, "succeed", "fail")))
	}
	b.WriteString(strings.Join(lines, "\n"))
	fmt.Fprintf(&b, "\n\nResets run one at a time, on one thread, in the order they are requested; an FLR takes %d ms.\n\n", recFLRMS)
	fmt.Fprintf(&b, "At %d ms, what is each group's recovery_cnt, and what is each endpoint's group-device state (BLOCKED_NO, BLOCKED_RESETTING or BLOCKED_BROKEN)?", f.qMS)
	return b.String()
}

func epList(eps []int) string {
	s := make([]string, len(eps))
	for i, e := range eps {
		s[i] = fmt.Sprintf("ep%d", e)
	}
	return strings.Join(s, " and ")
}

func (p predictRecovery) make(seed uint64) (recVariant, error) {
	v := recVariant{facts: p.facts(seed)}
	v.src = v.facts.scenario()
	s, err := runToEnd("predict-recovery", v.src)
	if err != nil {
		return v, err
	}
	v.at = s.N()
	v.cnt[0] = intMetric(s, fmt.Sprintf("ep%d.recovery_cnt", v.facts.groups[0][0]))
	v.cnt[1] = intMetric(s, fmt.Sprintf("ep%d.recovery_cnt", v.facts.groups[1][0]))
	for i := 0; i < 4; i++ {
		v.states = append(v.states, strMetric(s, fmt.Sprintf("ep%d.state", i)))
	}
	return v, nil
}

var stateChoices = scenario.StateNames

func (p predictRecovery) generate(seed uint64) (Variant, error) {
	v, err := p.make(seed)
	if err != nil {
		return Variant{}, err
	}
	var fields []Field
	for g := 0; g < 2; g++ {
		fields = append(fields, Field{Name: fmt.Sprintf("g%d", g), Label: fmt.Sprintf("recovery_cnt of g%d (%s)", g, epList(v.facts.groups[g])), Kind: "number", Example: "1"})
	}
	for i := 0; i < 4; i++ {
		fields = append(fields, Field{Name: fmt.Sprintf("ep%d", i), Label: fmt.Sprintf("ep%d's state", i), Kind: "choice", Choices: stateChoices})
	}
	return Variant{
		Title:     "Predict recovery_cnt after a sequence of events",
		Prompt:    v.facts.prompt(),
		Scenario:  v.src,
		Fields:    fields,
		Hint:      "A group's recovery_cnt counts its group devices that are not BLOCKED_NO. A device that does not answer is quarantined and blocked (BLOCKED_BROKEN) within a few milliseconds of the first unmap. A reset keeps its device blocked from the moment its FLR starts until done() learns the result: success goes back to BLOCKED_NO, failure leaves or makes it BLOCKED_BROKEN. A reset that is still waiting for the reset thread has not touched its device.",
		Objective: fmt.Sprintf("Work out when each FLR really starts and ends, then give, at %d ms, each endpoint's state and, per group, how many of its endpoints are not BLOCKED_NO.", v.facts.qMS),
		Fragment:  fragmentAt(v.src, v.at, ""),
		Reveal:    true,
	}, nil
}

// recTimeline is what happened to each endpoint, for feedback that says
// why without naming the answer.
func (p predictRecovery) timeline(v recVariant, ep int) string {
	var parts []string
	if slices.Contains(v.facts.silent, ep) {
		parts = append(parts, fmt.Sprintf("ep%d never answers invalidations", ep))
	}
	for _, rs := range v.facts.resets {
		if rs.ep == ep {
			parts = append(parts, fmt.Sprintf("a reset of ep%d is requested at %d ms: when does its FLR start, given the resets requested before it, and has it ended by %d ms?", ep, rs.atMS, v.facts.qMS))
		}
	}
	if len(parts) == 0 {
		return fmt.Sprintf("nothing in the list happens to ep%d", ep)
	}
	return strings.Join(parts, "; ")
}

func (p predictRecovery) check(seed uint64, a map[string]string) (Result, error) {
	v, err := p.make(seed)
	if err != nil {
		return Result{}, err
	}
	f := map[string]FieldResult{}
	r := Result{}
	for i := 0; i < 4; i++ {
		k := fmt.Sprintf("ep%d", i)
		// The short names of earlier versions (NONE, RESET, BROKEN) count too.
		got := scenario.StateName(strings.ToUpper(strings.TrimSpace(a[k])))
		switch {
		case got == "":
			f[k] = FieldResult{Msg: "choose a state"}
		case got == v.states[i]:
			f[k] = FieldResult{OK: true}
		default:
			f[k] = FieldResult{Msg: fmt.Sprintf("not %s: %s", got, p.timeline(v, i))}
		}
	}
	for g := 0; g < 2; g++ {
		k := fmt.Sprintf("g%d", g)
		n, err := strconv.ParseInt(strings.TrimSpace(a[k]), 10, 64)
		switch {
		case err != nil:
			f[k] = FieldResult{Msg: "a whole number: how many of the group's devices are not BLOCKED_NO"}
		case n == v.cnt[g]:
			f[k] = FieldResult{OK: true}
		default:
			// Compare with the student's own states: a count that follows
			// from them points at a state, one that does not at the rule.
			mine, complete := int64(0), true
			for _, e := range v.facts.groups[g] {
				st := scenario.StateName(strings.ToUpper(strings.TrimSpace(a[fmt.Sprintf("ep%d", e)])))
				complete = complete && st != ""
				if st != "" && st != "BLOCKED_NO" {
					mine++
				}
			}
			msg := fmt.Sprintf("recovery_cnt of g%d counts its devices (%s) that are not BLOCKED_NO", g, epList(v.facts.groups[g]))
			if complete && mine == n {
				msg += "; your count follows from your states, so one of those states is wrong"
			} else if complete {
				msg += fmt.Sprintf("; your own states for them give %d", mine)
			}
			f[k] = FieldResult{Msg: msg}
		}
	}
	r.Fields, r.Score = f, score(f)
	r.Correct = r.Score == 1
	return r, nil
}

func (p predictRecovery) key(seed uint64) (Key, error) {
	v, err := p.make(seed)
	if err != nil {
		return Key{}, err
	}
	full := strings.Replace(v.src, fmt.Sprintf("run until=%dms\n", v.facts.qMS), "run\n", 1)
	s, err := runToEnd("predict-recovery", full)
	if err != nil {
		return Key{}, err
	}
	ans := map[string]string{"g0": strconv.FormatInt(v.cnt[0], 10), "g1": strconv.FormatInt(v.cnt[1], 10)}
	var parts []string
	for i, st := range v.states {
		ans[fmt.Sprintf("ep%d", i)] = st
		parts = append(parts, fmt.Sprintf("ep%d %s", i, st))
	}
	q := sim.Time(v.facts.qMS) * sim.Millisecond
	var flrs []string
	for k, e := range eventsOf(s, sim.EvFLRStarted) {
		rs := v.facts.resets[k]
		switch {
		case e.T > q:
			flrs = append(flrs, fmt.Sprintf("ep%d's reset, requested at %d ms, has not started by %d ms: the reset thread is busy until %s", e.EP, rs.atMS, v.facts.qMS, sim.FormatTime(e.T)))
		case e.T+recFLRMS*sim.Millisecond > q:
			flrs = append(flrs, fmt.Sprintf("ep%d's FLR starts at %s and is still running at %d ms", e.EP, sim.FormatTime(e.T), v.facts.qMS))
		default:
			flrs = append(flrs, fmt.Sprintf("ep%d's FLR runs from %s to %s and %s", e.EP, sim.FormatTime(e.T), sim.FormatTime(e.T+recFLRMS*sim.Millisecond), either(rs.ok, "succeeds", "fails")))
		}
	}
	when := "No reset is requested."
	if len(flrs) > 0 {
		when = strings.Join(flrs, "; ") + "."
	}
	return Key{
		Text: fmt.Sprintf("%s At %d ms: %s. recovery_cnt is %d for g0 (%s) and %d for g1 (%s): the devices of each group that are not BLOCKED_NO. "+
			"Silent endpoints are quarantined and blocked (BLOCKED_BROKEN) within a few ms; an FLR keeps its device blocked for %d ms (BLOCKED_RESETTING, or still BLOCKED_BROKEN if it was), then success gives BLOCKED_NO and failure BLOCKED_BROKEN.",
			when, v.facts.qMS, strings.Join(parts, ", "), v.cnt[0], epList(v.facts.groups[0]), v.cnt[1], epList(v.facts.groups[1]), recFLRMS),
		Answer:   ans,
		Fragment: fragmentAt(v.src, v.at, ""),
	}, nil
}

// eventsOf lists a run's events of one kind.
func eventsOf(s *sim.Sim, k sim.EventKind) []sim.Event {
	var out []sim.Event
	for n := int64(1); n <= s.N(); n++ {
		if e := s.Event(n); e.Kind == k {
			out = append(out, e)
		}
	}
	return out
}

// either is yes when cond holds, else no.
func either(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}
