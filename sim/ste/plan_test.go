package ste

import "testing"

// The simulator's surgical update: switching EATS off on a live S2 STE is a
// single store of qword 1, because the EATS_TRANS bit is update-safe.
func TestPlanSurgicalEATSClear(t *testing.T) {
	cur := MakeS2Domain(1, 0x40000000, true)
	tgt := cur.WithEATS(EATSAbort)
	p := Plan(cur, tgt)
	if len(p.Steps) != 1 || !p.Hitless || p.Critical != 0 {
		t.Fatalf("plan = %d steps, hitless %v, critical %d; want 1, true, 0",
			len(p.Steps), p.Hitless, p.Critical)
	}
	want := [dwords]bool{1: true}
	if p.Steps[0].Changed != want {
		t.Errorf("changed = %v, want only qword 1", p.Steps[0].Changed)
	}
	if p.Steps[0].Entry != tgt || tgt.EATS() != EATSAbort || cur.EATS() != EATSTrans {
		t.Errorf("entry %x, want %x", p.Steps[0].Entry, tgt)
	}
	checkPlan(t, cur, tgt, p)
}

// With S2S set EATS_TRANS is no longer safe, so qword 1 is critical; the
// hitless path still needs only one store since nothing else differs.
func TestPlanEATSClearWithStall(t *testing.T) {
	cur := MakeS2Domain(1, 0x40000000, true, S2Opts{Stall: true})
	p := Plan(cur, cur.WithEATS(EATSAbort))
	if p.Critical != 1 || p.CriticalMask != 1<<1 || len(p.Steps) != 1 || !p.Hitless {
		t.Errorf("critical %d mask %b steps %d hitless %v; want 1, 10, 1, true",
			p.Critical, p.CriticalMask, len(p.Steps), p.Hitless)
	}
}

func TestPlanNoChange(t *testing.T) {
	s := MakeS2Domain(3, 0x1000, true)
	p := Plan(s, s)
	if len(p.Steps) != 0 || !p.Hitless || p.Critical != 0 {
		t.Errorf("identity plan = %+v, want no steps", p)
	}
}

// Clearing junk the current config ignores: one write, nothing critical.
func TestPlanIgnoredBitsOnly(t *testing.T) {
	cur := MakeAbort()
	cur[5] = 0xdead
	p := Plan(cur, MakeAbort())
	if len(p.Steps) != 1 || p.Critical != 0 || p.Steps[0].Changed != [dwords]bool{5: true} {
		t.Errorf("plan = %+v", p)
	}
}

// A target with bits its own config does not use is what the kernel WARNs
// about; the diff then counts that qword as critical. Kept as the kernel
// has it rather than silently "fixed".
func TestPlanTargetWithUnusedBits(t *testing.T) {
	tgt := MakeAbort()
	tgt[5] = 0xdead
	p := Plan(MakeAbort(), tgt)
	if p.Critical != 1 || p.CriticalMask != 1<<5 || len(p.Steps) != 1 || p.Steps[0].Entry != tgt {
		t.Errorf("plan = %+v", p)
	}
}

// The hitless order of bypass -> abort: flip qword 0 first, then clean the
// SHCFG the abort STE no longer reads.
func TestPlanHitlessOrder(t *testing.T) {
	p := Plan(makeBypass(), MakeAbort())
	if p.Critical != 1 || p.CriticalMask != 1 {
		t.Fatalf("critical %d mask %b, want qword 0", p.Critical, p.CriticalMask)
	}
	if len(p.Steps) != 2 {
		t.Fatalf("%d steps, want 2", len(p.Steps))
	}
	if p.Steps[0].Changed != [dwords]bool{0: true} || p.Steps[0].Entry.Config() != CfgAbort ||
		p.Steps[0].Entry.SHCFG() != shcfgIncoming {
		t.Errorf("step 0 = %+v, want qword 0 -> abort with stale SHCFG", p.Steps[0])
	}
	if p.Steps[1].Changed != [dwords]bool{1: true} || p.Steps[1].Entry != MakeAbort() {
		t.Errorf("step 1 = %+v, want qword 1 cleared", p.Steps[1])
	}
}

// The breaking order: qword 0 zeroed (V=0), then qwords 1..7, then qword 0.
func TestPlanBreakingOrder(t *testing.T) {
	cur := makeCDTable(0xF0F0F0F0F0F0, s1DSSSSID0, true)
	tgt := makeCDTable(0x4B4B4B4B4B, s1DSSBypass, true)
	p := Plan(cur, tgt)
	if p.Critical < 2 || p.Hitless || len(p.Steps) != 3 {
		t.Fatalf("critical %d hitless %v steps %d", p.Critical, p.Hitless, len(p.Steps))
	}
	if p.Steps[0].Entry[0] != 0 || p.Steps[0].Changed != [dwords]bool{0: true} {
		t.Errorf("step 0 = %+v, want qword 0 zeroed", p.Steps[0])
	}
	if p.Steps[1].Changed[0] || !p.Steps[1].Changed[1] || p.Steps[1].Entry[0] != 0 {
		t.Errorf("step 1 = %+v, want qwords 1.. while invalid", p.Steps[1])
	}
	if p.Steps[2].Changed != [dwords]bool{0: true} || p.Steps[2].Entry != tgt {
		t.Errorf("step 2 = %+v, want qword 0 published", p.Steps[2])
	}
}

