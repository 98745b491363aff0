package dmesg

import (
	"fmt"
	"regexp"
	"strconv"

	"github.com/smmuplay/smmuplay/sim/scenario"
)

// Event-queue lines. The simulator has an Event queue (sim/evtq.go): its
// SMMU records F_TRANSLATION at stage 2 for an Untranslated access to an
// unmapped IOVA, F_BAD_ATS_TREQ and F_TRANSL_FORBIDDEN for a device whose
// STE.EATS is 0, C_BAD_STE for an invalid STE; arm_smmu_evtq_thread prints
// each in the raw form through the printk ratelimit (10 records per 5 s)
// and reports an overflow. The importer rebuilds:
//   - a stage-2 F_TRANSLATION record bit for bit: a device with the
//     record's StreamID and ATS off, in a domain whose IOVA window is one
//     page, reads or writes the record's address beyond it;
//   - "EVTQ overflow detected -- events lost": a one-entry queue and two
//     faulting accesses at once;
//   - "arm_smmu_evtq_thread: N callbacks suppressed": a device faulting at
//     a period that puts N + 10 records in the ratelimit's first five
//     seconds, and one more after them (`dma … count= every=`).
// Records of the last two episodes are the model's, not the log's: their
// lines are extra, of a kind the log has.

const (
	whyStage1 = "a stage 1 fault (S2 = 0): the model's domains translate at stage 2, so its translation faults are stage 2 faults that record the IPA"
	whyPart   = "only part of the record is in the paste"
	whyBudget = "the printk ratelimit prints 10 records per 5 s: the scenario rebuilds the first ones only"
	whyOnce   = "the scenario rebuilds this message once"
	// whyDecoded: the driver's decoded lines follow records the model
	// prints in the raw form.
	whyDecoded = "the decoded lines of newer drivers (evtq log=decoded) name the client device by its PCI name, which the model derives from the StreamID; the importer rebuilds the raw form only"
)

var suppressedRe = regexp.MustCompile(`^(arm_smmu_[A-Za-z0-9_]+): (\d{1,10}) callbacks suppressed$`)

// recordWhyNot says why the model cannot write record e exactly, or "".
func recordWhyNot(e *Event) string {
	d := e.dw
	const rnw, s2, classIN = 1 << 35, 1 << 39, 2 << 40
	switch {
	case !e.Complete:
		return whyPart
	case e.ID == 0x05 || e.ID == 0x07 || e.ID == 0x04:
		return fmt.Sprintf("the model raises %s (a quarantined device's traffic, or an invalid STE), but the importer does not rebuild the run that raises this one", e.Name)
	case e.ID != 0x10:
		name := e.Name
		if name == "" {
			name = fmt.Sprintf("event 0x%02x", e.ID)
		}
		return "the simulated SMMU never raises " + name
	case d[0] != 0x10|uint64(e.SID)<<32:
		return "a SubstreamID (PASID) or other dword 0 bits: the model's devices send none"
	case d[1]&s2 == 0:
		return whyStage1
	case d[1]&^rnw != s2|classIN:
		return fmt.Sprintf("dword 1 0x%016x has fields the model never sets (CLASS other than IN, STAG, Stall, PnU, InD, TTRnW or implementation-defined bits)", d[1])
	case d[2]&0xfff != 0:
		return fmt.Sprintf("the input address 0x%x is not 4 KiB aligned: the model's devices access whole pages", d[2])
	case d[3] != d[2]&0x000ffffffffff000:
		return "the IPA is not the input address: in the model's stage-2-only domains the input address is the IPA"
	case d[2]>>12 == 0:
		return "the input address is in the first page, which every domain of the model maps"
	case d[2] >= 1<<52:
		return fmt.Sprintf("the input address 0x%x is beyond the 52 bits a dma line takes", d[2])
	case e.SID == baseSID:
		return fmt.Sprintf("StreamID 0x%x is the scenario's ep0", baseSID)
	}
	return ""
}

// baseSID is the StreamID of the scenario's ep0 (scenario.go).
const baseSID = 0x100

