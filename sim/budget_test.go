package sim

import (
	"errors"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/sim/builtin"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// A link once asked for 1024 endpoints and 2^24 unmaps: the Go runtime ran
// out of memory and exited. The budget refuses such a run before any work.
func TestBudgetRefusesBeforeTheRun(t *testing.T) {
	for _, c := range []struct {
		endpoints, unmaps int
		refused           bool
	}{
		{1, scenario.MaxUnmaps, false}, // the largest workload fits with one endpoint
		{8, scenario.MaxUnmaps, true},
		{1024, 20_000, true},
		{1024, 100, false},
		{256, 4000, false},
	} {
		sc, err := scenario.ParseWith("b", []byte("policy series\nendpoints 1\nworkload\nrun\n"),
			scenario.Overrides{Endpoints: c.endpoints, Unmaps: c.unmaps})
		if err != nil {
			t.Fatal(err)
		}
		_, err = New(sc, 1)
		var be *BudgetError
		if got := errors.As(err, &be); got != c.refused {
			t.Errorf("%d endpoints, %d unmaps: refused=%v (%v), want %v", c.endpoints, c.unmaps, got, err, c.refused)
			continue
		}
		if c.refused && (!be.Estimated || !strings.Contains(err.Error(), "use fewer unmaps or endpoints")) {
			t.Errorf("%d endpoints, %d unmaps: %v: want an estimate that says what to change", c.endpoints, c.unmaps, err)
		}
	}
}

// EstimateEvents must err low: it may only refuse a run that really is
// over the budget.
func TestEstimateIsALowerBound(t *testing.T) {
	for _, name := range builtin.Names() {
		src, _ := builtin.Source(name)
		sc, err := scenario.Parse(name, src)
		if err != nil {
			t.Fatal(err)
		}
		s, err := New(sc, 1)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		s.SetChecks(false)
		if err := s.RunProgram(0); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if est := EstimateEvents(sc); est > s.N() {
			t.Errorf("%s: estimate %d > the %d events it ran", name, est, s.N())
		}
	}
	for _, eps := range []int{1, 8, 64, 256} {
		sc, err := scenario.ParseWith("d", []byte("endpoints 1\nworkload unmaps=40\nrun\n"), scenario.Overrides{Endpoints: eps})
		if err != nil {
			t.Fatal(err)
		}
		s, _ := New(sc, 1)
		s.SetChecks(false)
		if err := s.RunProgram(0); err != nil {
			t.Fatal(err)
		}
		if est := EstimateEvents(sc); est > s.N() || est < s.N()*8/10 {
			t.Errorf("%d endpoints: estimate %d, ran %d: want within 80%% below", eps, est, s.N())
		}
	}
}

// A run the estimate let through still stops at the bound, with an error
// that names it, never a fake invariant violation.
func TestBudgetStopsTheRunAtTheBound(t *testing.T) {
	sc, err := scenario.Parse("b", []byte("endpoints 4\nworkload unmaps=50\nrun\n"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(sc, 1)
	if err != nil {
		t.Fatal(err)
	}
	s.maxEvents = 1000
	err = s.RunProgram(0)
	var be *BudgetError
	if !errors.As(err, &be) || be.Events != 1000 || be.Estimated || be.Asked {
		t.Fatalf("RunProgram: %v, want the bound reached at event 1000", err)
	}
	if s.N() != 1000 || len(s.Violations()) != 0 || s.Stopped() == nil {
		t.Fatalf("N=%d violations=%v stopped=%v", s.N(), s.Violations(), s.Stopped())
	}
	if err := s.GoTo(1001); !errors.As(err, &be) || !be.Asked {
		t.Fatalf("GoTo past the bound: %v", err)
	}
	if err := s.GoTo(500); err != nil {
		t.Fatalf("GoTo inside the bound: %v", err)
	}
}
