package labweb

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/lab/race"
	"github.com/smmuplay/smmuplay/lab/sidebyside"
	"github.com/smmuplay/smmuplay/lab/strategy"
	"github.com/smmuplay/smmuplay/play"
	"github.com/smmuplay/smmuplay/sim/builtin"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

func TestDecode(t *testing.T) {
	var s CompareSpec
	if err := Decode([]byte(`{"scenario":"baseline-spam","seed":"18446744073709551615"}`), &s); err != nil {
		t.Fatal(err)
	}
	if s.Scenario != "baseline-spam" || !s.Seed.Set || s.Seed.V != 1<<64-1 {
		t.Fatalf("%+v", s)
	}
	if err := Decode([]byte(`{"seed":7}`), &s); err != nil || s.Seed.V != 7 {
		t.Fatalf("%v %+v", err, s)
	}
	for _, c := range []struct{ in, want string }{
		{`{"colour":"red"}`, `spec: unknown key "colour" (known: scenario, source, seed, strategy, endpoints, broken, ticks)`},
		{`{"endpoints":"many"}`, "spec: endpoints: want an integer, got string"},
		{`{"seed":-1}`, "seed -1: want an unsigned 64-bit integer"},
		{`{"seed":1.5}`, "want an unsigned"},
		{`[1]`, "spec: want an object of scenario, source"},
		{`"x"`, "want an object"},
	} {
		var s CompareSpec
		err := Decode([]byte(c.in), &s)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Decode(%s) = %v, want %q", c.in, err, c.want)
		}
	}
	var z CompareSpec
	if err := Decode([]byte("null"), &z); err != nil {
		t.Errorf("null spec: %v", err)
	}
}

// nativeDiff runs lab/sidebyside directly, as smmulab diff does.
func nativeDiff(t *testing.T, name string) *sidebyside.Result {
	t.Helper()
	src, _ := builtin.Source(name)
	r, err := sidebyside.Run(sidebyside.Options{Name: name, Source: src})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestCompareBaselineSpam: the page's side by side is lab/sidebyside's:
// the same divergence, and the shared timeline walks both runs.
func TestCompareBaselineSpam(t *testing.T) {
	c, res, err := Compare(CompareSpec{Scenario: "baseline-spam"})
	if err != nil {
		t.Fatal(err)
	}
	want := nativeDiff(t, "baseline-spam")
	if !reflect.DeepEqual(res.Divergence, want.Divergence) || !reflect.DeepEqual(res.Panes, want.Panes) {
		t.Fatalf("divergence %+v, native %+v", res.Divergence, want.Divergence)
	}
	d := res.Divergence
	if d.Runs[0].Sync == nil || d.Runs[0].Sync.Ret != 0 || d.Runs[1].Sync.Ret != -5 {
		t.Errorf("diverging returns: %+v %+v", d.Runs[0].Sync, d.Runs[1].Sync)
	}
	if res.Fragments[0] != "policy=baseline&scenario=baseline-spam&seed=1" || res.Fragments[1] != "policy=series&scenario=baseline-spam&seed=1" {
		t.Errorf("fragments %q", res.Fragments)
	}
	if res.Fragment != "scenario=baseline-spam&seed=1" || len(res.Ticks) != DefaultTicks+1 || res.EndNS != want.EndNS() {
		t.Errorf("fragment %q, %d ticks, end %d", res.Fragment, len(res.Ticks), res.EndNS)
	}
	if _, err := json.Marshal(res); err != nil {
		t.Fatal(err)
	}
	v, ok := c.Divergence()
	if !ok || v.Event != [2]int64{d.Event, d.Event} || v.TimeNS != d.TimeNS || !v.Diverged {
		t.Fatalf("jump to divergence: %+v", v)
	}
	if b := c.Step(-1); b.Diverged || b.Event[0] != d.Event-1 || b.Event[1] != d.Event-1 {
		t.Errorf("one step back from the divergence: %+v", b)
	}
	// Walk the whole merged timeline: every step moves at least one pane
	// by one event, time never decreases, and the end is both runs' ends.
	c.At(0)
	steps := 0
	prev := c.Pos()
	for !prev.AtEnd {
		v := c.Step(1)
		if v.TimeNS < prev.TimeNS || v.Event == prev.Event {
			t.Fatalf("step %d: %+v after %+v", steps, v, prev)
		}
		for i := range 2 {
			if v.Event[i] != prev.Event[i] && v.Event[i] != prev.Event[i]+1 {
				t.Fatalf("step %d moved pane %d by more than one event", steps, i)
			}
		}
		prev = v
		steps++
	}
	if prev.Event != [2]int64{want.Panes[0].Events, want.Panes[1].Events} || prev.Counts != [2]sidebyside.Counts{want.Panes[0].Final, want.Panes[1].Final} {
		t.Errorf("end %+v", prev)
	}
	for !prev.AtStart {
		prev = c.Step(-1)
	}
	if prev.Event != [2]int64{} || prev.TimeNS != 0 {
		t.Errorf("back to the start: %+v", prev)
	}
	p := c.At(d.TimeNS)
	np := want.At(d.TimeNS)
	if p.Event != np.Event || p.Counts != np.Counts {
		t.Errorf("At(%d) = %+v, native %+v", d.TimeNS, p, np)
	}
	if v := c.Events(1e12, -5); v.Event != [2]int64{want.Panes[0].Events, 0} {
		t.Errorf("Events clamps: %+v", v)
	}
}

func TestCompareErrors(t *testing.T) {
	for _, c := range []struct {
		spec CompareSpec
		want string
	}{
		{CompareSpec{Scenario: "nope"}, `unknown scenario "nope"`},
		{CompareSpec{Scenario: "bad name!"}, "scenario"},
		{CompareSpec{Endpoints: 999}, "endpoints"},
		{CompareSpec{Strategy: "random"}, "per-device or halving"},
		{CompareSpec{Ticks: -1}, "ticks"},
		{CompareSpec{Source: "policy fast\n"}, "custom.scn:1:"},
	} {
		if _, _, err := Compare(c.spec); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Compare(%+v) = %v, want %q", c.spec, err, c.want)
		}
	}
}

