package exercise

import (
	"fmt"
	"slices"
	"strings"

	"github.com/smmuplay/smmuplay/sim"
)

// whichQuarantined: endpoints misbehave in different ways; predict which
// ones the series leaves quarantined. The answer is the run's.
type whichQuarantined struct{}

func (whichQuarantined) info() Info {
	return Info{ID: "which-quarantined", Title: "Predict which endpoints end quarantined",
		Summary: "Silent, slow, reset: read the scenario and say which endpoints are quarantined at the end."}
}

// roles an endpoint can play, with the scenario lines that make it and
// why it ends as it does (for the key).
type role struct {
	name  string
	lines func(ep string) string
	why   string
	cue   string // for a wrong answer: what to think about, without the verdict
}

var roles = []role{
	{"silent", func(ep string) string { return "silent " + ep }, "never answers: its retry times out and it is quarantined", "it never answers: what does the retry do with a device whose own CMD_SYNC times out?"},
	{"slow-late", func(ep string) string { return "slow " + ep + " delay=3ms" }, "answers after 3 ms, past the SMMU's 1 ms timeout: to the SMMU that is a timeout, so it is quarantined", "it answers after 3 ms: compare that with the SMMU's 1 ms timeout"},
	{"slow-ok", func(ep string) string { return "slow " + ep + " delay=300us" }, "answers after 300 µs, within the 1 ms timeout: slow, but never an error", "it answers after 300 µs: compare that with the SMMU's 1 ms timeout"},
	{"reset-ok", func(ep string) string { return "silent " + ep + "\nat 5ms flr " + ep + " result=ok" }, "is quarantined, then an FLR that succeeds lifts the quarantine", "it never answers and is reset at 5 ms: what does a reset that succeeds do to a quarantine?"},
	{"reset-fail", func(ep string) string { return "silent " + ep + "\nat 5ms flr " + ep + " result=fail" }, "is quarantined and the FLR fails: it stays BLOCKED_BROKEN", "it never answers and is reset at 5 ms: what does done() do when the reset fails?"},
}

type wqVariant struct {
	src   string
	roles map[string]role
	want  []string
	end   int64 // the run's last event
}

func (whichQuarantined) make(seed uint64) (wqVariant, error) {
	r := rng("which-quarantined", seed)
	v := wqVariant{roles: map[string]role{}}
	var b strings.Builder
	b.WriteString("policy series\ndomain vm0 pages=16\nendpoints 6 dma=off\nworkload unmaps=8 period=2ms\n")
	eps := r.Perm(6)
	for i, ri := range r.Perm(len(roles))[:3+r.IntN(2)] {
		ep := fmt.Sprintf("ep%d", eps[i])
		v.roles[ep] = roles[ri]
		b.WriteString(roles[ri].lines(ep) + "\n")
	}
	b.WriteString("run\n")
	v.src = b.String()
	s, err := runToEnd("which-quarantined", v.src)
	if err != nil {
		return v, err
	}
	v.want = listMetric(s, "quarantined")
	v.end = s.N()
	return v, nil
}

func (w whichQuarantined) generate(seed uint64) (Variant, error) {
	v, err := w.make(seed)
	if err != nil {
		return Variant{}, err
	}
	return Variant{
		Title: "Predict which endpoints end quarantined",
		Prompt: "Six endpoints share a domain; the host unmaps a page every 2 ms, 8 times, under the series' driver. " +
			"Some endpoints misbehave as the scenario says. Which endpoints are quarantined (ats_broken or BLOCKED_BROKEN) when the run ends? " +
			"The SMMU's ATS invalidation timeout is 1 ms; an FLR takes 100 ms.",
		Scenario: v.src,
		Fields:   []Field{{Name: "quarantined", Label: "quarantined endpoints (comma separated, or none)", Kind: "text", Example: "ep1,ep4"}},
		Hint:     "For each endpoint ask: does the SMMU ever see its invalidation miss the 1 ms timeout? If so the retry pins it. Then: does anything lift the quarantine before the end?",
		Objective: "Name exactly the endpoints that are quarantined at the end of the run: " +
			"timed out at least once, and not cured by a successful reset.",
		Fragment: fragmentAt(v.src, v.end, ""),
		Reveal:   true,
	}, nil
}

