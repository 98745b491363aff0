// Command smmulab runs smmuplay's lab tools natively.
//
//	smmulab diff     [-scenario NAME|FILE] [flags]   baseline and series side by side: where they diverge
//	smmulab strategy [-n N] [-k K] [flags]           per-device vs halving identification cost
//	smmulab trace    [-scenario NAME|FILE] [-o FILE] a run as Chrome Trace Event JSON (Perfetto)
//	smmulab dmesg    [FILE]                          decode pasted arm-smmu-v3 dmesg lines, build a scenario
//
// Each subcommand lives in its own file and registers itself in init.
// Exit status, as smmusim: 0 ok, 1 a check failed, 2 bad input (the
// message names what was wrong).
package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// env is what a subcommand may touch: tests pass buffers.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(args []string, e env) int
}

var commands []command

// register adds a subcommand; each subcommand file calls it from init.
func register(c command) {
	commands = append(commands, c)
	slices.SortFunc(commands, func(a, b command) int { return strings.Compare(a.name, b.name) })
}

func main() {
	os.Exit(run(os.Args[1:], env{os.Stdin, os.Stdout, os.Stderr}))
}

// run is main without the process.
func run(args []string, e env) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "help" {
		usage(e.stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(args[1:], e)
		}
	}
	fmt.Fprintf(e.stderr, "smmulab: unknown subcommand %q (want one of: %s)\n", args[0], strings.Join(names(), ", "))
	return 2
}

func names() []string {
	var out []string
	for _, c := range commands {
		out = append(out, c.name)
	}
	return out
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: smmulab SUBCOMMAND [flags]   (smmulab SUBCOMMAND -h for its flags)")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
}