// TestRaceLinks: the explorer's report is lab/race's, deterministic, and
// each link restores its outcome in the playground.
func TestRaceLinks(t *testing.T) {
	res, err := Race(RaceSpec{Scenario: "race-report-flr", Rules: race.RulesBrokenPending})
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := race.Load("race-report-flr")
	sc, _ = race.WithRules(sc, race.RulesBrokenPending)
	native, err := race.Explore(sc, 1, race.Bound{Runs: MaxRaceRuns, Events: maxRaceEvents})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res.Report, native) {
		t.Fatal("the page's report differs from lab/race's")
	}
	again, _ := Race(RaceSpec{Scenario: "race-report-flr", Rules: race.RulesBrokenPending})
	a, _ := json.Marshal(res)
	b, _ := json.Marshal(again)
	if !bytes.Equal(a, b) {
		t.Fatal("two explorations differ")
	}
	if res.Violations == 0 || res.Shortest == nil || res.Shortest.Key != "0.0.0.0.0.1" {
		t.Fatalf("shortest %+v", res.Shortest)
	}
	checked := 0
	for i, o := range res.Outcomes {
		if i > 3 && i != len(res.Outcomes)-1 {
			continue // the first violations and an ok one
		}
		p, err := play.ParseFragment(res.Links[i])
		if err != nil {
			t.Fatalf("link %q: %v", res.Links[i], err)
		}
		x, err := play.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := x.Finish(); err != nil {
			t.Fatal(err)
		}
		vs := x.Sim().Violations()
		switch {
		case o.Violation != nil && (len(vs) == 0 || vs[0].N != o.Violation.Event || vs[0].Msg != o.Violation.Message):
			t.Errorf("outcome %s: link gives violations %v, want %+v", o.Key, vs, o.Violation)
		case o.Violation == nil && len(vs) > 0:
			t.Errorf("outcome %s (%s): link gives violation %v", o.Key, o.Class, vs[0])
		case x.Sim().N() != o.Events:
			t.Errorf("outcome %s: %d events, explorer %d", o.Key, x.Sim().N(), o.Events)
		}
		if o.Violation != nil && p.N != o.Violation.Event {
			t.Errorf("link %q does not stand at the violation (event %d)", res.Links[i], o.Violation.Event)
		}
		checked++
	}
	if checked < 2 {
		t.Fatalf("checked %d links", checked)
	}
	v4, err := Race(RaceSpec{Scenario: "race-report-flr"})
	if err != nil {
		t.Fatal(err)
	}
	if v4.Violations != 0 || v4.Rules != race.RulesV4 || !strings.HasPrefix(v4.Links[0], "scenario=race-report-flr&seed=1") {
		t.Errorf("v4: %d violations, rules %s, link %q", v4.Violations, v4.Rules, v4.Links[0])
	}
	for _, c := range []struct {
		spec RaceSpec
		want string
	}{
		{RaceSpec{}, "scenario: missing"},
		{RaceSpec{Scenario: "nope"}, `unknown scenario "nope"`},
		{RaceSpec{Scenario: "race-report-flr", Rules: "v1"}, `unknown rules "v1"`},
		{RaceSpec{Scenario: "race-report-flr", Deviations: 9}, "deviations 9"},
		{RaceSpec{Scenario: "race-report-flr", Runs: 1e6}, "runs"},
		{RaceSpec{Scenario: "baseline-spam", Rules: race.RulesGateDone}, "series policy"},
	} {
		if _, err := Race(c.spec); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Race(%+v) = %v, want %q", c.spec, err, c.want)
		}
	}
}

