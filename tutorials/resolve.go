package tutorials

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/smmuplay/smmuplay/play"
	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/builtin"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// maxProblems caps what one page reports (a hostile page may have many).
const maxProblems = 50

// resolver runs a page's scenarios and resolves its steps, claims and
// values. One resolver serves one Render.
type resolver struct {
	name  string
	src   []byte
	lines []int // byte offset of each line start
	opt   Options
	page  Page
	runs  map[string]*blockRun
	cur   *blockRun // the nearest scenario block above, during the walk
	step  *stepBlock
}

// blockRun is one scenario block and its simulation.
type blockRun struct {
	id      string
	name    string // file name used for scenario positions
	line    int    // the fence's line in the Markdown file
	body    int    // Markdown line of the scenario's line 1
	src     string // scenario text (a built-in's text for builtin=)
	builtin string
	ov      scenario.Overrides
	seed    uint64
	hasSeed bool
	noEmbed bool // embed=off: show the text and log, no playground
	s       *sim.Sim
	end     int64 // events when the program finished
	cur     int64 // where the previous step of this block stands
}

func newResolver(name string, src []byte, opt Options) *resolver {
	r := &resolver{name: name, src: src, opt: opt, runs: map[string]*blockRun{}}
	r.page.Name = name
	r.lines = append(r.lines, 0)
	for i, c := range src {
		if c == '\n' {
			r.lines = append(r.lines, i+1)
		}
	}
	return r
}

// lineOf turns a byte offset of the source into a 1-based line.
func (r *resolver) lineOf(off int) int {
	return sort.Search(len(r.lines), func(i int) bool { return r.lines[i] > off })
}

