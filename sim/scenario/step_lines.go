package scenario

import (
	"slices"
	"strings"
)

// step parses one action, run or observation line.
func (p *parser) step(ln *line) {
	st := Step{Pos: p.pos(ln, 0)}
	ws := ln.words
	if ws[0].text == "at" {
		if len(ws) < 3 || ws[1].isKV() || ws[1].quoted {
			p.errf(p.pos(ln, 1), "at: expected a time and an action, e.g. at 10ms flr ep1")
			return
		}
		d, why := parseDuration(ws[1].text)
		if why != "" {
			p.errf(p.pos(ln, 1), "at: %s %s", ws[1].text, why)
			return
		}
		st.At, st.HasAt = d, true
		ws = ws[2:]
		switch ws[0].text {
		case "run", "show", "expect", "at":
			p.errf(Pos{p.file, ln.num, ws[0].col}, "at: %s cannot be scheduled (only actions can)", ws[0].text)
			return
		}
		if !slices.Contains(stepVerbs, ws[0].text) {
			p.errf(Pos{p.file, ln.num, ws[0].col}, "at: unknown action %q", ws[0].text)
			return
		}
	}
	sub := &line{num: ln.num, text: ln.text, words: ws}
	verb := ws[0].text
	args := ws[1:]
	ok := true
	switch verb {
	case "cmd":
		st.Kind = StepCmd
		ok = p.cmd(sub, &st)
	case "ack":
		st.Kind = StepAck
		p.opts(verb, sub, args, nil, nil)
	case "sfm":
		st.Kind = StepSFM
		p.opts(verb, sub, args, nil, nil)
	case "fetch-abort":
		st.Kind = StepFetchAbort
		p.opts(verb, sub, args, nil, nil)
	case "map", "unmap":
		st.Kind = StepMap
		if verb == "unmap" {
			st.Kind = StepUnmap
		}
		st.Target, ok = p.refDomain(sub)
		if !ok {
			return
		}
		o := p.opts(verb, sub, ws[2:], []string{"iova", "pages"}, nil)
		st.Pages = 1
		if !o.need("iova", "ADDRESS") {
			return
		}
		optUint(o, "iova", 0, 1<<52-1, "", &st.IOVA)
		if st.IOVA%4096 != 0 {
			p.errf(o.pos("iova"), "%s: iova %#x is not 4 KiB aligned", verb, st.IOVA)
		}
		optUint(o, "pages", 1, MaxPages, "", &st.Pages)
		d := p.sc.Domains[p.domain(st.Target)]
		if st.IOVA>>12+uint64(st.Pages) > uint64(d.Pages) {
			p.errf(o.pos("iova"), "%s: IOVA %#x..+%d pages is outside %s's window of %d pages (0x0..%#x)", verb, st.IOVA, st.Pages, d.Name, d.Pages, uint64(d.Pages)<<12)
		}
	case "dma":
		st.Kind = StepDMA
		st.Target, ok = p.refEndpoint(sub)
		if !ok {
			return
		}
		o := p.opts(verb, sub, ws[2:], []string{"iova", "count", "every"}, []string{"read", "write"})
		if !o.need("iova", "ADDRESS") {
			return
		}
		optUint(o, "iova", 0, 1<<52-1, "", &st.IOVA)
		if o.flag("read") && o.flag("write") {
			p.errf(o.pos("write"), "dma: read and write exclude each other")
		}
		st.Write = !o.flag("read")
		p.dmaRepeat(o, &st) // evtq_line.go
	case "silent", "healthy", "slow":
		st.Kind = StepBehave
		st.Target, ok = p.refEndpoint(sub)
		if !ok {
			return
		}
		st.Behavior = map[string]Behavior{"silent": Unresponsive, "healthy": Healthy, "slow": Slow}[verb]
		keys := []string(nil)
		if verb == "slow" {
			keys = []string{"delay"}
			st.Delay = 5_000_000
		}
		o := p.opts(verb, sub, ws[2:], keys, nil)
		o.dur("delay", &st.Delay)
	case "flr":
		st.Kind = StepFLR
		st.Target, ok = p.refEndpoint(sub)
		if !ok {
			return
		}
		o := p.opts(verb, sub, ws[2:], []string{"result"}, []string{"probe"})
		var r string
		if o.enum("result", []string{"ok", "fail"}, &r) {
			st.FLROK, st.HasFLROK = r == "ok", true
		}
		st.Probe = o.flag("probe")
	case "attach":
		st.Kind = StepAttach
		st.Target, ok = p.refEndpoint(sub)
		if !ok {
			return
		}
		o := p.opts(verb, sub, ws[2:], []string{"domain"}, []string{"must-succeed"})
		if !o.need("domain", "NAME|blocking") {
			return
		}
		st.Must = o.flag("must-succeed")
		st.Domain = o.kv["domain"].val
		if st.Domain != "blocking" && p.domain(st.Domain) < 0 {
			p.errf(o.pos("domain"), "attach: domain %q is not declared (or use blocking)", st.Domain)
		}
	case "run":
		st.Kind = StepRun
		o := p.opts(verb, sub, args, []string{"until", "for", "events"}, nil)
		st.HasUntil = o.dur("until", &st.Until)
		st.HasFor = o.dur("for", &st.For)
		st.HasEvents = optUint(o, "events", 1, 1<<40, "", &st.Events)
		n := 0
		for _, k := range []string{"until", "for", "events"} {
			if o.has(k) {
				n++
			}
		}
		if n > 1 {
			p.errf(st.Pos, "run: give at most one of until=, for= and events=")
		}
	case "show":
		st.Kind = StepShow
		ok = p.show(sub, &st)
	case "expect":
		st.Kind = StepExpect
		ok = p.expect(sub, &st)
	}
	if ok {
		p.sc.Steps = append(p.sc.Steps, st)
	}
}

