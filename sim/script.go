package sim

import "github.com/smmuplay/smmuplay/sim/scenario"

// scriptAction runs the action line at index pc now. With no driver
// (policy none) the lines are the software: they write commands and
// registers and change memory directly. With a driver they ask it to act.
func (m *machine) scriptAction(pc int) {
	m.scriptStep(pc, m.cfg.stepAt(pc))
}

// scriptStep runs action line st; pc is what its EvScript event records.
func (m *machine) scriptStep(pc int, st *scenario.Step) {
	ep := m.cfg.epIndex(st.Target)
	detail := uint64(0)
	switch st.Kind {
	case scenario.StepCmd:
		if m.cfg.wrapBit-m.used() == 0 {
			detail = 1 // queue full: the write is dropped
			break
		}
		m.q.write(m.idx(m.smmu.prod), st.Cmd)
		m.smmu.prod = m.inc(m.smmu.prod)
		m.kick()
	case scenario.StepAck:
		m.writeGerrorn(m.smmu.gerror)
	case scenario.StepSFM:
		m.enterSFM()
	case scenario.StepFetchAbort:
		m.smmu.abortNext = true
	case scenario.StepMap:
		d := m.cfg.domIndex(st.Target)
		for i := 0; i < st.Pages; i++ {
			m.mem.mapPage(d, st.IOVA>>12+uint64(i))
		}
	case scenario.StepUnmap:
		d := m.cfg.domIndex(st.Target)
		for i := 0; i < st.Pages; i++ {
			page := st.IOVA>>12 + uint64(i)
			if m.cfg.policy == policyNone {
				// No driver: nobody invalidates anything, and the page
				// goes straight to the host.
				if pa, ok := m.mem.unmapPage(d, page); ok {
					m.mem.reuse(pa)
				}
				continue
			}
			m.submit(thIssuer, op{kind: opUnmap, dom: d, ep: -1, page: page})
		}
	case scenario.StepDMA:
		m.dmaIssue(ep, st.IOVA>>12, !st.Write, false)
		m.dmaRepeat(ep, st) // evtq.go
	case scenario.StepBehave:
		m.setBehavior(ep, st.Behavior, Time(st.Delay))
	case scenario.StepFLR:
		ok := m.eps[ep].flrOK
		if st.HasFLROK {
			ok = st.FLROK
		}
		if m.cfg.policy == policyNone {
			m.eps[ep].flrResult = ok
			m.eps[ep].inFLR = true
			m.eps[ep].atsEn = false
			m.schedule(m.now+Time(m.cfg.sc.PCI.FLRTime), actFLRDone, ep, -1, 0)
			break
		}
		m.submit(thReset, op{kind: opReset, ep: ep, ok: ok, probe: st.Probe})
	case scenario.StepAttach:
		d := int32(-1)
		if st.Domain != "blocking" {
			d = m.cfg.domIndex(st.Domain)
		}
		if m.cfg.policy == policyNone {
			for _, si := range m.cfg.epSIDs[ep] {
				m.stes[si] = m.domainSTE(d, d >= 0 && m.eps[ep].atsCap)
			}
			break
		}
		m.submit(thAttach, op{kind: opAttach, ep: ep, dom: d, must: st.Must})
	}
	m.dirty = true
	m.emit(EvScript, ep, uint64(pc), detail, 0)
}
