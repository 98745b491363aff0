package ste

import "testing"

func TestDescribe(t *testing.T) {
	cases := []struct {
		s    STE
		want string
	}{
		{STE{}, "V=0"},
		{MakeAbort(), "V=1 CFG=ABORT"},
		{makeBypass(), "V=1 CFG=BYPASS"},
		{MakeS2Domain(1, 0x40000000, true), "V=1 CFG=S2_TRANS EATS=TRANS S2VMID=1"},
		{MakeS2Domain(1, 0x40000000, true).WithEATS(EATSAbort), "V=1 CFG=S2_TRANS EATS=ABT S2VMID=1"},
		{MakeS2Domain(2, 0, false, S2Opts{Stall: true}), "V=1 CFG=S2_TRANS EATS=ABT S2VMID=2 S2S=1"},
		{makeCDTable(0xF0F0F0F0F0F0, s1DSSSSID0, true),
			"V=1 CFG=S1_TRANS S1CTXPTR=0xf0f0f0f0f0c0 S1DSS=SSID0 EATS=TRANS"},
		{makeNested(makeCDTable(0x1000, s1DSSBypass, true), MakeS2Domain(7, 0x2000, true)),
			"V=1 CFG=NESTED S1CTXPTR=0x1000 S1DSS=BYPASS EATS=TRANS S2VMID=7 MEV=1"},
	}
	for _, c := range cases {
		if got := Describe(c.s); got != c.want {
			t.Errorf("Describe = %q, want %q", got, c.want)
		}
	}
}

func TestFields(t *testing.T) {
	s := MakeS2Domain(1, 0x40000000, true)
	fs := Fields(s)
	if len(fs) != len(fieldTable) {
		t.Fatalf("%d fields, want %d", len(fs), len(fieldTable))
	}
	by := map[string]Field{}
	for _, f := range fs {
		by[f.Name] = f
	}
	want := map[string]Field{
		"V":      {Name: "V", Dword: 0, Hi: 0, Lo: 0, Value: 1, Meaning: "set"},
		"CFG":    {Name: "CFG", Dword: 0, Hi: 3, Lo: 1, Value: 6, Meaning: "S2_TRANS"},
		"EATS":   {Name: "EATS", Dword: 1, Hi: 29, Lo: 28, Value: 1, Meaning: "TRANS"},
		"S2VMID": {Name: "S2VMID", Dword: 2, Hi: 15, Lo: 0, Value: 1, Meaning: "1"},
		"S2TTB":  {Name: "S2TTB", Dword: 3, Hi: 51, Lo: 4, Value: 0x4000000, Meaning: "0x40000000"},
		"S1DSS":  {Name: "S1DSS", Dword: 1, Hi: 1, Lo: 0, Value: 0, Meaning: "TERMINATE (ignored)"},
		"S1CTXPTR": {Name: "S1CTXPTR", Dword: 0, Hi: 51, Lo: 6, Value: 0,
			Meaning: "0x0 (ignored)"},
	}
	for name, w := range want {
		if got := by[name]; got != w {
			t.Errorf("%s = %+v, want %+v", name, got, w)
		}
	}
	// Memory order, no overlaps.
	for i := 1; i < len(fs); i++ {
		a, b := fs[i-1], fs[i]
		if a.Dword > b.Dword || a.Dword == b.Dword && a.Hi >= b.Lo {
			t.Errorf("%s and %s out of order or overlapping", a.Name, b.Name)
		}
	}
	if f := Fields(STE{})[1]; f.Name != "CFG" || f.Meaning != "ABORT (ignored)" {
		t.Errorf("invalid STE CFG = %+v", f)
	}
}