func (r *resolver) problem(line, col int, format string, args ...any) {
	if len(r.page.Problems) >= maxProblems {
		return
	}
	r.page.Problems = append(r.page.Problems, Problem{File: r.name, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// setupBlock parses a ```scenario block's info string and text, runs the
// scenario to its end and records what the page shows of it.
func (r *resolver) setupBlock(fb *ast.FencedCodeBlock, src []byte) *scenarioBlock {
	var body bytes.Buffer
	for i := 0; i < fb.Lines().Len(); i++ {
		seg := fb.Lines().At(i)
		body.Write(seg.Value(src))
	}
	sb := &scenarioBlock{raw: body.Bytes()}
	line := 1
	if fb.Info != nil {
		line = r.lineOf(fb.Info.Segment.Start)
	} else if fb.Lines().Len() > 0 {
		line = r.lineOf(fb.Lines().At(0).Start) - 1
	}
	run := &blockRun{line: line, body: line, name: r.name}
	if fb.Lines().Len() > 0 {
		run.body = r.lineOf(fb.Lines().At(0).Start) - 1
	}
	info := ""
	if fb.Info != nil {
		info = string(fb.Info.Segment.Value(src))
	}
	if err := r.blockAttrs(run, info); err != nil {
		r.problem(line, 0, "scenario block: %v", err)
		return sb
	}
	if run.id == "" {
		run.id = fmt.Sprintf("s%d", len(r.page.Scenarios)+1)
	}
	if r.runs[run.id] != nil {
		r.problem(line, 0, "scenario block: id %q is used twice", run.id)
		return sb
	}
	if run.builtin != "" {
		if strings.TrimSpace(body.String()) != "" {
			r.problem(line, 0, "scenario block: builtin=%s takes no text (write the scenario or name a built-in, not both)", run.builtin)
			return sb
		}
		b, ok := builtin.Source(run.builtin)
		if !ok {
			r.problem(line, 0, "scenario block: builtin=%s: no such built-in scenario (have: %s)", run.builtin, strings.Join(builtin.Names(), ", "))
			return sb
		}
		run.src = string(b)
	} else {
		run.src = body.String()
		if strings.TrimSpace(run.src) == "" {
			r.problem(line, 0, "scenario block is empty (write a scenario, or name one with builtin=NAME)")
			return sb
		}
	}
	if len(run.src) > play.MaxSource {
		r.problem(line, 0, "scenario block: %d bytes; a playground URL holds at most %d", len(run.src), play.MaxSource)
		return sb
	}
	sc, err := scenario.ParseWith(r.name, []byte(run.src), run.ov)
	if err != nil {
		r.scenarioErrors(run, err)
		return sb
	}
	s, err := sim.New(sc, sc.RunSeed(run.seed, run.hasSeed))
	if err != nil {
		r.problem(line, 0, "scenario block: %v", err)
		return sb
	}
	if err := s.RunProgram(r.opt.MaxEvents); err != nil {
		r.problem(line, 0, "scenario block %s: %v (keep tutorial scenarios under %d events)", run.id, err, r.opt.MaxEvents)
		return sb
	}
	run.s, run.end, run.cur = s, s.N(), 0
	for _, res := range s.Results() {
		if !res.OK {
			r.problem(run.mdLine(res.Pos.Line), 0, "scenario %s: expect %s: got %s", run.id, res.Text, res.Got)
		}
	}
	p := play.Params{Source: run.src, Scenario: run.builtin, Seed: run.seed, HasSeed: run.hasSeed,
		Policy: run.ov.Policy, Strategy: run.ov.Strategy, Endpoints: run.ov.Endpoints, Broken: run.ov.Broken}
	if run.builtin != "" {
		p.Source = ""
	}
	frag := p.Fragment()
	if _, err := play.ParseFragment(frag); err != nil {
		r.problem(line, 0, "scenario block %s: the playground could not load it: %v", run.id, err)
		return sb
	}
	title := sc.Title
	if title == "" && run.builtin != "" {
		title = builtin.Title(run.builtin)
	}
	logText := strings.TrimSuffix(s.FormatLog(s.Log()), "\n")
	var log []string
	if logText != "" {
		log = strings.Split(logText, "\n")
	}
	r.page.Scenarios = append(r.page.Scenarios, Scenario{ID: run.id, Line: line, Title: title, Builtin: run.builtin,
		Fragment: frag, Events: run.end, Log: log})
	r.runs[run.id] = run
	sb.run = run
	return sb
}

// mdLine maps a line of the block's scenario text to the Markdown file.
func (b *blockRun) mdLine(l int) int {
	if b.builtin != "" || l <= 0 {
		return b.line
	}
	return b.body + l
}

func (r *resolver) scenarioErrors(run *blockRun, err error) {
	var list scenario.ErrorList
	if !errors.As(err, &list) {
		r.problem(run.line, 0, "scenario block: %v", err)
		return
	}
	for _, e := range list {
		col := e.Pos.Col
		if run.builtin != "" {
			col = 0
		}
		r.problem(run.mdLine(e.Pos.Line), col, "scenario: %s", e.Msg)
	}
}

// blockAttrs reads the words after ```scenario.
func (r *resolver) blockAttrs(run *blockRun, info string) error {
	words, err := splitWords(info)
	if err != nil {
		return err
	}
	if len(words) == 0 || words[0].text != "scenario" {
		return errors.New("not a scenario block")
	}
	seen := map[string]bool{}
	for _, w := range words[1:] {
		k, v, ok := strings.Cut(w.text, "=")
		if !ok || w.quotedVal {
			return fmt.Errorf("%q: want key=value (keys: id, builtin, embed, seed, policy, strategy, endpoints, broken)", w.text)
		}
		if seen[k] {
			return fmt.Errorf("%s= is given twice", k)
		}
		seen[k] = true
		switch k {
		case "id":
			if !validID(v) {
				return fmt.Errorf("id=%s: want a lower-case name (a-z, 0-9, '-'; starting with a letter)", v)
			}
			run.id = v
		case "builtin":
			if !slices.Contains(builtin.Names(), v) {
				return fmt.Errorf("builtin=%s: no such built-in scenario (have: %s)", v, strings.Join(builtin.Names(), ", "))
			}
			run.builtin = v
			run.name = v
		case "embed":
			if v != "on" && v != "off" {
				return fmt.Errorf("embed=%s: want on or off", v)
			}
			run.noEmbed = v == "off"
		case "seed":
			n, err := strconv.ParseUint(v, 0, 64)
			if err != nil {
				return fmt.Errorf("seed=%s: want an unsigned number", v)
			}
			run.seed, run.hasSeed = n, true
		case "policy":
			if v != "baseline" && v != "series" && v != "none" {
				return fmt.Errorf("policy=%s: want baseline, series or none", v)
			}
			run.ov.Policy = v
		case "strategy":
			if v != "per-device" && v != "halving" {
				return fmt.Errorf("strategy=%s: want per-device or halving", v)
			}
			run.ov.Strategy = v
		case "endpoints":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 256 {
				return fmt.Errorf("endpoints=%s: want 1 to 256", v)
			}
			run.ov.Endpoints = n
		case "broken":
			if v == "" {
				return errors.New("broken= needs endpoint names, e.g. broken=ep2,ep6")
			}
			run.ov.Broken = strings.Split(v, ",")
		default:
			return fmt.Errorf("unknown key %q (keys: id, builtin, embed, seed, policy, strategy, endpoints, broken)", k)
		}
	}
	return nil
}

// resolveStep finds the step's point in its scenario's run and checks its
// claims there.
func (r *resolver) resolveStep(n *stepBlock) {
	line := r.lineOf(n.off)
	if n.orphan {
		r.problem(line, 0, "@claim without a @step line above it")
		return
	}
	m, err := ParseMarker(n.raw)
	if err != nil {
		r.problem(line, 0, "@step: %v", err)
		return
	}
	run := r.cur
	if m.Scenario != "" {
		run = r.runs[m.Scenario]
		if run == nil {
			r.problem(line, 0, "@step: scenario=%s: no scenario block has that id", m.Scenario)
			return
		}
	}
	if run == nil {
		r.problem(line, 0, "@step: no scenario block above it (or it failed; see the problems above)")
		return
	}
	s := run.s
	var at int64
	switch m.Where {
	case ByEvent, ByOffset:
		at = m.Event
		if m.Where == ByOffset {
			at = run.cur + m.Event
		}
		if err := s.GoTo(at); err != nil {
			r.problem(line, 0, "@step event=%d: the run of %s ends after event %d", at, run.id, s.N())
			return
		}
	case AtEnd:
		at = run.end
	case ByTime:
		// Scenario lines are not on the agenda, so step until an event
		// lands after T and stand just before it.
		if err := s.GoTo(0); err != nil {
			r.problem(line, 0, "@step: %v", err)
			return
		}
		at = -1
		for i := int64(0); i < r.opt.MaxEvents && s.Step(); i++ {
			if s.Event(s.N()).T > sim.Time(m.Time) {
				at = s.N() - 1
				break
			}
		}
		if at < 0 {
			at = s.N()
		}
		r.timeClose(line, run, m, at) // reported; the step still stands, so later steps keep their numbers
	case ByNarration:
		if err := s.GoTo(run.cur); err != nil {
			r.problem(line, 0, "@step: %v", err)
			return
		}
		found := false
		for i := int64(0); i < r.opt.MaxEvents && s.Step(); i++ {
			if strings.Contains(s.Describe(s.Event(s.N())), m.On) {
				found = true
				break
			}
		}
		if !found {
			r.problem(line, 0, "@step on=%q: no event after event %d says that (the run ends after event %d)", m.On, run.cur, s.N())
			return
		}
		at = s.N()
	case ByCondition:
		x, err := parseClaim(run, m.When)
		if err != nil {
			r.problem(line, 0, "@step when=%q: %v", m.When, err)
			return
		}
		if err := s.GoTo(run.cur); err != nil {
			r.problem(line, 0, "@step: %v", err)
			return
		}
		var evalErr error
		held := s.RunWhile(func(s *sim.Sim) bool {
			_, ok, err := s.Evaluate(x)
			if err != nil {
				evalErr = err
				return false
			}
			return !ok
		}, r.opt.MaxEvents)
		if evalErr != nil {
			r.problem(line, 0, "@step when=%q: %v", m.When, evalErr)
			return
		}
		if !held {
			r.problem(line, 0, "@step when=%q: never holds from event %d to the end of the run (event %d)", m.When, run.cur, s.N())
			return
		}
		at = s.N()
	}
	if err := s.GoTo(at); err != nil {
		r.problem(line, 0, "@step: %v", err)
		return
	}
	run.cur = at
	for _, t := range m.Select {
		if err := checkTarget(run, t); err != nil {
			r.problem(line, 0, "@step select=%s: %v", t, err)
			return
		}
	}
	st := Step{Index: len(r.page.Steps) + 1, Line: line, Scenario: run.id, Event: at, TimeNS: int64(s.Now()),
		Targets: m.Select, Narration: "the start of the run"}
	if st.Targets == nil {
		st.Targets = []string{}
	}
	if at > 0 {
		st.Narration = s.Describe(s.Event(at))
	}
	for _, c := range n.claims {
		cl := Claim{Text: c.text, Line: r.lineOf(c.off)}
		x, err := parseClaim(run, c.text)
		if err != nil {
			r.problem(cl.Line, 0, "@claim %s: %v", c.text, err)
			cl.Got = "(not a claim)"
			st.Claims = append(st.Claims, cl)
			continue
		}
		cl.Got, cl.OK, err = s.Evaluate(x)
		if x.Value.Kind == scenario.IntValue && strings.Contains(strings.ToLower(c.text), "0x") {
			if v, perr := strconv.ParseInt(cl.Got, 10, 64); perr == nil {
				cl.Got = fmt.Sprintf("0x%08x", v) // answer in the claim's base
			}
		}
		if err != nil {
			r.problem(cl.Line, 0, "@claim %s: %v", c.text, err)
		} else if !cl.OK {
			r.problem(cl.Line, 0, "@claim %s is false at step %d (event %d of %s): %s is %s", c.text, st.Index, at, run.id, x.Metric, cl.Got)
		}
		st.Claims = append(st.Claims, cl)
	}
	if st.Claims == nil {
		st.Claims = []Claim{}
	}
	r.page.Steps = append(r.page.Steps, st)
	n.step = &st
}

// timeClose checks that a time= step's event is within the tolerance
// of the time the marker names, and reports the gap when it is not.
func (r *resolver) timeClose(line int, run *blockRun, m Marker, at int64) {
	s := run.s
	tol := m.Tol
	if tol < 0 {
		tol = DefaultTolerance(m.Time)
	}
	var te sim.Time
	if at > 0 {
		te = s.Event(at).T
	}
	gap := sim.Time(m.Time) - te
	if gap <= sim.Time(tol) {
		return
	}
	next := "the run ends there"
	if at < s.N() {
		next = fmt.Sprintf("the next is event %d at %s", at+1, sim.FormatTime(s.Event(at+1).T))
	}
	r.problem(line, 0, "step %d: @step time=%s stands after event %d of %s at %s, %s before the time it names (tolerance %s); %s. Place the step with when= or on=, or state the gap you accept with tol=",
		len(r.page.Steps)+1, sim.FormatTime(sim.Time(m.Time)), at, run.id, sim.FormatTime(te), sim.FormatTime(gap), sim.FormatTime(sim.Time(tol)), next)
}

// checkTarget rejects targets the scenario does not have.
func checkTarget(run *blockRun, name string) error {
	t, err := play.ParseTarget(name)
	if err != nil {
		return err
	}
	sc := run.s.Scenario()
	switch t.Kind {
	case layout.HitEndpoint:
		for _, e := range sc.Endpoints {
			if e.Name == t.Name {
				return nil
			}
		}
		return fmt.Errorf("the scenario has no endpoint %q", t.Name)
	case layout.HitSlot:
		if t.Index >= 1<<sc.SMMU.QS {
			return fmt.Errorf("the queue has %d slots", 1<<sc.SMMU.QS)
		}
	case layout.HitRootPort:
		if t.Index >= len(sc.RootPorts) {
			return fmt.Errorf("the scenario has %d root ports", len(sc.RootPorts))
		}
	}
	return nil
}

// evalValue prints a value reference where it stands.
func (r *resolver) evalValue(n *valueRef) {
	line := r.lineOf(n.off)
	n.bad = true
	v, err := ParseValueRef(n.raw)
	if err != nil {
		r.problem(line, 0, "%v", err)
		return
	}
	run := r.cur
	at := int64(-1)
	if v.Scenario != "" {
		run = r.runs[v.Scenario]
		if run == nil {
			r.problem(line, 0, "{{%s}}: no scenario block has the id %q", n.raw, v.Scenario)
			return
		}
	}
	if run == nil {
		r.problem(line, 0, "{{%s}}: no scenario block above it", n.raw)
		return
	}
	if r.step != nil && r.step.step != nil && r.step.step.Scenario == run.id {
		at = r.step.step.Event
	} else {
		at = run.end
	}
	s := run.s
	if err := s.GoTo(at); err != nil {
		r.problem(line, 0, "{{%s}}: %v", n.raw, err)
		return
	}
	text, err := formatValue(s, v)
	if err != nil {
		r.problem(line, 0, "{{%s}}: %v", n.raw, err)
		return
	}
	n.text, n.bad = text, false
}

func formatValue(s *sim.Sim, v ValueRef) (string, error) {
	switch v.Name {
	case "lastlog":
		l := s.Log()
		if len(l) == 0 {
			return "(no kernel log yet)", nil
		}
		return strings.TrimSuffix(s.FormatLog(l[len(l)-1:]), "\n"), nil
	case "narration":
		if s.N() == 0 {
			return "the start of the run", nil
		}
		return s.Describe(s.Event(s.N())), nil
	}
	spec, _, ok := scenario.LookupMetric(v.Name)
	if !ok {
		return "", fmt.Errorf("unknown metric %q (use a metric of docs/scenario-language.md, or %s)", v.Name, strings.Join(pseudoMetrics, ", "))
	}
	if spec.Kind == scenario.TextMetric {
		return "", errors.New("the whole log does not fit in a sentence; use {{lastlog}}")
	}
	val, err := s.MetricValue(v.Name)
	if err != nil {
		return "", err
	}
	switch x := val.(type) {
	case int64:
		switch v.Format {
		case "hex":
			return fmt.Sprintf("0x%08x", x), nil
		case "dur":
			return sim.FormatTime(sim.Time(x)), nil
		}
		return strconv.FormatInt(x, 10), nil
	case string:
		if v.Format != "" {
			return "", fmt.Errorf("format %s applies to numbers only", v.Format)
		}
		return x, nil
	case []string:
		if v.Format != "" {
			return "", fmt.Errorf("format %s applies to numbers only", v.Format)
		}
		if len(x) == 0 {
			return "none", nil
		}
		return strings.Join(x, ", "), nil
	}
	return "", fmt.Errorf("metric %s cannot be printed", v.Name)
}
