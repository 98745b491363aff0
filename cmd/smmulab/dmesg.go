package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/smmuplay/smmuplay/lab/dmesg"
	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

func init() {
	register(command{"dmesg", "decode pasted arm-smmu-v3 dmesg lines (FILE or stdin), explain them, build a scenario", runDmesg})
}

// runDmesg: exit 2 for input that is not the driver's messages, 1 when
// -run finds the built scenario's expectations unmet.
func runDmesg(args []string, e env) int {
	fs := newFlags("dmesg")
	qs := fs.Int("qs", 19, "CMDQ_BASE.LOG2SIZE to split RD into index and wrap bit, 4..19")
	lenient := fs.Bool("lenient", false, "skip lines that are not arm-smmu-v3 messages instead of rejecting them")
	asJSON := fs.Bool("json", false, "print the import as JSON")
	scnOut := fs.String("scenario-out", "", "also write the built scenario to this file")
	runIt := fs.Bool("run", false, "run the built scenario and print the kernel log it produces")
	if !parseFlags(fs, args, e, 1) {
		return 2
	}
	var in io.Reader = e.stdin
	src := "stdin"
	if fs.NArg() == 1 && fs.Arg(0) != "-" {
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			fmt.Fprintf(e.stderr, "smmulab dmesg: %v\n", err)
			return 2
		}
		defer f.Close()
		in, src = f, fs.Arg(0)
	}
	text, err := io.ReadAll(io.LimitReader(in, 64<<20))
	if err != nil {
		fmt.Fprintf(e.stderr, "smmulab dmesg: reading %s: %v\n", src, err)
		return 2
	}
	im, err := dmesg.Parse(string(text), dmesg.Options{QS: *qs, Lenient: *lenient})
	if err != nil {
		if el, ok := err.(dmesg.ErrorList); ok {
			for _, x := range el {
				fmt.Fprintf(e.stderr, "%s:%d: %s\n", src, x.Line, x.Msg)
			}
		} else {
			fmt.Fprintf(e.stderr, "smmulab dmesg: %s: %v\n", src, err)
		}
		return 2
	}
	if *asJSON {
		b, _ := json.MarshalIndent(im, "", "  ")
		fmt.Fprintf(e.stdout, "%s\n", b)
	} else {
		printImport(e.stdout, im)
	}
	if *scnOut != "" {
		if err := os.WriteFile(*scnOut, []byte(im.Scenario), 0o644); err != nil {
			fmt.Fprintf(e.stderr, "smmulab dmesg: -scenario-out: %v\n", err)
			return 2
		}
	}
	if !*runIt {
		return 0
	}
	sc, err := scenario.Parse("imported.scn", []byte(im.Scenario))
	if err != nil {
		fmt.Fprintf(e.stderr, "smmulab dmesg: the built scenario does not parse (a bug): %v\n", err)
		return 1
	}
	s, err := sim.New(sc, 1)
	if err == nil {
		err = s.RunProgram(0)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "smmulab dmesg: running the built scenario: %v\n", err)
		return 1
	}
	fmt.Fprintf(e.stdout, "\n# the built scenario's kernel log:\n%s", s.FormatLog(s.Log()))
	code := 0
	for _, r := range s.Results() {
		if !r.OK {
			fmt.Fprintf(e.stderr, "imported.scn:%d: expect %s: got %s\n", r.Pos.Line, r.Text, r.Got)
			code = 1
		}
	}
	return code
}

func printImport(w io.Writer, im *dmesg.Import) {
	for _, l := range im.Lines {
		fmt.Fprintf(w, "line %d [%s] %s\n", l.Num, l.Kind, l.Text)
		for _, v := range l.Values {
			fmt.Fprintf(w, "    %s = %s\n", v.Name, v.Hex)
			for _, f := range v.Fields {
				fmt.Fprintf(w, "      %-8s %-9s 0x%x  %s\n", f.Name, f.Bits, f.Value, f.Meaning)
			}
		}
		fmt.Fprintf(w, "    %s\n", l.Explain)
	}
	if len(im.Skipped) > 0 {
		fmt.Fprintf(w, "skipped lines: %v\n", im.Skipped)
	}
	for _, n := range im.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	fmt.Fprintf(w, "\n# a scenario that reproduces these lines (smmusim -scenario FILE):\n%s", im.Scenario)
}