func (p *parser) refEndpoint(ln *line) (string, bool) {
	name, ok := p.positional(ln, 1, "endpoint name")
	if !ok {
		return "", false
	}
	if p.endpoint(name) < 0 {
		p.errf(p.pos(ln, 1), "endpoint %q is not declared", name)
		return "", false
	}
	return name, true
}

func (p *parser) refDomain(ln *line) (string, bool) {
	name, ok := p.positional(ln, 1, "domain name")
	if !ok {
		return "", false
	}
	if p.domain(name) < 0 {
		p.errf(p.pos(ln, 1), "domain %q is not declared", name)
		return "", false
	}
	return name, true
}

var showWhat = []string{"regs", "queue", "ep", "ste", "mem", "summary", "log", "core"}

func (p *parser) show(ln *line, st *Step) bool {
	what, ok := p.positional(ln, 1, "what to show ("+strings.Join(showWhat, ", ")+")")
	if !ok {
		return false
	}
	if !slices.Contains(showWhat, what) {
		p.errf(p.pos(ln, 1), "show: unknown %q (expected one of: %s)", what, strings.Join(showWhat, ", "))
		return false
	}
	st.Show = what
	rest := ln.words[2:]
	switch what {
	case "queue", "ep", "ste":
		if len(rest) > 1 {
			p.errf(p.pos(ln, 3), "leftover argument %q", rest[1].text)
			return false
		}
		if len(rest) == 1 {
			st.ShowArg = rest[0].text
		}
		switch {
		case what == "ep" && (len(rest) == 0 || p.endpoint(st.ShowArg) < 0):
			p.errf(p.pos(ln, 2), "show ep: expected a declared endpoint name")
			return false
		case what == "ste":
			if len(rest) == 0 {
				p.errf(p.pos(ln, 2), "show ste: expected a StreamID")
				return false
			}
			if _, ok := p.checkUint(p.pos(ln, 2), st.ShowArg, st.ShowArg, 0, 1<<32-1, ""); !ok {
				return false
			}
		case what == "queue" && len(rest) == 1:
			if _, ok := p.checkUint(p.pos(ln, 2), st.ShowArg, st.ShowArg, 1, 4096, ""); !ok {
				return false
			}
		}
	default:
		p.opts("show "+what, ln, rest, nil, nil)
	}
	return true
}