func TestSourceWithRules(t *testing.T) {
	for _, name := range race.Scenarios() {
		src, _ := builtin.Source(name)
		for _, rules := range race.AllRules {
			out, err := SourceWithRules(string(src), rules)
			if err != nil {
				t.Fatalf("%s %s: %v", name, rules, err)
			}
			sc, err := scenario.Parse(name, []byte(out))
			if err != nil || race.Rules(sc) != rules {
				t.Fatalf("%s %s: %v, rules %v", name, rules, err, sc)
			}
			// Applying the rules twice changes nothing.
			if again, _ := SourceWithRules(out, rules); again != out {
				t.Errorf("%s %s: not idempotent", name, rules)
			}
		}
	}
	out, err := SourceWithRules("endpoints 2\nrun\n", race.RulesEATSLock)
	if err != nil || !strings.Contains(out, "policy series ") || !strings.Contains(out, " eats-lock=off ") {
		t.Errorf("no policy line with the rule: %q, %v", out, err)
	}
	if _, err := SourceWithRules("policy baseline\nendpoints 2\nrun\n", race.RulesEATSLock); err == nil {
		t.Error("rules applied to a baseline scenario")
	}
}

// TestStrategyTable: the page's table and plot are lab/strategy's.
func TestStrategyTable(t *testing.T) {
	res, err := Strategy(StrategySpec{N: 8, K: 2, Placement: "spread", ATSTimeoutNS: 60_000_000_000})
	if err != nil {
		t.Fatal(err)
	}
	c := strategy.Config{N: 8, K: 2, Placement: "spread", ATSTimeoutNS: 1}
	tab, err := strategy.Compare(c, []int64{60_000_000_000})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res.Table, tab) || res.Text != tab.Text() {
		t.Fatal("the page's table differs from lab/strategy's")
	}
	c.ATSTimeoutNS = 60_000_000_000
	rows, _ := strategy.Sweep(c, DefaultSweep)
	if res.SVG != strategy.SVG(rows) || !strings.HasPrefix(res.SVG, "<svg") {
		t.Fatal("the page's plot differs from lab/strategy's")
	}
	pd, hv := res.Table.Rows[0], res.Table.Rows[1]
	if pd.Measured.Tests != 8 || pd.Measured.ATCTimeouts != 3 || hv.Measured.Tests != 10 || hv.Measured.ATCTimeouts != 7 || res.Table.LowerBound != 5 {
		t.Errorf("N=8 k=2 spread: %+v %+v, bound %d (docs/lab.md: 8/3, 10/7, 5)", pd.Measured, hv.Measured, res.Table.LowerBound)
	}
	all, err := Strategy(StrategySpec{N: 4, K: 1})
	if err != nil || len(all.Table.Rows) != 2*len(strategy.Timeouts) {
		t.Fatalf("all timeouts: %v", err)
	}
	for _, c := range []struct {
		spec StrategySpec
		want string
	}{
		{StrategySpec{N: 0}, "N = 0"},
		{StrategySpec{N: 4, K: 5}, "k = 5"},
		{StrategySpec{N: 4, K: 1, Placement: "middle"}, "placement"},
		{StrategySpec{N: 4, K: 1, ATSTimeoutNS: -1}, "ats_timeout_ns"},
		{StrategySpec{N: 4, K: 1, Sweep: []int{0}}, "sweep"},
		{StrategySpec{N: 4, Broken: []int{7}}, "broken index 7"},
	} {
		if _, err := Strategy(c.spec); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Strategy(%+v) = %v, want %q", c.spec, err, c.want)
		}
	}
}

