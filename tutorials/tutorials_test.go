package tutorials

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/play"
	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/builtin"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// TestTutorials renders every built-in tutorial with the real goldmark
// setup: every scenario block runs, every step resolves and every claim
// must hold.
func TestTutorials(t *testing.T) {
	names := Names()
	if len(names) != 3 {
		t.Fatalf("want the three tutorials of issue 6, have %v", names)
	}
	for _, n := range names {
		t.Run(n, func(t *testing.T) {
			md, _ := Source(n)
			p, err := Render(n+".md", md)
			if err != nil {
				t.Fatalf("tutorial has problems:\n%v", err)
			}
			if len(p.Steps) < 10 || len(p.Steps) > 20 {
				t.Errorf("%d steps; a tutorial has 10 to 20", len(p.Steps))
			}
			claims := 0
			for _, st := range p.Steps {
				for _, c := range st.Claims {
					claims++
					if !c.OK {
						t.Errorf("%s:%d: claim %s is false (%s)", n, c.Line, c.Text, c.Got)
					}
				}
			}
			if claims < len(p.Steps) {
				t.Errorf("%d claims for %d steps: every step should claim something", claims, len(p.Steps))
			}
			if p.Title == "" || strings.Contains(p.HTML, "class=\"value bad\"") || strings.Contains(p.HTML, "class=\"problem\"") {
				t.Errorf("title %q; bad values or problems in the HTML", p.Title)
			}
			for _, sc := range p.Scenarios {
				checkFragmentReplays(t, sc)
			}
		})
	}
}

// checkFragmentReplays loads a block's fragment the way the playground
// does (play.Scenario) and checks that it runs to the same end, so that
// "seek to event N" in the embed shows what the step was checked on.
func checkFragmentReplays(t *testing.T, sc Scenario) {
	t.Helper()
	p, err := play.ParseFragment(sc.Fragment)
	if err != nil {
		t.Fatalf("scenario %s: fragment: %v", sc.ID, err)
	}
	parsed, err := play.Scenario(p)
	if err != nil {
		t.Fatalf("scenario %s: the playground cannot parse it: %v", sc.ID, err)
	}
	s, err := sim.New(parsed, parsed.RunSeed(p.Seed, p.HasSeed))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RunProgram(0); err != nil {
		t.Fatal(err)
	}
	if s.N() != sc.Events {
		t.Errorf("scenario %s: the playground's run ends after %d events, the page's after %d", sc.ID, s.N(), sc.Events)
	}
}

// TestWrongClaimFails is the acceptance check that a false claim fails
// the render (and so the build and this package's tests).
func TestWrongClaimFails(t *testing.T) {
	md, err := os.ReadFile("testdata/wrong-claim.md")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Render("wrong-claim.md", md)
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 1 {
		t.Fatalf("want exactly one problem, got %v", err)
	}
	want := "wrong-claim.md:13: @claim cmd_syncs == 3 is false at step 1"
	if !strings.HasPrefix(ps[0].Error(), want) {
		t.Errorf("problem = %q, want it to start with %q", ps[0].Error(), want)
	}
	if len(p.Steps) != 1 || p.Steps[0].Claims[0].OK || !p.Steps[0].Claims[1].OK {
		t.Errorf("steps = %+v", p.Steps)
	}
	if !strings.Contains(p.HTML, `<li class="claim fail">`) {
		t.Error("the false claim is not marked in the HTML")
	}
}

// TestClaimsAgreeWithExpect checks the claim evaluator against the
// simulator's own expect lines: built-ins whose expects all stand at the
// end are run, and every expect is re-evaluated as a claim on the end state.
func TestClaimsAgreeWithExpect(t *testing.T) {
	checked := 0
	for _, name := range builtin.Names() {
		src, _ := builtin.Source(name)
		sc, err := scenario.Parse(name, src)
		if err != nil {
			t.Fatal(err)
		}
		trailing := true
		seenExpect := false
		for _, st := range sc.Steps {
			if st.Kind == scenario.StepExpect {
				seenExpect = true
			} else if seenExpect && st.Kind != scenario.StepShow {
				trailing = false
			}
		}
		if !trailing {
			continue
		}
		s, _ := sim.New(sc, 1)
		if err := s.RunProgram(2_000_000); err != nil {
			t.Fatal(err)
		}
		run := &blockRun{name: name, src: string(src)}
		for _, res := range s.Results() {
			x, err := parseClaim(run, res.Text)
			if err != nil {
				t.Errorf("%s: %q: %v", name, res.Text, err)
				continue
			}
			got, ok, err := s.Evaluate(x)
			if err != nil || ok != res.OK || (got != res.Got && got != "(log)") {
				t.Errorf("%s: %q: claim says %v (%s, %v), expect said %v (%s)", name, res.Text, ok, got, err, res.OK, res.Got)
			}
			checked++
		}
	}
	if checked < 20 {
		t.Errorf("only %d expectations compared", checked)
	}
}

func TestClaimErrors(t *testing.T) {
	run := &blockRun{name: "x", src: "endpoints 2\n"}
	for _, c := range []struct{ claim, want string }{
		{"ep9.state == BROKEN", `endpoint "ep9" is not declared`},
		{"cons.err = 3", "missing key before '='"},
		{"ep1.state == GONE", "is one of BLOCKED_NO, BLOCKED_RESETTING, BLOCKED_BROKEN"},
		{"nonsense", "expected METRIC OP VALUE"},
		{"log == 3", "does not apply"},
		{"", "empty claim"},
		{"cons.err == 3\nexpect x", "one line"},
	} {
		_, err := parseClaim(run, c.claim)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("claim %q: error %v, want it to contain %q", c.claim, err, c.want)
		}
	}
}

