package main

import (
	"bytes"
	"fmt"
	"os"

	"github.com/smmuplay/smmuplay/lab/trace"
	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

func init() {
	register(command{"trace", "export a run as Chrome Trace Event JSON (open it in Perfetto)", runTrace})
}

func runTrace(args []string, e env) int {
	fs := newFlags("trace")
	var sf scenarioFlags
	sf.add(fs, true)
	out := fs.String("o", "", "write the trace to this file instead of stdout")
	from := fs.Int64("from", 1, "first event to export")
	to := fs.Int64("to", 0, "last event to export (0: the last)")
	if !parseFlags(fs, args, e, 0) {
		return 2
	}
	name, src, ov, err := sf.load()
	if err != nil {
		fmt.Fprintf(e.stderr, "smmulab trace: %v\n", err)
		return 2
	}
	sc, err := scenario.ParseWith(name, src, ov)
	if err != nil {
		fmt.Fprintf(e.stderr, "smmulab trace: %v\n", err)
		return 2
	}
	s, err := sim.New(sc, sc.RunSeed(sf.seedValue()))
	if err != nil {
		fmt.Fprintf(e.stderr, "smmulab trace: %v\n", err)
		return 2
	}
	s.SetChecks(false)
	if err := s.RunProgram(0); err != nil {
		fmt.Fprintf(e.stderr, "smmulab trace: %v\n", err)
		return 1
	}
	if *from < 1 || *to < 0 || (*to > 0 && *to < *from) {
		fmt.Fprintf(e.stderr, "smmulab trace: -from %d -to %d: want 1 <= from <= to (to 0 = the last event)\n", *from, *to)
		return 2
	}
	last := *to
	if last == 0 || last > s.N() {
		last = s.N()
	}
	var b bytes.Buffer
	if err := trace.WriteRange(&b, s, *from, last); err != nil {
		fmt.Fprintf(e.stderr, "smmulab trace: %v\n", err)
		return 1
	}
	if *out == "" {
		e.stdout.Write(b.Bytes())
		return 0
	}
	if err := os.WriteFile(*out, b.Bytes(), 0o644); err != nil {
		fmt.Fprintf(e.stderr, "smmulab trace: -o: %v\n", err)
		return 2
	}
	fmt.Fprintf(e.stderr, "smmulab trace: wrote %d events (%d bytes) to %s; open it at https://ui.perfetto.dev\n", last-*from+1, b.Len(), *out)
	return 0
}
