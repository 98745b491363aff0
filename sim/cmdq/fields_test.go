package cmdq

import (
	"strings"
	"testing"
)

// The layout table is hand-written; make sure its fields are ordered,
// non-overlapping and start with OP.
func TestLayoutsWellFormed(t *testing.T) {
	for o, fs := range layouts {
		if fs == nil {
			continue
		}
		if fs[0] != fOp {
			t.Errorf("%v: first field is %s", Opcode(o), fs[0].name)
		}
		var used [2]uint64
		prev := -1
		for _, f := range fs {
			m := mask(uint(f.hi), uint(f.lo))
			if f.hi < f.lo || f.hi > 63 || f.dw > 1 {
				t.Errorf("%v %s: bad bounds", Opcode(o), f.name)
			}
			if used[f.dw]&m != 0 {
				t.Errorf("%v %s overlaps another field", Opcode(o), f.name)
			}
			used[f.dw] |= m
			if pos := int(f.dw)*64 + int(f.lo); pos <= prev {
				t.Errorf("%v %s out of order", Opcode(o), f.name)
			} else {
				prev = pos
			}
		}
	}
}

func TestFieldsATCInv(t *testing.T) {
	fs := Fields(ATCInvAll(0x100, 0).Encode())
	want := []struct {
		name   string
		dw     int
		hi, lo int
		value  uint64
		text   string
	}{
		{"OP", 0, 7, 0, 0x40, "CMD_ATC_INV"},
		{"Global", 0, 9, 9, 0, "this PASID only"},
		{"SSV", 0, 11, 11, 0, "no SubstreamID"},
		{"SSID", 0, 31, 12, 0, "ignored"},
		{"SID", 0, 63, 32, 0x100, "StreamID 0x100"},
		{"Size", 1, 5, 0, 52, "invalidate everything"},
		{"Address", 1, 63, 12, 0, "address 0x0"},
	}
	if len(fs) != len(want) {
		t.Fatalf("got %d fields: %+v", len(fs), fs)
	}
	for i, w := range want {
		f := fs[i]
		if f.Name != w.name || f.Dword != w.dw || f.Hi != w.hi || f.Lo != w.lo || f.Value != w.value || !strings.Contains(f.Meaning, w.text) {
			t.Errorf("field %d = %+v, want %+v", i, f, w)
		}
	}
}

func TestFieldsSyncAndUnknown(t *testing.T) {
	fs := Fields(KernelSync(CSSEV, 0).Encode())
	if fs[1].Name != "CS" || fs[1].Meaning != "CS=SEV: send event on completion" {
		t.Errorf("CS field = %+v", fs[1])
	}
	fs = Fields(Cmd{0x7f, 0x1234})
	if len(fs) != 3 || fs[0].Name != "OP" || fs[2].Value != 0x1234 {
		t.Errorf("unknown opcode fields = %+v", fs)
	}
	if !strings.Contains(Fields(Cmd{uint64(opPRIResp), 0})[0].Meaning, "no PRI") {
		t.Error("PRI_RESP should explain why it is not implemented")
	}
	fs = Fields(Cmd{uint64(OpATCInv) | 1<<8, 0xfc0})
	if n := len(fs); n < 2 || fs[n-2].Name != "RES0" || fs[n-1].Name != "RES0" || fs[n-1].Lo != 6 || fs[n-1].Hi != 11 {
		t.Errorf("RES0 fields = %+v", fs)
	}
}

func TestNameAndDescribe(t *testing.T) {
	for _, tc := range []struct {
		c          Cmd
		name, desc string
	}{
		{CfgiAll{}.Encode(), "CMD_CFGI_ALL", "CMD_CFGI_ALL"},
		{CfgiSTERange{SID: 0x100, Range: 3}.Encode(), "CMD_CFGI_STE_RANGE", "CMD_CFGI_STE_RANGE sid=0x100 range=3"},
		{CfgiSTE{SID: 0x100, Leaf: true}.Encode(), "CMD_CFGI_STE", "CMD_CFGI_STE sid=0x100 leaf=1"},
		{PrefetchCfg{SID: 0x100}.Encode(), "CMD_PREFETCH_CFG", "CMD_PREFETCH_CFG sid=0x100"},
		{TLBINHVA{VMID: 0, ASID: 1, Leaf: true, Addr: 0x8000}.Encode(), "CMD_TLBI_NH_VA", "CMD_TLBI_NH_VA vmid=0 asid=1 addr=0x8000 leaf=1"},
		{TLBIS2IPA{VMID: 3, TG: 1, Num: 2, Addr: 0x8000}.Encode(), "CMD_TLBI_S2_IPA", "CMD_TLBI_S2_IPA vmid=3 addr=0x8000 leaf=0 tg=1 ttl=0 num=2 scale=0"},
		{Cmd{0x7f, 1}, "CMD_UNKNOWN(0x7f)", "CMD_UNKNOWN(0x7f) dw0=0x000000000000007f dw1=0x0000000000000001"},
		{Cmd{uint64(OpATCInv), 53}, "CMD_ATC_INV", "CMD_ATC_INV sid=0x0 addr=0x0 size=53 ILLEGAL(Size 53 > 52 is reserved)"},
	} {
		if n := Name(tc.c); n != tc.name {
			t.Errorf("Name = %q, want %q", n, tc.name)
		}
		if d := Describe(tc.c); d != tc.desc {
			t.Errorf("Describe = %q, want %q", d, tc.desc)
		}
	}
}