const seedLines = `    unexpected global error reported (0x00000001), this could be serious
    CMDQ error (cons 0x0302bb84): ATC invalidate timeout
    unexpected global error reported (0x00000001), this could be serious
    CMDQ error (cons 0x0302bb88): ATC invalidate timeout
    unexpected global error reported (0x00000001), this could be serious
    CMDQ error (cons 0x0302bb8c): ATC invalidate timeout
`

func TestDmesg(t *testing.T) {
	r := Dmesg(DmesgSpec{Text: seedLines})
	if !r.OK || len(r.Import.Lines) != 6 || r.Fragment == "" {
		t.Fatalf("%+v", r)
	}
	p, err := play.ParseFragment(r.Fragment)
	if err != nil {
		t.Fatal(err)
	}
	x, err := play.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Finish(); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(allLines(t, x), "\n"), "CMDQ error (cons 0x0302bb84): ATC invalidate timeout"; !strings.Contains(got, want) {
		t.Errorf("the built scenario's log lacks %q:\n%s", want, got)
	}
	if r.Link != "index.html?"+FromDmesg+"#"+r.Fragment {
		t.Errorf("link %q", r.Link)
	}
	// A real paste: other drivers' lines skipped by default, event records
	// decoded, nothing reproducible, so no link.
	ev := Dmesg(DmesgSpec{Text: "[ 1.0] nvme nvme0: 8/0/0 default/read/poll queues\n" +
		"> arm-smmu-v3 490d0000.iommu: event 0x10 received:\n> arm-smmu-v3 490d0000.iommu:      0x0000001100000010\n" +
		"> arm-smmu-v3 490d0000.iommu:      0x0000020a00000000\n> arm-smmu-v3 490d0000.iommu:      0x000000009b0cc000\n" +
		"> arm-smmu-v3 490d0000.iommu:      0x0000000000000000\n"})
	if !ev.OK || len(ev.Import.Skipped) != 1 || len(ev.Import.Events) != 1 || ev.Import.Events[0].Name != "F_TRANSLATION" || ev.Link != "" || len(ev.Import.Unreproduced) == 0 {
		t.Errorf("event paste: %+v", ev)
	}
	if strict := Dmesg(DmesgSpec{Text: "[ 1.0] nvme nvme0: x\n" + seedLines, Strict: true}); strict.OK || strict.Errors[0].Line != 1 {
		t.Errorf("strict: %+v", strict)
	}
	bad := Dmesg(DmesgSpec{Text: "hello\nworld"})
	if bad.OK || len(bad.Errors) == 0 || bad.Errors[0].Line != 2 || bad.Import != nil { // no messages in the 2 lines
		t.Fatalf("garbage: %+v", bad)
	}
	if b, _ := json.Marshal(bad); !strings.Contains(string(b), `"line":2`) {
		t.Errorf("JSON %s", b)
	}
}

func allLines(t testing.TB, x *play.Session) []string {
	t.Helper()
	l, err := x.LogLines(0)
	if err != nil {
		t.Fatal(err)
	}
	return l
}
