package ste

import "math/bits"

// Step is one store phase of a Plan: the whole STE as memory holds it after
// the phase, and which qwords the phase changed. The caller owes one
// CMD_CFGI_STE + CMD_SYNC after every Step.
type Step struct {
	Entry   STE
	Changed [dwords]bool
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

// entry is the raw form both STEs and CDs share: eight qwords.
type entry = [dwords]uint64

// entryOps are the per-kind hooks of arm_smmu_write_entry (the kernel's
// struct arm_smmu_entry_writer_ops): the used bits and, for STEs only, the
// update-safe bits.
type entryOps struct {
	used func(entry) entry
	safe func(cur, target entry) entry // nil: nothing is update-safe
}

// qwordDiff is arm_smmu_entry_qword_diff. It returns the critical-qword
// mask and unusedUpdate: e with every bit that e's configuration ignores
// (after relaxing the update-safe bits) already set to target.
func qwordDiff(ops entryOps, e, target entry) (critical uint8, unusedUpdate entry) {
	curUsed := ops.used(e)
	targetUsed := ops.used(target)
	var safe entry
	if ops.safe != nil {
		safe = ops.safe(e, target)
	}
	for i := range dwords {
		// A safe bit only needs relaxing when both sides read it; a bit
		// one side ignores is already sequenced as an unused bit.
		safe[i] &= curUsed[i] & targetUsed[i]
		curUsed[i] &^= safe[i]
		unusedUpdate[i] = e[i]&curUsed[i] | target[i]&^curUsed[i]
		// Still different in a bit the target reads: this qword has to
		// flip its meaning in one store.
		if unusedUpdate[i]&targetUsed[i] != target[i] {
			critical |= 1 << i
		}
	}
	return critical, unusedUpdate
}

// rawStep is one store phase of either kind of entry.
type rawStep struct {
	entry   entry
	changed [dwords]bool
}

// writer replays entry_set: store qwords [lo,hi) from src and record a step
// only if something changed, as the kernel only syncs then.
type writer struct {
	cur   entry
	steps []rawStep
}

func (w *writer) set(src entry, lo, hi int) {
	var st rawStep
	changed := false
	for i := lo; i < hi; i++ {
		if w.cur[i] != src[i] {
			w.cur[i] = src[i]
			st.changed[i] = true
			changed = true
		}
	}
	if changed {
		st.entry = w.cur
		w.steps = append(w.steps, st)
	}
}

// planEntry is arm_smmu_write_entry for either kind: the store phases from
// cur to target and the critical-qword mask.
func planEntry(ops entryOps, cur, target entry) ([]rawStep, uint8) {
	critical, unused := qwordDiff(ops, cur, target)
	w := writer{cur: cur}
	switch bits.OnesCount8(critical) {
	case 1:
		// Hitless: pre-load everything the current config ignores, flip
		// the one critical qword, then clear what the target ignores. The
		// critical qword is left for phase two, which can save a sync
		// when it is the only change.
		ci := bits.TrailingZeros8(critical)
		unused[ci] = cur[ci]
		w.set(unused, 0, dwords)
		w.set(target, ci, ci+1)
		w.set(target, 0, dwords)
	case 0:
		// No used bit changes meaning (only safe or ignored bits differ):
		// any store order is fine.
		w.set(target, 0, dwords)
	default:
		// Breaking: make the entry invalid (all of qword 0 is zeroed),
		// fill qwords 1..7 while the SMMU ignores them, then publish
		// qword 0 with V=1 in one store.
		unused[0] = 0
		w.set(unused, 0, 1)
		w.set(target, 1, dwords)
		w.set(target, 0, 1)
	}
	return w.steps, critical
}

var steOps = entryOps{
	used: func(e entry) entry { return Used(STE(e)) },
	safe: func(cur, target entry) entry { return updateSafe(STE(cur), STE(target)) },
}

// Plan computes the store sequence from cur to target; see WritePlan.
func Plan(cur, target STE) WritePlan {
	raw, critical := planEntry(steOps, cur, target)
	p := WritePlan{Hitless: true, Critical: bits.OnesCount8(critical), CriticalMask: critical}
	for _, r := range raw {
		p.Steps = append(p.Steps, Step{Entry: STE(r.entry), Changed: r.changed})
	}
	if cur.V() && target.V() {
		for _, st := range p.Steps {
			if st.Entry[0] == 0 {
				p.Hitless = false
			}
		}
	}
	return p
}
