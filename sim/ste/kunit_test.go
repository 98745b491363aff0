package ste

import (
	"fmt"
	"testing"
)

// Fixtures of the kernel's arm-smmu-v3 KUnit suite (arm-smmu-v3-test.c).
const (
	fakeCDTab  = 0xF0F0F0F0F0F0
	otherCDTab = 0x4B4B4B4B4B // non_hitless: a second CD table
	fakeVTTBR  = 0xdaedbeefdeadbeef
)

// Master features of the fixtures (ARM_SMMU_MASTER_TEST_*).
type testFeat int

const (
	featATS testFeat = 1 << iota
	featStall
	featNested
)

// The suite's SMMU: STALLS | ATTR_TYPES_OVR.
var kunitSMMU = Features{Stalls: true, AttrTypesOvr: true}

// kunitVTCR is the fixture's io-pgtable stage-2 config.
var kunitVTCR = VTCRFields{PS: 1, TG: 2, SH: 3, ORGN: 1, IRGN: 2, SL: 3, TSZ: 4}

func kunitBypass() STE { return makeBypassFor(kunitSMMU) }

// kunitS2 is arm_smmu_test_make_s2_ste: VMID 0 (zeroed domain).
func kunitS2(f testFeat) STE {
	return MakeS2Domain(0, fakeVTTBR, f&featATS != 0, S2Opts{
		VTCR: kunitVTCR, Stall: f&featStall != 0, Features: &kunitSMMU,
	})
}

// kunitCDTable is arm_smmu_test_make_cdtable_ste, including its nested
// variant.
func kunitCDTable(s1dss uint8, cdtab uint64, f testFeat) STE {
	s := makeCDTable(cdtab, s1dss, f&featATS != 0, CDTableOpts{
		S1Fmt: s1Fmt64KL2, S1CDMax: 0xFF, Stall: f&featStall != 0, Features: &kunitSMMU,
	})
	if f&featNested != 0 {
		s = makeNested(s, kunitS2(f&^featNested))
	}
	return s
}

// differsInUsed is the KUnit helper: does entry differ from ref in the bits
// used minus safe?
func differsInUsed(entry, used, ref, safe STE) bool {
	for i := range dwords {
		m := used[i] &^ safe[i]
		if entry[i]&m != ref[i]&m {
			return true
		}
	}
	return false
}

// checkPlan replays the KUnit sync recorder over p: every valid snapshot
// must look like the start or the target entry on the bits that snapshot
// uses, minus the bits that are safe against each end. It returns whether
// an invalid (qword 0 == 0) snapshot was seen.
func checkPlan(t *testing.T, cur, target STE, p WritePlan) (invalidSeen bool) {
	t.Helper()
	prev := cur
	for n, st := range p.Steps {
		for i := range dwords {
			if (st.Entry[i] != prev[i]) != st.Changed[i] {
				t.Errorf("step %d: Changed[%d]=%v but qword went %#x -> %#x",
					n, i, st.Changed[i], prev[i], st.Entry[i])
			}
		}
		prev = st.Entry
		e := st.Entry
		if e[0] == 0 {
			invalidSeen = true
			continue
		}
		used := Used(e)
		if differsInUsed(e, used, cur, updateSafe(e, cur)) &&
			differsInUsed(e, used, target, updateSafe(e, target)) {
			t.Errorf("step %d: %s is neither start nor target on its used bits",
				n, Describe(e))
		}
	}
	if prev != target {
		t.Errorf("plan ends at %x, want %x", prev, target)
	}
	return invalidSeen
}

func TestKUnitSTECases(t *testing.T) {
	abort := MakeAbort()
	bypass := kunitBypass()
	cdtab := kunitCDTable(s1DSSSSID0, fakeCDTab, featATS)
	s1dssBypass := kunitCDTable(s1DSSBypass, fakeCDTab, featATS)
	s2 := kunitS2(featATS)
	s1Stall := kunitCDTable(s1DSSSSID0, fakeCDTab, featStall)
	s2Stall := kunitS2(featStall)
	nested := kunitCDTable(s1DSSBypass, fakeCDTab, featATS|featNested)
	s2Plain := kunitS2(0)

	cases := []struct {
		name     string
		cur, tgt STE
		syncs    int
		hitless  bool
	}{
		{"bypass_to_abort", bypass, abort, 2, true},
		{"abort_to_bypass", abort, bypass, 2, true},
		{"cdtable_to_abort", cdtab, abort, 2, true},
		{"abort_to_cdtable", abort, cdtab, 2, true},
		{"cdtable_to_bypass", cdtab, bypass, 3, true},
		{"bypass_to_cdtable", bypass, cdtab, 3, true},
		{"cdtable_s1dss_change", cdtab, s1dssBypass, 1, true},
		{"cdtable_s1dss_change_back", s1dssBypass, cdtab, 1, true},
		{"s1dssbypass_to_stebypass", s1dssBypass, bypass, 2, true},
		{"stebypass_to_s1dssbypass", bypass, s1dssBypass, 2, true},
		{"s2_to_abort", s2, abort, 2, true},
		{"abort_to_s2", abort, s2, 2, true},
		{"s2_to_bypass", s2, bypass, 2, true},
		{"bypass_to_s2", bypass, s2, 2, true},
		{"s1_to_s2", cdtab, s2, 3, true},
		{"s2_to_s1", s2, cdtab, 3, true},
		{"non_hitless", cdtab, kunitCDTable(s1DSSBypass, otherCDTab, featATS), 3, false},
		{"s1_to_s2_stall", s1Stall, s2Stall, 3, true},
		{"s2_to_s1_stall", s2Stall, s1Stall, 3, true},
		// The kernel notes one extra sync to clear the now-ignored EATS
		// and MEV after the switch.
		{"nested_s1dssbypass_to_s1bypass", nested, s2Plain, 3, true},
		{"nested_s1bypass_to_s1dssbypass", s2Plain, nested, 2, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := Plan(c.cur, c.tgt)
			invalid := checkPlan(t, c.cur, c.tgt, p)
			if len(p.Steps) != c.syncs {
				t.Errorf("syncs = %d, want %d\n%s", len(p.Steps), c.syncs, dumpPlan(c.cur, p))
			}
			if p.Hitless != c.hitless || invalid == c.hitless {
				t.Errorf("hitless = %v (invalid seen %v), want %v", p.Hitless, invalid, c.hitless)
			}
		})
	}
}

func dumpPlan(cur STE, p WritePlan) string {
	s := fmt.Sprintf("critical=%d mask=%08b\nstart  %016x\n", p.Critical, p.CriticalMask, cur[:4])
	for i, st := range p.Steps {
		s += fmt.Sprintf("step %d %016x changed=%v\n", i, st.Entry[:4], st.Changed[:4])
	}
	return s
}
