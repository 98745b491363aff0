package exercise

import (
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

// fragment is the playground URL state of a scenario text.
func fragment(src string) string {
	return play.Params{Source: src}.Fragment()
}
