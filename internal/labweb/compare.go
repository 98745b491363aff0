package labweb

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/smmuplay/smmuplay/lab/sidebyside"
	"github.com/smmuplay/smmuplay/play"
	"github.com/smmuplay/smmuplay/sim/builtin"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// CompareSpec is compare()'s argument: what the side by side runs.
type CompareSpec struct {
	Scenario  string `json:"scenario"` // built-in name ("default" when neither is given)
	Source    string `json:"source"`   // scenario text instead
	Seed      Seed   `json:"seed"`
	Strategy  string `json:"strategy"`  // the series pane's strategy
	Endpoints int    `json:"endpoints"` // 0 keeps the scenario's
	Broken    string `json:"broken"`    // "ep1,ep5"
	Ticks     int    `json:"ticks"`     // timeline samples (0: 200)
}

// Limits of compare().
const (
	DefaultTicks = 200
	MaxTicks     = 2000
	// MaxCompareEvents bounds each of the two runs on a page.
	MaxCompareEvents = 2_000_000
)

// Comparison is a side by side the page steps through: the lab result and
// the shared position.
type Comparison struct {
	R      *sidebyside.Result
	Params [2]play.Params // each pane's run, for the playground embeds
	pos    View
}

// CompareResult is compare()'s value: the lab result with the timeline.
type CompareResult struct {
	*sidebyside.Result
	EndNS int64              `json:"end_ns"`
	Ticks []sidebyside.Point `json:"ticks"`
	// Fragments are the panes' playground fragments (baseline, series):
	// embed.html#<fragment> shows that run.
	Fragments [2]string `json:"fragments"`
	// Fragment is the compare page's own fragment for this run.
	Fragment string `json:"fragment"`
	Start    View   `json:"start"`
}

// View is the shared position: the simulated time and each pane's event
// at it, with the pane's running counts.
type View struct {
	TimeNS  int64                `json:"time_ns"`
	Event   [2]int64             `json:"event"`    // 0 = before the first event
	EventNS [2]int64             `json:"event_ns"` // the time of each pane's event (0 at the start)
	Counts  [2]sidebyside.Counts `json:"counts"`
	AtStart bool                 `json:"at_start"`
	AtEnd   bool                 `json:"at_end"`
	// Diverged: some pane stands at or past the divergence event.
	Diverged bool `json:"diverged"`
}

// params validates spec the way a playground URL is validated (the same
// keys, the same messages).
func (spec CompareSpec) params() (play.Params, error) {
	q := url.Values{}
	if spec.Source != "" {
		if len(spec.Source) > play.MaxSource {
			return play.Params{}, fmt.Errorf("scenario text is %d bytes; at most %d", len(spec.Source), play.MaxSource)
		}
	} else if spec.Scenario != "" {
		q.Set("scenario", spec.Scenario)
	}
	if spec.Seed.Set {
		q.Set("seed", strconv.FormatUint(spec.Seed.V, 10))
	}
	if spec.Strategy != "" {
		q.Set("strategy", spec.Strategy)
	}
	if spec.Endpoints != 0 {
		q.Set("endpoints", strconv.Itoa(spec.Endpoints))
	}
	if spec.Broken != "" {
		q.Set("broken", spec.Broken)
	}
	p, err := play.ParseFragment(q.Encode())
	if err != nil {
		return p, fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "URL fragment: "))
	}
	p.Source = spec.Source
	return p, nil
}

