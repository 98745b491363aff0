package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"github.com/smmuplay/smmuplay/internal/scnload"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/smmuplay/smmuplay/lab/race"
	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/builtin"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

func init() {
	register(command{"race", "explore the orderings of racing parties; exit 1 if one breaks an invariant", func(args []string, e env) int { return raceMain(args, e.stdout, e.stderr) }})
}

// raceMain is `smmulab race`: run the race explorer over one or all race
// scenarios under one or all rule sets, or replay one ordering (-order).
// Exit status: 0 no violation, 1 an ordering broke an invariant, 2 bad input.
func raceMain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("smmulab race", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	scn := fs.String("scenario", "all", "race scenario (built-in name or file), or all: "+strings.Join(race.Scenarios(), ", "))
	rules := fs.String("rules", race.RulesV4, "rules: "+strings.Join(race.AllRules, ", ")+", or all")
	seedS := fs.String("seed", "", "seed (default: the scenario's, else 1)")
	dev := fs.Int("deviations", race.DefaultDeviations, "most non-default choices in one ordering")
	horizon := fs.Int("horizon", race.DefaultHorizon, "only the first N choice points of a run may deviate")
	runs := fs.Int("runs", race.DefaultRuns, "most orderings run per scenario and rules")
	windowS := fs.String("window", sim.DefaultWindow.String(), "choice window: how far ahead a racing party's next step may be pulled (e.g. 2us)")
	orderS := fs.String("order", "", "replay one ordering (a choice vector such as 0.2.1; \"-\" for the default order) instead of exploring")
	events := fs.Bool("events", false, "with -order: print the run's events")
	asJSON := fs.Bool("json", false, "print the reports (or, with -order, the outcome) as JSON")
	verbose := fs.Bool("v", false, "list every ordering's outcome")
	bad := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "smmulab race: "+format+"\n", a...)
		return 2
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stderr)
			fs.PrintDefaults()
		}
		return bad("%v", err)
	}
	if fs.NArg() > 0 {
		return bad("unexpected argument %q", fs.Arg(0))
	}
	window, err := positiveDuration(*windowS, 1e9)
	if err != nil {
		return bad("-window %v", err)
	}
	if *dev < 0 || *dev > 8 {
		return bad("-deviations %d: want 0..8", *dev)
	}
	if *horizon < 1 || *horizon > sim.MaxChoices {
		return bad("-horizon %d: want 1..%d", *horizon, sim.MaxChoices)
	}
	if *runs < 1 || *runs > 10_000_000 {
		return bad("-runs %d: want 1..10000000", *runs)
	}
	b := race.Bound{Deviations: *dev, Horizon: *horizon, Runs: *runs, Window: sim.Time(window)}
	if *dev == 0 {
		b.Deviations = -1 // race.Bound: 0 takes the default, negative means none
	}
	names := race.Scenarios()
	if *scn != "all" {
		names = []string{*scn}
	}
	rulesList := race.AllRules
	if *rules != "all" {
		rulesList = []string{*rules}
	}
	var seed uint64
	seedSet := *seedS != ""
	if seedSet {
		if seed, err = strconv.ParseUint(*seedS, 0, 64); err != nil {
			return bad("-seed %q: not an unsigned integer", *seedS)
		}
	}
	// Parse everything first: bad input is reported before any run.
	type job struct {
		name string
		sc   *scenario.Scenario
		seed uint64
	}
	var jobs []job
	for _, name := range names {
		src, ok := builtin.Source(name)
		if !ok {
			if src, err = scnload.ReadFile(name); err != nil {
				if errors.Is(err, os.ErrNotExist) {
					return bad("-scenario %q: no built-in scenario or file of that name (race scenarios: %s)", name, strings.Join(race.Scenarios(), ", "))
				}
				return bad("-scenario: %v", err)
			}
		}
		sc, err := scenario.Parse(name, src)
		if err != nil {
			return bad("%v", err)
		}
		if sc.Policy.Name != "series" {
			return bad("-scenario %s: policy %s; the explorer's rules are the series' (policy series)", name, sc.Policy.Name)
		}
		for _, r := range rulesList {
			x, err := race.WithRules(sc, r)
			if err != nil {
				return bad("-rules: %v", err)
			}
			jobs = append(jobs, job{name, x, sc.RunSeed(seed, seedSet)})
		}
	}
	if *orderS != "" {
		if len(jobs) != 1 {
			return bad("-order replays one ordering: give one -scenario and one -rules")
		}
		order, err := parseOrder(*orderS)
		if err != nil {
			return bad("-order %v", err)
		}
		return replayOrder(jobs[0].sc, jobs[0].seed, order, b, *events, *asJSON, stdout, stderr)
	}
	code := 0
	var reps []race.Report
	for _, j := range jobs {
		rep, err := race.Explore(j.sc, j.seed, b)
		if err != nil {
			return bad("%s: %v", j.name, err)
		}
		if rep.Violations > 0 {
			code = 1
		}
		if *asJSON {
			reps = append(reps, rep)
			continue
		}
		printReport(stdout, rep, *verbose)
	}
	if *asJSON {
		out, _ := json.MarshalIndent(struct {
			Reports []race.Report `json:"reports"`
		}{reps}, "", "  ")
		fmt.Fprintf(stdout, "%s\n", out)
	}
	if code != 0 {
		fmt.Fprintln(stderr, "smmulab race: an ordering broke an invariant")
	}
	return code
}

