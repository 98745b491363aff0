package cmdq

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckIllegal(t *testing.T) {
	atc := ATCInvAll(0x100, 0).Encode()
	sync := KernelSync(CSSEV, 0).Encode()
	for _, tc := range []struct {
		name   string
		c      Cmd
		field  string
		reason string // substring
		err    string // full Error(), when pinned
	}{
		{"unknown opcode", Cmd{0x7f, 0}, "OP", "unknown opcode 0x7f", "CMD_UNKNOWN(0x7f): unknown opcode 0x7f"},
		{"reserved opcode 0", Cmd{0, 0}, "OP", "unknown opcode", ""},
		{"prefetch addr unmodelled", Cmd{0x02, 0}, "OP", "unknown opcode", ""},
		{"PRI_RESP", Cmd{uint64(opPRIResp), 0}, "OP", "no PRI", ""},
		{"RESUME", Cmd{uint64(opResume), 0}, "OP", "no stall model", ""},
		{"STALL_TERM", Cmd{uint64(opStallTerm), 0}, "OP", "no stall model", ""},
		{"ATC Size 53", Cmd{atc[0], 53}, "Size", "", "CMD_ATC_INV: Size 53 > 52 is reserved"},
		{"ATC Size 63", Cmd{atc[0], 63}, "Size", "Size 63 > 52", ""},
		{"ATC Global without SSV", Cmd{atc[0] | 1<<9, atc[1]}, "Global", "requires SSV=1", ""},
		{"ATC RES0 dw0 bit 8", Cmd{atc[0] | 1<<8, atc[1]}, "RES0", "dword 0", ""},
		{"ATC RES0 dw0 bit 10 (SSec)", Cmd{atc[0] | 1<<10, atc[1]}, "RES0", "dword 0", ""},
		{"ATC RES0 dw1 bits 11:6", Cmd{atc[0], atc[1] | 0xfc0}, "RES0", "0xfc0 (bits 6..11)", ""},
		{"SYNC CS=3", Cmd{sync[0] | 3<<12, 0}, "CS", "", "CMD_SYNC: CS 3 is reserved"},
		{"SYNC RES0 dw0 bits 11:8", Cmd{sync[0] | 0x100, 0}, "RES0", "dword 0", ""},
		{"SYNC RES0 dw0 bits 31:28", Cmd{sync[0] | 1<<31, 0}, "RES0", "dword 0", ""},
		{"SYNC RES0 dw1 bit 0", Cmd{sync[0], 1}, "RES0", "dword 1", ""},
		{"SYNC RES0 dw1 bit 52", Cmd{sync[0], 1 << 52}, "RES0", "dword 1", ""},
		{"CFGI_STE RES0 dw1", Cmd{uint64(OpCfgiSTE), 2}, "RES0", "dword 1", ""},
		{"CFGI_STE SSID bits are RES0", Cmd{uint64(OpCfgiSTE) | 1<<12, 0}, "RES0", "dword 0", ""},
		{"CFGI_ALL RES0 dw1 bit 5", Cmd{uint64(OpCfgiAll), 31 | 1<<5}, "RES0", "dword 1", ""},
		{"CFGI_CD SSV is RES0", Cmd{uint64(OpCfgiCD) | 1<<11, 0}, "RES0", "dword 0", ""},
		{"TLBI_NH_ALL ASID is RES0", Cmd{uint64(OpTLBINHAll) | 1<<48, 0}, "RES0", "dword 0", ""},
		{"TLBI_S2_IPA above bit 51", Cmd{uint64(OpTLBIS2IPA), 1 << 52}, "RES0", "dword 1", ""},
		{"TLBI_EL2_VA VMID is RES0", Cmd{uint64(opTLBIEL2VA) | 1<<32, 0}, "RES0", "dword 0", ""},
		{"TLBI_NSNH_ALL dw1", Cmd{uint64(OpTLBINSNHAll), 1}, "RES0", "dword 1", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Check(tc.c)
			var ie *IllegalError
			if !errors.As(err, &ie) {
				t.Fatalf("Check = %v, want *IllegalError", err)
			}
			if ie.Field != tc.field || !strings.Contains(ie.Reason, tc.reason) {
				t.Errorf("got Field %q Reason %q, want Field %q Reason ~%q", ie.Field, ie.Reason, tc.field, tc.reason)
			}
			if tc.err != "" && err.Error() != tc.err {
				t.Errorf("Error() = %q, want %q", err.Error(), tc.err)
			}
			if !strings.Contains(Describe(tc.c), "ILLEGAL(") && ie.Field != "OP" {
				t.Errorf("Describe does not flag illegal command: %s", Describe(tc.c))
			}
		})
	}
}

func TestCheckLegalEdges(t *testing.T) {
	for name, c := range map[string]Cmd{
		"ATC Size 52":            {uint64(OpATCInv), 52},
		"ATC Global with SSV":    ATCInv{SID: 1, SSID: 3, SSV: true, Global: true}.Encode(),
		"ATC SSID without SSV":   ATCInv{SID: 1, SSID: 3}.Encode(),
		"SYNC MSH reserved 1":    Sync{MSH: 1}.Encode(),
		"CFGI_STE_RANGE 0":       CfgiSTERange{SID: 0x100}.Encode(),
		"CFGI_ALL with SID":      CfgiSTERange{SID: 0x100, Range: 31}.Encode(),
		"TLBI_NH_VA no range":    TLBINHVA{Addr: 0x1000}.Encode(),
		"PREFETCH_CFG with SSID": PrefetchCfg{SID: 1, SSID: 2, SSV: true}.Encode(),
	} {
		if err := Check(c); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