// Compare runs the side by side spec asks for.
func Compare(spec CompareSpec) (*Comparison, *CompareResult, error) {
	p, err := spec.params()
	if err != nil {
		return nil, nil, err
	}
	if spec.Ticks < 0 || spec.Ticks > MaxTicks {
		return nil, nil, fmt.Errorf("ticks %d: want 0..%d", spec.Ticks, MaxTicks)
	}
	ticks := spec.Ticks
	if ticks == 0 {
		ticks = DefaultTicks
	}
	name, src := p.Scenario, []byte(p.Source)
	if p.Source == "" {
		if name == "" {
			name = "default"
		}
		s, ok := builtin.Source(name)
		if !ok {
			return nil, nil, fmt.Errorf("unknown scenario %q (built-ins: %s)", name, strings.Join(builtin.Names(), ", "))
		}
		src = s
	} else {
		name = "custom.scn"
	}
	r, err := sidebyside.Run(sidebyside.Options{
		Name: name, Source: src, Seed: p.Seed, SeedSet: p.HasSeed, MaxEvents: MaxCompareEvents,
		Overrides: scenario.Overrides{Endpoints: p.Endpoints, Broken: p.Broken, Strategy: p.Strategy},
	})
	if err != nil {
		return nil, nil, err
	}
	c := &Comparison{R: r}
	for i, pol := range sidebyside.Policies {
		q := p
		q.Seed, q.HasSeed = r.Seed, true
		q.Policy = pol
		if pol != "series" {
			q.Strategy = ""
		}
		c.Params[i] = q
	}
	page := p
	page.Seed, page.HasSeed = r.Seed, true
	c.pos = c.viewOf(0, [2]int64{})
	res := &CompareResult{Result: r, EndNS: r.EndNS(), Ticks: r.Ticks(ticks), Fragment: page.Fragment(), Start: c.pos}
	for i := range c.Params {
		res.Fragments[i] = c.Params[i].Fragment()
	}
	return c, res, nil
}

// eventNS is the time of pane i's event n (0 for n = 0).
func (c *Comparison) eventNS(i int, n int64) int64 {
	if n <= 0 {
		return 0
	}
	return int64(c.R.Sims[i].Event(n).T)
}

func (c *Comparison) viewOf(t int64, ev [2]int64) View {
	v := View{TimeNS: t, Event: ev, AtStart: true, AtEnd: true}
	for i, s := range c.R.Sims {
		v.EventNS[i] = c.eventNS(i, ev[i])
		v.Counts[i] = c.R.CountsAt(i, ev[i])
		v.AtStart = v.AtStart && ev[i] == 0
		v.AtEnd = v.AtEnd && ev[i] >= s.N()
		if d := c.R.Divergence; d != nil && ev[i] >= d.Event {
			v.Diverged = true
		}
	}
	return v
}

// Pos is the current position.
func (c *Comparison) Pos() View { return c.pos }

// At moves both panes to simulated time t: each to its last event at or
// before t.
func (c *Comparison) At(t int64) View {
	t = max(0, min(t, c.R.EndNS()))
	p := c.R.At(t)
	c.pos = c.viewOf(t, p.Event)
	return c.pos
}

// Events moves the panes to events a (baseline) and b (series), each
// clamped to its run; the shared time is the later of the two events'.
func (c *Comparison) Events(a, b int64) View {
	ev := [2]int64{a, b}
	for i, s := range c.R.Sims {
		ev[i] = max(0, min(ev[i], s.N()))
	}
	c.pos = c.viewOf(max(c.eventNS(0, ev[0]), c.eventNS(1, ev[1])), ev)
	return c.pos
}

// Divergence moves both panes to the first event where they differ
// (false when the runs are identical).
func (c *Comparison) Divergence() (View, bool) {
	d := c.R.Divergence
	if d == nil {
		return c.pos, false
	}
	return c.Events(d.Event, d.Event), true
}

// Step moves one step along the merged timeline: forward (dir > 0), every
// pane whose next event is the earliest next event moves one event; back,
// every pane whose event is the latest moves back one.
func (c *Comparison) Step(dir int) View {
	ev := c.pos.Event
	if dir > 0 {
		next := int64(-1)
		for i, s := range c.R.Sims {
			if ev[i] < s.N() {
				if t := c.eventNS(i, ev[i]+1); next < 0 || t < next {
					next = t
				}
			}
		}
		if next < 0 {
			return c.pos
		}
		for i, s := range c.R.Sims {
			if ev[i] < s.N() && c.eventNS(i, ev[i]+1) == next {
				ev[i]++
			}
		}
		c.pos = c.viewOf(next, ev)
		return c.pos
	}
	last := int64(-1)
	for i := range c.R.Sims {
		if ev[i] > 0 {
			last = max(last, c.eventNS(i, ev[i]))
		}
	}
	if last < 0 {
		return c.pos
	}
	for i := range c.R.Sims {
		if ev[i] > 0 && c.eventNS(i, ev[i]) == last {
			ev[i]--
		}
	}
	c.pos = c.viewOf(max(c.eventNS(0, ev[0]), c.eventNS(1, ev[1])), ev)
	return c.pos
}
