package play

import (
	"fmt"

	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/evtq"
)

// EvtqView is the SMMU's Event queue: its registers (SMMU_EVENTQ_PROD with
// OVFLG, SMMU_EVENTQ_CONS with OVACKFLG, both in bit 31) and the last
// records written, oldest first.
type EvtqView struct {
	QS         int             `json:"qs" js:"qs"` // EVENTQ_BASE.LOG2SIZE
	Prod       uint32          `json:"prod" js:"prod"`
	Cons       uint32          `json:"cons" js:"cons"`
	Overflow   bool            `json:"overflow" js:"overflow"` // OVFLG != OVACKFLG: records lost, not yet acknowledged
	Written    int64           `json:"written" js:"written"`
	Lost       int64           `json:"lost" js:"lost"`
	Suppressed int64           `json:"suppressed" js:"suppressed"` // kept out of the log by the printk ratelimit
	Entries    []EvtqEntryView `json:"entries" js:"entries"`
}

// EvtqEntryView is one 256-bit event record.
type EvtqEntryView struct {
	Pos     uint32   `json:"pos" js:"pos"`     // index | wrap
	Event   string   `json:"event" js:"event"` // F_TRANSLATION, ...
	ID      uint8    `json:"id" js:"id"`
	SID     uint32   `json:"sid" js:"sid"`
	Words   []string `json:"words" js:"words"` // the four dwords in hex, as the driver prints them
	Pending bool     `json:"pending" js:"pending"`
}

func evtqView(e *sim.EvtqSnap) EvtqView {
	v := EvtqView{QS: e.QS, Prod: e.Prod, Cons: e.Cons, Overflow: (e.Prod^e.Cons)&evtq.OverflowFlag != 0,
		Written: e.Written, Lost: e.Lost, Suppressed: e.Suppressed, Entries: make([]EvtqEntryView, len(e.Entries))}
	for i, r := range e.Entries {
		d := r.Rec.Decode()
		w := make([]string, len(r.Rec))
		for j, x := range r.Rec {
			w[j] = fmt.Sprintf("0x%016x", x)
		}
		v.Entries[i] = EvtqEntryView{Pos: r.Pos, Event: r.Name, ID: uint8(d.ID), SID: d.SID, Words: w, Pending: r.Pending}
	}
	return v
}
