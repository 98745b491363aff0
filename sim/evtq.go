package sim

import (
	"fmt"

	"github.com/smmuplay/smmuplay/sim/cmdq"
	"github.com/smmuplay/smmuplay/sim/evtq"
	"github.com/smmuplay/smmuplay/sim/klog"
	"github.com/smmuplay/smmuplay/sim/scenario"
	"github.com/smmuplay/smmuplay/sim/ste"
)

// The SMMU's Event queue (Arm IHI 0070 §7.2-§7.4) and the driver's IRQ
// thread that drains it (arm_smmu_evtq_thread). The SMMU writes a record
// at SMMU_EVENTQ_PROD.WR when the queue is writable; a full queue discards
// the record and toggles PROD.OVFLG unless an overflow is already
// unacknowledged (§7.4). The thread consumes records, moves CONS.RD, and
// acknowledges an overflow by copying OVFLG into CONS.OVACKFLG.

// evtQueue is the Event queue: memory, registers and the driver's shadow.
type evtQueue struct {
	// Record i lives in mem slots 2i and 2i+1: the command queue's
	// copy-on-write pages hold two dwords per slot, a record four.
	mem     cmdQueue
	qs      uint
	prod    uint32 // SMMU_EVENTQ_PROD: WR (index and wrap) | OVFLG
	cons    uint32 // SMMU_EVENTQ_CONS: RD (index and wrap) | OVACKFLG
	llProd  uint32 // the driver's smmu->evtq.q.llq.prod (OVF bit included)
	llCons  uint32 // ... and llq.cons
	pending bool   // the IRQ thread is woken and has not run yet
	rs      klog.Ratelimit

	written    int64 // records the SMMU wrote
	lost       int64 // records discarded because the queue was full
	suppressed int64 // records the ratelimit kept out of the log
	overflows  int64 // "EVTQ overflow detected" lines
}

func newEvtQueue(c *config) evtQueue {
	qs := uint(c.sc.EVTQ.QS)
	return evtQueue{mem: newCmdQueue(qs + 1), qs: qs, rs: klog.NewRatelimit()}
}

func (q *evtQueue) clone() evtQueue {
	c := *q
	c.mem = q.mem.clone()
	return c
}

func (q *evtQueue) posMask() uint32 { return 2<<q.qs - 1 }
func (q *evtQueue) idxMask() uint32 { return 1<<q.qs - 1 }

// empty and full compare index and wrap only (not the overflow flags).
func (q *evtQueue) empty(p, c uint32) bool { return (p^c)&q.posMask() == 0 }
func (q *evtQueue) full(p, c uint32) bool  { return (p^c)&q.posMask() == 1<<q.qs }
func (q *evtQueue) inc(p uint32) uint32 {
	return p&evtq.OverflowFlag | (p+1)&q.posMask()
}

func (q *evtQueue) read(pos uint32) evtq.Record {
	i := (pos & q.idxMask()) << 1
	a, b := q.mem.read(i), q.mem.read(i+1)
	return evtq.Record{a[0], a[1], b[0], b[1]}
}

func (q *evtQueue) write(pos uint32, r evtq.Record) {
	i := (pos & q.idxMask()) << 1
	q.mem.write(i, cmdq.Cmd{r[0], r[1]})
	q.mem.write(i+1, cmdq.Cmd{r[2], r[3]})
}

// irqCtrlEvtqEn is SMMU_IRQ_CTRL.EVENTQ_IRQEN.
const irqCtrlEvtqEn = 1 << 2

// evtqRecord is the SMMU recording an event (§7.2.1): written when the
// queue is enabled and not full; discarded silently when disabled;
// discarded with an overflow when full (§7.4).
func (m *machine) evtqRecord(r evtq.Record) {
	q := &m.evq
	if m.smmu.cr0&cr0EVTQEN == 0 {
		return
	}
	if q.full(q.prod, q.cons) {
		q.lost++
		if (q.prod^q.cons)&evtq.OverflowFlag == 0 {
			q.prod ^= evtq.OverflowFlag
		}
		return
	}
	q.write(q.prod, r)
	q.prod = q.inc(q.prod)
	q.written++
	if m.smmu.irqCtrl&irqCtrlEvtqEn != 0 && m.cfg.policy != policyNone && !q.pending {
		// The IRQ is threaded and oneshot: one wake-up drains everything
		// written until the thread runs.
		q.pending = true
		m.schedule(m.now+Time(m.cfg.sc.SMMU.IRQLatency), actEvtqThread, -1, 0, 0)
	}
}

