package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/smmuplay/smmuplay/lab/strategy"
)

func init() {
	register(command{"strategy", "per-device vs halving: cost of identifying k broken of N, with closed forms and the lower bound", runStrategy})
}

// runStrategy: exit 1 when a measured count differs from its closed form
// (the driver model and its documented cost disagree).
func runStrategy(args []string, e env) int {
	fs := newFlags("strategy")
	n := fs.Int("n", 8, "devices (masters) in the domain, 1..1024")
	k := fs.Int("k", 2, "broken devices, placed by -placement")
	broken := fs.String("broken", "", "explicit broken devices: indices or names, e.g. 2,5 or ep2,ep5 (overrides -k)")
	placement := fs.String("placement", "spread", "where the k broken sit: spread, first or last")
	timeout := fs.String("timeout", "all", "ATS invalidation timeout: a duration (1ms, 1s, 60s, 90s) or all")
	budget := fs.String("poll-budget", "auto", "the driver's CMD_SYNC poll budget: a duration, or auto = max(1s, 2 x timeout)")
	batch := fs.Int("batch", 64, "CMDQ_BATCH_ENTRIES, 1..64")
	asJSON := fs.Bool("json", false, "print the table as JSON")
	svg := fs.String("svg", "", "write a plot (SVG) of a sweep over N to this file")
	sweep := fs.String("sweep", "1,2,4,8,12,16,24,32,48,64", "the N values of the plot")
	if !parseFlags(fs, args, e, 0) {
		return 2
	}
	bad := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "smmulab strategy: "+format+"\n", a...)
		return 2
	}
	// -sweep is read (and refused) up front, even without -svg: a bad
	// flag is never silently ignored.
	var ns []int
	for _, w := range strings.Split(*sweep, ",") {
		v, err := strconv.Atoi(w)
		if err != nil || v < 1 || v > strategy.MaxN {
			return bad("-sweep %q: %q is not a number of devices 1..%d", *sweep, w, strategy.MaxN)
		}
		ns = append(ns, v)
	}
	sweepGiven := false
	fs.Visit(func(f *flag.Flag) { sweepGiven = sweepGiven || f.Name == "sweep" })
	if sweepGiven && *svg == "" {
		return bad("-sweep is the N values of the -svg plot: give -svg FILE too")
	}
	if *batch < 1 || *batch > 64 {
		return bad("-batch %d: want 1..64 (CMDQ_BATCH_ENTRIES)", *batch)
	}
	c := strategy.Config{N: *n, K: *k, Placement: *placement, Batch: *batch}
	if *broken != "" {
		c.Broken = []int{}
		seen := map[int]bool{}
		for _, w := range strings.Split(*broken, ",") {
			i, err := strconv.Atoi(strings.TrimPrefix(w, "ep"))
			if err != nil || i < 0 {
				return bad("-broken %q: %q is not an index or epN", *broken, w)
			}
			if seen[i] {
				return bad("-broken %q: device %d is given twice", *broken, i)
			}
			seen[i] = true
			c.Broken = append(c.Broken, i)
		}
	}
	var timeouts []int64
	if *timeout != "all" {
		ns, err := positiveDuration(*timeout, 10_000e9)
		if err != nil {
			return bad("-timeout %v", err)
		}
		timeouts = []int64{ns}
	}
	if *budget != "auto" {
		ns, err := positiveDuration(*budget, 10_000e9)
		if err != nil {
			return bad("-poll-budget %v", err)
		}
		c.PollBudgetNS = ns
	}
	c.ATSTimeoutNS = 1 // validated per timeout by Compare
	tab, err := strategy.Compare(c, timeouts)
	if err != nil {
		return bad("%s", strings.TrimPrefix(err.Error(), "strategy: "))
	}
	if *asJSON {
		b, _ := json.MarshalIndent(tab, "", "  ")
		fmt.Fprintf(e.stdout, "%s\n", b)
	} else {
		fmt.Fprint(e.stdout, tab.Text())
	}
	if *svg != "" {
		sc := c
		sc.ATSTimeoutNS = tab.Rows[0].ATSTimeoutNS
		rows, err := strategy.Sweep(sc, ns)
		if err != nil {
			return bad("%v", err)
		}
		if err := os.WriteFile(*svg, []byte(strategy.SVG(rows)), 0o644); err != nil {
			fmt.Fprintf(e.stderr, "smmulab strategy: -svg: %v\n", err)
			return 2
		}
	}
	code := 0
	for _, r := range tab.Rows {
		m, cf := r.Measured, r.Closed
		if r.Identified && (m.Tests != cf.Tests || m.ATCTimeouts != cf.ATCTimeouts || m.IssuerSyncs != cf.IssuerSyncs) {
			fmt.Fprintf(e.stderr, "smmulab strategy: %s at %d ns: measured %+v differs from the closed form %+v\n", r.Strategy, r.ATSTimeoutNS, m, cf)
			code = 1
		}
	}
	return code
}
