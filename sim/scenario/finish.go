package scenario

import (
	"fmt"
	"slices"
)

// finish applies overrides and defaults, resolves names, checks the
// topology, then parses the step lines against it.
func (p *parser) finish() {
	sc := p.sc
	if p.ov.Policy != "" {
		if !slices.Contains([]string{"none", "baseline", "series"}, p.ov.Policy) {
			p.overrideErr("-policy %q: expected one of: none, baseline, series", p.ov.Policy)
		}
		sc.Policy.Name = p.ov.Policy
	}
	if p.ov.Strategy != "" {
		switch {
		case !slices.Contains([]string{"per-device", "halving"}, p.ov.Strategy):
			p.overrideErr("-strategy %q: expected per-device or halving", p.ov.Strategy)
		case sc.Policy.Name != "series":
			p.overrideErr("-strategy only applies to policy series (this run is %s)", sc.Policy.Name)
		}
		sc.Policy.Strategy = p.ov.Strategy
	}
	if len(sc.RootPorts) == 0 {
		sc.RootPorts = []RootPort{{Name: "rp0"}}
	}
	if len(sc.Domains) == 0 {
		sc.Domains = []Domain{{Name: "vm0", Stage: 2, VMID: 1, ASID: 1, Pages: 64}}
	}
	p.buildEndpoints()
	p.applyBroken()
	if w := sc.Workload; w != nil {
		if w.Domain == "" {
			w.Domain = sc.Domains[0].Name
		} else if p.domain(w.Domain) < 0 {
			p.errf(w.Pos, "workload: domain %q is not declared", w.Domain)
		}
		if p.ov.Unmaps > 0 {
			if p.ov.Unmaps > MaxUnmaps {
				p.overrideErr("-unmaps %d: at most %d", p.ov.Unmaps, MaxUnmaps)
			}
			w.Unmaps = p.ov.Unmaps
		}
	} else if p.ov.Unmaps > 0 {
		p.overrideErr("-unmaps: this scenario has no workload line")
	}
	if len(sc.Endpoints) == 0 && sc.Policy.Name != "none" && len(p.errs) == 0 {
		p.errf(Pos{p.file, 1, 1}, "no endpoints: declare one with `endpoint NAME` or `endpoints N` (only policy none runs without)")
	}
	if sc.Policy.Name != "none" {
		// The driver issues up to a batch (or an endpoint's 8 StreamIDs)
		// plus a CMD_SYNC in one go: the queue must hold that.
		need := max(sc.Policy.BatchSize, MaxSIDsPerEP) + 1
		if 1<<sc.SMMU.QS < need {
			minQS := 0
			for 1<<minQS < need {
				minQS++
			}
			pos := sc.SMMU.Pos
			if pos.Line == 0 {
				pos = Pos{p.file, 1, 1}
			}
			p.errf(pos, "smmu: qs=%d gives %d queue slots, but the driver issues up to %d commands and a CMD_SYNC at once: use qs=%d or more (or a smaller policy batch=)", sc.SMMU.QS, 1<<sc.SMMU.QS, need-1, minQS)
		}
	}
	if len(p.steps) > MaxSteps {
		p.errf(Pos{p.file, p.steps[MaxSteps].num, 1}, "at most %d action, run, show and expect lines", MaxSteps)
		p.steps = p.steps[:MaxSteps]
	}
	for _, ln := range p.steps {
		p.step(ln)
	}
}

func (p *parser) domain(name string) int {
	for i, d := range p.sc.Domains {
		if d.Name == name {
			return i
		}
	}
	return -1
}

func (p *parser) endpoint(name string) int {
	for i, e := range p.sc.Endpoints {
		if e.Name == name {
			return i
		}
	}
	return -1
}

