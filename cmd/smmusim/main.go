// Command smmusim runs an smmuplay scenario natively and prints the kernel
// log the simulated Linux prints, byte for byte.
//
//	smmusim [-scenario NAME|FILE] [-policy baseline|series] [-strategy per-device|halving]
//	        [-endpoints N] [-broken ep5,ep11] [-unmaps N] [-seed S] [-check] [-json]
//
// Exit status: 0 when the run ends with every expectation met and no
// invariant violated, 1 when an expectation failed or an invariant was
// violated, 2 for a bad flag or a scenario with errors.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/builtin"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type options struct {
	scenario  string
	policy    string
	strategy  string
	endpoints int
	broken    string
	unmaps    int
	seed      uint64
	seedSet   bool
	check     bool
	json      bool
	events    bool
	list      bool
}

// run is main without the process: tests call it.
func run(args []string, stdout, stderr io.Writer) int {
	var o options
	fs := flag.NewFlagSet("smmusim", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.scenario, "scenario", "default", "built-in scenario name or scenario file")
	fs.StringVar(&o.policy, "policy", "", "driver policy: baseline or series (default: the scenario's)")
	fs.StringVar(&o.strategy, "strategy", "", "series retry strategy: per-device or halving")
	fs.IntVar(&o.endpoints, "endpoints", 0, "number of endpoints (scenarios with an `endpoints N` line)")
	fs.StringVar(&o.broken, "broken", "", "comma-separated endpoints that never answer invalidations (\"-\" for none)")
	fs.IntVar(&o.unmaps, "unmaps", 0, "number of unmaps of the workload")
	seed := fs.String("seed", "", "seed (default: the scenario's, else 1)")
	fs.BoolVar(&o.check, "check", false, "check every invariant after every event")
	fs.BoolVar(&o.json, "json", false, "print a JSON summary as the last line")
	fs.BoolVar(&o.events, "events", false, "print every event, narrated, before the log")
	fs.BoolVar(&o.list, "list", false, "list the built-in scenarios")
	if err := fs.Parse(args); err != nil {
		fmt.Fprintf(stderr, "smmusim: %v\n", err)
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "smmusim: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if o.list {
		for _, n := range builtin.Names() {
			fmt.Fprintf(stdout, "%-18s %s\n", n, builtin.Title(n))
		}
		return 0
	}
	if *seed != "" {
		v, err := strconv.ParseUint(*seed, 0, 64)
		if err != nil {
			fmt.Fprintf(stderr, "smmusim: -seed %q: not an unsigned integer\n", *seed)
			return 2
		}
		o.seed, o.seedSet = v, true
	}
	// -policy and -strategy are checked by scenario.ParseWith, like text.
	if o.endpoints < 0 || o.unmaps < 0 {
		fmt.Fprintf(stderr, "smmusim: -endpoints and -unmaps must not be negative\n")
		return 2
	}
	sc, err := load(o)
	if err != nil {
		fmt.Fprintf(stderr, "smmusim: %v\n", err)
		return 2
	}
	s, err := sim.New(sc, sc.RunSeed(o.seed, o.seedSet))
	if err != nil {
		fmt.Fprintf(stderr, "smmusim: %v\n", err)
		return 2
	}
	s.SetChecks(o.check)
	if err := s.RunProgram(0); err != nil {
		fmt.Fprintf(stderr, "smmusim: %v\n", err)
		return 1
	}
	if o.events {
		for n := int64(1); n <= s.N(); n++ {
			e := s.Event(n)
			fmt.Fprintf(stdout, "#%d %s %s\n", n, e.T, s.Describe(e))
		}
	}
	io.WriteString(stdout, s.FormatLog(s.Log()))
	for _, sh := range s.Shows() {
		io.WriteString(stdout, sh.Text)
	}
	code := 0
	if v := s.Violations(); len(v) > 0 {
		fmt.Fprintf(stderr, "smmusim: event %d (%s): %s\nrepro: %s\n", v[0].N, v[0].T, v[0].Msg, repro(o, s.Seed()))
		code = 1
	}
	for _, r := range s.Results() {
		if !r.OK {
			fmt.Fprintf(stderr, "%s:%d: expect %s: got %s\n", r.Pos.File, r.Pos.Line, r.Text, r.Got)
			code = 1
		}
	}
	if o.json {
		b, _ := json.Marshal(s.Summary())
		fmt.Fprintf(stdout, "%s\n", b)
	}
	return code
}

// load finds the scenario (built-in name or file) and applies the flags.
func load(o options) (*scenario.Scenario, error) {
	src, ok := builtin.Source(o.scenario)
	name := o.scenario
	if !ok {
		b, err := os.ReadFile(o.scenario)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil, fmt.Errorf("-scenario %q: no built-in scenario or file of that name (built-ins: %s)", o.scenario, strings.Join(builtin.Names(), ", "))
			}
			return nil, fmt.Errorf("-scenario: %v", err)
		}
		src = b
	}
	ov := scenario.Overrides{Endpoints: o.endpoints, Unmaps: o.unmaps, Policy: o.policy, Strategy: o.strategy}
	switch o.broken {
	case "":
	case "-":
		ov.Broken = []string{}
	default:
		ov.Broken = strings.Split(o.broken, ",")
	}
	return scenario.ParseWith(name, src, ov)
}

// repro is the one-line command that reproduces this run.
func repro(o options, seed uint64) string {
	var b strings.Builder
	b.WriteString("go run ./cmd/smmusim -check")
	fmt.Fprintf(&b, " -scenario %s -seed %d", o.scenario, seed)
	if o.policy != "" {
		b.WriteString(" -policy " + o.policy)
	}
	if o.strategy != "" {
		b.WriteString(" -strategy " + o.strategy)
	}
	if o.endpoints > 0 {
		fmt.Fprintf(&b, " -endpoints %d", o.endpoints)
	}
	if o.broken != "" {
		b.WriteString(" -broken " + o.broken)
	}
	if o.unmaps > 0 {
		fmt.Fprintf(&b, " -unmaps %d", o.unmaps)
	}
	return b.String()
}
