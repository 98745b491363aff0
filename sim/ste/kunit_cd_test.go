package ste

import "testing"

// The CD fixtures of the kernel's KUnit suite (arm-smmu-v3-test.c):
// arm_smmu_test_make_s1_cd's io-pgtable config, and an SVA mm.
var kunitS1TCR = S1TCR{IPS: 1, TG: 2, SH: 3, ORGN: 1, IRGN: 2, TSZ: 4}

const (
	kunitS1MAIR = 0xabcdef012345678
	kunitPGD    = 0xdeadbeefdeadbeef
)

func kunitS1CD(asid uint16) CD {
	return makeS1CD(S1CDOpts{ASID: asid, TCR: kunitS1TCR, TTBR: fakeVTTBR, MAIR: kunitS1MAIR})
}

// kunitSVAOpts stands for the CPU the suite runs on: the values only have
// to be the same on both sides of a transition.
var kunitSVAOpts = SVACDOpts{IPS: 5, MAIR: kunitS1MAIR}

func kunitSVACD(asid uint16) CD {
	o := kunitSVAOpts
	o.ASID = asid
	mm := &SVAMM{PGD: kunitPGD, TCR: S1TCR{TSZ: 64 - 48, TG: 0, IRGN: 1, ORGN: 1, SH: 3}}
	return makeSVACD(mm, o)
}

func kunitSVAReleaseCD(asid uint16) CD {
	o := kunitSVAOpts
	o.ASID = asid
	return makeSVACD(nil, o)
}

// checkCDPlan is the KUnit sync recorder for CDs: every snapshot is either
// invalid (V = 0) or looks like the start or the target on the bits it
// uses; it returns whether an invalid snapshot was seen.
func checkCDPlan(t *testing.T, cur, target CD, p CDPlan) (invalidSeen bool) {
	t.Helper()
	prev := cur
	for n, st := range p.Steps {
		for i := range dwords {
			if (st.Entry[i] != prev[i]) != st.Changed[i] {
				t.Errorf("step %d: Changed[%d]=%v but qword went %#x -> %#x", n, i, st.Changed[i], prev[i], st.Entry[i])
			}
		}
		prev = st.Entry
		if !st.Entry.V() {
			invalidSeen = true
			continue
		}
		used := usedCD(st.Entry)
		var none STE
		if differsInUsed(STE(st.Entry), STE(used), STE(cur), none) &&
			differsInUsed(STE(st.Entry), STE(used), STE(target), none) {
			t.Errorf("step %d: %x is neither start nor target on its used bits", n, st.Entry[:4])
		}
	}
	if prev != target {
		t.Errorf("plan ends at %x, want %x", prev, target)
	}
	return invalidSeen
}

// TestKUnitCDCases are the suite's write_cd cases with their sync counts
// (one sync = CFGI_CD for each StreamID + CMD_SYNC). Each case runs both
// ways, as the kernel's does.
func TestKUnitCDCases(t *testing.T) {
	var empty CD
	cases := []struct {
		name    string
		a, b    CD
		syncs   int
		hitless bool
	}{
		{"s1_clear", empty, kunitS1CD(1997), 2, false},
		{"s1_change_asid", kunitS1CD(778), kunitS1CD(1997), 1, true},
		{"sva_clear", empty, kunitSVACD(1997), 2, false},
		{"sva_release", kunitSVACD(1997), kunitSVAReleaseCD(1997), 2, true},
	}
	for _, c := range cases {
		for _, dir := range []struct {
			name     string
			cur, tgt CD
		}{{"forward", c.a, c.b}, {"back", c.b, c.a}} {
			t.Run(c.name+"/"+dir.name, func(t *testing.T) {
				p := planCD(dir.cur, dir.tgt)
				invalid := checkCDPlan(t, dir.cur, dir.tgt, p)
				if len(p.Steps) != c.syncs {
					t.Errorf("syncs = %d, want %d", len(p.Steps), c.syncs)
				}
				if p.Hitless != c.hitless || invalid == c.hitless {
					t.Errorf("hitless = %v (invalid seen %v), want %v", p.Hitless, invalid, c.hitless)
				}
			})
		}
	}
}

// The builders only set bits their own used set covers (the kernel WARNs
// otherwise), and the release CD really ignores TTB0.
func TestCDBuildersWithinUsed(t *testing.T) {
	for _, c := range []CD{kunitS1CD(1), kunitSVACD(2), kunitSVAReleaseCD(3)} {
		u := usedCD(c)
		for i := range dwords {
			if c[i]&^u[i] != 0 {
				t.Errorf("CD %x sets unused bits %#x in qword %d", c[:4], c[i]&^u[i], i)
			}
		}
	}
	r := kunitSVAReleaseCD(3)
	if usedCD(r)[1]&cd1TTB0 != 0 || r[0]&cd0EPD0 == 0 || r[0]&(cd0S|cd0R) != 0 {
		t.Errorf("release CD %x: want EPD0, no S/R, TTB0 unused", r[:4])
	}
	if s := kunitS1CD(778); !s.V() || s.ASID() != 778 || s[1] != fakeVTTBR&cd1TTB0 {
		t.Errorf("S1 CD %x", s[:4])
	}
}