func (p *parser) expect(ln *line, st *Step) bool {
	ws := ln.words
	if len(ws) < 4 {
		p.errf(p.pos(ln, len(ws)), "expect: expected METRIC OP VALUE, e.g. expect cons.err == 3")
		return false
	}
	if len(ws) > 4 {
		p.errf(p.pos(ln, 4), "leftover argument %s", ws[4].describe())
		return false
	}
	mw, ow, vw := ws[1], ws[2], ws[3]
	spec, ep, ok := LookupMetric(mw.text)
	if !ok || mw.quoted {
		p.errf(p.pos(ln, 1), "expect: unknown metric %q (see docs/scenario-language.md for the list)", mw.text)
		return false
	}
	if ep != "" && p.endpoint(ep) < 0 {
		p.errf(p.pos(ln, 1), "expect: endpoint %q is not declared", ep)
		return false
	}
	allowed := map[MetricKind][]string{
		IntMetric:  {"==", "!=", "<", "<=", ">", ">="},
		NameMetric: {"==", "!="},
		ListMetric: {"==", "!=", "contains", "!contains"},
		TextMetric: {"contains", "!contains"},
	}[spec.Kind]
	if !slices.Contains(allowed, ow.text) || ow.quoted {
		p.errf(p.pos(ln, 2), "expect: operator %q does not apply to %s (expected one of: %s)", ow.text, mw.text, strings.Join(allowed, " "))
		return false
	}
	x := &Expect{Metric: mw.text, Op: ow.text}
	vpos := p.pos(ln, 3)
	switch spec.Kind {
	case IntMetric:
		if vw.quoted {
			p.errf(vpos, "expect: %s is a number, not a string", mw.text)
			return false
		}
		v, why := parseInt(vw.text)
		if why != "" {
			p.errf(vpos, "expect: %s %s", vw.text, why)
			return false
		}
		x.Value = Value{Kind: IntValue, Int: v}
	case NameMetric:
		choices := map[string][]string{".state": StateNames, ".ats": {"on", "off"}, ".ats_broken": {"on", "off"}, ".behavior": {"healthy", "unresponsive", "slow"}}[spec.Name[2:]]
		val := vw.text
		switch spec.Name[2:] {
		case ".state":
			val = StateName(val)
		case ".domain":
			choices = []string{"blocking"}
			for _, d := range p.sc.Domains {
				choices = append(choices, d.Name)
			}
		}
		if vw.quoted || !slices.Contains(choices, val) {
			p.errf(vpos, "expect: %s is one of %s, not %s", mw.text, strings.Join(choices, ", "), vw.describe())
			return false
		}
		x.Value = Value{Kind: NameValue, Str: val}
	case ListMetric:
		if vw.quoted {
			p.errf(vpos, "expect: %s takes endpoint names, not a string", mw.text)
			return false
		}
		if x.Op == "contains" || x.Op == "!contains" {
			if p.endpoint(vw.text) < 0 {
				p.errf(vpos, "expect: endpoint %q is not declared", vw.text)
				return false
			}
			x.Value = Value{Kind: NameValue, Str: vw.text}
			break
		}
		list := []string{}
		if vw.text != "-" {
			for _, n := range splitList(vw.text) {
				if p.endpoint(n) < 0 {
					p.errf(vpos, "expect: endpoint %q is not declared (use - for none)", n)
					return false
				}
				list = append(list, n)
			}
		}
		slices.Sort(list)
		x.Value = Value{Kind: ListValue, List: list}
	case TextMetric:
		if !vw.quoted {
			p.errf(vpos, "expect: %s takes a quoted string, e.g. \"ATC invalidate timeout\"", mw.text)
			return false
		}
		x.Value = Value{Kind: StringValue, Str: vw.text}
	}
	st.Expect = x
	return true
}
