package scene

import (
	"fmt"

	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/cmdq"
	"github.com/smmuplay/smmuplay/sim/ste"
)

// Details returns the lines the inspect panel shows for the object hit in
// snap. It runs when the selection changes, not per frame, so it formats
// with fmt and allocates.
func Details(snap *sim.Snapshot, hit layout.Hit) []string {
	switch hit.Kind {
	case layout.HitSlot:
		return slotDetails(snap, hit.Index)
	case layout.HitEndpoint:
		if hit.Index >= 0 && hit.Index < len(snap.Endpoints) {
			return endpointDetails(snap, hit.Index)
		}
	case layout.HitRegister:
		return registerDetails(snap, hit.Index)
	case layout.HitRootPort:
		if hit.Index >= 0 && hit.Index < len(snap.RootPorts) {
			out := []string{"root port " + snap.RootPorts[hit.Index]}
			for i := range snap.Endpoints {
				if snap.Endpoints[i].Port == hit.Index {
					out = append(out, "  "+snap.Endpoints[i].Name)
				}
			}
			return out
		}
	case layout.HitPage:
		if hit.Index >= 0 && hit.Index < len(snap.Pages) {
			p := snap.Pages[hit.Index]
			return []string{
				fmt.Sprintf("page %d", p.Page),
				"owner now: " + p.Owner,
				fmt.Sprintf("corrupt writes that hit it: %d", p.Hits),
			}
		}
	case layout.HitSMMU:
		c := snap.Counters
		return []string{
			fmt.Sprintf("command queue: 2^%d slots", snap.QS),
			fmt.Sprintf("Service Failure Mode: %v", snap.SFM),
			fmt.Sprintf("ATC invalidations outstanding: %d", snap.Outstanding),
			fmt.Sprintf("CMD_SYNC waiting: %v", snap.SyncWaiting),
			fmt.Sprintf("CMD_SYNCs %d, ATC timeouts %d, CMDQ errors %d", c.CmdSyncs, c.ATCTimeouts, c.CmdqErrors),
			fmt.Sprintf("corrupt DMA %d, aborted DMA %d, Invalidate Requests %d", c.CorruptDMA, c.AbortedDMA, c.ATCInvSent),
		}
	}
	return nil
}

// slotDetails decodes the command at queue index k, if the snapshot's
// window holds it.
func slotDetails(snap *sim.Snapshot, k int) []string {
	mask := uint32(1)<<uint(snap.QS) - 1
	for _, sl := range snap.Window {
		if int(sl.Pos&mask) != k {
			continue
		}
		wrap := sl.Pos >> uint(snap.QS) & 1
		idx := sl.Pos & (1<<uint(snap.QS) - 1)
		out := []string{
			fmt.Sprintf("slot %#x (index %#x, wrap %d): %s", sl.Pos, idx, wrap, slotStateName(sl.State, snap.SyncWaiting, sl.Cmd)),
			cmdq.Describe(sl.Cmd),
			fmt.Sprintf("dw0 %#016x  dw1 %#016x", sl.Cmd[0], sl.Cmd[1]),
		}
		for _, f := range cmdq.Fields(sl.Cmd) {
			out = append(out, fmt.Sprintf("  %s [%d:%d] dw%d = %#x  %s", f.Name, f.Hi, f.Lo, f.Dword, f.Value, f.Meaning))
		}
		return out
	}
	return []string{fmt.Sprintf("queue index %#x: not in the window shown (8 slots before CONS up to PROD)", k)}
}

func slotStateName(s sim.SlotState, waiting bool, c cmdq.Cmd) string {
	switch s {
	case sim.SlotConsumed:
		return "consumed"
	case sim.SlotError:
		return "at CONS.RD, CMDQ_ERR active"
	case sim.SlotAtCons:
		if waiting && c.Op() == cmdq.OpSync {
			return "at CONS.RD, waiting for ATC invalidations"
		}
		return "at CONS.RD"
	}
	return "pending"
}

