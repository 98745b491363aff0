package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/sim/scenario"
)

func runCLI(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

// TestSeedLog: the seed's three lines, byte for byte after the prefix.
func TestSeedLog(t *testing.T) {
	code, out, errs := runCLI("-scenario", "seed-log")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	want := []string{
		"unexpected global error reported (0x00000001), this could be serious",
		"CMDQ error (cons 0x0302bb84): ATC invalidate timeout",
		"unexpected global error reported (0x00000001), this could be serious",
		"CMDQ error (cons 0x0302bb88): ATC invalidate timeout",
		"unexpected global error reported (0x00000001), this could be serious",
		"CMDQ error (cons 0x0302bb8c): ATC invalidate timeout",
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want), out)
	}
	for i, l := range lines {
		const prefix = "] arm-smmu-v3 arm-smmu-v3.0.auto: "
		j := strings.Index(l, prefix)
		if j < 0 || l[0] != '[' || l[j+len(prefix):] != want[i] {
			t.Errorf("line %d = %q, want [timestamp] arm-smmu-v3 arm-smmu-v3.0.auto: %s", i, l, want[i])
		}
	}
}

func TestJSONSummary(t *testing.T) {
	code, out, errs := runCLI("-endpoints", "16", "-broken", "ep5,ep11", "-unmaps", "5", "-json", "-check")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var sum map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &sum); err != nil {
		t.Fatalf("last line is not JSON: %v\n%s", err, lines[len(lines)-1])
	}
	for _, k := range []string{"policy", "strategy", "seed", "endpoints", "quarantined", "atc_timeouts", "cmd_syncs", "cmdq_errors", "corrupt_dma", "invariant_violations", "events", "sim_time_ns"} {
		if _, ok := sum[k]; !ok {
			t.Errorf("summary lacks %q", k)
		}
	}
	q, _ := json.Marshal(sum["quarantined"])
	if string(q) != `["ep11","ep5"]` {
		t.Errorf("quarantined = %s, want sorted [ep11 ep5]", q)
	}
	if sum["endpoints"].(float64) != 16 || sum["policy"] != "series" || sum["corrupt_dma"].(float64) != 0 {
		t.Errorf("summary %v", sum)
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.scn")
	os.WriteFile(bad, []byte("policy series\nsmmu qz=3\n"), 0o644)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"-policy", "later"}, `-policy "later"`},
		{[]string{"-strategy", "random"}, `-strategy "random"`},
		{[]string{"-seed", "abc"}, `-seed "abc"`},
		{[]string{"-nosuchflag"}, "nosuchflag"},
		{[]string{"-scenario", "no-such-thing"}, "no built-in scenario or file"},
		{[]string{"-scenario", bad}, "bad.scn:2:"},
		{[]string{"-endpoints", "5000"}, "1024"},
		{[]string{"-broken", "ep99"}, "ep99"},
		{[]string{"extra"}, `unexpected argument "extra"`},
		// Once accepted silently, or run into the ground:
		{[]string{"-endpoints", "0"}, "-endpoints 0: want 1 to 1024"},
		{[]string{"-endpoints", "-4"}, "-endpoints -4: want 1 to 1024"},
		{[]string{"-unmaps", "0"}, "-unmaps 0: want 1 to"},
		{[]string{"-broken", "ep1,ep1"}, `endpoint "ep1" is given twice`},
		{[]string{"-unmaps", "16777216"}, "-unmaps 16777216: want 1 to 524288"},
		{[]string{"-unmaps", "524288"}, "over the budget"},
		{[]string{"-scenario", "/dev/zero"}, "not a regular file"},
		{[]string{"-scenario", dir}, "not a regular file (a directory)"},
	}
	for _, c := range cases {
		code, _, errs := runCLI(c.args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", c.args, code, errs)
		}
		if !strings.Contains(errs, c.want) || strings.Count(strings.TrimSpace(errs), "\n") > 3 {
			t.Errorf("%v: stderr %q does not name %q on a line or so", c.args, errs, c.want)
		}
	}
}

// TestCheckReportsViolation: with the v4 EATS lock switched off the attach
// race breaks invariant 2; -check names the event and prints a repro line.
func TestCheckReportsViolation(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "race.scn")
	src, _ := os.ReadFile("../../sim/builtin/attach-race.scn")
	sc, err := scenario.Parse("attach-race.scn", src)
	if err != nil {
		t.Fatal(err)
	}
	// The v4 lock off, and the expectations that it holds gone.
	sc.Policy.EATSLock = false
	sc.Steps = slices.DeleteFunc(sc.Steps, func(st scenario.Step) bool { return st.Kind == scenario.StepExpect })
	os.WriteFile(f, []byte(scenario.Format(sc)), 0o644)
	code, _, errs := runCLI("-scenario", f, "-check")
	if code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, errs)
	}
	if !strings.Contains(errs, "invariant 2") || !strings.Contains(errs, "repro: go run ./cmd/smmusim -check -scenario "+f) {
		t.Fatalf("stderr does not name the violation and a repro:\n%s", errs)
	}
}

func TestList(t *testing.T) {
	code, out, _ := runCLI("-list")
	if code != 0 || !strings.Contains(out, "seed-log") || !strings.Contains(out, "one-broken-of-8") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}
