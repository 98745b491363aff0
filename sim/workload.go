package sim

// workload is the host's continuous unmap/free/reuse of one domain's pages
// while the endpoints keep doing DMA.
type workload struct {
	active   bool
	issued   int // unmaps handed to the issuer
	finished int // unmaps the issuer completed
	dom      int32
	rng      stream
}

func (w workload) clone() workload { return w }

// workloadTick hands unmap number n to the issuer and schedules the next.
func (m *machine) workloadTick(n uint64) {
	wl := m.cfg.sc.Workload
	w := &m.wl
	if !w.active {
		w.active = true
		m.startDMA()
	}
	page := uint64(w.rng.intn(m.cfg.domains[w.dom].Pages))
	w.issued++
	if w.issued < wl.Unmaps {
		m.schedule(Time(wl.Start)+Time(w.issued)*Time(wl.Period), actWorkload, -1, 0, n+1)
	}
	// Unmap numbers start at 1; script unmaps carry 0.
	m.submit(thIssuer, op{kind: opUnmap, dom: w.dom, ep: -1, page: page, num: n})
	m.emitT(EvUnmapRequested, -1, thIssuer, page, 0, n)
}

// unmapFinished counts workload unmaps; the last one stops the DMA engines.
func (m *machine) unmapFinished() {
	w := &m.wl
	if !w.active {
		return
	}
	w.finished++
	if w.finished == m.cfg.sc.Workload.Unmaps {
		w.active = false
		for i := range m.eps {
			m.eps[i].dmaOn = false
		}
	}
}

// startDMA starts every DMA-enabled endpoint's engine at a random phase.
func (m *machine) startDMA() {
	for i := range m.eps {
		e := &m.eps[i]
		if !m.cfg.sc.Endpoints[i].DMA || e.dmaPeriod <= 0 {
			continue
		}
		e.dmaOn = true
		m.schedule(m.now+Time(e.dma.intn(int(e.dmaPeriod))), actDMA, int32(i), 0, 0)
	}
}
