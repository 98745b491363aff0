package exercise

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/smmuplay/smmuplay/sim"
)

// bisect16: find the silent endpoint of a batch of 16 with as few
// CMD_SYNCs as possible. Each probe the student sends is run through the
// simulator (policy none: the probe's CMD_ATC_INVs and a CMD_SYNC), and
// the score compares the number of probes with the best guaranteed
// number, computed by optimalProbes.
type bisect16 struct{}

const (
	batchSize = 16
	maxProbes = 32
)

func (bisect16) info() Info {
	return Info{ID: "bisect-16", Title: "Find the silent endpoint with the fewest CMD_SYNCs",
		Summary: "A batch of 16 timed out. Probe groups of endpoints, each costing a CMD_SYNC, until you can prove which one is silent."}
}

func (bisect16) broken(seed uint64) int {
	return rng("bisect-16", seed).IntN(batchSize)
}

// optimalProbes is the fewest probes that identify one silent endpoint
// among n in the worst case, when each probe tells whether its group
// holds it: f(1) = 0, f(n) = 1 + min over the split k of max(f(k), f(n-k)).
func optimalProbes(n int) int {
	f := make([]int, n+1)
	for m := 2; m <= n; m++ {
		f[m] = 1 << 30
		for k := 1; k < m; k++ {
			f[m] = min(f[m], 1+max(f[k], f[m-k]))
		}
	}
	return f[n]
}

// parseProbes reads one probe per line: endpoints and ranges such as
// "ep0-ep7", "0-7", "ep3, ep5 ep9".
func parseProbes(text string) ([][]int, error) {
	var probes [][]int
	for ln, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if len(probes) == maxProbes {
			return nil, fmt.Errorf("more than %d probes", maxProbes)
		}
		set := map[int]bool{}
		for _, w := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
			lo, hi, isRange := strings.Cut(w, "-")
			a, okA := epNum(lo)
			b := a
			okB := true
			if isRange {
				b, okB = epNum(hi)
			}
			if !okA || !okB || b < a {
				return nil, fmt.Errorf("probe %d (line %d): %q is not an endpoint (ep0..ep15) or a range like ep0-ep7", len(probes)+1, ln+1, w)
			}
			for i := a; i <= b; i++ {
				set[i] = true
			}
		}
		var p []int
		for i := range set {
			p = append(p, i)
		}
		slices.Sort(p)
		if len(p) == 0 {
			return nil, fmt.Errorf("probe %d (line %d) is empty", len(probes)+1, ln+1)
		}
		probes = append(probes, p)
	}
	return probes, nil
}

func epNum(s string) (int, bool) {
	s = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "ep")
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0 && n < batchSize
}

// probeScript is the hardware-level script of the probes: for each, its
// ATC_INVs and a CMD_SYNC; when the SYNC fails, the script acknowledges
// the error (the SYNC is then fetched again and completes).
func probeScript(broken int, probes [][]int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "policy none\nendpoints %d dma=off\nbroken ep%d\n", batchSize, broken)
	for _, p := range probes {
		for _, i := range p {
			fmt.Fprintf(&b, "cmd atc-inv sid=%#x\n", 0x100+i)
		}
		b.WriteString("cmd sync\nrun\nexpect atc_timeouts >= 0\nack\nrun\n")
	}
	return b.String()
}

// runProbes returns, per probe, whether its CMD_SYNC timed out.
func runProbes(broken int, probes [][]int) ([]bool, error) {
	s, err := runToEnd("bisect-16", probeScript(broken, probes))
	if err != nil {
		return nil, err
	}
	res := s.Results()
	if len(res) != len(probes) {
		return nil, fmt.Errorf("bisect-16: %d probe results for %d probes", len(res), len(probes))
	}
	out := make([]bool, len(probes))
	prev := int64(0)
	for i, r := range res {
		n, _ := strconv.ParseInt(r.Got, 10, 64)
		out[i] = n > prev
		prev = n
	}
	return out, nil
}

