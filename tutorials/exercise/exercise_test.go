package exercise

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/bits"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/play"
	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// TestKeysScoreFull: for many seeds, every exercise's own key is a
// correct answer with score 1, the variant is complete and the fragment
// loads in the playground.
func TestKeysScoreFull(t *testing.T) {
	if len(List()) < 5 {
		t.Fatalf("%d exercises; issue 6 asks for at least five", len(List()))
	}
	for _, in := range List() {
		answers := map[string]bool{}
		for seed := uint64(0); seed < 25; seed++ {
			v, err := Generate(in.ID, seed)
			if err != nil {
				t.Fatalf("%s seed %d: %v", in.ID, seed, err)
			}
			if v.Prompt == "" || v.Hint == "" || v.Objective == "" || len(v.Fields) == 0 {
				t.Errorf("%s seed %d: incomplete variant %+v", in.ID, seed, v)
			}
			if v.Fragment != "" {
				if _, err := play.ParseFragment(v.Fragment); err != nil {
					t.Errorf("%s seed %d: fragment: %v", in.ID, seed, err)
				}
			}
			k, err := Solution(in.ID, seed)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Check(in.ID, seed, k.Answer)
			if err != nil || !r.Correct || r.Score != 1 {
				t.Errorf("%s seed %d: the key %v scores %+v (%v)", in.ID, seed, k.Answer, r, err)
			}
			b, _ := json.Marshal(k.Answer)
			answers[string(b)] = true
			if _, err := json.Marshal(v); err != nil {
				t.Error(err)
			}
		}
		if len(answers) < 4 {
			t.Errorf("%s: only %d different answers over 25 seeds: seeds must vary the variant", in.ID, len(answers))
		}
	}
}

func TestBadInput(t *testing.T) {
	if _, err := Generate("nope", 1); err == nil || !strings.Contains(err.Error(), "decode-cons") {
		t.Errorf("unknown id: %v", err)
	}
	if _, err := Check("decode-cons", 1, map[string]string{"colour": "red"}); err == nil {
		t.Error("unknown field accepted")
	}
	if _, err := Check("decode-cons", 1, map[string]string{"err": strings.Repeat("9", 5000)}); err == nil {
		t.Error("huge field accepted")
	}
	r, err := Check("decode-cons", 1, nil)
	if err != nil || r.Correct || r.Score != 0 {
		t.Errorf("empty answer: %+v %v", r, err)
	}
}

// TestDecodeCons checks partial answers against the bit layout computed
// here from the value in the prompt.
func TestDecodeCons(t *testing.T) {
	for seed := uint64(0); seed < 12; seed++ {
		v, _ := decodeCons{}.make(seed)
		c := uint64(v.cons)
		if int64(c>>24&0x7f) != v.err || int64(c>>uint(v.qs)&1) != v.gotWrap || int64(c&(1<<v.qs-1)) != v.gotIdx {
			t.Fatalf("seed %d: CONS 0x%08x decodes differently from the run's fields", seed, c)
		}
		for _, tc := range []struct {
			ans   map[string]string
			score float64
		}{
			{map[string]string{"err": cerrorNames[v.err], "wrap": fmt.Sprint(v.gotWrap), "index": fmt.Sprint(v.gotIdx)}, 1},
			{map[string]string{"err": fmt.Sprintf("%#x", v.err), "wrap": fmt.Sprint(1 - v.gotWrap), "index": fmt.Sprintf("%x", v.gotIdx)}, 1.0 / 3},
			{map[string]string{"err": fmt.Sprint(v.err%3 + 1), "wrap": "x", "index": fmt.Sprint(v.gotWrap<<v.qs | v.gotIdx + 1)}, 0},
		} {
			r, err := Check("decode-cons", seed, tc.ans)
			if err != nil || r.Score != tc.score {
				t.Errorf("seed %d %v: score %v, want %v (%v)", seed, tc.ans, r.Score, tc.score, err)
			}
		}
	}
}

func TestWhichQuarantinedPartial(t *testing.T) {
	v, _ := whichQuarantined{}.make(3)
	r, _ := Check("which-quarantined", 3, map[string]string{"quarantined": "none"})
	if r.Correct || r.Score != float64(6-len(v.want))/6 || len(r.Feedback) != len(v.want) {
		t.Errorf("none: %+v (want %v)", r, v.want)
	}
	r, _ = Check("which-quarantined", 3, map[string]string{"quarantined": strings.ToUpper(strings.Join(v.want, " ; "))})
	if !r.Correct {
		t.Errorf("the answer in another spelling: %+v", r)
	}
}

// bruteOptimum is the minimax number of probes computed independently of
// optimalProbes: a game-tree search over real subsets of the candidates
// (as bitmasks), not over their sizes. Exponential: small n only.
func bruteOptimum(n int) int {
	memo := map[uint32]int{}
	var f func(c uint32) int
	f = func(c uint32) int {
		if bits.OnesCount32(c) <= 1 {
			return 0
		}
		if v, ok := memo[c]; ok {
			return v
		}
		best := 1 << 30
		for q := (c - 1) & c; q > 0; q = (q - 1) & c { // every proper non-empty sub-probe
			best = min(best, 1+max(f(q), f(c&^q)))
		}
		memo[c] = best
		return best
	}
	return f(1<<n - 1)
}

