// Package exercise holds smmuplay's classroom exercises: each one makes a
// variant from a seed (so every student gets a different one), checks an
// answer without a server, and gives a hint, the objective restated and
// a solution. Answers are computed by running the simulator, never typed
// in. The browser reaches this package through the embed's postMessage
// ops (exercise, check, solution); the types are JSON-tagged for that.
package exercise

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/smmuplay/smmuplay/play"
)

// Info names an exercise in lists.
type Info struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Summary string `json:"summary"`
}

// Field is one input of an answer form.
type Field struct {
	Name    string   `json:"name"`
	Label   string   `json:"label"`
	Kind    string   `json:"kind"` // text | number | choice | textarea
	Choices []string `json:"choices,omitempty"`
	Example string   `json:"example,omitempty"` // a placeholder showing the format
}

// Variant is what a student sees for (exercise, seed).
type Variant struct {
	ID        string  `json:"id"`
	Seed      uint64  `json:"seed"`
	Title     string  `json:"title"`
	Prompt    string  `json:"prompt"` // plain text; paragraphs separated by blank lines
	Scenario  string  `json:"scenario,omitempty"`
	Fields    []Field `json:"fields"`
	Hint      string  `json:"hint"`
	Objective string  `json:"objective"` // the goal restated, after the hint
	Fragment  string  `json:"fragment,omitempty"`
	Reveal    bool    `json:"reveal"` // load Fragment only after a check or the solution (it would give the answer away)
}

// FieldResult is the verdict on one field.
type FieldResult struct {
	OK  bool   `json:"ok"`
	Msg string `json:"msg,omitempty"`
}

// Result is the verdict on an answer.
type Result struct {
	ID       string                 `json:"id"`
	Seed     uint64                 `json:"seed"`
	Correct  bool                   `json:"correct"`
	Score    float64                `json:"score"` // 0..1; 1 = correct and as good as the best possible
	Fields   map[string]FieldResult `json:"fields"`
	Feedback []string               `json:"feedback"`
	Best     int                    `json:"best,omitempty"` // the best possible cost, where the exercise has one
	Used     int                    `json:"used,omitempty"` // the answer's cost
}

// Key is the answer key of a variant: for the solution button and the
// teacher's key page.
type Key struct {
	ID       string            `json:"id"`
	Seed     uint64            `json:"seed"`
	Text     string            `json:"text"`   // explanation, plain text
	Answer   map[string]string `json:"answer"` // an answer Check scores 1
	Fragment string            `json:"fragment,omitempty"`
}

type exercise interface {
	info() Info
	generate(seed uint64) (Variant, error)
	check(seed uint64, answer map[string]string) (Result, error)
	key(seed uint64) (Key, error)
	// verify checks every fact the variant states (prompt, hint,
	// objective, key) against the run it describes, and that the
	// fragment shows that run at the event that matters.
	verify(seed uint64) error
}

var registry = []exercise{decodeCons{}, whichQuarantined{}, bisect16{}, orderSteps{}, predictRecovery{}}

// List returns the exercises in teaching order.
func List() []Info {
	out := make([]Info, len(registry))
	for i, e := range registry {
		out[i] = e.info()
	}
	return out
}

func find(id string) (exercise, error) {
	for _, e := range registry {
		if e.info().ID == id {
			return e, nil
		}
	}
	ids := make([]string, len(registry))
	for i, e := range registry {
		ids[i] = e.info().ID
	}
	return nil, fmt.Errorf("no exercise %q (have: %s)", id, strings.Join(ids, ", "))
}

// Generate makes the variant of exercise id for seed.
func Generate(id string, seed uint64) (Variant, error) {
	e, err := find(id)
	if err != nil {
		return Variant{}, err
	}
	v, err := e.generate(seed)
	v.ID, v.Seed = id, seed
	return v, err
}

// Check scores an answer (field name → text) for the variant of seed.
// Unknown fields are an error; missing ones count as wrong.
func Check(id string, seed uint64, answer map[string]string) (Result, error) {
	e, err := find(id)
	if err != nil {
		return Result{}, err
	}
	v, err := e.generate(seed)
	if err != nil {
		return Result{}, err
	}
	for k, val := range answer {
		known := false
		for _, f := range v.Fields {
			known = known || f.Name == k
		}
		if !known {
			return Result{}, fmt.Errorf("%s: unknown answer field %q", id, k)
		}
		if len(val) > 4096 {
			return Result{}, fmt.Errorf("%s: answer field %q is %d bytes long; at most 4096", id, k, len(val))
		}
	}
	r, err := e.check(seed, answer)
	r.ID, r.Seed = id, seed
	if r.Fields == nil {
		r.Fields = map[string]FieldResult{}
	}
	if r.Feedback == nil {
		r.Feedback = []string{}
	}
	return r, err
}

// Solution returns the answer key of the variant of seed.
func Solution(id string, seed uint64) (Key, error) {
	e, err := find(id)
	if err != nil {
		return Key{}, err
	}
	k, err := e.key(seed)
	k.ID, k.Seed = id, seed
	return k, err
}

// Verify checks the variant of seed of exercise id: every fact its text
// states is computed from, and true of, the run it describes. The build
// (cmd/tutorials) runs it over VerifySeeds seeds of every exercise.
func Verify(id string, seed uint64) error {
	e, err := find(id)
	if err != nil {
		return err
	}
	if err := e.verify(seed); err != nil {
		return fmt.Errorf("exercise %s seed %d: %v", id, seed, err)
	}
	v, err := e.generate(seed)
	if err != nil {
		return fmt.Errorf("exercise %s seed %d: %v", id, seed, err)
	}
	if err := checkFragment(v); err != nil {
		return fmt.Errorf("exercise %s seed %d: %v", id, seed, err)
	}
	return nil
}

// VerifySeeds is how many seeds (0, 1, …) the build verifies per exercise.
const VerifySeeds = 40

// checkFragment: the playground opens the exercise's own run, past its
// start, on the scenario the prompt shows.
func checkFragment(v Variant) error {
	if v.Fragment == "" {
		return fmt.Errorf("no playground fragment: \"Open in the playground\" would show the default run")
	}
	p, err := play.ParseFragment(v.Fragment)
	if err != nil {
		return fmt.Errorf("fragment: %v", err)
	}
	if p.N <= 0 {
		return fmt.Errorf("the fragment opens at event 0, not at the event that matters")
	}
	if v.Scenario != "" && p.Source != v.Scenario {
		return fmt.Errorf("the fragment's scenario is not the one the prompt shows")
	}
	return nil
}

// rng gives each (exercise, seed) its own deterministic stream.
func rng(id string, seed uint64) *rand.Rand {
	var h uint64 = 14695981039346656037
	for i := 0; i < len(id); i++ {
		h = (h ^ uint64(id[i])) * 1099511628211
	}
	return rand.New(rand.NewPCG(seed, h))
}

// normList reads "ep2, ep6" / "ep6,ep2" / "none" / "-" as a sorted list.
func normList(s string) []string {
	s = strings.TrimSpace(strings.ToLower(s))
	if s == "" || s == "none" || s == "-" {
		return []string{}
	}
	out := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' })
	sort.Strings(out)
	return out
}

func score(fields map[string]FieldResult) float64 {
	if len(fields) == 0 {
		return 0
	}
	ok := 0
	for _, f := range fields {
		if f.OK {
			ok++
		}
	}
	return float64(ok) / float64(len(fields))
}