// evtqEpisodes claims the event-queue lines the model can print and adds
// the scenario lines that print them. Run before SFM (it disables the
// SMMU).
func (r *repro) evtqEpisodes(s *story) {
	lines := r.im.Lines
	at := map[int]int{} // line number -> index in lines
	var overflow, suppressed, decoded []int
	for i, l := range lines {
		at[l.Num] = i
		switch l.Kind {
		case KindEvtqOverflow:
			overflow = append(overflow, i)
		case KindSuppressed:
			suppressed = append(suppressed, i)
		case KindEventFault, KindEventAccess:
			decoded = append(decoded, i)
		case KindPriqOverflow:
			r.gap(i, "the simulator has no PRI queue")
		}
	}
	for _, i := range decoded {
		r.gap(i, whyDecoded)
	}
	budget := 10
	// The flood comes first (its ratelimit interval must start with its
	// own first record); its last record opens a new interval, which the
	// records after it share.
	if r.floodEpisode(s, suppressed) {
		budget--
	}
	if len(overflow) > 0 {
		s.evtq = "evtq qs=0"
		s.decl = append(s.decl, "domain evo pages=1")
		s.cfg = append(s.cfg, fmt.Sprintf("endpoint evo sids=0x%x ats=off dma=off domain=evo", r.freeSID(0x7f00)),
			"# evtq qs=0: a one-entry Event queue")
		s.steps = append(s.steps, "# two faulting accesses at once: the second record finds the queue full (EVTQ overflow)",
			"dma evo iova=0x1000 write", "dma evo iova=0x1000 write", "run")
		budget--
		for k, i := range overflow {
			if k == 0 {
				r.claim(i)
			} else {
				r.gap(i, whyOnce)
			}
		}
	}
	// Records: one device per StreamID, in a domain holding its pages.
	type dev struct{ name string }
	devs := map[uint32]*dev{}
	var order []uint32
	var steps []string
	for k := range r.im.Events {
		e := &r.im.Events[k]
		idx := []int{at[e.Line]}
		for _, n := range e.Lines {
			idx = append(idx, at[n])
		}
		why := recordWhyNot(e)
		if why == "" && budget == 0 {
			why = whyBudget
		}
		if why != "" {
			for _, i := range idx {
				r.gap(i, why)
			}
			continue
		}
		budget--
		d := devs[e.SID]
		if d == nil {
			d = &dev{name: "ev" + strconv.Itoa(len(devs))}
			devs[e.SID] = d
			order = append(order, e.SID)
		}
		rw := "write"
		if e.dw[1]&(1<<35) != 0 {
			rw = "read"
		}
		steps = append(steps, fmt.Sprintf("# the record at line %d: %s, StreamID 0x%x", e.Line, e.Name, e.SID),
			fmt.Sprintf("dma %s iova=0x%x %s", d.name, e.dw[2], rw), "run")
		for _, i := range idx {
			r.claim(i)
		}
	}
	for _, sid := range order {
		d := devs[sid]
		s.decl = append(s.decl, fmt.Sprintf("domain %s pages=1", d.name))
		s.cfg = append(s.cfg, fmt.Sprintf("endpoint %s sids=0x%x ats=off dma=off domain=%s", d.name, sid, d.name))
	}
	if len(steps) > 0 {
		s.steps = append(s.steps, "# event records: Untranslated accesses (ATS off) beyond a one-page IOVA window fault at stage 2")
		s.steps = append(s.steps, steps...)
	}
}

// floodEpisode rebuilds the first "arm_smmu_evtq_thread: N callbacks
// suppressed": a device with ATS off faults every P ns, N + 11 times. The
// ratelimit's interval starts at the first record and admits 10; the
// records up to 5 s later are suppressed, so P is chosen to put exactly
// N + 10 records in those 5 s, and the last one prints the count.
func (r *repro) floodEpisode(s *story, lines []int) bool {
	done := false
	for _, i := range lines {
		m := suppressedRe.FindStringSubmatch(r.im.Lines[i].Text)
		if m == nil {
			r.gap(i, "the ratelimit line is cut")
			continue
		}
		if m[1] != "arm_smmu_evtq_thread" {
			r.gap(i, "the model rate-limits only the event queue thread's records, not "+m[1]+"'s messages")
			continue
		}
		if done {
			r.gap(i, whyOnce)
			continue
		}
		n, _ := strconv.ParseInt(m[2], 10, 64)
		// floor(5 s / P) = N + 9: P in (5e9/(N+10), 5e9/(N+9)].
		const interval = 5_000_000_000
		p := int64(interval / (n + 9))
		if n < 1 || n+11 > scenario.MaxDMACount || p <= interval/(n+10) || p < 1000 {
			r.gap(i, fmt.Sprintf("%d suppressed records cannot be rebuilt: no whole-nanosecond period of at least 1 µs puts exactly %d records in five seconds, or they are more than a dma line repeats", n, n+10))
			continue
		}
		s.decl = append(s.decl, "domain evf pages=1")
		s.cfg = append(s.cfg, fmt.Sprintf("endpoint evf sids=0x%x ats=off dma=off domain=evf", r.freeSID(0x7e00)))
		s.steps = append(s.steps, fmt.Sprintf("# %d faults %d ns apart: %d records in the ratelimit's first 5 s (10 printed, %d suppressed), then one more", n+11, p, n+10, n),
			fmt.Sprintf("dma evf iova=0x1000 write count=%d every=%dns", n+11, p), "run")
		r.claim(i)
		done = true
	}
	return done
}

// freeSID is the first StreamID from base on that no record of the log and
// not ep0 uses.
func (r *repro) freeSID(base uint32) uint32 {
	used := map[uint32]bool{baseSID: true}
	for _, e := range r.im.Events {
		used[e.SID] = true
	}
	for used[base] {
		base++
	}
	return base
}