// buildEndpoints expands `endpoints N`, fills defaults and checks names,
// ports, domains and StreamIDs.
func (p *parser) buildEndpoints() {
	sc := p.sc
	decls := p.eps
	if d := p.epsLine; d != nil {
		if p.ov.Endpoints > 0 {
			if p.ov.Endpoints > MaxEndpoints {
				p.overrideErr("-endpoints %d: at most %d endpoints", p.ov.Endpoints, MaxEndpoints)
				return
			}
			d.n = p.ov.Endpoints
		}
		var exp []epDecl
		for i := 0; i < d.n; i++ {
			e := d.proto
			e.Pos = d.pos
			e.Name = fmt.Sprintf("%s%d", d.prefix, i)
			for j := uint64(0); j < d.perEP; j++ {
				sid := d.sidBase + uint64(i)*d.perEP + j
				if sid > 1<<32-1 {
					p.errf(d.pos, "endpoints: StreamID of %s overflows 32 bits", e.Name)
					return
				}
				e.SIDs = append(e.SIDs, uint32(sid))
			}
			exp = append(exp, epDecl{ep: e, hasSID: true, fromN: true})
		}
		decls = append(append(append([]epDecl(nil), decls[:d.insertAt]...), exp...), decls[d.insertAt:]...)
	} else if p.ov.Endpoints > 0 {
		p.overrideErr("-endpoints: this scenario declares its endpoints one by one; -endpoints needs an `endpoints N` line")
	}
	if len(decls) > MaxEndpoints {
		p.errf(decls[MaxEndpoints].ep.Pos, "at most %d endpoints", MaxEndpoints)
		return
	}
	used := map[uint32]int{} // SID -> endpoint index
	for i := range decls {
		for _, s := range decls[i].ep.SIDs {
			if j, dup := used[s]; dup {
				p.errf(decls[i].ep.Pos, "SID %#x of %s is already used by %s (line %d)", s, decls[i].ep.Name, decls[j].ep.Name, decls[j].ep.Pos.Line)
				continue
			}
			used[s] = i
		}
	}
	next := uint32(0x100)
	for i := range decls {
		if decls[i].hasSID {
			continue
		}
		for {
			if _, taken := used[next]; !taken {
				break
			}
			next++
		}
		decls[i].ep.SIDs = []uint32{next}
		used[next] = i
	}
	names := map[string]int{}
	groups := map[string]int{} // group name: its first endpoint
	for i := range decls {
		e := &decls[i].ep
		if j, dup := names[e.Name]; dup {
			p.errf(e.Pos, "endpoint %q declared twice (first on line %d)", e.Name, decls[j].ep.Pos.Line)
		}
		names[e.Name] = i
		if e.Port == "" {
			e.Port = sc.RootPorts[0].Name
		} else if !p.hasPort(e.Port) {
			p.errf(e.Pos, "endpoint %s: root port %q is not declared", e.Name, e.Port)
		}
		if e.Domain == "" {
			e.Domain = sc.Domains[0].Name
		} else if p.domain(e.Domain) < 0 {
			p.errf(e.Pos, "endpoint %s: domain %q is not declared", e.Name, e.Domain)
		}
		if e.Group == "" {
			e.Group = e.Name
		}
		if j, seen := groups[e.Group]; !seen {
			groups[e.Group] = i
			sc.Groups = append(sc.Groups, Group{Name: e.Group})
		} else if first := &decls[j].ep; first.Domain != e.Domain {
			// The IOMMU core attaches a group as a whole: one group->domain.
			p.errf(e.Pos, "endpoint %s: group %s is attached to %s (by %s); every device of an iommu group shares its domain", e.Name, e.Group, first.Domain, first.Name)
		}
		sc.Endpoints = append(sc.Endpoints, *e)
	}
}

func (p *parser) hasPort(name string) bool {
	for _, r := range p.sc.RootPorts {
		if r.Name == name {
			return true
		}
	}
	return false
}

// applyBroken marks the broken endpoints unresponsive.
func (p *parser) applyBroken() {
	refs := p.broken
	fromFlag := p.ov.Broken != nil
	if fromFlag {
		refs = nil
		for _, n := range p.ov.Broken {
			refs = append(refs, nameRef{name: n, pos: Pos{File: p.file}})
		}
	}
	seen := map[string]Pos{}
	for _, r := range refs {
		if first, dup := seen[r.name]; dup {
			// A repeated name is a slip (a copy-paste, a wrong index): say
			// so rather than run with fewer broken endpoints than written.
			if fromFlag {
				p.overrideErr("-broken: endpoint %q is given twice", r.name)
			} else {
				p.errf(r.pos, "broken: endpoint %q is already broken (line %d)", r.name, first.Line)
			}
			continue
		}
		seen[r.name] = r.pos
		i := p.endpoint(r.name)
		if i < 0 {
			if fromFlag {
				p.overrideErr("-broken: endpoint %q is not declared", r.name)
			} else {
				p.errf(r.pos, "broken: endpoint %q is not declared", r.name)
			}
			continue
		}
		p.sc.Endpoints[i].Behavior = Unresponsive
	}
}
