package sim

import (
	"fmt"

	"github.com/smmuplay/smmuplay/sim/scenario"
)

// Choice points: the race explorer's handle on concurrency.
//
// The agenda runs actions in (time, insertion sequence) order, which fixes
// one interleaving of parties that in the kernel run concurrently: the
// software threads (issuer, kworker, reset, attach), the GERROR interrupt
// handler and each endpoint's broken-device work item. With Options.Race a
// run stops at every pop where the earliest action belongs to one of those
// racing parties and another racing party has an action that could run
// instead:
//
//   - at the same instant, or
//   - within Options.Window after it, when that action is a latency the
//     model fixes but the kernel does not (a thread continuing after a
//     step, a lock or a CMD_SYNC; the workqueue dispatching a work item;
//     the GERROR interrupt arriving). Choosing it pulls it forward: it runs
//     now, as if that party had been faster. Poll budgets are timers and
//     are never pulled; they race only at the same instant.
//
// Hardware (the SMMU consumer, the link, the endpoints, DMA, FLR) is never a
// party: its latencies stay fixed, so an ordering only reorders software.
//
// The alternatives at a choice point are the racing parties' earliest live
// actions in (time, sequence) order; alternative 0 is the agenda's own
// choice. Options.Choices gives the alternative taken at each choice point
// in turn; missing entries (and entries beyond the alternatives there) mean
// 0, so a run with no choices is exactly the run New makes. Choices are
// part of the run, like injected actions: GoTo and re-simulation take them
// again.

// Options change how NewWith builds a run. The zero value is New.
type Options struct {
	// Race turns choice points on (implied by a non-empty Choices): the
	// run records them (ChoicePoints) and takes Choices at them.
	Race bool
	// Choices is the alternative taken at each choice point, in the order
	// the run meets them, each 0..MaxAlternatives-1 (0 = the default order).
	Choices []int
	// Window is how far ahead an action may be pulled (0: DefaultWindow).
	Window Time
}

// DefaultWindow is the choice window when Options.Window is 0: twenty
// software steps (swStep), one GERROR interrupt latency at its default.
const DefaultWindow = 2 * Microsecond

// MaxAlternatives bounds the alternatives of one choice point (a choice
// is one byte in a URL).
const MaxAlternatives = 256

// MaxChoices bounds len(Options.Choices).
const MaxChoices = 4096

// ChoicePoint is one place where the run chose among racing parties.
type ChoicePoint struct {
	N      int64 // the event the chosen action produced (or would have: N-1 events ran before)
	T      Time  // when it was met (the earliest alternative's time)
	Alts   []Alt // the alternatives, the default order first
	Chosen int   // the alternative taken
}

// Alt is one alternative of a choice point: a racing party's next action.
type Alt struct {
	Party string // issuer, kworker, reset, attach, isr, or "work EP"
	What  string // step, timeout, irq or work
	At    Time   // when the agenda had it
}

// raceConfig is the immutable part of Options a machine follows. It is
// shared by the machine and its checkpoints.
type raceConfig struct {
	choices []int
	window  Time
}

// NewWith builds a simulation of sc like New, with options.
func NewWith(sc *scenario.Scenario, seed uint64, o Options) (*Sim, error) {
	if o.Window < 0 {
		return nil, fmt.Errorf("sim: choice window %v is negative", o.Window)
	}
	if len(o.Choices) > MaxChoices {
		return nil, fmt.Errorf("sim: %d choices; at most %d", len(o.Choices), MaxChoices)
	}
	for i, c := range o.Choices {
		if c < 0 || c >= MaxAlternatives {
			return nil, fmt.Errorf("sim: choice %d is %d; want 0..%d", i, c, MaxAlternatives-1)
		}
	}
	s, err := New(sc, seed)
	if err != nil || !o.Race && len(o.Choices) == 0 {
		return s, err
	}
	rc := &raceConfig{choices: append([]int(nil), o.Choices...), window: o.Window}
	if rc.window == 0 {
		rc.window = DefaultWindow
	}
	s.m.prog.race = rc
	s.ckpts[0].prog.race = rc
	return s, nil
}

// ChoicePoints returns the choice points met so far (empty unless the Sim
// was made with Options.Race or Choices). After GoTo it is those met up to
// that event.
func (s *Sim) ChoicePoints() []ChoicePoint { return s.points[:min(s.m.prog.choice, len(s.points))] }

