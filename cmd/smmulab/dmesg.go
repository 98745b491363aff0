package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/smmuplay/smmuplay/internal/scnload"
	"github.com/smmuplay/smmuplay/internal/shorten"
	"github.com/smmuplay/smmuplay/lab/dmesg"
	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

func init() {
	register(command{"dmesg", "decode pasted arm-smmu-v3 dmesg lines (FILE or stdin), explain them, build a scenario", runDmesg})
}

// runDmesg: exit 2 for input that cannot be imported, 1 when -run finds
// lines the built scenario cannot reproduce or its expectations unmet.
func runDmesg(args []string, e env) int {
	fs := newFlags("dmesg")
	qs := fs.Int("qs", 19, "CMDQ_BASE.LOG2SIZE to split RD into index and wrap bit, 4..19")
	strict := fs.Bool("strict", false, "reject the whole input at a line that is not an arm-smmu-v3 message, or is cut or malformed (default: skip other lines, warn about broken ones)")
	fs.Bool("lenient", true, "accepted for old scripts: skipping other lines is the default now (see -strict)")
	listSkipped := fs.Bool("skipped", false, "list the skipped lines (not arm-smmu-v3 messages) with their text")
	asJSON := fs.Bool("json", false, "print the import as JSON")
	scnOut := fs.String("scenario-out", "", "also write the built scenario to this file")
	runIt := fs.Bool("run", false, "run the built scenario and print the kernel log it produces; exit 1 if any line is not reproduced")
	if !parseFlags(fs, args, e, 1) {
		return 2
	}
	// A capture is read whole, at most maxCapture bytes: a longer one is
	// refused, never cut (a cut log would import as a different story).
	const maxCapture = 64 << 20
	var text []byte
	var err error
	src := "stdin"
	if fs.NArg() == 1 && fs.Arg(0) != "-" {
		src = fs.Arg(0)
		text, err = scnload.ReadRegular(src, maxCapture)
	} else if text, err = io.ReadAll(io.LimitReader(e.stdin, maxCapture+1)); err == nil && len(text) > maxCapture {
		err = fmt.Errorf("stdin: more than %d bytes; this input may have at most %d", maxCapture, maxCapture)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "smmulab dmesg: %v\n", err)
		return 2
	}
	im, err := dmesg.Parse(string(text), dmesg.Options{QS: *qs, Strict: *strict})
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
	for _, w := range im.Warnings {
		fmt.Fprintf(e.stderr, "%s:%d: warning: %s\n", src, w.Line, w.Msg)
	}
	if im.MoreWarnings > 0 {
		fmt.Fprintf(e.stderr, "%s: %d more warnings\n", src, im.MoreWarnings)
	}
	if *asJSON {
		b, _ := json.MarshalIndent(im, "", "  ")
		fmt.Fprintf(e.stdout, "%s\n", b)
	} else {
		printImport(e.stdout, im)
	}
	if *listSkipped {
		lines := strings.Split(string(text), "\n")
		for _, n := range im.Skipped {
			fmt.Fprintf(e.stdout, "skipped %d: %s\n", n, shorten.To(strings.TrimRight(lines[n-1], "\r"), 120) /* one screen line */)
		}
	}
	if *scnOut != "" && im.Scenario != "" {
		if err := os.WriteFile(*scnOut, []byte(im.Scenario), 0o644); err != nil {
			fmt.Fprintf(e.stderr, "smmulab dmesg: -scenario-out: %v\n", err)
			return 2
		}
	}
	if !*runIt {
		return 0
	}
	code := 0
	for _, g := range im.Unreproduced {
		fmt.Fprintf(e.stderr, "%s: %s: not reproduced: %s\n", src, g.Where, g.Why)
		code = 1
	}
	if im.Scenario == "" {
		fmt.Fprintf(e.stderr, "%s: no line can be reproduced: there is no scenario to run\n", src)
		return 1
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
		where := fmt.Sprintf("line %d", l.Num)
		if l.End > l.Num {
			where = fmt.Sprintf("lines %d-%d", l.Num, l.End)
		}
		fmt.Fprintf(w, "%s [%s] %s\n", where, l.Kind, l.Text)
		for _, v := range l.Values {
			fmt.Fprintf(w, "    %s = %s\n", v.Name, v.Hex)
			for _, f := range v.Fields {
				fmt.Fprintf(w, "      %-11s %-9s 0x%x  %s\n", f.Name, f.Bits, f.Value, f.Meaning)
			}
		}
		fmt.Fprintf(w, "    %s\n", l.Explain)
	}
	if len(im.Events) > 0 {
		fmt.Fprintf(w, "\nevent records:\n")
		for _, ev := range im.Events {
			name := ev.Name
			if name == "" {
				name = "?"
			}
			fmt.Fprintf(w, "  line %d  0x%02x %-18s sid 0x%x", ev.Line, ev.ID, name, ev.SID)
			if ev.SSV {
				fmt.Fprintf(w, " ssid 0x%x", ev.SSID)
			}
			if ev.Addr != "" {
				fmt.Fprintf(w, "  %s %s", ev.AddrName, ev.Addr)
			}
			fmt.Fprintln(w)
		}
	}
	fmt.Fprintf(w, "\n%s, %s, %d skipped (not arm-smmu-v3 messages; -skipped lists them), %s\n",
		plural(im.Total, "line"), plural(len(im.Lines), "message"), len(im.Skipped), plural(len(im.Warnings)+im.MoreWarnings, "warning"))
	for _, g := range im.Unreproduced {
		fmt.Fprintf(w, "not reproduced, %s: %s\n", g.Where, g.Why)
	}
	for _, n := range im.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	if im.Scenario == "" {
		fmt.Fprintf(w, "\n# no line can be reproduced: no scenario\n")
		return
	}
	fmt.Fprintf(w, "\n# a scenario that reproduces the lines above not listed as not reproduced (smmusim -scenario FILE):\n%s", im.Scenario)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
