package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/lab/race"
)

func runRace(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = raceMain(args, &o, &e)
	return code, o.String(), e.String()
}

// TestRaceExitCodes: 0 when no ordering breaks an invariant, 1 when one
// does, 2 for bad input with the culprit named.
func TestRaceExitCodes(t *testing.T) {
	dir := t.TempDir()
	badScn := filepath.Join(dir, "bad.scn")
	os.WriteFile(badScn, []byte("smmu qz=3\n"), 0o644)
	baseline := filepath.Join(dir, "baseline.scn")
	os.WriteFile(baseline, []byte("policy baseline\nendpoints 2\n"), 0o644)
	for _, c := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"series holds", nil, 0, "no ordering within the bound breaks an invariant"},
		{"v3", []string{"-scenario", "race-report-flr", "-rules", "broken-pending=off"}, 1, "shortest violating ordering: order=0.0.0.0.0.1"},
		{"v2", []string{"-scenario", "race-report-flr-fails", "-rules", "gate-done=off"}, 1, "invariant 7"},
		{"no lock", []string{"-scenario", "race-attach-quarantine", "-rules", "eats-lock=off"}, 1, "shortest violating ordering: order=1 "},
		{"all rules", []string{"-rules", "all", "-deviations", "1"}, 1, "an ordering broke an invariant"},
		{"replay", []string{"-scenario", "race-attach-quarantine", "-rules", "eats-lock=off", "-order", "1"}, 1, "invariant 2"},
		{"replay ok", []string{"-scenario", "race-attach-quarantine", "-order", "1", "-events"}, 0, "order=1: ok"},
		{"default order", []string{"-scenario", "race-isr-coclear", "-order", "-"}, 0, "order=-: ok"},
		{"verbose", []string{"-scenario", "race-isr-coclear", "-v"}, 0, "0.1 "},
		{"bad rules", []string{"-rules", "v1"}, 2, `unknown rules "v1"`},
		{"bad scenario", []string{"-scenario", "nosuch"}, 2, `-scenario "nosuch"`},
		{"bad file", []string{"-scenario", badScn}, 2, `unknown key "qz"`},
		{"not series", []string{"-scenario", baseline}, 2, "policy baseline"},
		{"bad order", []string{"-scenario", "race-report-flr", "-order", "0.x"}, 2, `choice 1 is "x"`},
		{"big choice", []string{"-scenario", "race-report-flr", "-order", "256"}, 2, "0..255"},
		{"order needs one", []string{"-order", "1"}, 2, "one -scenario and one -rules"},
		{"bad window", []string{"-window", "soon"}, 2, `-window "soon"`},
		{"bad deviations", []string{"-deviations", "-1"}, 2, "-deviations -1"},
		{"bad flag", []string{"-nosuch"}, 2, "nosuch"},
		{"leftover", []string{"extra"}, 2, `unexpected argument "extra"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := runRace(c.args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, c.code, out, errs)
			}
			if !strings.Contains(out+errs, c.want) {
				t.Errorf("output lacks %q\nstdout: %s\nstderr: %s", c.want, out, errs)
			}
		})
	}
}

// TestRaceJSON: -json prints the reports, deterministically.
func TestRaceJSON(t *testing.T) {
	args := []string{"-scenario", "race-report-flr", "-rules", "broken-pending=off", "-json"}
	code, a, _ := runRace(args...)
	_, b, _ := runRace(args...)
	if code != 1 || a != b {
		t.Fatalf("exit %d; identical: %v", code, a == b)
	}
	var v struct {
		Reports []race.Report `json:"reports"`
	}
	if err := json.Unmarshal([]byte(a), &v); err != nil || len(v.Reports) != 1 {
		t.Fatalf("not a report list: %v", err)
	}
	r := v.Reports[0]
	if r.Shortest == nil || r.Shortest.Key != "0.0.0.0.0.1" || r.Outcomes[0].Violation.Invariant != 6 {
		t.Fatalf("report: %+v", r.Shortest)
	}
	code, out, _ := runRace("-scenario", "race-report-flr", "-order", "0.0.0.0.0.1", "-rules", "broken-pending=off", "-json")
	var o struct {
		Class        string           `json:"class"`
		ChoicePoints []map[string]any `json:"choice_points"`
	}
	if code != 1 || json.Unmarshal([]byte(out), &o) != nil || o.Class != "violation" || len(o.ChoicePoints) == 0 {
		t.Fatalf("-order -json: %d %s", code, out)
	}
}

// TestRaceRegistered: smmulab dispatches "race".
func TestRaceRegistered(t *testing.T) {
	var o, e bytes.Buffer
	if code := run([]string{"race", "-scenario", "race-isr-coclear"}, env{strings.NewReader(""), &o, &e}); code != 0 || !strings.Contains(o.String(), "race-isr-coclear") {
		t.Fatalf("smmulab race: %d %s %s", code, o.String(), e.String())
	}
}
