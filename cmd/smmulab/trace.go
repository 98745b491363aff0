package main

import (
	"fmt"
	"github.com/smmuplay/smmuplay/internal/scnload"
	"io"
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
	var sf scnload.Flags
	sf.Register(fs, true)
	out := fs.String("o", "", "write the trace to this file instead of stdout")
	from := fs.Int64("from", 1, "first event to export")
	to := fs.Int64("to", 0, "last event to export (0: the last)")
	if !parseFlags(fs, args, e, 0) {
		return 2
	}
	if *from < 1 || *to < 0 || (*to > 0 && *to < *from) {
		fmt.Fprintf(e.stderr, "smmulab trace: -from %d -to %d: want 1 <= from <= to (to 0 = the last event)\n", *from, *to)
		return 2
	}
	name, src, ov, err := sf.Source()
	if err != nil {
		fmt.Fprintf(e.stderr, "smmulab trace: %v\n", err)
		return 2
	}
	sc, err := scenario.ParseWith(name, src, ov)
	if err != nil {
		fmt.Fprintf(e.stderr, "smmulab trace: %v\n", err)
		return 2
	}
	s, err := sim.New(sc, sc.RunSeed(sf.SeedValue()))
	if err != nil {
		fmt.Fprintf(e.stderr, "smmulab trace: %v\n", err)
		return 2
	}
	s.SetChecks(false)
	if err := s.RunProgram(0); err != nil {
		fmt.Fprintf(e.stderr, "smmulab trace: %v\n", err)
		return 1
	}
	last := *to
	if last == 0 || last > s.N() {
		last = s.N()
	}
	if n := last - *from + 1; n > trace.MaxEvents {
		fmt.Fprintf(e.stderr, "smmulab trace: events %d..%d: %d events; one trace holds at most %d: export windows with -from and -to\n", *from, last, n, trace.MaxEvents)
		return 2
	}
	if *out == "" {
		if err := trace.WriteRange(e.stdout, s, *from, last); err != nil {
			fmt.Fprintf(e.stderr, "smmulab trace: %v\n", err)
			return 1
		}
		return 0
	}
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintf(e.stderr, "smmulab trace: -o: %v\n", err)
		return 2
	}
	cw := &countWriter{w: f}
	err = trace.WriteRange(cw, s, *from, last)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "smmulab trace: -o: %v\n", err)
		return 1
	}
	fmt.Fprintf(e.stderr, "smmulab trace: wrote %d events (%d bytes) to %s; open it at https://ui.perfetto.dev\n", last-*from+1, cw.n, *out)
	return 0
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