// Installing into or clearing to an invalid STE passes through qword 0 == 0
// legitimately; that is not a hit.
func TestPlanHitlessDefinitionNeedsBothValid(t *testing.T) {
	s2 := MakeS2Domain(1, 0x1000, true)
	for _, c := range [][2]STE{{{}, s2}, {s2, {}}} {
		if p := Plan(c[0], c[1]); !p.Hitless {
			t.Errorf("Plan(%s -> %s) not hitless", Describe(c[0]), Describe(c[1]))
		}
	}
}

func TestUpdateSafe(t *testing.T) {
	trans := prep(Q1EATS, uint64(EATSTrans))
	s2 := MakeS2Domain(1, 0x1000, true)
	cases := []struct {
		name     string
		cur, tgt STE
		eatsSafe bool
	}{
		{"plain", s2, s2.WithEATS(EATSAbort), true},
		{"s1chk", s2, s2.WithEATS(eatsS1Chk), false},
		{"s2s", MakeS2Domain(1, 0x1000, true, S2Opts{Stall: true}), s2, false},
	}
	for _, c := range cases {
		got := updateSafe(c.cur, c.tgt)
		if got[1]&q1MEV == 0 {
			t.Errorf("%s: MEV not safe", c.name)
		}
		if (got[1]&trans != 0) != c.eatsSafe {
			t.Errorf("%s: EATS_TRANS safe = %v, want %v", c.name, got[1]&trans != 0, c.eatsSafe)
		}
		for i := range dwords {
			if i != 1 && got[i] != 0 {
				t.Errorf("%s: safe qword %d = %#x", c.name, i, got[i])
			}
		}
	}
}

// Every bit a builder sets must be reported used, or the writer would never
// clear it (the kernel WARNs on this).
func TestBuildersSetOnlyUsedBits(t *testing.T) {
	e2h := Features{Stalls: true, AttrTypesOvr: true, E2H: true}
	all := []STE{
		MakeAbort(), makeBypass(), makeBypassFor(Features{}),
		makeCDTable(0xF0F0F0F0F0F0, s1DSSBypass, true, CDTableOpts{S1Fmt: s1Fmt64KL2, S1CDMax: 31, Features: &e2h}),
		makeCDTable(0xF0F0F0F0F0F0, s1DSSSSID0, false, CDTableOpts{Stall: true}),
		MakeS2Domain(0xffff, ^uint64(0), true, S2Opts{
			VTCR:  VTCRFields{TSZ: 63, SL: 3, IRGN: 3, ORGN: 3, SH: 3, TG: 3, PS: 7},
			Stall: true, FWB: true, BigEndian: true,
		}),
		makeNested(makeCDTable(0x1000, s1DSSBypass, true), MakeS2Domain(1, 0x2000, true)),
	}
	for _, s := range all {
		u := Used(s)
		for i := range dwords {
			if s[i]&^u[i] != 0 {
				t.Errorf("%s: qword %d has unused bits %#x", Describe(s), i, s[i]&^u[i])
			}
		}
	}
}

func TestAccessorsRoundTrip(t *testing.T) {
	s := MakeS2Domain(0x1234, 0xdaedbeefdeadbeef, true, S2Opts{
		VTCR: VTCRFields{PS: 1, TG: 2, SH: 3, ORGN: 1, IRGN: 2, SL: 3, TSZ: 4}, Stall: true,
	})
	if !s.V() || s.Config() != CfgS2Trans || s.EATS() != EATSTrans || s.S2VMID() != 0x1234 ||
		!s.S2S() || !s.S2R() || !s.S2PTW() || !s.S2AA64() || s.S2ENDI() ||
		s.S2TTB() != 0xdaedbeefdeadbeef&q3S2TTB || s.SHCFG() != shcfgIncoming {
		t.Errorf("accessors disagree with builder: %x", s)
	}
	if got, want := s.VTCR(), uint32(1<<16|2<<14|3<<12|1<<10|2<<8|3<<6|4); got != want {
		t.Errorf("VTCR = %#x, want %#x", got, want)
	}
	c := makeCDTable(0xF0F0F0F0F0F0, s1DSSBypass, false, CDTableOpts{S1Fmt: s1Fmt64KL2, S1CDMax: 0xFF})
	if c.S1CtxPtr() != 0xF0F0F0F0F0C0 || c.S1Fmt() != s1Fmt64KL2 || c.S1CDMax() != 31 ||
		c.S1DSS() != s1DSSBypass || c.S1CIR() != cacheWBRA || c.S1COR() != cacheWBRA ||
		c.S1CSH() != shISH || !c.S1StallD() || c.EATS() != EATSAbort || c.STRW() != strwNSEL1 {
		t.Errorf("CD-table accessors: %x", c)
	}
	if w := c.WithEATS(eatsS1Chk); w.EATS() != eatsS1Chk || w[1]&^Q1EATS != c[1]&^Q1EATS || w[0] != c[0] {
		t.Errorf("WithEATS touched more than EATS")
	}
	if n := makeNested(c, s); n.Config() != cfgNested || !n.MEV() || n[2] != s[2] || n[3] != s[3] {
		t.Errorf("nested: %x", n)
	}
}
