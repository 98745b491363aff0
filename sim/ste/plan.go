package ste

import "math/bits"

// Step is one store phase of a Plan: the whole STE as memory holds it after
// the phase, and which qwords the phase changed. The caller owes one
// CMD_CFGI_STE + CMD_SYNC after every Step.
type Step struct {
	Entry   STE
	Changed [Dwords]bool
}

// WritePlan is how arm_smmu_write_entry moves a live STE from one value to
// another. (It cannot be called Plan: that name is the function.)
//
// Steps holds only the phases that changed at least one qword, so
// len(Steps) is the number of CFGI_STE + CMD_SYNC pairs (the KUnit "sync
// count"); the last Step's Entry is always the target. Critical is the
// number of qwords whose used bits must change after the unused bits are
// pre-loaded: 0 means one plain write, 1 a hitless three-phase update, 2 or
// more a breaking update through V=0; CriticalMask has bit i set for each
// critical qword i. Hitless is false iff the SMMU could observe the entry
// invalid mid-way: some Step has qword 0 == 0 while both ends are valid.
//
// As in the kernel, a target with bits outside Used(target) counts those
// qwords as critical (the kernel WARNs there); the builders never do that.
type WritePlan struct {
	Steps        []Step
	Hitless      bool
	Critical     int
	CriticalMask uint8
}

// qwordDiff is arm_smmu_entry_qword_diff. It returns the critical-qword
// mask and unusedUpdate: entry with every bit that entry's configuration
// ignores (after relaxing the update-safe bits) already set to target.
func qwordDiff(entry, target STE) (critical uint8, unusedUpdate STE) {
	curUsed := Used(entry)
	targetUsed := Used(target)
	safe := UpdateSafe(entry, target)
	for i := range Dwords {
		// A safe bit only needs relaxing when both sides read it; a bit
		// one side ignores is already sequenced as an unused bit.
		safe[i] &= curUsed[i] & targetUsed[i]
		curUsed[i] &^= safe[i]
		unusedUpdate[i] = entry[i]&curUsed[i] | target[i]&^curUsed[i]
		// Still different in a bit the target reads: this qword has to
		// flip its meaning in one store.
		if unusedUpdate[i]&targetUsed[i] != target[i] {
			critical |= 1 << i
		}
	}
	return critical, unusedUpdate
}

// writer replays entry_set: store qwords [lo,hi) from src and record a Step
// only if something changed, as the kernel only syncs then.
type writer struct {
	cur   STE
	steps []Step
}

func (w *writer) set(src STE, lo, hi int) {
	var st Step
	changed := false
	for i := lo; i < hi; i++ {
		if w.cur[i] != src[i] {
			w.cur[i] = src[i]
			st.Changed[i] = true
			changed = true
		}
	}
	if changed {
		st.Entry = w.cur
		w.steps = append(w.steps, st)
	}
}

// Plan computes the store sequence from cur to target; see WritePlan.
func Plan(cur, target STE) WritePlan {
	critical, unused := qwordDiff(cur, target)
	w := writer{cur: cur}
	n := bits.OnesCount8(critical)
	switch {
	case n == 1:
		// Hitless: pre-load everything the current config ignores, flip
		// the one critical qword, then clear what the target ignores. The
		// critical qword is left for phase two, which can save a sync
		// when it is the only change.
		ci := bits.TrailingZeros8(critical)
		unused[ci] = cur[ci]
		w.set(unused, 0, Dwords)
		w.set(target, ci, ci+1)
		w.set(target, 0, Dwords)
	case n >= 2:
		// Breaking: make the entry invalid (all of qword 0 is zeroed),
		// fill qwords 1..7 while the SMMU ignores them, then publish
		// qword 0 with V=1 in one store.
		unused[0] = 0
		w.set(unused, 0, 1)
		w.set(target, 1, Dwords)
		w.set(target, 0, 1)
	default:
		// No used bit changes meaning (only safe or ignored bits differ):
		// any store order is fine.
		w.set(target, 0, Dwords)
	}
	p := WritePlan{Steps: w.steps, Hitless: true, Critical: n, CriticalMask: critical}
	if cur.V() && target.V() {
		for _, st := range p.Steps {
			if st.Entry[0] == 0 {
				p.Hitless = false
			}
		}
	}
	return p
}
