package scenario

import (
	"fmt"
	"slices"
)

// config parses one configuration line.
func (p *parser) config(verb string, ln *line) {
	sc := p.sc
	args := ln.words[1:]
	switch verb {
	case "title":
		if !p.once(verb, ln) {
			return
		}
		if len(args) != 1 || !args[0].quoted {
			p.errf(p.pos(ln, 1), "title: expected one quoted string, e.g. title \"Healthy unmap\"")
			return
		}
		sc.Title = args[0].text
	case "seed":
		if !p.once(verb, ln) {
			return
		}
		if len(args) != 1 || args[0].isKV() || args[0].quoted {
			p.errf(p.pos(ln, 1), "seed: expected one unsigned integer")
			return
		}
		if v, ok := p.checkUint(p.pos(ln, 1), args[0].text, args[0].text, 0, 1<<64-1, ""); ok {
			sc.Seed, sc.HasSeed = v, true
		}
	case "smmu":
		if !p.once(verb, ln) {
			return
		}
		o := p.opts("smmu", ln, args, []string{"device", "qs", "cmdq-start", "ats-timeout", "sync", "cmd-latency", "link-latency", "irq-latency", "irq-cpu", "atc-size"}, nil)
		s := &sc.SMMU
		s.Pos = p.pos(ln, 0)
		if w, ok := o.kv["device"]; ok {
			s.Device = w.val
		}
		optUint(o, "qs", MinQS, MaxQS, "CMDQ_BASE.LOG2SIZE is at most 19", &s.QS)
		o.dur("ats-timeout", &s.ATSTimeout)
		o.enum("sync", []string{"msi", "sev", "none"}, &s.Sync)
		o.dur("cmd-latency", &s.CmdLatency)
		o.dur("link-latency", &s.LinkLatency)
		o.dur("irq-latency", &s.IRQLatency)
		optUint(o, "irq-cpu", 0, 63, "", &s.IRQCPU)
		optUint(o, "atc-size", 1, 1024, "", &s.ATCSize)
		if o.has("cmdq-start") {
			optUint(o, "cmdq-start", 0, 1<<(s.QS+1)-1, fmt.Sprintf("PROD/CONS hold %d index bits and a wrap bit with qs=%d", s.QS, s.QS), &s.CmdqStart)
		}
		if s.ATSTimeout <= 0 && o.has("ats-timeout") {
			p.errf(o.pos("ats-timeout"), "smmu: ats-timeout must be positive")
		}
	case "policy":
		if !p.once(verb, ln) {
			return
		}
		name, ok := p.positional(ln, 1, "none, baseline or series")
		if !ok {
			return
		}
		if !slices.Contains([]string{"none", "baseline", "series"}, name) {
			p.errf(p.pos(ln, 1), "policy: unknown policy %q (expected one of: none, baseline, series)", name)
			return
		}
		pol := &sc.Policy
		pol.Pos = p.pos(ln, 0)
		pol.Name = name
		o := p.opts("policy", ln, ln.words[2:], []string{"strategy", "broken-pending", "gate-done", "eats-lock", "recovery-fence", "issuer-cpu", "poll-budget", "batch", "wq-latency"}, nil)
		for _, k := range []string{"strategy", "broken-pending", "gate-done", "eats-lock"} {
			if o.has(k) && name != "series" {
				p.errf(o.pos(k), "policy: %s only applies to series", k)
			}
		}
		o.enum("strategy", []string{"per-device", "halving"}, &pol.Strategy)
		o.onOff("broken-pending", &pol.BrokenPending)
		o.onOff("gate-done", &pol.GateDone)
		o.onOff("eats-lock", &pol.EATSLock)
		if o.onOff("recovery-fence", &pol.RecoveryFence) && name == "none" {
			p.errf(o.pos("recovery-fence"), "policy: recovery-fence needs the IOMMU core (baseline or series)")
		}
		optUint(o, "issuer-cpu", 0, 63, "", &pol.IssuerCPU)
		o.dur("poll-budget", &pol.PollBudget)
		optUint(o, "batch", 1, 64, "CMDQ_BATCH_ENTRIES is 64", &pol.BatchSize)
		o.dur("wq-latency", &pol.WQLatency)
		if o.has("poll-budget") && pol.PollBudget <= 0 {
			p.errf(o.pos("poll-budget"), "policy: poll-budget must be positive")
		}
	case "evtq":
		p.evtqLine(ln)
	case "pci":
		if !p.once(verb, ln) {
			return
		}
		o := p.opts("pci", ln, args, []string{"flr-time", "inv-latency"}, nil)
		sc.PCI.Pos = p.pos(ln, 0)
		o.dur("flr-time", &sc.PCI.FLRTime)
		o.dur("inv-latency", &sc.PCI.InvLatency)
	case "root-port":
		name, ok := p.declName(ln, "root port")
		if !ok {
			return
		}
		for _, r := range sc.RootPorts {
			if r.Name == name {
				p.errf(p.pos(ln, 1), "root port %q declared twice (first on line %d)", name, r.Pos.Line)
				return
			}
		}
		p.opts("root-port", ln, ln.words[2:], nil, nil)
		if len(sc.RootPorts) >= MaxRootPorts {
			p.errf(p.pos(ln, 0), "at most %d root ports", MaxRootPorts)
			return
		}
		sc.RootPorts = append(sc.RootPorts, RootPort{Pos: p.pos(ln, 0), Name: name})
	case "domain":
		name, ok := p.declName(ln, "domain")
		if !ok {
			return
		}
		if name == "blocking" {
			p.errf(p.pos(ln, 1), "domain: the name \"blocking\" is reserved for the blocking domain")
			return
		}
		for _, d := range sc.Domains {
			if d.Name == name {
				p.errf(p.pos(ln, 1), "domain %q declared twice (first on line %d)", name, d.Pos.Line)
				return
			}
		}
		i := len(sc.Domains)
		d := Domain{Pos: p.pos(ln, 0), Name: name, Stage: 2, VMID: uint16(i + 1), ASID: uint16(i + 1), Pages: 64}
		o := p.opts("domain", ln, ln.words[2:], []string{"stage", "vmid", "asid", "pages"}, nil)
		if optUint(o, "stage", 1, 2, "", &d.Stage) && d.Stage == 1 {
			// Not modelled (docs/architecture.md): a stage-1 domain needs a
			// CD-table STE and context descriptors, which the model lacks;
			// building a stage-2 STE for it would misteach.
			p.errf(o.pos("stage"), "domain %s: stage=1 is not supported: the model has no context descriptors, so it cannot build the CD-table STE (S1_TRANS, S2VMID 0) a stage-1 domain needs; use stage=2", name)
		}
		// Linux allocates VMIDs and ASIDs from 1 (arm_smmu_domain_finalise_s2,
		// arm_smmu_domain_finalise_s1): 0 is kept for bypass and the kernel's
		// own contexts, so no domain of a driver model ever has it.
		optUint(o, "vmid", 1, 1<<16-1, "VMID 0 is reserved; Linux allocates from 1", &d.VMID)
		optUint(o, "asid", 1, 1<<16-1, "ASID 0 is reserved; Linux allocates from 1", &d.ASID)
		optUint(o, "pages", 1, MaxPages, "", &d.Pages)
		sc.Domains = append(sc.Domains, d)
	case "endpoint":
		name, ok := p.declName(ln, "endpoint")
		if !ok {
			return
		}
		e := Endpoint{Pos: p.pos(ln, 0), Name: name}
		p.endpointDefaults(&e)
		o := p.opts("endpoint", ln, ln.words[2:], []string{"port", "sids", "group", "domain", "ats", "behavior", "slow-delay", "flr", "dma", "dma-period", "stu"}, nil)
		p.endpointOpts(o, &e)
		d := epDecl{ep: e}
		if sids, ok := o.uintList("sids", 0, 1<<32-1); ok {
			if len(sids) > MaxSIDsPerEP {
				p.errf(o.pos("sids"), "endpoint %s: at most %d StreamIDs", name, MaxSIDsPerEP)
			}
			for _, s := range sids {
				d.ep.SIDs = append(d.ep.SIDs, uint32(s))
			}
			d.hasSID = true
		}
		var flr string
		if o.enum("flr", []string{"ok", "fail"}, &flr) {
			d.ep.FLROK = flr == "ok"
		}
		p.eps = append(p.eps, d)
	case "endpoints":
		if !p.once(verb, ln) {
			return
		}
		if len(args) == 0 || args[0].isKV() || args[0].quoted {
			p.errf(p.pos(ln, 1), "endpoints: missing the count N")
			return
		}
		n, ok := p.checkUint(p.pos(ln, 1), args[0].text, args[0].text, 1, MaxEndpoints, fmt.Sprintf("at most %d endpoints", MaxEndpoints))
		if !ok {
			return
		}
		d := &epsDecl{pos: p.pos(ln, 0), countPos: p.pos(ln, 1), n: int(n), prefix: "ep", sidBase: 0x100, perEP: 1, insertAt: len(p.eps)}
		p.endpointDefaults(&d.proto)
		o := p.opts("endpoints", ln, args[1:], []string{"prefix", "port", "sid-base", "sids-per-ep", "domain", "ats", "dma", "dma-period", "group"}, nil)
		if w, ok := o.kv["prefix"]; ok {
			if !validName(w.val) || containsDot(w.val) {
				p.errf(o.pos("prefix"), "%s: not a valid name prefix (%s)", w.text, nameExpected)
			}
			d.prefix = w.val
		}
		optUint(o, "sid-base", 0, 1<<32-1, "", &d.sidBase)
		optUint(o, "sids-per-ep", 1, MaxSIDsPerEP, "", &d.perEP)
		p.endpointOpts(o, &d.proto)
		o.name("group", &d.group)
		p.epsLine = d
	case "broken":
		if len(args) != 1 || args[0].isKV() || args[0].quoted {
			p.errf(p.pos(ln, 1), "broken: expected one comma separated list of endpoints, e.g. broken ep2,ep6")
			return
		}
		col := args[0].col
		for _, n := range splitList(args[0].text) {
			if n == "" {
				p.errf(Pos{p.file, ln.num, col}, "broken: empty list element (expected comma separated names without spaces)")
				return
			}
			p.broken = append(p.broken, nameRef{n, Pos{p.file, ln.num, col}})
			col += len(n) + 1
		}
	case "workload":
		if !p.once(verb, ln) {
			return
		}
		w := &Workload{Pos: p.pos(ln, 0), Unmaps: 100, Period: 20_000, Start: 10_000}
		o := p.opts("workload", ln, args, []string{"domain", "unmaps", "period", "start"}, nil)
		o.name("domain", &w.Domain)
		optUint(o, "unmaps", 1, MaxUnmaps, "a workload of no unmaps does nothing: leave the line out", &w.Unmaps)
		o.dur("period", &w.Period)
		o.dur("start", &w.Start)
		if w.Period <= 0 {
			p.errf(o.pos("period"), "workload: period must be positive")
		}
		sc.Workload = w
	}
}