// evtqThread is one run of arm_smmu_evtq_thread(): consume records up to
// the PROD the driver last read, print each through the ratelimit, re-read
// PROD (an OVFLG that changed means records were lost), and go on until the
// queue is empty; then acknowledge the overflow (queue_sync_cons_ovf).
func (m *machine) evtqThread() {
	q := &m.evq
	q.pending = false
	n := 0
	for {
		for !q.empty(q.llProd, q.llCons) {
			r := q.read(q.llCons)
			q.llCons = q.inc(q.llCons)
			q.cons = q.llCons // queue_sync_cons_out after each record
			m.evtqPrint(r)
			n++
		}
		prod := q.prod // queue_sync_prod_in
		if (prod^q.llProd)&evtq.OverflowFlag != 0 {
			q.overflows++
			m.logf(errLevel, klog.FmtEvtqOverflow)
		}
		q.llProd = prod
		if q.empty(q.llProd, q.llCons) {
			break
		}
	}
	if (q.llProd^q.llCons)&evtq.OverflowFlag != 0 {
		q.llCons = q.llProd&evtq.OverflowFlag | q.llCons&^evtq.OverflowFlag
		q.cons = q.llCons
	}
	m.emit(EvEvtqThread, -1, uint64(n), uint64(q.cons), uint64(q.prod))
}

// evtqPrint prints one record as the driver does: arm_smmu_handle_evt()
// declines every record the model raises (none is a stall), so each goes
// through the thread's ratelimit state and, if allowed, is dumped.
func (m *machine) evtqPrint(r evtq.Record) {
	q := &m.evq
	ok, missed := q.rs.Allow(int64(m.now))
	if missed > 0 {
		m.logBare(warnLevel, fmt.Sprintf(klog.FmtSuppressed, klog.EvtqThread, missed))
	}
	if !ok {
		q.suppressed++
		return
	}
	d := r.Decode()
	m.logf(infoLevel, klog.FmtEventReceived, uint8(d.ID))
	for _, w := range r {
		m.logf(infoLevel, klog.FmtEventDword, w)
	}
	if m.cfg.sc.EVTQ.Log == "decoded" && d.ID.Suppressible() {
		f := d.Fault
		m.logf(errLevel, klog.FmtEventDecoded, d.ID, pciName(d.SID), d.SID, d.SSID, f.InputAddr, f.IPA)
		m.logf(errLevel, klog.FmtEventAttrs, pick(f.PnU, "priv", "unpriv"), pick(f.InD, "inst", "data"),
			pick(f.RnW, "read", "write"), pick(f.S2, "s2", "s1"), klog.ClassNames[f.Class], "",
			pick(f.Stall, " stall", ""), f.STAG)
	}
}

// pciName names the client as dev_name() of a PCI function whose
// requester ID is the StreamID (segment 0; the model's iommu-map is the
// identity).
func pciName(sid uint32) string {
	return fmt.Sprintf("0000:%02x:%02x.%d", sid>>8&0xff, sid>>3&0x1f, sid&7)
}

func pick(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}

// ---- where the SMMU raises events (hooks in pcie.go) ----

// epSID is the StreamID of ep's requests (its first: one requester ID).
func (m *machine) epSID(ep int32) uint32 { return m.cfg.sids[m.cfg.epSIDs[ep][0]].sid }

// evtqTransReq records what a refused ATS Translation Request raises:
// F_BAD_ATS_TREQ when the STE is valid and its effective EATS is 0b00
// (EATS = 0b00, or Config = bypass, STE.EATS in §5.2); nothing for V = 0
// (CA, no event) or Config = abort (UR, no event).
func (m *machine) evtqTransReq(ep int32, page uint64, s ste.STE) {
	if !s.V() || s.Config() == ste.CfgAbort {
		return
	}
	m.evtqRecord(evtq.BadATSTReq(m.epSID(ep), page<<12))
}

