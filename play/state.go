package play

import (
	"fmt"
	"strconv"

	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/cmdq"
)

// State is the snapshot as the JS API's state() and the postMessage
// "state" reply give it: plain fields, decoded, with names from the
// SMMUv3 spec and the kernel. Numbers that can exceed 2^53 (command
// words, the seed) are hex or decimal strings so JavaScript keeps them exact.
type State struct {
	N         int64     `json:"n" js:"n"`
	TimeNS    int64     `json:"time_ns" js:"time_ns"`
	Time      string    `json:"time" js:"time"` // TimeNS as every page's prose shows a time (sim.FormatTime)
	Scenario  string    `json:"scenario" js:"scenario"`
	Title     string    `json:"title" js:"title"`
	Seed      string    `json:"seed" js:"seed"`
	Policy    string    `json:"policy" js:"policy"`
	Strategy  string    `json:"strategy" js:"strategy"`
	Registers Registers `json:"registers" js:"registers"`
	Queue     Queue     `json:"queue" js:"queue"`
	EVTQ      EvtqView  `json:"evtq" js:"evtq"` // the Event queue (evtq.go)
	Endpoints []EPState `json:"endpoints" js:"endpoints"`
	Counters  Counters  `json:"counters" js:"counters"`
	Last      string    `json:"last" js:"last"` // the last event in words
	LogLines  int       `json:"log_lines" js:"log_lines"`
	Faults    int       `json:"faults" js:"faults"`
}

// Registers are the SMMU registers the model implements, with CONS and
// GERROR decoded.
type Registers struct {
	GERROR        uint32 `json:"gerror" js:"gerror"`
	GERRORN       uint32 `json:"gerrorn" js:"gerrorn"`
	GERRORActive  uint32 `json:"gerror_active" js:"gerror_active"` // GERROR ^ GERRORN
	CmdqErrActive bool   `json:"cmdq_err_active" js:"cmdq_err_active"`
	CmdqProd      uint32 `json:"cmdq_prod" js:"cmdq_prod"`
	CmdqCons      uint32 `json:"cmdq_cons" js:"cmdq_cons"`
	ConsErr       uint32 `json:"cons_err" js:"cons_err"` // CMDQ_CONS.ERR, bits [30:24]
	ConsErrName   string `json:"cons_err_name" js:"cons_err_name"`
	ConsRD        uint32 `json:"cons_rd" js:"cons_rd"` // index and wrap bit
	QS            int    `json:"qs" js:"qs"`           // CMDQ_BASE.LOG2SIZE
	SFM           bool   `json:"sfm" js:"sfm"`
}

// Queue is the window of command-queue slots around CONS..PROD.
type Queue struct {
	Outstanding int        `json:"outstanding" js:"outstanding"` // ATC invalidations in flight
	SyncWaiting bool       `json:"sync_waiting" js:"sync_waiting"`
	Slots       []SlotView `json:"slots" js:"slots"`
}

// SlotView is one 128-bit command slot.
type SlotView struct {
	Pos   uint32 `json:"pos" js:"pos"` // index | wrap
	Op    string `json:"op" js:"op"`
	Words string `json:"words" js:"words"` // "0x<hi>_<lo>"
	State string `json:"state" js:"state"` // consumed, cons, error, pending
}

// EPState is one endpoint: PCIe side, SMMU side, driver and IOMMU core.
type EPState struct {
	Name        string   `json:"name" js:"name"`
	RootPort    string   `json:"root_port" js:"root_port"`
	SIDs        []uint32 `json:"sids" js:"sids"`
	Behavior    string   `json:"behavior" js:"behavior"`
	ATS         bool     `json:"ats" js:"ats"`
	ATSBroken   bool     `json:"ats_broken" js:"ats_broken"`
	Quarantined bool     `json:"quarantined" js:"quarantined"` // sim.IsQuarantined: ats_broken or BLOCKED_BROKEN
	EATS        uint32   `json:"eats" js:"eats"`               // STE.EATS of the first StreamID
	STE         []string `json:"ste" js:"ste"`                 // first StreamID's STE, 8 qwords in hex
	State       string   `json:"state" js:"state"`             // BLOCKED_NO, BLOCKED_RESETTING, BLOCKED_BROKEN
	InFLR       bool     `json:"in_flr" js:"in_flr"`
	ITags       int      `json:"itags" js:"itags"` // invalidations in flight
	ATC         int      `json:"atc" js:"atc"`     // valid ATC entries
	Stale       int      `json:"stale" js:"stale"` // ... whose IOVA no longer maps there
	Domain      int      `json:"domain" js:"domain"`
	RecoveryCnt int32    `json:"recovery_cnt" js:"recovery_cnt"`
}

// Counters are the run's totals so far.
type Counters struct {
	CmdSyncs    int64 `json:"cmd_syncs" js:"cmd_syncs"`
	ATCTimeouts int64 `json:"atc_timeouts" js:"atc_timeouts"`
	CmdqErrors  int64 `json:"cmdq_errors" js:"cmdq_errors"`
	CorruptDMA  int64 `json:"corrupt_dma" js:"corrupt_dma"`
	LeakedDMA   int64 `json:"leaked_dma" js:"leaked_dma"`
	ATCInvSent  int64 `json:"atc_inv_sent" js:"atc_inv_sent"`
	Unmaps      int64 `json:"unmaps" js:"unmaps"`
	Violations  int64 `json:"violations" js:"violations"`
}

