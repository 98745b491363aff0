package trace

import (
	"bytes"
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/builtin"
	"github.com/smmuplay/smmuplay/sim/scenario"

	"github.com/smmuplay/smmuplay/internal/golden"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func run(t *testing.T, name string, ov scenario.Overrides) *sim.Sim {
	t.Helper()
	src, ok := builtin.Source(name)
	if !ok {
		t.Fatalf("no built-in %q", name)
	}
	sc, err := scenario.Parse(name, src)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Workload != nil {
		if sc, err = scenario.ParseWith(name, src, ov); err != nil {
			t.Fatal(err)
		}
	}
	s, err := sim.New(sc, sc.RunSeed(0, false))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RunProgram(0); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestValidAllBuiltins: every built-in scenario (workloads cut to a few
// unmaps) exports a trace that validates.
func TestValidAllBuiltins(t *testing.T) {
	for _, name := range builtin.Names() {
		t.Run(name, func(t *testing.T) {
			s := run(t, name, scenario.Overrides{Unmaps: 4})
			data := Export(s)
			if err := validate(data); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(data, Export(s)) {
				t.Fatal("export is not deterministic")
			}
			// A window cut through the middle of spans still validates.
			var b bytes.Buffer
			if err := WriteRange(&b, s, s.N()/3, 2*s.N()/3); err != nil {
				t.Fatal(err)
			}
			if err := validate(b.Bytes()); err != nil {
				t.Fatalf("window: %v", err)
			}
		})
	}
}

func TestGolden(t *testing.T) {
	s := run(t, "seed-log", scenario.Overrides{Unmaps: 1})
	got := Export(s)
	if err := validate(got); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "seed-log-1.json"), got, *update)
}

// TestContent: the tracks the issue asks for carry the story's events.
func TestContent(t *testing.T) {
	s := run(t, "one-broken-of-8", scenario.Overrides{Unmaps: 2})
	data := string(Export(s))
	for _, want := range []string{
		`"name":"command queue"`, `"name":"ep5 (SID 0x105)"`, `"name":"GERROR ISR"`, `"name":"issuer (unmapping CPU)"`,
		`"name":"workqueue (kworker)"`, `"name":"CERROR_ATC_INV_SYNC"`, `"err":"CERROR_ATC_INV_SYNC"`,
		`"name":"Invalidate Request ITag 0 (never answered)"`, `"name":"arm_smmu_gerror_handler"`, `"bits":["CMDQ_ERR"]`,
		`"name":"CMD_SYNC poll -> -EIO"`, `"name":"broken work"`, `CMDQ error (cons 0x`,
	} {
		if !strings.Contains(data, want) {
			t.Errorf("trace lacks %s", want)
		}
	}
}

// TestValidatorCatches: the validator is not a rubber stamp.
func TestValidatorCatches(t *testing.T) {
	for _, bad := range []string{
		`{}`,
		`{"traceEvents":[{"name":"x","ph":"B","pid":1,"tid":1,"ts":1}]}`,
		`{"traceEvents":[{"name":"process_name","ph":"M","pid":1,"args":{"name":"p"}},{"name":"thread_name","ph":"M","pid":1,"tid":1,"args":{"name":"t"}},{"name":"x","ph":"i","pid":1,"tid":1,"ts":5},{"name":"y","ph":"i","pid":1,"tid":1,"ts":4}]}`,
		`{"traceEvents":[{"name":"x","ph":"i","pid":1,"tid":1,"ts":5}]}`,
		`{"traceEvents":[{"name":"process_name","ph":"M","pid":1,"args":{"name":"p"}},{"name":"thread_name","ph":"M","pid":1,"tid":1,"args":{"name":"t"}},{"name":"a","ph":"X","pid":1,"tid":1,"ts":1,"dur":5},{"name":"b","ph":"X","pid":1,"tid":1,"ts":3,"dur":5}]}`,
		`{"traceEvents":[{"name":"x","ph":"X","pid":1,"tid":1,"ts":1}]}`,
	} {
		if validate([]byte(bad)) == nil {
			t.Errorf("validate accepted %s", bad)
		}
	}
}

// TestEveryThreadHasATrack: a kernel thread sim adds gets its own track,
// never another thread's (the trace once copied sim's thread order).
func TestEveryThreadHasATrack(t *testing.T) {
	seen := map[int]sim.ThreadID{}
	for _, th := range sim.Threads() {
		tid, ok := threadTids[th]
		if !ok {
			t.Fatalf("sim thread %s has no track", th)
		}
		if other, dup := seen[tid]; dup {
			t.Fatalf("threads %s and %s share track %d", th, other, tid)
		}
		seen[tid] = th
	}
}