func (b bisect16) generate(seed uint64) (Variant, error) {
	return Variant{
		Title: "Find the silent endpoint with the fewest CMD_SYNCs",
		Prompt: fmt.Sprintf("One unmap sent CMD_ATC_INVs to ep0..ep%d in one batch and its CMD_SYNC failed with CERROR_ATC_INV_SYNC. "+
			"Exactly one endpoint is silent. You may now send probes: a probe is a group of endpoints whose CMD_ATC_INVs go out "+
			"followed by one CMD_SYNC, and you learn whether that CMD_SYNC timed out.\n\n"+
			"Write one probe per line (ep0-ep7, or ep3,ep5), press Check to see the outcomes, add probes, and name the silent "+
			"endpoint once your probes prove it. Your score compares your number of CMD_SYNCs with the fewest that always suffice.",
			batchSize-1),
		Fields: []Field{
			{Name: "probes", Label: "probes, one per line", Kind: "textarea", Example: "ep0-ep7\nep0-ep3"},
			{Name: "answer", Label: "the silent endpoint", Kind: "text", Example: "ep5"},
		},
		Fragment:  b.fragment(seed),
		Reveal:    true,
		Hint:      "A probe that times out says the silent endpoint is in its group; one that completes clears everybody in it. How many candidates can one probe rule out for sure?",
		Objective: fmt.Sprintf("Use as few probes as possible such that only one endpoint is consistent with all outcomes, then name it. %d probes always suffice.", optimalProbes(batchSize)),
	}, nil
}

func (b bisect16) check(seed uint64, a map[string]string) (Result, error) {
	broken := b.broken(seed)
	r := Result{Fields: map[string]FieldResult{}, Best: optimalProbes(batchSize)}
	probes, err := parseProbes(a["probes"])
	if err != nil {
		r.Fields["probes"] = FieldResult{Msg: err.Error()}
		r.Feedback = []string{err.Error()}
		return r, nil
	}
	r.Used = len(probes)
	outcomes, err := runProbes(broken, probes)
	if err != nil {
		return r, err
	}
	cands := []int{}
	for i := 0; i < batchSize; i++ {
		ok := true
		for j, p := range probes {
			if slices.Contains(p, i) != outcomes[j] {
				ok = false
			}
		}
		if ok {
			cands = append(cands, i)
		}
	}
	for j, p := range probes {
		what := "completed: none of them is silent"
		if outcomes[j] {
			what = "timed out (CERROR_ATC_INV_SYNC): the silent endpoint is among them"
		}
		r.Feedback = append(r.Feedback, fmt.Sprintf("probe %d (%s): CMD_SYNC %s", j+1, groupText(p), what))
	}
	r.Feedback = append(r.Feedback, fmt.Sprintf("still possible: %s", groupText(cands)))
	r.Fields["probes"] = FieldResult{OK: len(cands) == 1, Msg: fmt.Sprintf("%d CMD_SYNCs; %d always suffice", r.Used, r.Best)}
	ans := strings.TrimSpace(a["answer"])
	n, okN := epNum(ans)
	switch {
	case ans == "":
		r.Fields["answer"] = FieldResult{Msg: "name the silent endpoint when only one is possible"}
	case !okN:
		r.Fields["answer"] = FieldResult{Msg: fmt.Sprintf("%q is not one of ep0..ep%d", ans, batchSize-1)}
	case n != broken && !slices.Contains(cands, n):
		r.Fields["answer"] = FieldResult{Msg: fmt.Sprintf("your own probes rule ep%d out: %s", n, ruledOut(n, probes, outcomes))}
	case n != broken:
		r.Fields["answer"] = FieldResult{Msg: fmt.Sprintf("your probes leave %d endpoints possible, and ep%d is not the silent one: probe until one remains", len(cands), n)}
	case len(cands) > 1:
		r.Fields["answer"] = FieldResult{OK: true, Msg: "right, but your probes do not prove it yet"}
	default:
		r.Fields["answer"] = FieldResult{OK: true}
	}
	r.Correct = r.Fields["answer"].OK && len(cands) == 1
	if r.Correct {
		r.Score = min(1, float64(r.Best)/float64(max(r.Used, 1)))
	}
	return r, nil
}

