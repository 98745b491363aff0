package ste

import (
	"encoding/binary"
	"math/bits"
	"testing"
)

func steBytes(s STE) []byte {
	b := make([]byte, 8*dwords)
	for i, q := range s {
		binary.LittleEndian.PutUint64(b[8*i:], q)
	}
	return b
}

// steFrom reads an STE from up to 64 bytes, zero-padding short input.
func steFrom(b []byte) STE {
	var buf [8 * dwords]byte
	copy(buf[:], b)
	var s STE
	for i := range s {
		s[i] = binary.LittleEndian.Uint64(buf[8*i:])
	}
	return s
}

// FuzzPlan: for any pair of entries Plan must not panic, must end at the
// target with at most three stores, and must report its steps and flags
// consistently. When both entries only hold bits their config uses (what
// the builders guarantee), an identity rewrite must be free and every
// snapshot must pass the KUnit check; malformed entries may cost stores
// even when equal, exactly as in the kernel.
func FuzzPlan(f *testing.F) {
	seeds := []STE{
		{}, MakeAbort(), makeBypass(),
		makeCDTable(0xF0F0F0F0F0F0, s1DSSSSID0, true, CDTableOpts{S1Fmt: s1Fmt64KL2, S1CDMax: 0xFF}),
		makeCDTable(0x4B4B4B4B4B, s1DSSBypass, true),
		MakeS2Domain(1, 0xdaedbeefdeadbeef, true),
		MakeS2Domain(1, 0xdaedbeefdeadbeef, true).WithEATS(EATSAbort),
		MakeS2Domain(0, 0xdaedbeefdeadbeef, false, S2Opts{Stall: true}),
		makeNested(makeCDTable(0xF0F0F0F0F0F0, s1DSSBypass, true), MakeS2Domain(0, 0xdaedbeefdeadbeef, true)),
	}
	for _, a := range seeds {
		for _, b := range seeds {
			f.Add(steBytes(a), steBytes(b), false)
			f.Add(steBytes(a), steBytes(b), true)
		}
	}
	f.Fuzz(func(t *testing.T, a, b []byte, clean bool) {
		cur, tgt := steFrom(a), steFrom(b)
		if clean {
			cur, tgt = onlyUsed(cur), onlyUsed(tgt)
		}
		p := Plan(cur, tgt)
		if len(p.Steps) > 3 {
			t.Fatalf("%d steps", len(p.Steps))
		}
		if p.Critical != bits.OnesCount8(p.CriticalMask) {
			t.Fatalf("critical %d vs mask %08b", p.Critical, p.CriticalMask)
		}
		if clean && cur == tgt && len(p.Steps) != 0 {
			t.Fatalf("identity plan has %d steps", len(p.Steps))
		}
		prev, sawInvalid := cur, false
		for n, st := range p.Steps {
			changed := false
			for i := range dwords {
				if (st.Entry[i] != prev[i]) != st.Changed[i] {
					t.Fatalf("step %d: Changed[%d] wrong", n, i)
				}
				changed = changed || st.Changed[i]
			}
			if !changed {
				t.Fatalf("step %d changed nothing", n)
			}
			sawInvalid = sawInvalid || st.Entry[0] == 0
			prev = st.Entry
		}
		if prev != tgt {
			t.Fatalf("ends at %x, want %x", prev, tgt)
		}
		if want := !(sawInvalid && cur.V() && tgt.V()); p.Hitless != want {
			t.Fatalf("hitless %v, want %v", p.Hitless, want)
		}
		// Below two critical qwords the writer never drops V.
		if p.Critical < 2 && cur.V() && tgt.V() && sawInvalid {
			t.Fatalf("hitless path went through qword 0 == 0")
		}
		if clean {
			checkPlan(t, cur, tgt, p)
		}
	})
}

func onlyUsed(s STE) STE {
	u := Used(s)
	for i := range s {
		s[i] &= u[i]
	}
	return s
}
