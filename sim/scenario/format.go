package scenario

import (
	"fmt"
	"strconv"
	"strings"
)

// Format prints sc as scenario text that parses back to sc (positions
// aside): every default written out, the endpoints one per line, the
// broken ones as behavior=unresponsive. Tools change a parsed scenario
// (a rule switched off, a flag applied) and print it, rather than edit
// the text by string surgery; comments and layout are not kept.
func Format(sc *Scenario) string {
	var b strings.Builder
	line := func(words ...string) {
		var ws []string
		for _, w := range words {
			if w != "" {
				ws = append(ws, w)
			}
		}
		b.WriteString(strings.Join(ws, " "))
		b.WriteByte('\n')
	}
	if sc.Title != "" {
		line("title", Quote(sc.Title))
	}
	if sc.HasSeed {
		line("seed", strconv.FormatUint(sc.Seed, 10))
	}
	s := sc.SMMU
	line("smmu", "device="+s.Device, kv("qs", s.QS), "cmdq-start="+hexNum(uint64(s.CmdqStart)), "ats-timeout="+FormatDuration(s.ATSTimeout),
		"sync="+s.Sync, "cmd-latency="+FormatDuration(s.CmdLatency), "link-latency="+FormatDuration(s.LinkLatency),
		"irq-latency="+FormatDuration(s.IRQLatency), kv("irq-cpu", s.IRQCPU), kv("atc-size", s.ATCSize))
	p := sc.Policy
	var series []string
	if p.Name == "series" {
		series = []string{"strategy=" + p.Strategy, "broken-pending=" + onOff(p.BrokenPending), "gate-done=" + onOff(p.GateDone), "eats-lock=" + onOff(p.EATSLock)}
	}
	if p.Name != "none" {
		series = append(series, "recovery-fence="+onOff(p.RecoveryFence))
	}
	line(append(append([]string{"policy", p.Name}, series...), kv("issuer-cpu", p.IssuerCPU), "poll-budget="+FormatDuration(p.PollBudget),
		kv("batch", p.BatchSize), "wq-latency="+FormatDuration(p.WQLatency))...)
	line("pci", "flr-time="+FormatDuration(sc.PCI.FLRTime), "inv-latency="+FormatDuration(sc.PCI.InvLatency))
	for _, r := range sc.RootPorts {
		line("root-port", r.Name)
	}
	for _, d := range sc.Domains {
		line("domain", d.Name, kv("stage", d.Stage), kv("vmid", int(d.VMID)), kv("asid", int(d.ASID)), kv("pages", d.Pages))
	}
	for _, e := range sc.Endpoints {
		var sids []string
		for _, s := range e.SIDs {
			sids = append(sids, hexNum(uint64(s)))
		}
		group := ""
		if e.Group != e.Name {
			group = "group=" + e.Group
		}
		flr := "fail"
		if e.FLROK {
			flr = "ok"
		}
		line("endpoint", e.Name, "port="+e.Port, "sids="+strings.Join(sids, ","), group, "domain="+e.Domain, "ats="+onOff(e.ATS),
			"behavior="+string(e.Behavior), "slow-delay="+FormatDuration(e.SlowDelay), "flr="+flr, "dma="+onOff(e.DMA),
			"dma-period="+FormatDuration(e.DMAPeriod), kv("stu", e.STU))
	}
	if w := sc.Workload; w != nil {
		line("workload", "domain="+w.Domain, kv("unmaps", w.Unmaps), "period="+FormatDuration(w.Period), "start="+FormatDuration(w.Start))
	}
	for i := range sc.Steps {
		line(formatStep(&sc.Steps[i]))
	}
	return b.String()
}

func formatStep(st *Step) string {
	at := ""
	if st.HasAt {
		at = "at " + FormatDuration(st.At) + " "
	}
	switch st.Kind {
	case StepCmd:
		return at + "cmd " + st.CmdText
	case StepAck:
		return at + "ack"
	case StepSFM:
		return at + "sfm"
	case StepFetchAbort:
		return at + "fetch-abort"
	case StepMap, StepUnmap:
		verb := "map"
		if st.Kind == StepUnmap {
			verb = "unmap"
		}
		return fmt.Sprintf("%s%s %s iova=%s pages=%d", at, verb, st.Target, hexNum(st.IOVA), st.Pages)
	case StepDMA:
		dir := "write"
		if !st.Write {
			dir = "read"
		}
		return fmt.Sprintf("%sdma %s iova=%s %s", at, st.Target, hexNum(st.IOVA), dir)
	case StepBehave:
		switch st.Behavior {
		case Unresponsive:
			return at + "silent " + st.Target
		case Slow:
			return at + "slow " + st.Target + " delay=" + FormatDuration(st.Delay)
		}
		return at + "healthy " + st.Target
	case StepFLR:
		s := at + "flr " + st.Target
		switch {
		case st.HasFLROK && st.FLROK:
			s += " result=ok"
		case st.HasFLROK:
			s += " result=fail"
		}
		if st.Probe {
			s += " probe"
		}
		return s
	case StepAttach:
		s := at + "attach " + st.Target + " domain=" + st.Domain
		if st.Must {
			s += " must-succeed"
		}
		return s
	case StepRun:
		switch {
		case st.HasUntil:
			return "run until=" + FormatDuration(st.Until)
		case st.HasFor:
			return "run for=" + FormatDuration(st.For)
		case st.HasEvents:
			return "run events=" + strconv.FormatInt(st.Events, 10)
		}
		return "run"
	case StepShow:
		if st.ShowArg != "" {
			return "show " + st.Show + " " + st.ShowArg
		}
		return "show " + st.Show
	case StepExpect:
		x := st.Expect
		return "expect " + x.Metric + " " + x.Op + " " + formatValue(x.Value)
	}
	return fmt.Sprintf("# step kind %d has no text", st.Kind)
}

func formatValue(v Value) string {
	switch v.Kind {
	case IntValue:
		return strconv.FormatInt(v.Int, 10)
	case StringValue:
		return Quote(v.Str)
	case ListValue:
		if len(v.List) == 0 {
			return "-"
		}
		return strings.Join(v.List, ",")
	}
	return v.Str
}

// FormatDuration writes d in the largest unit that keeps it whole: 1ms,
// 2500us, 20ns; ParseDuration reads it back.
func FormatDuration(d Duration) string {
	if d == 0 {
		return "0"
	}
	for _, u := range []struct {
		name string
		ns   Duration
	}{{"s", 1e9}, {"ms", 1e6}, {"us", 1e3}} {
		if d%u.ns == 0 {
			return strconv.FormatInt(int64(d/u.ns), 10) + u.name
		}
	}
	return strconv.FormatInt(int64(d), 10) + "ns"
}

// Quote writes s as a scenario string the lexer reads back as s: only "
// and \ are escaped. Tools that write scenario text (the dmesg importer)
// quote with it.
func Quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func kv(k string, v int) string { return k + "=" + strconv.Itoa(v) }

func hexNum(v uint64) string { return "0x" + strconv.FormatUint(v, 16) }

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