func splitList(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

// declName reads the name of a declaration line.
func (p *parser) declName(ln *line, what string) (string, bool) {
	name, ok := p.positional(ln, 1, what+" name")
	if !ok {
		return "", false
	}
	if !validName(name) || (what == "endpoint" && containsDot(name)) {
		p.errf(p.pos(ln, 1), "%s: %q is not a valid name (%s)", ln.words[0].text, name, nameExpected)
		return "", false
	}
	return name, true
}

func (p *parser) endpointDefaults(e *Endpoint) {
	e.ATS = true
	e.Behavior = Healthy
	e.SlowDelay = 5_000_000
	e.FLROK = true
	e.DMA = true
	e.DMAPeriod = 100_000
}

// endpointOpts reads the options endpoint and endpoints lines share.
func (p *parser) endpointOpts(o *opts, e *Endpoint) {
	o.name("port", &e.Port)
	o.name("group", &e.Group)
	o.name("domain", &e.Domain)
	o.onOff("ats", &e.ATS)
	var b string
	if o.enum("behavior", []string{"healthy", "unresponsive", "slow"}, &b) {
		e.Behavior = Behavior(b)
	}
	o.dur("slow-delay", &e.SlowDelay)
	o.onOff("dma", &e.DMA)
	o.dur("dma-period", &e.DMAPeriod)
	if o.has("dma-period") && e.DMAPeriod <= 0 {
		p.errf(o.pos("dma-period"), "dma-period must be positive")
	}
	optUint(o, "stu", 0, 31, "", &e.STU)
}
