package sim

import (
	"github.com/smmuplay/smmuplay/sim/cmdq"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// atcEntry is one Address Translation Cache entry: an untranslated 4 KiB
// IOVA page and the physical page a Translation Completion gave for it.
type atcEntry struct {
	valid bool
	page  uint64
	pa    uint32
}

// endpoint is one PCIe function with the ATS capability.
type endpoint struct {
	behavior  scenario.Behavior
	slowDelay Time
	flrOK     bool
	atsCap    bool // ATS Extended Capability present
	atsEn     bool // ATS Control register Enable bit
	stu       int
	atc       []atcEntry
	atcNext   int        // round-robin replacement pointer
	itags     uint32     // ITags 0-31 the SMMU has in flight to this function
	itagSeq   [32]uint64 // the SMMU's ITag table: which request (record seq) holds each ITag
	inFLR     bool
	flrResult bool // the FLR in progress will succeed
	dmaOn     bool // DMA engine running
	dma       stream
	dmaPeriod Time
}

func newEndpoint(c *config, i int) endpoint {
	sc := c.sc.Endpoints[i]
	return endpoint{
		behavior:  sc.Behavior,
		slowDelay: Time(sc.SlowDelay),
		flrOK:     sc.FLROK,
		atsCap:    sc.ATS,
		stu:       sc.STU,
		atc:       make([]atcEntry, c.sc.SMMU.ATCSize),
		dma:       newStream(c.seed, "dma/"+sc.Name),
		dmaPeriod: Time(sc.DMAPeriod),
	}
}

func (e *endpoint) atcLookup(page uint64) (int, bool) {
	for i := range e.atc {
		if e.atc[i].valid && e.atc[i].page == page {
			return i, true
		}
	}
	return -1, false
}

func (e *endpoint) atcInsert(page uint64, pa uint32) {
	if i, ok := e.atcLookup(page); ok {
		e.atc[i].pa = pa
		return
	}
	for i := range e.atc {
		if !e.atc[i].valid {
			e.atc[i] = atcEntry{valid: true, page: page, pa: pa}
			return
		}
	}
	e.atc[e.atcNext] = atcEntry{valid: true, page: page, pa: pa}
	e.atcNext = (e.atcNext + 1) % len(e.atc)
}

// atcInvalidate drops the entries an Invalidate Request covers and returns
// how many it dropped. The model has no PASIDs in the ATC: an SSV request
// is treated like the untagged one.
func (e *endpoint) atcInvalidate(inv cmdq.ATCInv) int {
	first, last := inv.Span()
	first, last = first>>12, last>>12
	n := 0
	for i := range e.atc {
		if p := e.atc[i].page; e.atc[i].valid && p >= first && p <= last {
			e.atc[i].valid = false
			n++
		}
	}
	return n
}

func (e *endpoint) atcFlush() int {
	n := 0
	for i := range e.atc {
		if e.atc[i].valid {
			e.atc[i].valid = false
			n++
		}
	}
	return n
}

func (e *endpoint) atcCount() int {
	n := 0
	for i := range e.atc {
		if e.atc[i].valid {
			n++
		}
	}
	return n
}

// allocITag returns the lowest free ITag.
func (e *endpoint) allocITag() (uint8, bool) {
	for t := uint8(0); t < 32; t++ {
		if e.itags&(1<<t) == 0 {
			e.itags |= 1 << t
			return t, true
		}
	}
	return 0, false
}
