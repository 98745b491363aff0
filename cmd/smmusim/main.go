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
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/smmuplay/smmuplay/internal/scnload"
	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/builtin"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type options struct {
	sf     scnload.Flags
	check  bool
	json   bool
	events bool
	list   bool
}

// run is main without the process: tests call it.
func run(args []string, stdout, stderr io.Writer) int {
	var o options
	fs := flag.NewFlagSet("smmusim", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	o.sf.Register(fs, true)
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
	sc, err := o.sf.Parse()
	if err != nil {
		fmt.Fprintf(stderr, "smmusim: %v\n", err)
		return 2
	}
	s, err := sim.New(sc, sc.RunSeed(o.sf.SeedValue()))
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
		// Buffered: a long run has millions of events, and one write each
		// made -events slower than the run.
		w := bufio.NewWriterSize(stdout, 64<<10)
		for n := int64(1); n <= s.N(); n++ {
			e := s.Event(n)
			fmt.Fprintf(w, "#%d %s %s\n", n, e.T, s.Describe(e))
		}
		if err := w.Flush(); err != nil {
			fmt.Fprintf(stderr, "smmusim: -events: %v\n", err)
			return 1
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

// repro is the one-line command that reproduces this run.
func repro(o options, seed uint64) string {
	f := &o.sf
	var b strings.Builder
	b.WriteString("go run ./cmd/smmusim -check")
	fmt.Fprintf(&b, " -scenario %s -seed %d", f.Scenario, seed)
	if f.Policy != "" {
		b.WriteString(" -policy " + f.Policy)
	}
	if f.Strategy != "" {
		b.WriteString(" -strategy " + f.Strategy)
	}
	if f.Endpoints.Given() {
		fmt.Fprintf(&b, " -endpoints %s", f.Endpoints.String())
	}
	if f.Broken != "" {
		b.WriteString(" -broken " + f.Broken)
	}
	if f.Unmaps.Given() {
		fmt.Fprintf(&b, " -unmaps %s", f.Unmaps.String())
	}
	return b.String()
}
