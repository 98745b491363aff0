package exercise

import (
	"fmt"
	"slices"
	"strings"
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
}

var roles = []role{
	{"silent", func(ep string) string { return "silent " + ep }, "never answers: its retry times out and it is quarantined"},
	{"slow-late", func(ep string) string { return "slow " + ep + " delay=3ms" }, "answers after 3 ms, past the SMMU's 1 ms timeout: to the SMMU that is a timeout, so it is quarantined"},
	{"slow-ok", func(ep string) string { return "slow " + ep + " delay=300us" }, "answers after 300 µs, within the 1 ms timeout: slow, but never an error"},
	{"reset-ok", func(ep string) string { return "silent " + ep + "\nat 5ms flr " + ep + " result=ok" }, "is quarantined, then an FLR that succeeds lifts the quarantine"},
	{"reset-fail", func(ep string) string { return "silent " + ep + "\nat 5ms flr " + ep + " result=fail" }, "is quarantined and the FLR fails: it stays BLOCKED_BROKEN"},
}

type wqVariant struct {
	src   string
	roles map[string]role
	want  []string
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
		Fragment: fragment(v.src),
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
		if slices.Contains(got, ep) == slices.Contains(v.want, ep) {
			right++
		} else if ro, ok := v.roles[ep]; ok {
			r.Feedback = append(r.Feedback, fmt.Sprintf("%s is wrong: think again about the endpoint that is %s", ep, ro.name))
		} else {
			r.Feedback = append(r.Feedback, fmt.Sprintf("%s is wrong: it is healthy", ep))
		}
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
	return Key{Text: strings.Join(lines, "\n"), Answer: map[string]string{"quarantined": ans}, Fragment: fragment(v.src)}, nil
}
