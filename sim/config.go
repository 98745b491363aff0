package sim

import (
	"fmt"
	"slices"

	"github.com/smmuplay/smmuplay/sim/scenario"
)

// policyKind is the Linux driver model a run uses.
type policyKind uint8

const (
	policyNone     policyKind = iota // no driver: the scenario plays software by hand
	policyBaseline                   // arm-smmu-v3 before the series
	policySeries                     // the v4 series
)

// strategyKind is how the series identifies a faulty master after -EIO.
type strategyKind uint8

const (
	strategyPerDevice strategyKind = iota // the series: one CMD_SYNC per master
	strategyHalving                       // variant: binary splitting of the masters
)

// sidInfo maps one StreamID to its endpoint.
type sidInfo struct {
	sid uint32
	ep  int32
}

// config is everything derived once from a scenario; machines share it and
// never change it.
type config struct {
	sc        *scenario.Scenario
	seed      uint64
	policy    policyKind
	strategy  strategyKind
	qs        uint
	idxMask   uint32 // Q_IDX
	wrapBit   uint32 // Q_WRP
	queueBase uint64 // CMDQ_BASE.ADDR: where MSI-polled CMD_SYNCs point
	sids      []sidInfo
	epSIDs    [][]int32 // per endpoint: indices into sids
	epDomain  []int32
	epGroup   []int32
	epPort    []int32
	groups    int
	domains   []scenario.Domain
	device    string
	pages     int             // physical pages in memory
	steps     []scenario.Step // the scenario's step lines, plus a final run if it has none
	// inj are the actions injected from outside (the page's fault
	// buttons) in event order. The config is shared by every checkpoint;
	// that is safe because an injection is only ever appended at the
	// current event and everything recorded after it is forgotten first.
	inj []injection
	// mutation breaks a rule on purpose; only tests set it (mutation.go).
	mutation mutation
}

// injection is an action line injected after event after.
type injection struct {
	after int64
	step  scenario.Step
}

// stepAt returns the action line an EvScript event names: a scenario
// line, or, past them, an injected one.
func (c *config) stepAt(pc int) *scenario.Step {
	if pc < len(c.steps) {
		return &c.steps[pc]
	}
	return &c.inj[pc-len(c.steps)].step
}

func newConfig(sc *scenario.Scenario, seed uint64) (*config, error) {
	c := &config{sc: sc, seed: seed, qs: uint(sc.SMMU.QS), device: sc.SMMU.Device}
	switch sc.Policy.Name {
	case "none":
		c.policy = policyNone
	case "baseline":
		c.policy = policyBaseline
	case "series":
		c.policy = policySeries
	default:
		return nil, fmt.Errorf("unknown policy %q", sc.Policy.Name)
	}
	if sc.Policy.Strategy == "halving" {
		c.strategy = strategyHalving
	}
	c.wrapBit = 1 << c.qs
	c.idxMask = c.wrapBit - 1
	c.queueBase = 0x80000000
	c.domains = sc.Domains
	for _, d := range sc.Domains {
		if d.Stage != 2 {
			// The parser refuses stage=1 (no context descriptors here).
			return nil, fmt.Errorf("domain %s: stage=%d is not supported (stage 2 only)", d.Name, d.Stage)
		}
	}
	c.groups = len(sc.Groups)
	for i, ep := range sc.Endpoints {
		for _, sid := range ep.SIDs {
			c.sids = append(c.sids, sidInfo{sid: sid, ep: int32(i)})
		}
		c.epDomain = append(c.epDomain, c.domIndex(ep.Domain))
		c.epGroup = append(c.epGroup, index(sc.Groups, func(g scenario.Group) bool { return g.Name == ep.Group }))
		c.epPort = append(c.epPort, index(sc.RootPorts, func(r scenario.RootPort) bool { return r.Name == ep.Port }))
		if c.epDomain[i] < 0 || c.epGroup[i] < 0 || c.epPort[i] < 0 {
			return nil, fmt.Errorf("endpoint %s: unresolved domain, group or port", ep.Name)
		}
	}
	slices.SortFunc(c.sids, func(a, b sidInfo) int {
		switch {
		case a.sid < b.sid:
			return -1
		case a.sid > b.sid:
			return 1
		}
		return 0
	})
	for i := 1; i < len(c.sids); i++ {
		if c.sids[i].sid == c.sids[i-1].sid {
			return nil, fmt.Errorf("StreamID 0x%x is used twice", c.sids[i].sid)
		}
	}
	c.epSIDs = make([][]int32, len(sc.Endpoints))
	for i, s := range c.sids {
		c.epSIDs[s.ep] = append(c.epSIDs[s.ep], int32(i))
	}
	total := 0
	for _, d := range sc.Domains {
		total += d.Pages
	}
	// Room for every domain's pages, a second set for remapping after
	// unmaps, and the pages handed to other owners.
	c.pages = 4*total + 16
	c.steps = sc.Steps
	hasRun := false
	for _, st := range sc.Steps {
		hasRun = hasRun || st.Kind == scenario.StepRun
	}
	if !hasRun {
		c.steps = append(append([]scenario.Step(nil), sc.Steps...), scenario.Step{Kind: scenario.StepRun})
	}
	return c, nil
}

// sidIndex finds a StreamID's index in the stream table, or -1.
func (c *config) sidIndex(sid uint32) int32 {
	i, ok := slices.BinarySearchFunc(c.sids, sid, func(s sidInfo, t uint32) int {
		switch {
		case s.sid < t:
			return -1
		case s.sid > t:
			return 1
		}
		return 0
	})
	if !ok {
		return -1
	}
	return int32(i)
}

func (c *config) epName(i int32) string {
	if i < 0 || int(i) >= len(c.sc.Endpoints) {
		return "?"
	}
	return c.sc.Endpoints[i].Name
}

func (c *config) epIndex(name string) int32 {
	return index(c.sc.Endpoints, func(e scenario.Endpoint) bool { return e.Name == name })
}

func (c *config) domIndex(name string) int32 {
	return index(c.domains, func(d scenario.Domain) bool { return d.Name == name })
}

func index[T any](s []T, match func(T) bool) int32 {
	return int32(slices.IndexFunc(s, match))
}
