package evtq

import "testing"

// The layouts are checked against records real SMMUs wrote (the dmesg
// corpus) and against the field positions of Arm IHI 0070 §7.3.
func TestRecordLayout(t *testing.T) {
	tests := []struct {
		name string
		got  Record
		want Record
	}{
		// Corpus 11 (i.MX95): F_TRANSLATION, SID 0x11, privileged data
		// read, stage 1, CLASS IN, input address 0x9b0cc000.
		{"corpus 11 F_TRANSLATION", Fault{ID: FTranslation, SID: 0x11, PnU: true, RnW: true, Class: ClassIN,
			InputAddr: 0x9b0cc000}.Encode(),
			Record{0x0000001100000010, 0x0000020a00000000, 0x000000009b0cc000, 0}},
		// Corpus 12 (QEMU): F_TRANSLATION, SID 0x200, unprivileged data
		// write at address 0, CLASS IN.
		{"corpus 12 F_TRANSLATION", Fault{ID: FTranslation, SID: 0x200, Class: ClassIN}.Encode(),
			Record{0x0000020000000010, 0x0000020000000000, 0, 0}},
		// A stage-2 fault of the model: S2 (bit 103), IPA [51:12] in dword 3,
		// low bits of the IPA not recorded; SSV and SubstreamID in dword 0.
		{"stage 2 with SSID", Fault{ID: FTranslation, SID: 0x100, SSV: true, SSID: 0x5, STAG: 0x1234, Stall: true,
			InD: true, S2: true, Class: ClassTT, InputAddr: 0xffff_1234_5678, IPA: 0x000f_ffff_ffff_ffff}.Encode(),
			Record{0x0000010000005810, 0x0000018480001234, 0x0000ffff12345678, 0x000ffffffffff000}},
		{"C_BAD_STE", BadSTE(0x1234), Record{0x0000123400000004, 0, 0, 0}},
		{"F_TRANSL_FORBIDDEN write", TranslForbidden(0x101, false, 0xa000), Record{0x0000010100000007, 0, 0xa000, 0}},
		{"F_TRANSL_FORBIDDEN read", TranslForbidden(0x101, true, 0xa000), Record{0x0000010100000007, 1 << 35, 0xa000, 0}},
		{"F_BAD_ATS_TREQ", BadATSTReq(0x101, 0x31000), Record{0x0000010100000005, 0, 0x31000, 0}},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s:\n got %#016x\nwant %#016x", tt.name, tt.got, tt.want)
		}
	}
}

func TestDecodeRoundTrip(t *testing.T) {
	f := Fault{ID: FPermission, SID: 0xabcd, SSV: true, SSID: 0xfffff, STAG: 7, PnU: true, RnW: true, S2: true,
		Class: ClassIN, InputAddr: 0xdead0000, IPA: 0xbeef000}
	d := f.Encode().Decode()
	if d.ID != FPermission || d.SID != 0xabcd || !d.SSV || d.SSID != 0xfffff || d.Fault != f {
		t.Errorf("decode = %+v, want %+v", d, f)
	}
	if d := BadSTE(3).Decode(); d.ID != CBadSTE || d.SID != 3 || d.SSV || d.Fault != (Fault{}) {
		t.Errorf("C_BAD_STE decode = %+v", d)
	}
}

func TestNames(t *testing.T) {
	for id, want := range map[ID]string{FTranslation: "F_TRANSLATION", FBadATSTReq: "F_BAD_ATS_TREQ",
		FTranslForbidden: "F_TRANSL_FORBIDDEN", CBadSTE: "C_BAD_STE", 0x0c: "UNKNOWN"} {
		if id.String() != want {
			t.Errorf("%#x: %q, want %q", uint8(id), id.String(), want)
		}
	}
	for _, id := range []ID{FTranslation, FAddrSize, FAccess, FPermission} {
		if !id.Suppressible() {
			t.Errorf("%v must be suppressible by R (§5.5)", id)
		}
	}
	for _, id := range []ID{CBadSTE, FBadATSTReq, FTranslForbidden, FWalkEABT} {
		if id.Suppressible() {
			t.Errorf("%v is not one of the four translation-related faults", id)
		}
	}
}