// TestBisectOptimum checks the score's reference: optimalProbes equals a
// brute-force game-tree search for small batches, and for 16 it equals
// the counting lower bound (each probe has two outcomes: 2^k ≥ 16) met
// by the key's halving plan for every hidden endpoint.
func TestBisectOptimum(t *testing.T) {
	for n := 1; n <= 9; n++ {
		if got, want := optimalProbes(n), bruteOptimum(n); got != want {
			t.Errorf("n=%d: optimalProbes %d, brute force %d", n, got, want)
		}
	}
	lower := 0
	for 1<<lower < batchSize {
		lower++
	}
	if optimalProbes(batchSize) != lower {
		t.Errorf("optimalProbes(16) = %d, counting bound %d", optimalProbes(batchSize), lower)
	}
	for b := 0; b < batchSize; b++ {
		if p := halvingPlan(b); len(p) != lower {
			t.Errorf("halving plan for ep%d uses %d probes", b, len(p))
		}
	}
}

// TestBisectCheck: a table of probe sets, scored against the optimum.
func TestBisectCheck(t *testing.T) {
	seed := uint64(7)
	b := bisect16{}.broken(seed)
	ep := fmt.Sprintf("ep%d", b)
	var singles []string
	for i := 0; i < batchSize; i++ {
		singles = append(singles, fmt.Sprintf("ep%d", i))
	}
	other := fmt.Sprintf("ep%d", (b+1)%batchSize)
	for _, tc := range []struct {
		name    string
		probes  string
		answer  string
		correct bool
		score   float64
		used    int
	}{
		{"optimal", strings.Join(lines(halvingPlan(b)), "\n"), ep, true, 1, 4},
		{"one at a time", strings.Join(singles, "\n"), ep, true, 4.0 / 16, 16},
		{"lucky single probe", ep, ep, true, 1, 1},
		{"right but unproven", "ep0-ep15", ep, false, 0, 1},
		{"wrong endpoint", strings.Join(lines(halvingPlan(b)), "\n"), other, false, 0, 4},
		{"no answer yet", "ep0-ep7", "", false, 0, 1},
		{"bad probe", "ep0-ep99", ep, false, 0, 0},
	} {
		r, err := Check("bisect-16", seed, map[string]string{"probes": tc.probes, "answer": tc.answer})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if r.Correct != tc.correct || r.Score != tc.score || r.Used != tc.used || (tc.used > 0 && r.Best != 4) {
			t.Errorf("%s: correct %v score %v used %d best %d; want %v %v %d 4\n%v", tc.name, r.Correct, r.Score, r.Used, r.Best, tc.correct, tc.score, tc.used, r.Feedback)
		}
	}
}

func lines(p [][]int) []string {
	out := make([]string, len(p))
	for i, x := range p {
		out[i] = groupText(x)
	}
	return out
}

// TestProbesRunInTheSimulator: the probe outcomes come from the
// simulator and agree with set membership.
func TestProbesRunInTheSimulator(t *testing.T) {
	probes := [][]int{{0, 1, 2, 3}, {4, 5}, {5}, {0, 15}}
	got, err := runProbes(5, probes)
	if err != nil {
		t.Fatal(err)
	}
	want := []bool{false, true, true, false}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("probe %v: timed out %v, want %v", probes[i], got[i], want[i])
		}
	}
}

// TestOrderFollowsTheSimulator runs the quarantine and the recovery and
// checks that each sequence's anchors appear in its order.
func TestOrderFollowsTheSimulator(t *testing.T) {
	sc, err := scenario.Parse("order", []byte(orderScenario))
	if err != nil {
		t.Fatal(err)
	}
	s, _ := sim.New(sc, 1)
	if err := s.RunProgram(0); err != nil {
		t.Fatal(err)
	}
	var narr []string
	for n := int64(1); n <= s.N(); n++ {
		narr = append(narr, s.Describe(s.Event(n)))
	}
	for _, seq := range sequences {
		pos := -1
		for _, it := range seq.items {
			at := -1
			for i := pos + 1; i < len(narr); i++ {
				if strings.Contains(narr[i], it.anchor) {
					at = i
					break
				}
			}
			if at < 0 {
				t.Errorf("%s: %q (anchor %q) does not happen after the previous step", seq.name, it.text, it.anchor)
				break
			}
			pos = at
		}
	}
}

