package exercise

import (
	"strings"

	"fmt"

	"github.com/smmuplay/smmuplay/play"
	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// maxEvents bounds every run an exercise makes.
const maxEvents = 2_000_000

// newSim parses generated scenario text; an error here is a bug in the
// generator, reported with the text's name.
func newSim(name, src string) (*sim.Sim, error) {
	sc, err := scenario.Parse(name, []byte(src))
	if err != nil {
		return nil, fmt.Errorf("exercise scenario %s: %v", name, err)
	}
	return sim.New(sc, 1)
}

// runToEnd runs a scenario's program to its end.
func runToEnd(name, src string) (*sim.Sim, error) {
	s, err := newSim(name, src)
	if err != nil {
		return nil, err
	}
	if err := s.RunProgram(maxEvents); err != nil {
		return nil, fmt.Errorf("exercise scenario %s: %v", name, err)
	}
	return s, nil
}

func intMetric(s *sim.Sim, name string) int64 {
	v, err := s.MetricValue(name)
	if err != nil {
		return -1
	}
	n, _ := v.(int64)
	return n
}

func strMetric(s *sim.Sim, name string) string {
	v, _ := s.MetricValue(name)
	str, _ := v.(string)
	return str
}

func listMetric(s *sim.Sim, name string) []string {
	v, _ := s.MetricValue(name)
	l, _ := v.([]string)
	return l
}

// fragmentAt is the playground URL state of a scenario text standing
// after event n (the event that matters to the exercise) with sel
// selected: "Open in the playground" and the page's embed show it there.
func fragmentAt(src string, n int64, sel string) string {
	return play.Params{Source: src, N: n, Select: sel}.Fragment()
}

// firstEvent is the first event of s whose narration contains text, or 0.
func firstEvent(s *sim.Sim, text string) int64 {
	for n := int64(1); n <= s.N(); n++ {
		if strings.Contains(s.Describe(s.Event(n)), text) {
			return n
		}
	}
	return 0
}
