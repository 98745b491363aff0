package play

import (
	"errors"
	"fmt"
	"strings"

	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/builtin"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// Session is one run the page shows: the Params it came from, the
// simulation, and the faults injected along the way. Every method that
// fails leaves the session as it was, so a bad request never loses the
// visitor's run.
type Session struct {
	p      Params // as loaded; N and Faults are kept current by the methods
	s      *sim.Sim
	faults []Fault
}

// Limits on one request, so a page cannot hang the tab by asking for a
// billion events at once.
const (
	MaxStep   = 5_000_000  // events per Step call
	MaxFinish = 20_000_000 // events Finish runs before giving up
)

// Open builds the run p describes (taking p.Order's choices) and moves to
// p.N, replaying p.Faults.
func Open(p Params) (*Session, error) {
	sc, err := Scenario(p)
	if err != nil {
		return nil, err
	}
	seed := sc.RunSeed(p.Seed, p.HasSeed)
	// An order (the race explorer's choice vector) takes those choices at
	// the run's choice points; without one the run is sim.New's.
	s, err := sim.NewWith(sc, seed, sim.Options{Race: len(p.Order) > 0, Choices: p.Order})
	if err != nil {
		return nil, err
	}
	x := &Session{p: p, s: s}
	x.p.Faults, x.p.N = nil, 0
	for _, f := range p.Faults {
		if err := x.s.GoTo(f.At); err != nil {
			return nil, fmt.Errorf("fault %d:%s:%s: %v", f.At, f.EP, f.Kind, err)
		}
		if err := x.inject(f.EP, f.Kind); err != nil {
			return nil, err
		}
		x.faults = append(x.faults, f)
	}
	if err := x.s.GoTo(p.N); err != nil {
		return nil, fmt.Errorf("n=%d: %v", p.N, err)
	}
	if p.Select != "" {
		if _, err := x.Target(p.Select); err != nil {
			return nil, fmt.Errorf("sel=%s: %v", p.Select, err)
		}
	}
	return x, nil
}

// Scenario parses the scenario p names, with p's overrides applied.
func Scenario(p Params) (*scenario.Scenario, error) {
	name, src := p.Scenario, p.Source
	if src == "" {
		if name == "" {
			name = "default"
		}
		s, ok := builtin.Source(name)
		if !ok {
			return nil, fmt.Errorf("unknown scenario %q (built-ins: %s)", name, strings.Join(builtin.Names(), ", "))
		}
		src = string(s)
	} else if name == "" {
		name = "custom.scn"
	}
	return scenario.ParseWith(name, []byte(src), scenario.Overrides{
		Endpoints: p.Endpoints, Broken: p.Broken, Policy: p.Policy, Strategy: p.Strategy,
	})
}

// Sim is the simulation; callers that step it directly (the Ebiten
// layer while playing) keep the session current because N is read from it.
func (x *Session) Sim() *sim.Sim { return x.s }

// Params describes the session as it stands: loading it gives the same
// state.
func (x *Session) Params() Params {
	p := x.p
	p.N = x.s.N()
	p.Faults = append([]Fault(nil), x.faults...)
	return p
}

// Fragment is Params().Fragment().
func (x *Session) Fragment() string { return x.Params().Fragment() }

// SetView changes how the page shows the run.
func (x *Session) SetView(v View) { x.p.View = v }

// Step executes up to n events and returns how many ran (fewer when the
// run ends).
func (x *Session) Step(n int64) (int64, error) {
	if n < 1 || n > MaxStep {
		return 0, fmt.Errorf("n=%d: want 1 to %d events", n, MaxStep)
	}
	var done int64
	for done < n && x.s.Step() {
		done++
	}
	return done, nil
}

// Back moves n events back (to the start at most) and returns how many.
func (x *Session) Back(n int64) (int64, error) {
	if n < 1 || n > MaxN {
		return 0, fmt.Errorf("n=%d: want 1 to %d events", n, MaxN)
	}
	to := max(x.s.N()-n, 0)
	moved := x.s.N() - to
	return moved, x.s.GoTo(to)
}

// GoTo stands after event n.
func (x *Session) GoTo(n int64) error {
	if n < 0 || n > MaxN {
		return fmt.Errorf("event %d: want 0 to %d", n, MaxN)
	}
	cur := x.s.N()
	if err := x.s.GoTo(n); err != nil {
		_ = x.s.GoTo(cur) // back where we were: cur was reachable
		return err
	}
	return nil
}

// Finish runs the scenario's program to its end, as the CLI does.
func (x *Session) Finish() error {
	return x.s.RunProgram(MaxFinish)
}

// Fault presses a fault button for endpoint ep now. After a step back it
// forks the run: later faults are forgotten with the old future.
func (x *Session) Fault(ep, kind string) error {
	n := x.s.N()
	if err := x.inject(ep, kind); err != nil {
		return err
	}
	k := len(x.faults)
	for k > 0 && x.faults[k-1].At >= n {
		k--
	}
	x.faults = append(x.faults[:k], Fault{At: n, EP: ep, Kind: kind})
	return nil
}

func (x *Session) inject(ep, kind string) error {
	st := scenario.Step{Target: ep}
	switch kind {
	case "silent":
		st.Kind, st.Behavior = scenario.StepBehave, scenario.Unresponsive
	case "slow":
		st.Kind, st.Behavior = scenario.StepBehave, scenario.Slow
	case "healthy":
		st.Kind, st.Behavior = scenario.StepBehave, scenario.Healthy
	case "flr-ok", "flr-fail":
		st.Kind, st.HasFLROK, st.FLROK = scenario.StepFLR, true, kind == "flr-ok"
	default:
		return fmt.Errorf("fault %q: want one of %s", kind, strings.Join(FaultKinds, ", "))
	}
	if !x.hasEndpoint(ep) {
		return fmt.Errorf("fault %s: no endpoint %q in this scenario", kind, ep)
	}
	if err := x.s.Inject(st); err != nil {
		return errors.New(strings.TrimPrefix(err.Error(), "sim: "))
	}
	return nil
}

func (x *Session) hasEndpoint(name string) bool {
	for _, e := range x.s.Scenario().Endpoints {
		if e.Name == name {
			return true
		}
	}
	return false
}

// LogLines returns the kernel log up to the current event from line
// `from` on, one dmesg line each, exactly as the CLI prints them. Only
// those lines are formatted: a page that shows the log asks for the new
// ones after every move.
func (x *Session) LogLines(from int) ([]string, error) {
	log := x.s.Log()
	if from < 0 || from > len(log) {
		return nil, fmt.Errorf("from=%d: the log has %d lines", from, len(log))
	}
	text := x.s.FormatLog(log[from:])
	if text == "" {
		return []string{}, nil
	}
	return strings.Split(strings.TrimSuffix(text, "\n"), "\n"), nil
}

// Narration describes event n in one sentence ("" for event 0).
func (x *Session) Narration(n int64) string {
	if n < 1 || n > x.s.Recorded() {
		return ""
	}
	return x.s.Describe(x.s.Event(n))
}