var slotStates = [...]string{sim.SlotConsumed: "consumed", sim.SlotAtCons: "cons", sim.SlotError: "error", sim.SlotPending: "pending"}

// State builds the plain view of the current snapshot.
func (x *Session) State() State {
	snap := x.s.Snapshot()
	sc := x.s.Scenario()
	sum := x.s.Summary()
	st := State{
		N: snap.N, TimeNS: int64(snap.Time), Time: sim.FormatTime(snap.Time),
		Scenario: sc.File, Title: sc.Title, Seed: strconv.FormatUint(x.s.Seed(), 10),
		Policy: sum.Policy, Strategy: sum.Strategy,
		Last: x.Narration(snap.N), LogLines: len(x.s.Log()), Faults: len(x.faults),
	}
	consErr := cmdq.ConsErr(snap.CmdqCons)
	st.Registers = Registers{
		GERROR: snap.GERROR, GERRORN: snap.GERRORN, GERRORActive: snap.GERROR ^ snap.GERRORN,
		CmdqErrActive: (snap.GERROR^snap.GERRORN)&sim.GERRORCmdqErr != 0,
		CmdqProd:      snap.CmdqProd, CmdqCons: snap.CmdqCons,
		ConsErr: uint32(consErr), ConsErrName: consErr.String(),
		ConsRD: snap.CmdqCons & (1<<(snap.QS+1) - 1), QS: snap.QS, SFM: snap.SFM,
	}
	st.Queue = Queue{Outstanding: snap.Outstanding, SyncWaiting: snap.SyncWaiting, Slots: make([]SlotView, len(snap.Window))}
	for i, sl := range snap.Window {
		st.Queue.Slots[i] = SlotView{
			Pos: sl.Pos, Op: sl.Cmd.Op().String(),
			Words: fmt.Sprintf("0x%016x_%016x", sl.Cmd[1], sl.Cmd[0]), State: slotStates[sl.State],
		}
	}
	st.EVTQ = evtqView(&snap.EVTQ)
	st.Endpoints = make([]EPState, len(snap.Endpoints))
	for i := range snap.Endpoints {
		e := &snap.Endpoints[i]
		v := EPState{
			Name: e.Name, SIDs: append([]uint32{}, e.SIDs...), Behavior: e.Behavior,
			ATS: e.ATS, ATSBroken: e.ATSBroken, Quarantined: e.Quarantined(), State: e.State, InFLR: e.InFLR,
			ITags: popcount(e.ITags), ATC: len(e.ATC), Domain: e.Domain,
		}
		if e.Port >= 0 && e.Port < len(snap.RootPorts) {
			v.RootPort = snap.RootPorts[e.Port]
		}
		for _, a := range e.ATC {
			if a.Stale {
				v.Stale++
			}
		}
		if len(e.STE) > 0 {
			v.EATS = uint32(e.STE[0].EATS())
			v.STE = make([]string, len(e.STE[0]))
			for q, w := range e.STE[0] {
				v.STE[q] = fmt.Sprintf("0x%016x", w)
			}
		}
		if e.Group >= 0 && e.Group < len(snap.Groups) {
			v.RecoveryCnt = snap.Groups[e.Group].RecoveryCnt
		}
		st.Endpoints[i] = v
	}
	c := snap.Counters
	st.Counters = Counters{
		CmdSyncs: c.CmdSyncs, ATCTimeouts: c.ATCTimeouts, CmdqErrors: c.CmdqErrors,
		CorruptDMA: c.CorruptDMA, LeakedDMA: c.LeakedDMA, ATCInvSent: c.ATCInvSent,
		Unmaps: c.Unmaps, Violations: c.Violations,
	}
	return st
}

func popcount(v uint32) int {
	n := 0
	for ; v != 0; v &= v - 1 {
		n++
	}
	return n
}

// Target resolves a target name against the run: endpoint names must
// exist, indices must be in range.
func (x *Session) Target(name string) (layout.Hit, error) {
	t, err := ParseTarget(name)
	if err != nil {
		return layout.Hit{}, err
	}
	h := layout.Hit{Kind: t.Kind, Index: t.Index}
	switch t.Kind {
	case layout.HitEndpoint:
		for i, e := range x.s.Scenario().Endpoints {
			if e.Name == t.Name {
				h.Index = i
				return h, nil
			}
		}
		return h, fmt.Errorf("target %q: no endpoint %q in this scenario", name, t.Name)
	case layout.HitRootPort:
		if t.Index >= len(x.s.Scenario().RootPorts) {
			return h, fmt.Errorf("target %q: the scenario has %d root ports", name, len(x.s.Scenario().RootPorts))
		}
	case layout.HitSlot:
		if t.Index >= 1<<x.s.Scenario().SMMU.QS {
			return h, fmt.Errorf("target %q: the queue has %d slots", name, 1<<x.s.Scenario().SMMU.QS)
		}
	}
	return h, nil
}