func TestOrderScore(t *testing.T) {
	k, _ := Solution("order-steps", 2)
	right := strings.Split(k.Answer["order"], ",")
	rev := make([]string, len(right))
	for i, l := range right {
		rev[len(right)-1-i] = l
	}
	swapped := append([]string{right[1], right[0]}, right[2:]...)
	n := float64(len(right) * (len(right) - 1) / 2)
	for _, tc := range []struct {
		order   string
		score   float64
		correct bool
	}{
		{strings.Join(right, ""), 1, true},
		{strings.Join(rev, ","), 0, false},
		{strings.Join(swapped, " "), (n - 1) / n, false},
		{"A,A,B", 0, false},
		{"A,B", 0, false},
		{"Z", 0, false},
	} {
		r, _ := Check("order-steps", 2, map[string]string{"order": tc.order})
		if r.Correct != tc.correct || r.Score != tc.score {
			t.Errorf("%q: %v %v, want %v %v", tc.order, r.Correct, r.Score, tc.correct, tc.score)
		}
	}
}

func TestPredictRecoveryPartial(t *testing.T) {
	k, _ := Solution("predict-recovery", 5)
	a := map[string]string{}
	for f, v := range k.Answer {
		a[f] = strings.ToLower(v)
	}
	if r, _ := Check("predict-recovery", 5, a); !r.Correct {
		t.Errorf("lower-case states: %+v", r)
	}
	// The kernel's names are the key; the short ones of earlier versions count.
	short := map[string]string{"BLOCKED_NO": "NONE", "BLOCKED_RESETTING": "RESET", "BLOCKED_BROKEN": "BROKEN"}
	shortA := map[string]string{}
	for f, v := range k.Answer {
		shortA[f] = v
		if s, ok := short[v]; ok {
			shortA[f] = s
		}
	}
	if r, _ := Check("predict-recovery", 5, shortA); !r.Correct {
		t.Errorf("short state names: %+v", r)
	}
	a["g0"] = "99"
	r, _ := Check("predict-recovery", 5, a)
	if r.Correct || r.Score != 5.0/6 || !strings.Contains(r.Fields["g0"].Msg, "your own states for them give") {
		t.Errorf("one wrong field: %+v", r)
	}
}

// TestVerifyManySeeds: for many seeds of every exercise, every fact the
// variant states is true of the run it describes, and its playground
// fragment opens that run at the event that matters (issue 11 item 4).
func TestVerifyManySeeds(t *testing.T) {
	for _, in := range List() {
		for seed := uint64(0); seed < 120; seed++ {
			if err := Verify(in.ID, seed); err != nil {
				t.Error(err)
				break
			}
		}
	}
}

// TestPromptFactsBeforeIssue11: predict-recovery's prompt for seed 42
// said "at 80 ms an FLR of ep3 starts"; the model's single reset thread
// is busy with ep2's FLR until 110 ms. verify rejects that wording.
func TestPromptFactsBeforeIssue11(t *testing.T) {
	p := predictRecovery{}
	v, err := p.make(42)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.verifyFacts(v); err != nil {
		t.Fatalf("today's wording: %v", err)
	}
	old := v
	old.facts.resets = slices.Clone(v.facts.resets)
	for i := range old.facts.resets {
		old.facts.resets[i].starts = true
	}
	err = p.verifyFacts(old)
	if err == nil || !strings.Contains(err.Error(), "the prompt says an FLR of ep3 starts at 80 ms, but it starts at 110 ms: the reset thread is busy until then") {
		t.Errorf("\"an FLR starts at\" for seed 42: %v", err)
	}
	t.Log(err)
	if !strings.Contains(old.facts.prompt(), "an FLR of ep") {
		t.Errorf("the old wording is not what this test checks:\n%s", old.facts.prompt())
	}
}

// TestWrongAnswersSayWhy: a wrong field gets a message saying what is
// wrong with it, and for a choice that message does not name the right
// choice (issue 11 item 5).
func TestWrongAnswersSayWhy(t *testing.T) {
	for _, in := range List() {
		for seed := uint64(0); seed < 20; seed++ {
			v, _ := Generate(in.ID, seed)
			k, _ := Solution(in.ID, seed)
			for _, f := range v.Fields {
				a := maps.Clone(k.Answer)
				right := a[f.Name]
				switch f.Kind {
				case "choice":
					for _, c := range f.Choices {
						if c != right {
							a[f.Name] = c
							break
						}
					}
				case "number":
					a[f.Name] = "77"
				case "textarea":
					continue // the probes: feedback lines, checked by TestBisectCheck
				default:
					a[f.Name] = "ep9x"
					if f.Name == "order" {
						l := strings.Split(right, ",")
						l[0], l[1] = l[1], l[0]
						a[f.Name] = strings.Join(l, ",")
					}
				}
				r, err := Check(in.ID, seed, a)
				if err != nil {
					t.Fatal(err)
				}
				fr := r.Fields[f.Name]
				if fr.OK || (fr.Msg == "" && len(r.Feedback) == 0) {
					t.Errorf("%s seed %d: %s = %q: %+v, want a message saying why", in.ID, seed, f.Name, a[f.Name], r)
				}
				if f.Kind == "choice" && regexp.MustCompile(`\b`+regexp.QuoteMeta(right)+`\b`).MatchString(fr.Msg) {
					t.Errorf("%s seed %d: %s: %q gives the answer %s away", in.ID, seed, f.Name, fr.Msg, right)
				}
			}
		}
	}
}
