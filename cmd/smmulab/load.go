package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/smmuplay/smmuplay/sim/builtin"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// scenarioFlags are the flags shared by subcommands that run a scenario,
// spelled as smmusim spells them.
type scenarioFlags struct {
	scenario  string
	policy    string
	strategy  string
	endpoints int
	broken    string
	unmaps    int
	seed      string
}

func (f *scenarioFlags) add(fs *flag.FlagSet, withPolicy bool) {
	fs.StringVar(&f.scenario, "scenario", "default", "built-in scenario name or scenario file")
	if withPolicy {
		fs.StringVar(&f.policy, "policy", "", "driver policy: baseline or series (default: the scenario's)")
	}
	fs.StringVar(&f.strategy, "strategy", "", "series retry strategy: per-device or halving")
	fs.IntVar(&f.endpoints, "endpoints", 0, "number of endpoints (scenarios with an `endpoints N` line)")
	fs.StringVar(&f.broken, "broken", "", "comma-separated endpoints that never answer invalidations (\"-\" for none)")
	fs.IntVar(&f.unmaps, "unmaps", 0, "number of unmaps of the workload")
	fs.StringVar(&f.seed, "seed", "", "seed (default: the scenario's, else 1)")
}

// load returns the scenario's name, text and overrides after checking the flags.
func (f *scenarioFlags) load() (name string, src []byte, ov scenario.Overrides, err error) {
	// -policy and -strategy are checked by scenario.ParseWith, like text.
	if f.endpoints < 0 || f.unmaps < 0 {
		return "", nil, ov, errors.New("-endpoints and -unmaps must not be negative")
	}
	if f.seed != "" {
		if _, err := strconv.ParseUint(f.seed, 0, 64); err != nil {
			return "", nil, ov, fmt.Errorf("-seed %q: not an unsigned integer", f.seed)
		}
	}
	src, ok := builtin.Source(f.scenario)
	if !ok {
		b, err := os.ReadFile(f.scenario)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return "", nil, ov, fmt.Errorf("-scenario %q: no built-in scenario or file of that name (built-ins: %s)", f.scenario, strings.Join(builtin.Names(), ", "))
			}
			return "", nil, ov, fmt.Errorf("-scenario: %v", err)
		}
		src = b
	}
	ov = scenario.Overrides{Endpoints: f.endpoints, Unmaps: f.unmaps, Policy: f.policy, Strategy: f.strategy}
	switch f.broken {
	case "":
	case "-":
		ov.Broken = []string{}
	default:
		ov.Broken = strings.Split(f.broken, ",")
	}
	return f.scenario, src, ov, nil
}

// seedValue returns the -seed value and whether it was given.
func (f *scenarioFlags) seedValue() (uint64, bool) {
	if f.seed == "" {
		return 0, false
	}
	v, _ := strconv.ParseUint(f.seed, 0, 64)
	return v, true
}

// newFlags makes a flag set that reports errors through the caller.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("smmulab "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseFlags parses args and reports a bad flag or a leftover argument.
func parseFlags(fs *flag.FlagSet, args []string, e env, maxArgs int) bool {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(e.stderr)
			fs.PrintDefaults()
		} else {
			fmt.Fprintf(e.stderr, "%s: %v\n", fs.Name(), err)
		}
		return false
	}
	if fs.NArg() > maxArgs {
		fmt.Fprintf(e.stderr, "%s: unexpected argument %q\n", fs.Name(), fs.Arg(maxArgs))
		return false
	}
	return true
}

// parseDuration reads "1ms", "500us", "60s", "90s", "20ns" (as the
// scenario language writes durations) into nanoseconds.
func parseDuration(s string) (int64, error) {
	units := []struct {
		suffix string
		ns     float64
	}{{"ns", 1}, {"us", 1e3}, {"ms", 1e6}, {"s", 1e9}}
	for _, u := range units {
		if num, ok := strings.CutSuffix(s, u.suffix); ok && num != "" {
			v, err := strconv.ParseFloat(num, 64)
			if err != nil || v <= 0 || v*u.ns > 1e13 {
				break
			}
			return int64(v*u.ns + 0.5), nil
		}
	}
	return 0, fmt.Errorf("%q: want a positive duration such as 1ms, 1s or 60s (at most 10000s)", s)
}