func TestSafeURL(t *testing.T) {
	for u, want := range map[string]bool{
		"https://example.org/x": true, "http://x": true, "mailto:a@b": true, "../index.html#n=3": true,
		"#step-3": true, "page.html": true, "javascript:alert(1)": false, "JavaScript:alert(1)": false,
		"java\tscript:alert(1)": false, " javascript:x": false, "data:text/html,x": false, "vbscript:x": false,
		"file:///etc/passwd": false, "\\\\evil": false,
	} {
		if got := safeURL(u); got != want {
			t.Errorf("safeURL(%q) = %v, want %v", u, got, want)
		}
	}
}

// renderProblems renders a testdata/checks page and returns its problems.
func renderProblems(t *testing.T, name string) []string {
	t.Helper()
	md, err := os.ReadFile("testdata/checks/" + name)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := Render(name, md)
	var out []string
	for _, pr := range p.Problems {
		out = append(out, pr.Error())
	}
	return out
}

// TestTimeStepTolerance is issue 11 item 2's build check: a time= step
// whose event lies further before its time than the tolerance fails,
// naming the page, the step and the gap. The first case is the timeout
// tutorial as it was ("Half a millisecond later (at 5.920us)").
func TestTimeStepTolerance(t *testing.T) {
	got := renderProblems(t, "timeout-before-issue-11.md")
	want := "timeout-before-issue-11.md:88: step 6: @step time=500 µs stands after event 37 of timeout at 5.92 µs, 494 µs before the time it names (tolerance 5 µs); the next is event 38 at 1.005 ms."
	if len(got) == 0 || !strings.HasPrefix(got[0], want) {
		t.Errorf("problems %q, want the first to start with %q", got, want)
	}
	got = renderProblems(t, "time.md")
	if len(got) != 1 || !strings.HasPrefix(got[0], "time.md:10: step 1: @step time=500 µs stands after event 12 of one at 860 ns") {
		t.Errorf("time.md: want one problem, for the first step only (the second states tol=, the third is close): %q", got)
	}
	if _, err := ParseMarker("event=3 tol=1us"); err == nil || !strings.Contains(err.Error(), "tol= only goes with time=") {
		t.Errorf("tol= without time=: %v", err)
	}
}

// TestUnresolvedFails is issue 11 item 1's build check: template text
// left in the page fails it, naming the step and the line; a reference in
// a code span is resolved (the timeout tutorial's "the last one:
// `{{lastlog}}`" showed the braces).
func TestUnresolvedFails(t *testing.T) {
	got := renderProblems(t, "unresolved.md")
	want := "unresolved.md:15: step 1: {{cons|hex}} is left unresolved in the page"
	if len(got) != 1 || !strings.HasPrefix(got[0], want) {
		t.Errorf("problems %q, want one starting with %q", got, want)
	}
	md, _ := os.ReadFile("testdata/checks/unresolved.md")
	p, _ := Render("unresolved.md", md)
	if !strings.Contains(p.HTML, `<code><span class="value" title="computed: lastlog">(no kernel log yet)</span></code>`) {
		t.Errorf("the code span's {{lastlog}} is not resolved:\n%s", p.HTML)
	}
	for _, n := range Names() {
		md, _ := Source(n)
		p, _ := Render(n+".md", md)
		if m := unresolvedRef.FindString(p.HTML); m != "" {
			t.Errorf("%s: %s in the page", n, m)
		}
	}
}

// TestNoCommandLineInProse: tutorials are read in a browser, so a code
// span that starts like a CLI flag is a problem (issue 11 item 6).
func TestNoCommandLineInProse(t *testing.T) {
	md := []byte("# x\n\nTry `-strategy halving` or `--seed=3`, not `a -b`.\n")
	p, _ := Render("cli.md", md)
	if len(p.Problems) != 2 || !strings.Contains(p.Problems[0].Msg, "`-strategy halving` is command-line syntax") {
		t.Errorf("problems %v", p.Problems)
	}
}

// TestQuarantinedAgreesWithPicture: at every step of every tutorial, the
// `quarantined` claims' metric names exactly the endpoints the picture
// draws quarantined (EndpointSnap.Quarantined): one definition,
// sim.IsQuarantined, for both (issue 11 item 3).
func TestQuarantinedAgreesWithPicture(t *testing.T) {
	for _, n := range Names() {
		md, _ := Source(n)
		p, err := Render(n+".md", md)
		if err != nil {
			t.Fatal(err)
		}
		sims := map[string]*sim.Sim{}
		for _, sc := range p.Scenarios {
			q, _ := play.ParseFragment(sc.Fragment)
			parsed, err := play.Scenario(q)
			if err != nil {
				t.Fatal(err)
			}
			s, err := sim.New(parsed, parsed.RunSeed(q.Seed, q.HasSeed))
			if err != nil {
				t.Fatal(err)
			}
			if err := s.RunProgram(0); err != nil {
				t.Fatal(err)
			}
			sims[sc.ID] = s
		}
		for _, st := range p.Steps {
			s := sims[st.Scenario]
			if err := s.GoTo(st.Event); err != nil {
				t.Fatal(err)
			}
			metric, _ := s.MetricValue("quarantined")
			var drawn []string
			snap := s.Snapshot()
			for i := range snap.Endpoints {
				if snap.Endpoints[i].Quarantined() {
					drawn = append(drawn, snap.Endpoints[i].Name)
				}
			}
			names := slices.Sorted(slices.Values(metric.([]string)))
			slices.Sort(drawn)
			if got := strings.Join(names, ","); got != strings.Join(drawn, ",") {
				t.Errorf("%s step %d: the claims' quarantined is %q, the picture draws %q", n, st.Index, got, strings.Join(drawn, ","))
			}
		}
	}
}