func printReport(w io.Writer, rep race.Report, verbose bool) {
	fmt.Fprintf(w, "%s (%s), seed %d, rules %s\n", rep.Scenario, rep.Title, rep.Seed, rep.Rules)
	complete := "complete"
	if !rep.Complete {
		complete = "INCOMPLETE: the -runs cap stopped it"
	}
	fmt.Fprintf(w, "  bound: %d deviations, horizon %d, window %v; %d orderings run (%s); %d choice points in the default order\n",
		max(rep.Bound.Deviations, 0), rep.Bound.Horizon, rep.Bound.Window, rep.Runs, complete, rep.Points)
	var cls []string
	for _, c := range rep.Classes {
		cls = append(cls, fmt.Sprintf("%s %d", c.Class, c.N))
	}
	fmt.Fprintf(w, "  outcomes: %s\n", strings.Join(cls, ", "))
	if s := rep.Shortest; s != nil {
		fmt.Fprintf(w, "  shortest violating ordering: order=%s (%d non-default choices)\n", orderText(s.Key), s.Deviations)
		printOutcome(w, "    ", *s)
		fmt.Fprintf(w, "    replay: smmulab race -scenario %s -rules %s -order %s -events\n", rep.Scenario, rulesArg(rep.Rules), orderText(s.Key))
	} else {
		fmt.Fprintf(w, "  no ordering within the bound breaks an invariant\n")
	}
	if verbose {
		for _, o := range rep.Outcomes {
			line := fmt.Sprintf("    %-14s %-13s %s", orderText(o.Key), o.Class, o.End)
			if o.Violation != nil {
				line += fmt.Sprintf("  [invariant %d at event %d]", o.Violation.Invariant, o.Violation.Event)
			}
			fmt.Fprintln(w, line)
		}
	}
}

func printOutcome(w io.Writer, ind string, o race.Outcome) {
	for _, s := range o.Swaps {
		fmt.Fprintf(w, "%s%s\n", ind, s)
	}
	if v := o.Violation; v != nil {
		fmt.Fprintf(w, "%sevent %d at %v: %s\n", ind, v.Event, v.Time, v.What)
		fmt.Fprintf(w, "%s%s\n", ind, v.Message)
	}
	fmt.Fprintf(w, "%send: %s (%d events, %d choice points)\n", ind, o.End, o.Events, o.Points)
}

// replayOrder runs one ordering and prints its outcome.
func replayOrder(sc *scenario.Scenario, seed uint64, order []int, b race.Bound, events, asJSON bool, stdout, stderr io.Writer) int {
	o, pts, err := race.Run(sc, seed, order, b)
	if err != nil {
		fmt.Fprintf(stderr, "smmulab race: %v\n", err)
		return 2
	}
	if asJSON {
		out, _ := json.MarshalIndent(struct {
			race.Outcome
			ChoicePoints []sim.ChoicePoint `json:"choice_points"`
		}{o, pts}, "", "  ")
		fmt.Fprintf(stdout, "%s\n", out)
	} else {
		fmt.Fprintf(stdout, "%s, seed %d, rules %s, order=%s: %s\n", sc.File, seed, race.Rules(sc), orderText(o.Key), o.Class)
		printOutcome(stdout, "  ", o)
		for i, p := range pts {
			var alts []string
			for j, a := range p.Alts {
				mark := " "
				if j == p.Chosen {
					mark = "*"
				}
				alts = append(alts, fmt.Sprintf("%s%d %s %s @%dns", mark, j, a.Party, a.What, int64(a.At)))
			}
			fmt.Fprintf(stdout, "  choice %d before event %d: %s\n", i, p.N, strings.Join(alts, " | "))
		}
		if events {
			s, err := sim.NewWith(sc, seed, sim.Options{Choices: order, Window: b.Window})
			if err == nil {
				s.RunProgram(b.Events)
				for n := int64(1); n <= s.N(); n++ {
					e := s.Event(n)
					fmt.Fprintf(stdout, "%5d %12s %s\n", n, e.T, s.Describe(e))
				}
			}
		}
	}
	if o.Class == race.ClassViolation {
		return 1
	}
	return 0
}

func orderText(key string) string {
	if key == "" {
		return "-"
	}
	return key
}

// rulesArg turns a report's rules back into a -rules value.
func rulesArg(r string) string {
	if strings.Contains(r, " ") {
		return "all"
	}
	return r
}

// parseOrder reads "0.2.1" (or "-" for the default order).
func parseOrder(s string) ([]int, error) {
	if s == "-" {
		return nil, nil
	}
	parts := strings.Split(s, ".")
	if len(parts) > sim.MaxChoices {
		return nil, fmt.Errorf("%d choices; at most %d", len(parts), sim.MaxChoices)
	}
	out := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n >= sim.MaxAlternatives {
			return nil, fmt.Errorf("%q: choice %d is %q; want dot-separated numbers 0..%d", s, i, p, sim.MaxAlternatives-1)
		}
		out[i] = n
	}
	return out, nil
}
