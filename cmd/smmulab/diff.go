package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/smmuplay/smmuplay/internal/scnload"

	"github.com/smmuplay/smmuplay/lab/sidebyside"
	"github.com/smmuplay/smmuplay/sim"
)

func init() {
	register(command{"diff", "run a scenario under baseline and series side by side; print where they diverge", runDiff})
}

// runDiff: exit 0 when both runs completed, 1 when -check found an
// invariant violation in either, 2 for bad input.
func runDiff(args []string, e env) int {
	fs := newFlags("diff")
	var sf scnload.Flags
	sf.Register(fs, false)
	asJSON := fs.Bool("json", false, "print the result as JSON")
	check := fs.Bool("check", false, "check every invariant after every event in both runs")
	ticks := fs.Int("ticks", 0, "also print the shared timeline at N+1 evenly spaced times")
	if !parseFlags(fs, args, e, 0) {
		return 2
	}
	name, src, ov, err := sf.Source()
	if err != nil {
		fmt.Fprintf(e.stderr, "smmulab diff: %v\n", err)
		return 2
	}
	if *ticks < 0 || *ticks > 10000 {
		fmt.Fprintf(e.stderr, "smmulab diff: -ticks %d: want 0..10000\n", *ticks)
		return 2
	}
	seed, seedSet := sf.SeedValue()
	r, err := sidebyside.Run(sidebyside.Options{Name: name, Source: src, Overrides: ov, Seed: seed, SeedSet: seedSet, Check: *check})
	if err != nil {
		fmt.Fprintf(e.stderr, "smmulab diff: %v\n", err)
		return 2
	}
	var timeline []sidebyside.Point
	if *ticks > 0 {
		timeline = r.Ticks(*ticks)
	}
	if *asJSON {
		b, _ := json.Marshal(struct {
			*sidebyside.Result
			Timeline []sidebyside.Point `json:"timeline,omitempty"`
		}{r, timeline})
		fmt.Fprintf(e.stdout, "%s\n", b)
	} else {
		printDiff(e, r, timeline)
	}
	code := 0
	for i, s := range r.Sims {
		if v := s.Violations(); len(v) > 0 {
			fmt.Fprintf(e.stderr, "smmulab diff: %s run: event %d (%s): %s\n", sidebyside.Policies[i], v[0].N, v[0].T, v[0].Msg)
			code = 1
		}
	}
	return code
}

func printDiff(e env, r *sidebyside.Result, timeline []sidebyside.Point) {
	w := e.stdout
	fmt.Fprintf(w, "scenario %s, seed %d: baseline vs series\n", r.Scenario, r.Seed)
	d := r.Divergence
	if d == nil {
		fmt.Fprintf(w, "the runs are identical: %d events each\n", r.Panes[0].Events)
	} else {
		fmt.Fprintf(w, "first divergence: event %d at %s (%s differs); events 1..%d are identical\n", d.Event, sim.Time(d.TimeNS), d.Reason, d.Event-1)
		for i, run := range d.Runs {
			pol := sidebyside.Policies[i]
			if run.N == 0 {
				fmt.Fprintf(w, "  %-8s (run had ended)\n", pol)
				continue
			}
			fmt.Fprintf(w, "  %-8s #%d %s %s\n", pol, run.N, run.Kind, run.Text)
			for _, l := range run.Log {
				fmt.Fprintf(w, "  %-8s   log: %s\n", "", l)
			}
			if s := run.Sync; s != nil {
				fmt.Fprintf(w, "  %-8s   its CMD_SYNC at 0x%05x: written #%d, waiting #%d, error #%d (ERR %d), completed #%d, returned #%d (%d)\n",
					"", s.Pos, s.Written, s.Waiting, s.Error, s.CERROR, s.Completed, s.Returned, s.Ret)
			}
		}
	}
	fmt.Fprintf(w, "%-8s %8s %12s %12s %9s %11s %9s\n", "pane", "events", "end", "atc_timeouts", "cmd_syncs", "corrupt_dma", "log_lines")
	for _, p := range r.Panes {
		c := p.Final
		fmt.Fprintf(w, "%-8s %8d %12s %12d %9d %11d %9d\n", p.Policy, p.Events, sim.Time(p.EndNS), c.ATCTimeouts, c.CmdSyncs, c.CorruptDMA, c.LogLines)
	}
	for _, p := range r.Panes {
		q := strings.Join(p.Summary.Quarantined, ",")
		if q == "" {
			q = "none"
		}
		fmt.Fprintf(w, "%-8s quarantined: %s; core: %s\n", p.Policy, q, p.Core)
	}
	if len(timeline) > 0 {
		fmt.Fprintf(w, "%12s  %-34s  %s\n", "time", "baseline: event atc syncs corrupt log", "series: event atc syncs corrupt log")
		for _, p := range timeline {
			line := fmt.Sprintf("%12s", sim.Time(p.TimeNS))
			for i := range p.Event {
				c := p.Counts[i]
				line += fmt.Sprintf("  %15d %3d %5d %7d %3d", p.Event[i], c.ATCTimeouts, c.CmdSyncs, c.CorruptDMA, c.LogLines)
			}
			fmt.Fprintln(w, line)
		}
	}
}