func endpointDetails(snap *sim.Snapshot, i int) []string {
	e := &snap.Endpoints[i]
	port := "?"
	if e.Port >= 0 && e.Port < len(snap.RootPorts) {
		port = snap.RootPorts[e.Port]
	}
	state := e.State
	if state == sim.BlockedBroken {
		state += " (quarantined)"
	}
	out := []string{
		fmt.Sprintf("%s on %s, group %d, domain %d", e.Name, port, e.Group, e.Domain),
		fmt.Sprintf("iommu core state %s%s", state, inFLR(e.InFLR)),
		fmt.Sprintf("behaviour %s; ATS cap %v, enabled %v, ats_broken %v", e.Behavior, e.ATSCap, e.ATS, e.ATSBroken),
		fmt.Sprintf("ITags in flight: %#08x", e.ITags),
	}
	for j, sid := range e.SIDs {
		if j >= len(e.STE) {
			break
		}
		s := e.STE[j]
		out = append(out, fmt.Sprintf("SID %#x STE: %s", sid, ste.Describe(s)))
		for _, f := range ste.Fields(s) {
			if f.Value == 0 && !isKeySTEField(f.Name) {
				continue // a zero field the entry does not use is noise
			}
			out = append(out, fmt.Sprintf("  %s [%d:%d] dw%d = %#x  %s", f.Name, f.Hi, f.Lo, f.Dword, f.Value, f.Meaning))
		}
	}
	stale := 0
	for _, a := range e.ATC {
		if a.Stale {
			stale++
		}
	}
	out = append(out, fmt.Sprintf("ATC: %d entries, %d stale", len(e.ATC), stale))
	for _, a := range e.ATC {
		mark := ""
		if a.Stale {
			mark = "  STALE: the IOVA no longer maps to this page"
		}
		out = append(out, fmt.Sprintf("  IOVA %#x -> page %d%s", a.IOVA, a.Page, mark))
	}
	return out
}

// isKeySTEField names the fields worth a line even when zero: V, CFG and
// EATS say whether the entry is live and whether translated traffic passes.
func isKeySTEField(n string) bool { return n == "V" || n == "CFG" || n == "EATS" }

func registerDetails(snap *sim.Snapshot, i int) []string {
	qs := uint(snap.QS)
	idx := func(v uint32) uint32 { return v & (1<<qs - 1) }
	wrap := func(v uint32) uint32 { return v >> qs & 1 }
	gerrBits := func(name string, v uint32) []string {
		return []string{
			fmt.Sprintf("%s = %#08x", name, v),
			fmt.Sprintf("  CMDQ_ERR [0] = %d", v&sim.GERRORCmdqErr),
			fmt.Sprintf("  SFM_ERR [8] = %d", v>>8&1),
			fmt.Sprintf("active (GERROR ^ GERRORN) = %#x", snap.GERROR^snap.GERRORN),
		}
	}
	switch i {
	case layout.RegGERROR:
		return gerrBits("GERROR", snap.GERROR)
	case layout.RegGERRORN:
		return gerrBits("GERRORN", snap.GERRORN)
	case layout.RegCMDQProd:
		v := snap.CmdqProd
		return []string{
			fmt.Sprintf("CMDQ_PROD = %#08x", v),
			fmt.Sprintf("  WR [%d:0] = %#x", qs-1, idx(v)),
			fmt.Sprintf("  WR_WRAP [%d] = %d", qs, wrap(v)),
		}
	case layout.RegCMDQCons:
		v := snap.CmdqCons
		e := cmdq.ConsErr(v)
		return []string{
			fmt.Sprintf("CMDQ_CONS = %#08x", v),
			fmt.Sprintf("  ERR [30:24] = %#x %s", uint8(e), e),
			fmt.Sprintf("  RD [%d:0] = %#x", qs-1, idx(v)),
			fmt.Sprintf("  RD_WRAP [%d] = %d", qs, wrap(v)),
		}
	}
	return nil
}

func inFLR(in bool) string {
	if in {
		return ", in FLR"
	}
	return ""
}