// Racing reports whether choice points are on.
func (s *Sim) Racing() bool { return s.m.prog.race != nil }

// Racing parties: the threads by index, then the ISR, then one work item
// per endpoint.
const (
	partyISR  = numThreads
	partyWork = numThreads + 1
)

// party returns the racing party of an action, or -1 for hardware.
func party(a *action) int32 {
	switch a.kind {
	case actThread, actThreadTimeout:
		return a.a
	case actGerrorIRQ:
		return partyISR
	case actWork:
		return partyWork + a.a
	}
	return -1
}

// live says whether a racing action would do something now (a stale
// thread wake or a poll timer that would only re-arm does not).
func (m *machine) live(a *action) bool {
	switch a.kind {
	case actThread:
		return m.threads[a.a].gen == a.c
	case actThreadTimeout:
		t := &m.threads[a.a]
		return (t.wait == waitSync || t.wait == waitSpace) && t.deadline <= a.at
	}
	return true
}

// cand is a candidate alternative: an action's heap index and party.
type cand struct {
	i     int
	party int32
}

// popNext removes the action the machine runs next: the agenda's
// earliest, or at a choice point the one Choices names.
func (m *machine) popNext() action {
	rc := m.prog.race
	if rc == nil {
		return m.ag.pop()
	}
	top := m.ag.peek()
	p := party(top)
	if p < 0 || !m.live(top) {
		return m.ag.pop()
	}
	var buf [8]cand
	cs := append(buf[:0], cand{i: 0, party: p})
	cs = m.gather(cs, 0, top.at, top.at+rc.window)
	if len(cs) < 2 {
		return m.ag.pop()
	}
	h := m.ag.h
	// Insertion sort by (time, sequence): the agenda's order among the
	// parties' earliest actions. The top stays first.
	for j := 2; j < len(cs); j++ {
		for k := j; k > 1 && h[cs[k].i].before(&h[cs[k-1].i]); k-- {
			cs[k], cs[k-1] = cs[k-1], cs[k]
		}
	}
	if len(cs) > MaxAlternatives {
		cs = cs[:MaxAlternatives]
	}
	idx := m.prog.choice
	m.prog.choice++
	c := 0
	if idx < len(rc.choices) && rc.choices[idx] < len(cs) {
		c = rc.choices[idx]
	}
	t0 := top.at
	if o := m.out; o != nil && idx >= o.knownPoints {
		alts := make([]Alt, len(cs))
		for j, x := range cs {
			alts[j] = m.describeAlt(&h[x.i])
		}
		o.points = append(o.points, ChoicePoint{N: m.n + 1, T: t0, Alts: alts, Chosen: c})
	}
	if c == 0 {
		return m.ag.pop()
	}
	a := m.ag.removeAt(cs[c].i)
	a.at = t0 // pulled forward: that party was faster
	return a
}

// gather adds to cs the earliest eligible action of every racing party
// other than those already in cs, searching the heap below node i (whose
// children are 4i+1..4i+4) and skipping subtrees that start after limit.
func (m *machine) gather(cs []cand, i int, t0, limit Time) []cand {
	h := m.ag.h
	for c := 4*i + 1; c <= 4*i+4 && c < len(h); c++ {
		a := &h[c]
		if a.at > limit {
			continue // the heap property: its subtree is later still
		}
		if p := party(a); p >= 0 && (a.at == t0 || a.kind != actThreadTimeout) && m.live(a) {
			found := false
			for k := range cs {
				if cs[k].party == p {
					found = true
					if k > 0 && a.before(&h[cs[k].i]) {
						cs[k].i = c
					}
					break
				}
			}
			if !found {
				cs = append(cs, cand{i: c, party: p})
			}
		}
		cs = m.gather(cs, c, t0, limit)
	}
	return cs
}

func (m *machine) describeAlt(a *action) Alt {
	x := Alt{At: a.at}
	switch a.kind {
	case actThread:
		x.Party, x.What = threadNames[a.a], "step"
	case actThreadTimeout:
		x.Party, x.What = threadNames[a.a], "timeout"
	case actGerrorIRQ:
		x.Party, x.What = "isr", "irq"
	case actWork:
		x.Party, x.What = "work "+m.cfg.epName(a.a), "work"
	}
	return x
}
