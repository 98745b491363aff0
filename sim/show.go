package sim

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/smmuplay/smmuplay/sim/cmdq"
	"github.com/smmuplay/smmuplay/sim/ste"
)

// showStep renders a `show` line for golden scripts and the CLI.
func (m *machine) showStep(pc int) {
	st := &m.cfg.steps[pc]
	var b strings.Builder
	switch st.Show {
	case "regs":
		m.showRegs(&b)
	case "queue":
		n := 8
		if st.ShowArg != "" {
			if v, err := strconv.Atoi(st.ShowArg); err == nil && v > 0 {
				n = v
			}
		}
		m.showQueue(&b, n)
	case "ep":
		m.showEP(&b, m.cfg.epIndex(st.ShowArg))
	case "ste":
		sid, _ := strconv.ParseUint(st.ShowArg, 0, 32)
		m.showSTE(&b, uint32(sid))
	case "mem":
		m.showMem(&b)
	case "core":
		m.showCore(&b)
	case "summary":
		for _, l := range []string{"cmd_syncs", "atc_timeouts", "cmdq_errors", "corrupt_dma", "leaked_dma", "log_lines", "recovery_cnt", "quarantined"} {
			fmt.Fprintf(&b, "%s: %v\n", l, m.metric(l, -1))
		}
	case "log":
		b.WriteString(m.logText())
	}
	m.out.shows = append(m.out.shows, Show{Step: pc, Text: b.String()})
}

func (m *machine) showRegs(b *strings.Builder) {
	r := &m.smmu
	fmt.Fprintf(b, "GERROR  0x%08x  GERRORN 0x%08x  active 0x%08x%s\n", r.gerror, r.gerrorn, r.gerror^r.gerrorn, gerrorBits(r.gerror^r.gerrorn))
	fmt.Fprintf(b, "CMDQ_PROD 0x%08x  (wrap %d, index 0x%x)\n", r.prod, (r.prod>>m.cfg.qs)&1, m.idx(r.prod))
	err := cmdq.ConsErr(r.cons)
	fmt.Fprintf(b, "CMDQ_CONS 0x%08x  (ERR 0x%02x %s, wrap %d, index 0x%x)\n", r.cons, uint8(err), err, (r.cons>>m.cfg.qs)&1, m.idx(r.cons))
	fmt.Fprintf(b, "CMDQ_BASE.LOG2SIZE %d  SFM %v  outstanding ATC_INV %d\n", m.cfg.qs, r.sfm, len(m.invs))
}

func gerrorBits(active uint32) string {
	var parts []string
	if active&GERRORCmdqErr != 0 {
		parts = append(parts, "CMDQ_ERR")
	}
	if active&GERRORSFMErr != 0 {
		parts = append(parts, "SFM_ERR")
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, "|") + ")"
}

// showQueue lists the n slots before CONS and everything up to PROD.
func (m *machine) showQueue(b *strings.Builder, n int) {
	start := (m.rd() - uint32(n)) & m.posMask()
	for p, i := start, 0; i < n+int(m.used()) && i < 4096; p, i = m.inc(p), i+1 {
		c := m.q.read(m.idx(p))
		mark := "  "
		switch {
		case p == m.rd() && m.errActive(GERRORCmdqErr):
			mark = "E>"
		case p == m.rd():
			mark = "C>"
		}
		if p == m.smmu.prod {
			mark = "P>"
		}
		fmt.Fprintf(b, "%s 0x%05x  %016x %016x  %s\n", mark, p, c[0], c[1], cmdq.Describe(c))
	}
	fmt.Fprintf(b, "P> 0x%05x\n", m.smmu.prod)
}

func (m *machine) showEP(b *strings.Builder, ep int32) {
	if ep < 0 {
		b.WriteString("no such endpoint\n")
		return
	}
	e := &m.eps[ep]
	ms := &m.drv.masters[ep]
	g := &m.core.gdevs[ep]
	fmt.Fprintf(b, "%s: behavior %s  ATS %s  ats_broken %s  state %s  reset_depth %d  ITags in flight %d\n",
		m.cfg.epName(ep), e.behavior, onOff(e.atsEn), onOff(ms.atsBroken), blockedNames[g.blocked], g.resetDepth, popcount(e.itags))
	for _, si := range m.cfg.epSIDs[ep] {
		fmt.Fprintf(b, "  SID 0x%x: %s\n", m.cfg.sids[si].sid, ste.Describe(m.stes[si]))
	}
	d := m.cfg.epDomain[ep]
	fmt.Fprintf(b, "  ATC (%d entries):", e.atcCount())
	for _, a := range e.atc {
		if !a.valid {
			continue
		}
		stale := ""
		if pa, ok := m.mem.translate(d, a.page); !ok || pa != a.pa {
			stale = "!"
		}
		fmt.Fprintf(b, " 0x%x->%d%s", a.page<<12, a.pa, stale)
	}
	b.WriteString("\n")
}

func popcount(x uint32) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

func (m *machine) showSTE(b *strings.Builder, sid uint32) {
	si := m.cfg.sidIndex(sid)
	if si < 0 {
		fmt.Fprintf(b, "SID 0x%x: no stream table entry\n", sid)
		return
	}
	s := m.stes[si]
	fmt.Fprintf(b, "STE[0x%x]: %s\n", sid, ste.Describe(s))
	for i, q := range s {
		fmt.Fprintf(b, "  dword %d: 0x%016x\n", i, q)
	}
	if c := m.cache[si]; c.valid && c.ste != s {
		fmt.Fprintf(b, "  cached (stale until CFGI_STE): %s\n", ste.Describe(c.ste))
	}
}

func (m *machine) showMem(b *strings.Builder) {
	for d, dom := range m.cfg.domains {
		fmt.Fprintf(b, "%s: %d of %d IOVA pages mapped\n", dom.Name, m.mem.mapped[d], dom.Pages)
	}
	hit := 0
	for p, h := range m.mem.hits {
		if h > 0 {
			hit++
			fmt.Fprintf(b, "page %d (owner %s) hit by %d corrupt writes\n", p, m.ownerName(m.mem.owner[p]), h)
		}
	}
	if hit == 0 {
		b.WriteString("no corrupt writes\n")
	}
}

func (m *machine) ownerName(o uint16) string {
	switch o {
	case ownerFree:
		return "free"
	case ownerHost:
		return "host"
	}
	if d := int(o) - ownerDomain; d < len(m.cfg.domains) {
		return m.cfg.domains[d].Name
	}
	return "?"
}

func (m *machine) showCore(b *strings.Builder) {
	for gi, g := range m.core.groups {
		fmt.Fprintf(b, "group %s: recovery_cnt %d\n", m.cfg.sc.Groups[gi].Name, g.recoveryCnt)
	}
	for i, g := range m.core.gdevs {
		fmt.Fprintf(b, "  %s: %s reset_depth %d broken_pending %v ats_broken %v\n",
			m.cfg.epName(int32(i)), blockedNames[g.blocked], g.resetDepth, g.brokenPending, m.drv.masters[i].atsBroken)
	}
}
