package scenario

import (
	"maps"
	"slices"
	"strings"
)

// Overrides are command-line changes applied while parsing, so they are
// validated like the text.
type Overrides struct {
	Endpoints int      // replaces N of the `endpoints N` line; 0 keeps it
	Broken    []string // nil keeps the broken lines; non-nil replaces all of them
	Unmaps    int      // replaces the workload's unmaps; 0 keeps it
	Policy    string   // "" keeps the policy
	Strategy  string   // "" keeps the strategy
}

// parser holds the state of one Parse.
type parser struct {
	file string
	errs ErrorList
	sc   *Scenario
	ov   Overrides

	seen      map[string]int // once-only configuration verbs: line
	firstStep int            // line of the first step line, 0 when none yet
	eps       []epDecl       // endpoint declarations in order
	epsLine   *epsDecl       // the `endpoints N` line
	broken    []nameRef
	steps     []*line
}

type nameRef struct {
	name string
	pos  Pos
}

type epDecl struct {
	ep     Endpoint
	hasSID bool
	fromN  bool // expanded from the endpoints line
}

type epsDecl struct {
	pos            Pos
	n              int
	countPos       Pos
	prefix         string
	sidBase, perEP uint64
	proto          Endpoint
	group          string
	insertAt       int
}

// Parse parses and validates a scenario.
func Parse(name string, src []byte) (*Scenario, error) {
	return ParseWith(name, src, Overrides{})
}

// ParseWith parses a scenario and applies command-line overrides.
func ParseWith(name string, src []byte, ov Overrides) (*Scenario, error) {
	p := &parser{file: name, ov: ov, seen: map[string]int{}}
	p.sc = &Scenario{File: name, SMMU: defaultSMMU(), Policy: defaultPolicy(), PCI: defaultPCI(),
		EVTQ: defaultEVTQ()}
	for _, ln := range p.lex(src) {
		p.line(&ln)
	}
	p.finish()
	if len(p.errs) > 0 {
		p.errs.sort()
		return nil, p.errs
	}
	return p.sc, nil
}

func defaultSMMU() SMMU {
	return SMMU{Device: "arm-smmu-v3.0.auto", QS: MaxQS, ATSTimeout: 1_000_000, Sync: "msi", CmdLatency: 20,
		LinkLatency: 400, IRQLatency: 2_000, IRQCPU: 1, ATCSize: 32}
}

func defaultPolicy() Policy {
	return Policy{Name: "series", Strategy: "per-device", BrokenPending: true, GateDone: true, EATSLock: true, RecoveryFence: true,
		PollBudget: 1_000_000_000, BatchSize: 64, WQLatency: 10_000}
}

func defaultPCI() PCI { return PCI{FLRTime: 100_000_000, InvLatency: 1_000} }

var configVerbs = map[string]bool{"title": true, "seed": true, "smmu": true, "policy": true, "pci": true, "evtq": true,
	"root-port": true, "domain": true, "endpoint": true, "endpoints": true, "broken": true, "workload": true}

var stepVerbs = []string{"cmd", "ack", "sfm", "fetch-abort", "map", "unmap", "dma", "silent", "healthy", "slow", "flr", "attach", "run", "show", "expect", "at"}

// line dispatches one line by its verb.
func (p *parser) line(ln *line) {
	w := ln.words[0]
	pos := Pos{p.file, ln.num, w.col}
	if w.quoted || w.isKV() {
		p.errf(pos, "a line starts with a verb, not %s", w.describe())
		return
	}
	verb := w.text
	if configVerbs[verb] {
		if p.firstStep > 0 {
			p.errf(pos, "%s must come before the first action line (line %d)", verb, p.firstStep)
			return
		}
		p.config(verb, ln)
		return
	}
	if slices.Contains(stepVerbs, verb) {
		if p.firstStep == 0 {
			p.firstStep = ln.num
		}
		p.steps = append(p.steps, ln)
		return
	}
	p.errf(pos, "unknown line %q (expected one of: %s, %s)", verb, sortedKeys(slices.Collect(maps.Keys(configVerbs))), strings.Join(stepVerbs, ", "))
}

// once reports a repeated once-only line.
func (p *parser) once(verb string, ln *line) bool {
	if prev, ok := p.seen[verb]; ok {
		p.errf(Pos{p.file, ln.num, ln.words[0].col}, "%s given twice (first on line %d)", verb, prev)
		return false
	}
	p.seen[verb] = ln.num
	return true
}

func (p *parser) pos(ln *line, i int) Pos {
	if i < len(ln.words) {
		return Pos{p.file, ln.num, ln.words[i].col}
	}
	return Pos{p.file, ln.num, len(ln.text) + 1}
}

// positional returns the i-th word as a bare name, reporting what was expected.
func (p *parser) positional(ln *line, i int, what string) (string, bool) {
	if i >= len(ln.words) || ln.words[i].isKV() || ln.words[i].quoted {
		p.errf(p.pos(ln, i), "%s: missing %s", ln.words[0].text, what)
		return "", false
	}
	return ln.words[i].text, true
}

func (p *parser) overrideErr(format string, args ...any) {
	p.errf(Pos{File: p.file}, format, args...)
}
