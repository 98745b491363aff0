package sim

import (
	"fmt"
	"slices"
	"strings"

	"github.com/smmuplay/smmuplay/sim/scenario"
)

// ExpectResult is the outcome of one `expect` line.
type ExpectResult struct {
	Step int
	Pos  scenario.Pos
	Text string // the expectation, e.g. "cons.err == 3"
	Got  string
	OK   bool
}

func (m *machine) expectStep(pc int) {
	st := &m.cfg.steps[pc]
	x := st.Expect
	got, ok := m.evalExpect(x)
	m.results = append(m.results, ExpectResult{
		Step: pc, Pos: st.Pos, Text: x.Metric + " " + x.Op + " " + valueText(x.Value), Got: got, OK: ok,
	})
}

func valueText(v scenario.Value) string {
	switch v.Kind {
	case scenario.IntValue:
		return fmt.Sprint(v.Int)
	case scenario.StringValue:
		return fmt.Sprintf("%q", v.Str)
	case scenario.ListValue:
		if len(v.List) == 0 {
			return "-"
		}
		return strings.Join(v.List, ",")
	}
	return v.Str
}

// MetricValue evaluates a metric by name (as in an expect line) on the
// current state: an integer, a name, a list or text.
func (s *Sim) MetricValue(name string) (any, error) {
	spec, ep, ok := scenario.LookupMetric(name)
	if !ok {
		return nil, fmt.Errorf("unknown metric %q", name)
	}
	i := int32(-1)
	if ep != "" {
		if i = s.cfg.epIndex(ep); i < 0 {
			return nil, fmt.Errorf("metric %q: no endpoint %q", name, ep)
		}
	}
	return s.m.metric(spec.Name, i), nil
}

// Evaluate checks an expectation (a parsed `expect` line, or a tutorial's
// claim) against the current state, as an `expect` line would: it returns
// the value it saw and whether the expectation holds. Unknown metrics and
// endpoints are errors.
func (s *Sim) Evaluate(x *scenario.Expect) (got string, ok bool, err error) {
	if _, err := s.MetricValue(x.Metric); err != nil {
		return "", false, err
	}
	got, ok = s.m.evalExpect(x)
	return got, ok, nil
}

func (m *machine) evalExpect(x *scenario.Expect) (string, bool) {
	spec, ep, ok := scenario.LookupMetric(x.Metric)
	if !ok {
		return "unknown metric", false
	}
	v := m.metric(spec.Name, m.cfg.epIndex(ep))
	switch got := v.(type) {
	case int64:
		w := x.Value.Int
		var r bool
		switch x.Op {
		case "==":
			r = got == w
		case "!=":
			r = got != w
		case "<":
			r = got < w
		case "<=":
			r = got <= w
		case ">":
			r = got > w
		case ">=":
			r = got >= w
		}
		return fmt.Sprint(got), r
	case string:
		if spec.Kind == scenario.TextMetric {
			has := strings.Contains(got, x.Value.Str)
			if x.Op == "contains" {
				return "(log)", has
			}
			return "(log)", !has
		}
		eq := got == x.Value.Str
		if x.Op == "!=" {
			return got, !eq
		}
		return got, eq
	case []string:
		text := strings.Join(got, ",")
		if text == "" {
			text = "-"
		}
		switch x.Op {
		case "contains":
			return text, slices.Contains(got, x.Value.Str)
		case "!contains":
			return text, !slices.Contains(got, x.Value.Str)
		}
		eq := slices.Equal(got, x.Value.List)
		if x.Op == "!=" {
			return text, !eq
		}
		return text, eq
	}
	return "?", false
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// metric evaluates one registered metric (scenario.Metrics).
func (m *machine) metric(name string, ep int32) any {
	r := &m.smmu
	switch name {
	case "time":
		return int64(m.now)
	case "events":
		return m.n
	case "cmd_syncs":
		return m.counts.CmdSyncs
	case "atc_timeouts":
		return m.counts.ATCTimeouts
	case "cmdq_errors":
		return m.counts.CmdqErrors
	case "corrupt_dma":
		return m.counts.CorruptDMA
	case "leaked_dma":
		return m.counts.LeakedDMA
	case "log_lines":
		return m.counts.LogLines
	case "recovery_cnt":
		var n int64
		for _, g := range m.core.groups {
			n += int64(g.recoveryCnt)
		}
		return n
	case "invariant_violations":
		return m.counts.Violations
	case "prod":
		return int64(r.prod)
	case "cons":
		return int64(r.cons)
	case "cons.err":
		return int64(r.cons&consErrMask) >> consErrShift
	case "cons.rd":
		return int64(m.rd())
	case "gerror":
		return int64(r.gerror)
	case "gerrorn":
		return int64(r.gerrorn)
	case "gerror.active":
		return int64(r.gerror ^ r.gerrorn)
	case "sfm":
		if r.sfm {
			return int64(1)
		}
		return int64(0)
	case "evtq.prod", "evtq.cons", "evtq.records", "evtq.lost", "evtq.suppressed":
		return m.evtqMetric(name) // evtq.go
	case "quarantined":
		return m.quarantined()
	case "log":
		return m.logText()
	case "EP.state":
		return blockedNames[m.core.gdevs[ep].blocked]
	case "EP.domain":
		if d := m.drv.masters[ep].domain; d >= 0 {
			return m.cfg.domains[d].Name
		}
		return "blocking"
	case "EP.ats":
		return onOff(m.eps[ep].atsEn)
	case "EP.ats_broken":
		return onOff(m.drv.masters[ep].atsBroken)
	case "EP.eats":
		return int64(m.stes[m.cfg.epSIDs[ep][0]].EATS())
	case "EP.atc":
		return int64(m.eps[ep].atcCount())
	case "EP.stale":
		return int64(m.staleCount(ep))
	case "EP.behavior":
		return string(m.eps[ep].behavior)
	case "EP.recovery_cnt":
		return int64(m.core.groups[m.cfg.epGroup[ep]].recoveryCnt)
	case "EP.reset_depth":
		return int64(m.core.gdevs[ep].resetDepth)
	}
	panic("sim: metric without evaluator: " + name)
}

// quarantined lists, sorted, the endpoints IsQuarantined says are.
func (m *machine) quarantined() []string {
	out := []string{}
	for i := range m.eps {
		if IsQuarantined(m.drv.masters[i].atsBroken, blockedNames[m.core.gdevs[i].blocked]) {
			out = append(out, m.cfg.epName(int32(i)))
		}
	}
	slices.Sort(out)
	return out
}

// staleCount counts ATC entries whose IOVA no longer maps to the cached page.
func (m *machine) staleCount(ep int32) int {
	n := 0
	d := m.cfg.epDomain[ep]
	for _, a := range m.eps[ep].atc {
		if !a.valid {
			continue
		}
		if pa, ok := m.mem.translate(d, a.page); !ok || pa != a.pa {
			n++
		}
	}
	return n
}

// logText is the kernel log up to now.
func (m *machine) logText() string {
	if m.logSink == nil {
		return ""
	}
	return m.logSink(m.n)
}
