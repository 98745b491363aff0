package ste

import (
	"fmt"
	"math/bits"
	"strings"
)

// Field is one decoded STE field for display. Value is bits [Hi:Lo] of
// qword Dword shifted down to bit 0; Meaning names it and says
// "(ignored)" when the entry's own configuration does not read it.
type Field struct {
	Name    string
	Dword   int
	Hi, Lo  int
	Value   uint64
	Meaning string
}

type fieldDef struct {
	name  string
	dword int
	mask  uint64
	mean  func(v uint64) string
}

func names(list ...string) func(uint64) string {
	return func(v uint64) string {
		if v < uint64(len(list)) && list[v] != "" {
			return list[v]
		}
		return fmt.Sprintf("reserved(%d)", v)
	}
}

func flag(v uint64) string {
	if v != 0 {
		return "set"
	}
	return "clear"
}

func number(v uint64) string { return fmt.Sprint(v) }

func address(shift int) func(uint64) string {
	return func(v uint64) string { return fmt.Sprintf("%#x", v<<uint(shift)) }
}

var (
	cfgName   = names("ABORT", "", "", "", "BYPASS", "S1_TRANS", "S2_TRANS", "NESTED")
	s1fmtName = names("LINEAR", "", "64K_L2")
	s1dssName = names("TERMINATE", "BYPASS", "SSID0")
	cacheName = names("NC", "WBRA", "WT", "WB")
	shName    = names("NSH", "", "OSH", "ISH")
	eatsName  = names("ABT", "TRANS", "S1CHK", "FULL_DPT")
	strwName  = names("NSEL1", "", "EL2", "EL3")
	shcfgName = names("NSH", "INCOMING", "OSH", "ISH")
)

func vtcrMeaning(v uint64) string {
	return fmt.Sprintf("T0SZ=%d SL0=%d IR0=%d OR0=%d SH0=%d TG=%d PS=%d",
		get(v, vtcrS2T0SZ), get(v, vtcrS2SL0), get(v, vtcrS2IR0),
		get(v, vtcrS2OR0), get(v, vtcrS2SH0), get(v, vtcrS2TG), get(v, vtcrS2PS))
}

// fieldTable lists every field the driver defines, in memory order.
var fieldTable = []fieldDef{
	{"V", 0, q0V, flag},
	{"CFG", 0, q0CFG, cfgName},
	{"S1FMT", 0, q0S1FMT, s1fmtName},
	{"S1CTXPTR", 0, q0S1CTXPTR, address(6)},
	{"S1CDMAX", 0, q0S1CDMAX, number},
	{"S1DSS", 1, q1S1DSS, s1dssName},
	{"S1CIR", 1, q1S1CIR, cacheName},
	{"S1COR", 1, q1S1COR, cacheName},
	{"S1CSH", 1, q1S1CSH, shName},
	{"MEV", 1, q1MEV, flag},
	{"S2FWB", 1, q1S2FWB, flag},
	{"S1STALLD", 1, q1S1STALLD, flag},
	{"EATS", 1, Q1EATS, eatsName},
	{"STRW", 1, q1STRW, strwName},
	{"SHCFG", 1, q1SHCFG, shcfgName},
	{"S2VMID", 2, q2S2VMID, number},
	{"VTCR", 2, q2VTCR, vtcrMeaning},
	{"S2AA64", 2, q2S2AA64, flag},
	{"S2ENDI", 2, q2S2ENDI, flag},
	{"S2PTW", 2, q2S2PTW, flag},
	{"S2S", 2, q2S2S, flag},
	{"S2R", 2, Q2S2R, flag},
	{"S2TTB", 3, q3S2TTB, address(4)},
}

// Fields decodes every field of s in memory order, whatever the config, so
// a display can show stale bits too; Meaning marks the ones s ignores.
func Fields(s STE) []Field {
	used := Used(s)
	out := make([]Field, 0, len(fieldTable))
	for _, d := range fieldTable {
		lo := bits.TrailingZeros64(d.mask)
		hi := 63 - bits.LeadingZeros64(d.mask)
		v := get(s[d.dword], d.mask)
		m := d.mean(v)
		if used[d.dword]&d.mask == 0 {
			m += " (ignored)"
		}
		out = append(out, Field{Name: d.name, Dword: d.dword, Hi: hi, Lo: lo, Value: v, Meaning: m})
	}
	return out
}

// Describe is a one-line summary of what s does, e.g.
// "V=1 CFG=S2_TRANS EATS=TRANS S2VMID=1". Only fields s's configuration
// reads are shown, in a fixed order, so the line is stable for goldens.
func Describe(s STE) string {
	if !s.V() {
		return "V=0"
	}
	var b strings.Builder
	cfg := s.Config()
	fmt.Fprintf(&b, "V=1 CFG=%s", cfgName(uint64(cfg)))
	if cfg&1 != 0 {
		fmt.Fprintf(&b, " S1CTXPTR=%#x S1DSS=%s", s.S1CtxPtr(), s1dssName(uint64(s.S1DSS())))
	}
	if cfg&3 != 0 {
		// EATS matters to both stages: CFG values with bit 0 or bit 1 set.
		fmt.Fprintf(&b, " EATS=%s", eatsName(uint64(s.EATS())))
	}
	if cfg&2 != 0 {
		fmt.Fprintf(&b, " S2VMID=%d", s.S2VMID())
		if s.S2S() {
			b.WriteString(" S2S=1")
		}
	}
	if cfg&3 != 0 && s.MEV() {
		b.WriteString(" MEV=1")
	}
	return b.String()
}