func (w whichQuarantined) check(seed uint64, a map[string]string) (Result, error) {
	v, err := w.make(seed)
	if err != nil {
		return Result{}, err
	}
	got := normList(a["quarantined"])
	r := Result{Fields: map[string]FieldResult{"quarantined": {OK: slices.Equal(got, v.want)}}}
	right := 0
	for i := 0; i < 6; i++ {
		ep := fmt.Sprintf("ep%d", i)
		named := "you named it"
		if !slices.Contains(got, ep) {
			named = "you left it out"
		}
		if slices.Contains(got, ep) == slices.Contains(v.want, ep) {
			right++
		} else if ro, ok := v.roles[ep]; ok {
			r.Feedback = append(r.Feedback, fmt.Sprintf("%s is wrong (%s): %s", ep, named, ro.cue))
		} else {
			r.Feedback = append(r.Feedback, fmt.Sprintf("%s is wrong (%s): the scenario does nothing to it, so it answers every invalidation in time", ep, named))
		}
	}
	for _, ep := range got {
		if n, ok := epNum(ep); !ok || n >= 6 {
			r.Feedback = append(r.Feedback, fmt.Sprintf("%q is not one of ep0..ep5", ep))
		}
	}
	if !r.Fields["quarantined"].OK {
		r.Fields["quarantined"] = FieldResult{Msg: fmt.Sprintf("%d of the 6 endpoints right; see below", right)}
	}
	r.Score = float64(right) / 6
	r.Correct = r.Fields["quarantined"].OK
	return r, nil
}

func (w whichQuarantined) key(seed uint64) (Key, error) {
	v, err := w.make(seed)
	if err != nil {
		return Key{}, err
	}
	var lines []string
	for i := 0; i < 6; i++ {
		ep := fmt.Sprintf("ep%d", i)
		if ro, ok := v.roles[ep]; ok {
			lines = append(lines, fmt.Sprintf("%s (%s) %s.", ep, ro.name, ro.why))
		}
	}
	ans := strings.Join(v.want, ",")
	if ans == "" {
		ans = "none"
	}
	lines = append(lines, "The others are healthy. Quarantined at the end: "+ans+".")
	return Key{Text: strings.Join(lines, "\n"), Answer: map[string]string{"quarantined": ans}, Fragment: fragmentAt(v.src, v.end, "")}, nil
}

// verify: the prompt's timing is the scenario's and the run's, and each
// role ends as the key says.
func (w whichQuarantined) verify(seed uint64) error {
	v, err := w.make(seed)
	if err != nil {
		return err
	}
	s, err := runToEnd("which-quarantined", v.src)
	if err != nil {
		return err
	}
	sc := s.Scenario()
	if len(sc.Endpoints) != 6 {
		return fmt.Errorf("the prompt says six endpoints, the scenario has %d", len(sc.Endpoints))
	}
	if t := sim.Time(sc.SMMU.ATSTimeout); t != sim.Millisecond {
		return fmt.Errorf("the prompt says the ATS timeout is 1 ms, the scenario's is %s", sim.FormatTime(t))
	}
	if t := sim.Time(sc.PCI.FLRTime); t != 100*sim.Millisecond {
		return fmt.Errorf("the prompt says an FLR takes 100 ms, the scenario's takes %s", sim.FormatTime(t))
	}
	unmaps := eventsOf(s, sim.EvUnmapRequested)
	if len(unmaps) != 8 {
		return fmt.Errorf("the prompt says the host unmaps 8 times, the run does %d times", len(unmaps))
	}
	for i := 1; i < len(unmaps); i++ {
		if d := unmaps[i].T - unmaps[i-1].T; d != 2*sim.Millisecond {
			return fmt.Errorf("the prompt says an unmap every 2 ms, unmaps %d and %d are %s apart", i, i+1, sim.FormatTime(d))
		}
	}
	ever := map[string]bool{}
	for _, e := range eventsOf(s, sim.EvATSBroken) {
		if e.A == 1 {
			ever[sc.Endpoints[e.EP].Name] = true
		}
	}
	for ep, ro := range v.roles {
		end := slices.Contains(v.want, ep)
		var ok bool
		switch ro.name {
		case "silent", "slow-late":
			ok = ever[ep] && end
		case "slow-ok":
			ok = !ever[ep] && !end
		case "reset-ok":
			ok = ever[ep] && !end
		case "reset-fail":
			ok = ever[ep] && end && strMetric(s, ep+".state") == "BLOCKED_BROKEN"
		}
		if !ok {
			return fmt.Errorf("the key says %s %s, but in the run it was quarantined at some point: %v, at the end: %v (state %s)", ep, ro.why, ever[ep], end, strMetric(s, ep+".state"))
		}
	}
	return nil
}
