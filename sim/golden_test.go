package sim

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/sim/builtin"
	"github.com/smmuplay/smmuplay/sim/scenario"

	"github.com/smmuplay/smmuplay/internal/golden"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata (review the diff before committing)")

// transcript runs a scenario and renders everything a reviewer needs: the
// narrated events (when withEvents), the kernel log, show outputs,
// expectation results, invariant violations and the summary.
func transcript(t *testing.T, name string, src []byte, seed uint64, withEvents bool) string {
	t.Helper()
	sc, err := scenario.Parse(name, src)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	s, err := New(sc, seed)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RunProgram(50_000_000); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if withEvents {
		b.WriteString("# events\n")
		for n := int64(1); n <= s.N(); n++ {
			e := s.Event(n)
			fmt.Fprintf(&b, "%5d %12s %s\n", n, e.T, s.Describe(e))
		}
	}
	b.WriteString("# kernel log\n")
	b.WriteString(s.FormatLog(s.Log()))
	for _, sh := range s.Shows() {
		fmt.Fprintf(&b, "# show (line %d, after event %d)\n%s", sc.Steps[sh.Step].Pos.Line, sh.N, sh.Text)
	}
	b.WriteString("# expectations\n")
	for _, r := range s.Results() {
		mark := "ok  "
		if !r.OK {
			mark = "FAIL"
		}
		fmt.Fprintf(&b, "%s line %d: %s (got %s)\n", mark, r.Pos.Line, r.Text, r.Got)
	}
	b.WriteString("# invariant violations\n")
	for _, v := range s.Violations() {
		fmt.Fprintf(&b, "event %d: %s\n", v.N, v.Msg)
	}
	js, _ := json.MarshalIndent(s.Summary(), "", "  ")
	b.WriteString("# summary\n")
	b.Write(js)
	b.WriteString("\n")
	return b.String()
}

// TestHardwareScripts runs the hardware-level scripts (no driver: the
// script plays software) against their golden transcripts.
func TestHardwareScripts(t *testing.T) {
	files, _ := filepath.Glob("testdata/hw/*.scn")
	if len(files) == 0 {
		t.Fatal("no testdata/hw/*.scn")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got := transcript(t, filepath.Base(f), src, 1, true)
			golden.Check(t, strings.TrimSuffix(f, ".scn")+".golden", []byte(got), *update)
			if strings.Contains(got, "\nFAIL ") {
				t.Errorf("an expectation failed:\n%s", got)
			}
		})
	}
}

// TestBuiltinScenarios runs every built-in scenario against its golden log
// and summary; every expectation must hold and no invariant may break.
// scripts/test.sh runs these golden tests natively and again under
// GOOS=js GOARCH=wasm in node against the same files: that is the proof
// that a scenario and seed give byte-identical logs on both targets.
func TestBuiltinScenarios(t *testing.T) {
	for _, name := range builtin.Names() {
		t.Run(name, func(t *testing.T) {
			src, _ := builtin.Source(name)
			got := transcript(t, name, src, 1, false)
			golden.Check(t, filepath.Join("testdata", "scenarios", name+".golden"), []byte(got), *update)
			if strings.Contains(got, "\nFAIL ") {
				t.Errorf("an expectation failed:\n%s", got)
			}
		})
	}
}