// evtqTranslated records what a Translated access the SMMU refuses raises
// with SMMU_CR0.ATSCHK = 1: F_TRANSL_FORBIDDEN when the STE is valid and
// disallows ATS (effective EATS 0b00); an invalid or abort STE terminates
// it silently (§5.2 V and Config, §7.3.22).
func (m *machine) evtqTranslated(ep int32, pa uint32, read bool, s ste.STE) {
	if !s.V() || s.Config() == ste.CfgAbort {
		return
	}
	m.evtqRecord(evtq.TranslForbidden(m.epSID(ep), read, uint64(pa)<<12))
}

// evtqUntranslated records what an ordinary (Untranslated) access raises:
// C_BAD_STE for an invalid STE; nothing for an abort STE (§5.2 Config:
// "no event recorded"); F_TRANSLATION at stage 2 for an unmapped IOVA,
// unless STE.S2R suppresses the record (§5.5).
func (m *machine) evtqUntranslated(ep int32, page uint64, read bool, s ste.STE) {
	switch {
	case !s.V():
		m.evtqRecord(evtq.BadSTE(m.epSID(ep)))
	case s.Config() != ste.CfgS2Trans:
	case s.S2R():
		iova := page << 12
		m.evtqRecord(evtq.Fault{ID: evtq.FTranslation, SID: m.epSID(ep), RnW: read, S2: true,
			Class: evtq.ClassIN, InputAddr: iova, IPA: iova}.Encode())
	}
}

// ---- snapshot ----

// EvtqSnap is the Event queue as a renderer or the JSON API shows it.
type EvtqSnap struct {
	QS         int
	Prod       uint32 // SMMU_EVENTQ_PROD with OVFLG (bit 31)
	Cons       uint32 // SMMU_EVENTQ_CONS with OVACKFLG (bit 31)
	Entries    []EvtqEntry
	Written    int64 // records written
	Lost       int64 // records discarded on a full queue
	Suppressed int64 // records the printk ratelimit kept out of the log
	Overflows  int64 // overflows the driver reported
}

// EvtqEntry is one record near PROD: the last evtqWindow written, oldest
// first.
type EvtqEntry struct {
	Pos     uint32 // queue position (index and wrap)
	Rec     evtq.Record
	Name    string // the event's name in the spec
	Pending bool   // between CONS and PROD: not read by the driver yet
}

// evtqWindow is how many records a snapshot keeps.
const evtqWindow = 8

func (m *machine) evtqSnapInto(d *EvtqSnap) {
	q := &m.evq
	d.QS, d.Prod, d.Cons = int(q.qs), q.prod, q.cons
	d.Written, d.Lost, d.Suppressed, d.Overflows = q.written, q.lost, q.suppressed, q.overflows
	d.Entries = d.Entries[:0]
	n := uint32(min(q.written, evtqWindow, int64(1)<<q.qs))
	p := (q.prod - n) & q.posMask()
	pendingFrom := (q.prod - q.cons) & q.posMask() // records not consumed
	for i := uint32(0); i < n; i++ {
		r := q.read(p)
		d.Entries = append(d.Entries, EvtqEntry{Pos: p, Rec: r, Name: r.Decode().ID.String(), Pending: n-i <= pendingFrom})
		p = (p + 1) & q.posMask()
	}
}

const infoLevel = klog.Info

func describeEvtqThread(e Event) string {
	return fmt.Sprintf("arm_smmu_evtq_thread read %d event records (EVENTQ_CONS 0x%08x, EVENTQ_PROD 0x%08x)", e.A, e.B, e.C)
}

// dmaRepeat schedules the rest of a `dma … count=N every=D` line: the
// accesses 1..N-1, D apart, as hardware actions (a device that keeps
// faulting).
func (m *machine) dmaRepeat(ep int32, st *scenario.Step) {
	read := int32(0)
	if !st.Write {
		read = 1
	}
	for k := 1; k < st.Count; k++ {
		m.schedule(m.now+Time(k)*Time(st.Every), actDMARepeat, ep, read, st.IOVA>>12)
	}
}

// evtqMetric evaluates the evtq.* metrics of `expect` lines.
func (m *machine) evtqMetric(name string) int64 {
	q := &m.evq
	switch name {
	case "evtq.prod":
		return int64(q.prod)
	case "evtq.cons":
		return int64(q.cons)
	case "evtq.records":
		return q.written
	case "evtq.lost":
		return q.lost
	}
	return q.suppressed
}