func groupText(p []int) string {
	if len(p) == 0 {
		return "nobody"
	}
	var parts []string
	for i := 0; i < len(p); {
		j := i
		for j+1 < len(p) && p[j+1] == p[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("ep%d-ep%d", p[i], p[j]))
		} else {
			parts = append(parts, fmt.Sprintf("ep%d", p[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}

// halvingPlan is the optimal adaptive strategy for the key: probe the
// lower half of the candidates each time.
func halvingPlan(broken int) [][]int {
	lo, hi := 0, batchSize-1
	var probes [][]int
	for lo < hi {
		mid := (lo + hi) / 2
		var p []int
		for i := lo; i <= mid; i++ {
			p = append(p, i)
		}
		probes = append(probes, p)
		if broken <= mid {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return probes
}

func (b bisect16) key(seed uint64) (Key, error) {
	broken := b.broken(seed)
	plan := halvingPlan(broken)
	lines := make([]string, len(plan))
	for i, p := range plan {
		lines[i] = groupText(p)
	}
	return Key{
		Text: fmt.Sprintf("Halve the candidates with each probe: %d CMD_SYNCs, since 2^%d = %d. For this seed the silent endpoint is ep%d; "+
			"the probes %s find it. (The series itself retries per device: %d CMD_SYNCs for 16, but only one more timeout.)",
			len(plan), len(plan), batchSize, broken, strings.Join(lines, " then "), batchSize),
		Answer:   map[string]string{"probes": strings.Join(lines, "\n"), "answer": fmt.Sprintf("ep%d", broken)},
		Fragment: b.fragment(seed),
	}, nil
}

// ruledOut says which probe excludes endpoint n.
func ruledOut(n int, probes [][]int, outcomes []bool) string {
	for j, p := range probes {
		in := slices.Contains(p, n)
		if in && !outcomes[j] {
			return fmt.Sprintf("probe %d held it and completed", j+1)
		}
		if !in && outcomes[j] {
			return fmt.Sprintf("probe %d timed out without it", j+1)
		}
	}
	return "no probe"
}

// fragment is the series handling the same batch, standing where it
// quarantines the silent endpoint (with it selected): what the student's
// probes found, done by the driver's per-device retry.
func (b bisect16) fragment(seed uint64) string {
	broken := b.broken(seed)
	src := play16(broken)
	s, err := runToEnd("bisect-16", src)
	if err != nil {
		return ""
	}
	return fragmentAt(src, firstEvent(s, fmt.Sprintf("ep%d is quarantined", broken)), fmt.Sprintf("ep%d", broken))
}

// verify: the prompt's batch (16 ATC_INVs, one CMD_SYNC that fails with
// CERROR_ATC_INV_SYNC, one silent endpoint) is what the fragment's run
// does, and the objective's number of probes is met by the key's plan.
func (b bisect16) verify(seed uint64) error {
	broken := b.broken(seed)
	s, err := runToEnd("bisect-16", play16(broken))
	if err != nil {
		return err
	}
	waits := eventsOf(s, sim.EvSyncWaiting)
	if len(waits) == 0 || waits[0].B != batchSize {
		return fmt.Errorf("the prompt says one batch of %d CMD_ATC_INVs, but the run's first CMD_SYNC waits for %v", batchSize, waits)
	}
	errs := eventsOf(s, sim.EvCmdError)
	if len(errs) == 0 || errs[0].B != 3 || errs[0].A&(1<<24-1) != waits[0].A {
		return fmt.Errorf("the prompt says the batch's CMD_SYNC failed with CERROR_ATC_INV_SYNC; the run's first error is %v", errs)
	}
	if q := listMetric(s, "quarantined"); len(q) != 1 || q[0] != fmt.Sprintf("ep%d", broken) {
		return fmt.Errorf("the prompt says exactly one endpoint is silent (ep%d); the series quarantines %v", broken, q)
	}
	plan := halvingPlan(broken)
	out, err := runProbes(broken, plan)
	if err != nil {
		return err
	}
	if len(plan) != optimalProbes(batchSize) {
		return fmt.Errorf("the objective says %d probes suffice; the key uses %d", optimalProbes(batchSize), len(plan))
	}
	for i := 0; i < batchSize; i++ {
		fits := true
		for j, p := range plan {
			fits = fits && slices.Contains(p, i) == out[j]
		}
		if fits != (i == broken) {
			return fmt.Errorf("the key's probes do not single out ep%d (ep%d fits them too)", broken, i)
		}
	}
	return nil
}

// play16 is the series handling the same batch, for the playground.
func play16(broken int) string {
	return (fmt.Sprintf("policy series\ndomain vm0 pages=16\nendpoints %d dma=off\nbroken ep%d\nunmap vm0 iova=0x3000\nrun\n", batchSize, broken))
}
