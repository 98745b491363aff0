package main

import (
	"errors"
	"flag"
	"fmt"
	"github.com/smmuplay/smmuplay/sim/scenario"
	"io"
)

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

// positiveDuration reads a flag's duration with the scenario language's
// parser (scenario.ParseDuration, the project's one) and checks it is in
// (0, max].
func positiveDuration(s string, max scenario.Duration) (int64, error) {
	d, err := scenario.ParseDuration(s)
	if err != nil {
		return 0, err
	}
	if d <= 0 || d > max {
		return 0, fmt.Errorf("%q: want a duration above 0 and at most %s", s, scenario.FormatDuration(max))
	}
	return int64(d), nil
}
