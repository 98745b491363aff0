package cmdq

import (
	"errors"
	"testing"
)

// examples holds one legal command per modelled opcode, with every field
// non-zero where the field allows it, so a dropped or misplaced field shows.
var examples = []Command{
	PrefetchCfg{SID: 0x1234, SSID: 0xabcde, SSV: true},
	CfgiSTE{SID: 0xfedcba98, Leaf: true},
	CfgiAll{},
	CfgiSTERange{SID: 0x100, Range: 3},
	CfgiCD{SID: 0x100, SSID: 0xfffff, Leaf: true},
	CfgiCDAll{SID: 0x100},
	TLBINHAll{VMID: 0xffff},
	TLBINHASID{VMID: 7, ASID: 0xfffe},
	TLBINHVA{VMID: 7, ASID: 9, Num: 31, Scale: 31, Leaf: true, TTL: 3, TG: 1, Addr: 0xffff_ffff_ffff_f000},
	TLBIEL2All{},
	TLBIEL2ASID{ASID: 3},
	TLBIEL2VA{ASID: 3, Num: 1, Scale: 2, Leaf: true, TTL: 2, TG: 3, Addr: 0x7fff_f000},
	TLBIS12VMAll{VMID: 2},
	TLBIS2IPA{VMID: 2, Num: 4, Scale: 5, Leaf: true, TTL: 1, TG: 2, Addr: 0x000f_ffff_ffff_f000},
	TLBINSNHAll{},
	ATCInv{SID: 0xffffffff, SSID: 0xfffff, SSV: true, Global: true, Addr: 0xffff_ffff_ffff_f000, Size: 52},
	Sync{CS: CSIRQ, MSH: 3, MSIAttr: 0xf, MSIData: 0xdeadbeef, MSIAddr: 0x000f_ffff_ffff_fffc},
}

func TestEveryOpcodeHasALegalExample(t *testing.T) {
	seen := map[Opcode]bool{}
	for _, e := range examples {
		c := e.Encode()
		if c.Op() != e.Opcode() {
			t.Errorf("%T encodes opcode %v, says %v", e, c.Op(), e.Opcode())
		}
		if err := Check(c); err != nil {
			t.Errorf("%T: %v", e, err)
			continue
		}
		d, err := Decode(c)
		if err != nil {
			t.Errorf("%T: %v", e, err)
			continue
		}
		if d != e {
			t.Errorf("Decode(%T.Encode()) = %#v, want %#v", e, d, e)
		}
		if d.Encode() != c {
			t.Errorf("%T does not round-trip", e)
		}
		seen[c.Op()] = true
	}
	for o, l := range layouts {
		if l != nil && !seen[Opcode(o)] {
			t.Errorf("no example for %v", Opcode(o))
		}
	}
}

// TestOfAgreesWithLayout checks each XxxOf against the layout table that
// Check and Fields use: a field set to all ones must read back as all ones.
func TestOfAgreesWithLayout(t *testing.T) {
	for o, fs := range layouts {
		if fs == nil {
			continue
		}
		for _, f := range fs[1:] {
			var c Cmd
			c[0] = uint64(o)
			c[f.dw] |= mask(uint(f.hi), uint(f.lo))
			if o == int(OpSync) && f.name == "CS" {
				continue // CS=3 is reserved
			}
			if o == int(OpATCInv) && (f.name == "Size" || f.name == "Global") {
				continue // constrained values
			}
			d, err := Decode(c)
			if err != nil {
				t.Fatal(err)
			}
			if err := Check(c); err != nil {
				t.Errorf("%v %s all-ones: %v", Opcode(o), f.name, err)
			}
			if d.Encode() != c {
				t.Errorf("%v field %s [%d:%d] lost: %#x %#x -> %#x", Opcode(o), f.name, f.hi, f.lo, c[0], c[1], d.Encode())
			}
		}
	}
}

func FuzzRoundTrip(f *testing.F) {
	for _, e := range examples {
		c := e.Encode()
		f.Add(c[0], c[1])
	}
	f.Add(uint64(0x0000010000000040), uint64(0x35))
	f.Add(uint64(0x41), uint64(0))
	f.Add(^uint64(0), ^uint64(0))
	f.Fuzz(func(t *testing.T, dw0, dw1 uint64) {
		c := Cmd{dw0, dw1}
		fs := Fields(c)
		if len(fs) == 0 || fs[0].Name != "OP" || fs[0].Value != uint64(c.Op()) {
			t.Fatalf("Fields(%#x, %#x) does not start with OP: %+v", dw0, dw1, fs)
		}
		_ = Describe(c)
		_ = Name(c)
		err := Check(c)
		if err != nil {
			var ie *IllegalError
			if !errors.As(err, &ie) || ie.Op != c.Op() || ie.Field == "" || ie.Reason == "" {
				t.Fatalf("Check(%#x, %#x) = %v: not a complete *IllegalError", dw0, dw1, err)
			}
			return
		}
		d, derr := Decode(c)
		if derr != nil {
			t.Fatalf("legal %#x %#x does not decode: %v", dw0, dw1, derr)
		}
		if got := d.Encode(); got != c {
			t.Fatalf("round trip %#x %#x -> %#x %#x", dw0, dw1, got[0], got[1])
		}
		for _, fl := range fs {
			if fl.Name == "RES0" {
				t.Fatalf("legal command reports RES0 field: %+v", fl)
			}
		}
	})
}

func TestAllocs(t *testing.T) {
	c := ATCInvRange(0x100, 0, 0x8000, 0x4000).Encode()
	s := KernelSync(CSIRQ, 0x1000).Encode()
	var sink ATCInv
	if n := testing.AllocsPerRun(100, func() {
		if Check(c) != nil || Check(s) != nil {
			t.Fatal("illegal")
		}
		sink = ATCInvOf(c)
		_ = SyncOf(s)
		_ = c.Op()
		_ = c.SID()
		_ = sink.Encode()
		_ = sink.Covers(8)
	}); n != 0 {
		t.Errorf("hot path allocates %v times per run", n)
	}
}
