package scenario

// EVTQ holds the `evtq` line: the SMMU's Event queue and how the driver
// prints its records. Defaults in brackets.
type EVTQ struct {
	Pos Pos
	// QS is EVENTQ_BASE.LOG2SIZE, 0..19 [19]. Linux asks for
	// min(EVTQ_MAX_SZ_SHIFT, IDR1.EVENTQS); with 64 KiB pages that is 19,
	// as for the command queue's default.
	QS int
	// Log is how arm_smmu_evtq_thread prints a record: "raw" (the event
	// number and four dwords, every corpus excerpt) or "decoded" (raw, then
	// the decoded lines of newer drivers for translation faults) ["raw"].
	Log string
	// IRQ says whether SMMU_IRQ_CTRL.EVENTQ_IRQEN is set, as Linux sets it
	// [on]; off leaves records in the queue (and lets it overflow).
	IRQ bool
}

// MaxEvtqQS is the largest EVENTQ_BASE.LOG2SIZE (SMMU_IDR1.EVENTQS <= 19).
const MaxEvtqQS = 19

func defaultEVTQ() EVTQ { return EVTQ{QS: MaxEvtqQS, Log: "raw", IRQ: true} }

// MaxDMACount bounds `dma … count=`.
const MaxDMACount = 1 << 20

// dmaRepeat reads `count=N every=D` of a dma line: N accesses, D apart (a
// device that keeps faulting, to fill the Event queue or the ratelimit).
func (p *parser) dmaRepeat(o *opts, st *Step) {
	st.Count = 1
	optUint(o, "count", 1, MaxDMACount, "", &st.Count)
	o.dur("every", &st.Every)
	switch {
	case st.Count > 1 && !o.has("every"):
		p.errf(o.pos("count"), "dma: count=%d needs every= (the time between the accesses)", st.Count)
	case o.has("every") && st.Every <= 0:
		p.errf(o.pos("every"), "dma: every must be positive")
	}
}

// evtqLine parses `evtq qs=N log=raw|decoded irq=on|off`.
func (p *parser) evtqLine(ln *line) {
	if !p.once("evtq", ln) {
		return
	}
	e := &p.sc.EVTQ
	e.Pos = p.pos(ln, 0)
	o := p.opts("evtq", ln, ln.words[1:], []string{"qs", "log", "irq"}, nil)
	optUint(o, "qs", 0, MaxEvtqQS, "EVENTQ_BASE.LOG2SIZE is at most 19", &e.QS)
	o.enum("log", []string{"raw", "decoded"}, &e.Log)
	o.onOff("irq", &e.IRQ)
}
