package exercise

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/smmuplay/smmuplay/sim/scenario"
)

// predictRecovery: a sequence of failures and resets on four endpoints;
// predict recovery_cnt and each endpoint's group-device state at a given
// time. The answer is the run's at that time.
type predictRecovery struct{}

func (predictRecovery) info() Info {
	return Info{ID: "predict-recovery", Title: "Predict recovery_cnt after a sequence of events",
		Summary: "Quarantines, FLRs that succeed or fail, a reset of a healthy device: predict recovery_cnt and the states at a given time."}
}

type recVariant struct {
	src    string
	at     string
	states []string
	cnt    int64
	events []string
}

func (predictRecovery) make(seed uint64) (recVariant, error) {
	r := rng("predict-recovery", seed)
	var v recVariant
	var b strings.Builder
	b.WriteString("policy series\ndomain vm0 pages=16\nendpoints 4 dma=off\nworkload unmaps=4 period=1ms\n")
	order := r.Perm(4)
	nBroken := 1 + r.IntN(2)
	for _, i := range order[:nBroken] {
		fmt.Fprintf(&b, "silent ep%d\n", i)
		v.events = append(v.events, fmt.Sprintf("ep%d stops answering invalidations", i))
	}
	// Resets: on some broken endpoints (ok or fail), and maybe on a
	// healthy one, at times that may or may not have finished by the
	// question's time (an FLR takes 100 ms).
	t := 10
	for k, i := range order {
		if k >= nBroken && r.IntN(2) == 0 {
			continue
		}
		if r.IntN(3) == 0 {
			continue
		}
		res := []string{"ok", "fail"}[r.IntN(2)]
		if k >= nBroken {
			res = "ok"
		}
		fmt.Fprintf(&b, "at %dms flr ep%d result=%s\n", t, i, res)
		v.events = append(v.events, fmt.Sprintf("at %d ms an FLR of ep%d starts; it will %s", t, i, map[string]string{"ok": "succeed", "fail": "fail"}[res]))
		t += 40 + 10*r.IntN(6)
	}
	q := 8 + 10*r.IntN((t+60)/10) // often while an FLR is still running
	v.at = fmt.Sprintf("%dms", q)
	fmt.Fprintf(&b, "run until=%dms\n", q)
	v.src = b.String()
	s, err := runToEnd("predict-recovery", v.src)
	if err != nil {
		return v, err
	}
	v.cnt = intMetric(s, "recovery_cnt")
	for i := 0; i < 4; i++ {
		v.states = append(v.states, strMetric(s, fmt.Sprintf("ep%d.state", i)))
	}
	return v, nil
}

var stateChoices = scenario.StateNames

func (p predictRecovery) generate(seed uint64) (Variant, error) {
	v, err := p.make(seed)
	if err != nil {
		return Variant{}, err
	}
	fields := []Field{{Name: "recovery_cnt", Label: "recovery_cnt (sum over the groups)", Kind: "number", Example: "1"}}
	for i := 0; i < 4; i++ {
		fields = append(fields, Field{Name: fmt.Sprintf("ep%d", i), Label: fmt.Sprintf("ep%d's state", i), Kind: "choice", Choices: stateChoices})
	}
	return Variant{
		Title: "Predict recovery_cnt after a sequence of events",
		Prompt: "Four endpoints ep0..ep3, each in its own iommu group, share a domain; the host unmaps a page every millisecond, 4 times, " +
			"under the series' driver. An FLR takes 100 ms.\n\n- " + strings.Join(v.events, "\n- ") +
			"\n\nAt " + strings.TrimSuffix(v.at, "ms") + " ms, what is recovery_cnt, and what is each endpoint's group-device state (BLOCKED_NO, BLOCKED_RESETTING or BLOCKED_BROKEN)?",
		Scenario:  v.src,
		Fields:    fields,
		Hint:      "recovery_cnt counts the group devices that are not BLOCKED_NO. A silent device is BLOCKED_BROKEN soon after the first unmap. An FLR in progress keeps a device blocked; when it ends, done() decides: success goes back to BLOCKED_NO, failure leaves or makes it BLOCKED_BROKEN.",
		Objective: "For the given time, count the endpoints that are blocked (BLOCKED_RESETTING or BLOCKED_BROKEN), and name each one's state.",
		Fragment:  fragment(v.src),
		Reveal:    true,
	}, nil
}

func (p predictRecovery) check(seed uint64, a map[string]string) (Result, error) {
	v, err := p.make(seed)
	if err != nil {
		return Result{}, err
	}
	f := map[string]FieldResult{}
	n, err := strconv.ParseInt(strings.TrimSpace(a["recovery_cnt"]), 10, 64)
	f["recovery_cnt"] = FieldResult{OK: err == nil && n == v.cnt}
	for i := 0; i < 4; i++ {
		k := fmt.Sprintf("ep%d", i)
		// The short names of earlier versions (NONE, RESET, BROKEN) count too.
		f[k] = FieldResult{OK: scenario.StateName(strings.TrimSpace(a[k])) == v.states[i]}
	}
	r := Result{Fields: f, Score: score(f)}
	r.Correct = r.Score == 1
	return r, nil
}

func (p predictRecovery) key(seed uint64) (Key, error) {
	v, err := p.make(seed)
	if err != nil {
		return Key{}, err
	}
	ans := map[string]string{"recovery_cnt": strconv.FormatInt(v.cnt, 10)}
	var parts []string
	for i, st := range v.states {
		ans[fmt.Sprintf("ep%d", i)] = st
		parts = append(parts, fmt.Sprintf("ep%d %s", i, st))
	}
	return Key{
		Text: fmt.Sprintf("At %s: %s. recovery_cnt = %d, the number of endpoints not BLOCKED_NO. Silent endpoints are quarantined and blocked (BLOCKED_BROKEN) "+
			"within a few ms; an FLR keeps its device blocked for 100 ms (BLOCKED_RESETTING, or still BLOCKED_BROKEN if it was), then success gives BLOCKED_NO and failure BLOCKED_BROKEN.",
			v.at, strings.Join(parts, ", "), v.cnt),
		Answer:   ans,
		Fragment: fragment(v.src),
	}, nil
}
