package cmdq

import (
	"fmt"
	"math/bits"
	"strings"
)

// Field is one field of a command as laid out in Arm IHI 0070 §4: Value is
// bits [Hi:Lo] of dword Dword shifted down to bit 0.
type Field struct {
	Name    string
	Dword   int
	Hi, Lo  int
	Value   uint64
	Meaning string
}

// Name returns the command's spec name. Opcode 0x04 is named by its Range,
// since the spec calls it CMD_CFGI_ALL only when Range is 31.
func Name(c Cmd) string {
	if c.Op() == OpCfgiAll && get(c[1], 4, 0) != cfgiRangeAll {
		return "CMD_CFGI_STE_RANGE"
	}
	return c.Op().String()
}

// Fields lists every field of c in dword then bit order. Set RES0 bits of a
// modelled command are reported as trailing "RES0" fields (Hi/Lo bound the
// set bits); an unmodelled opcode gives OP and the two raw dwords.
func Fields(c Cmd) []Field {
	o := c.Op()
	fs := layouts[o]
	if fs == nil {
		why := "unknown opcode"
		if r, ok := unimplemented[o]; ok {
			why = r
		}
		return []Field{
			{"OP", 0, 7, 0, uint64(o), o.String() + ": " + why},
			{"DW0", 0, 63, 0, c[0], "raw dword 0"},
			{"DW1", 1, 63, 0, c[1], "raw dword 1"},
		}
	}
	out := make([]Field, 0, len(fs)+2)
	for _, f := range fs {
		v := f.value(c)
		out = append(out, Field{f.name, int(f.dw), int(f.hi), int(f.lo), v, meaning(f.kind, v, c)})
	}
	for dw := range 2 {
		if extra := c[dw] &^ defined[o][dw]; extra != 0 {
			lo := bits.TrailingZeros64(extra)
			out = append(out, Field{"RES0", dw, 63 - bits.LeadingZeros64(extra), lo,
				extra >> lo, "reserved bits set: CERROR_ILL"})
		}
	}
	return out
}

func meaning(k kind, v uint64, c Cmd) string {
	switch k {
	case kOp:
		return Name(c)
	case kSID:
		return fmt.Sprintf("StreamID %#x", v)
	case kSSID:
		if c.Op() != OpCfgiCD && c[0]&(1<<11) == 0 {
			return fmt.Sprintf("SubstreamID %#x, ignored: SSV=0", v)
		}
		return fmt.Sprintf("SubstreamID (PASID) %#x", v)
	case kSSV:
		return pick(v, "no SubstreamID: untagged (IOMMU_NO_PASID) traffic", "SubstreamID valid")
	case kGlobal:
		return pick(v, "this PASID only", "all PASIDs (Global Invalidate)")
	case kATCSize:
		switch {
		case v == atcSizeAll:
			return "2^52 pages (2^64 bytes): invalidate everything"
		case v > atcSizeAll:
			return fmt.Sprintf("Size %d: reserved (CERROR_ILL)", v)
		}
		return fmt.Sprintf("2^%d pages (2^%d bytes)", v, v+12)
	case kATCAddr:
		first, last := ATCInvOf(c).Span()
		return fmt.Sprintf("address %#x: invalidates [%#x, %#x]", v<<12, first, last)
	case kCS:
		return fmt.Sprintf("CS=%v: ", CS(v)) + [4]string{
			"no signal, software polls CMDQ_CONS",
			"MSI write of MSIData to MSIAddress on completion",
			"send event on completion",
			"reserved (CERROR_ILL)"}[v&3]
	case kMSH:
		return [4]string{"Non-shareable", "reserved shareability", "Outer Shareable", "Inner Shareable"}[v&3]
	case kMSIAttr:
		switch v {
		case 0:
			return "Device-nGnRnE"
		case 1:
			return "Device-nGnRE"
		case msiAttrWB:
			return "Normal Inner/Outer Write-Back (OIWB)"
		}
		return fmt.Sprintf("memory attribute %#x", v)
	case kMSIData:
		return fmt.Sprintf("MSI payload %#x", v)
	case kMSIAddr:
		if SyncOf(c).CS != CSIRQ {
			return fmt.Sprintf("MSI address %#x, unused: CS is not IRQ", v<<msiAddrLow)
		}
		return fmt.Sprintf("MSI address %#x", v<<msiAddrLow)
	case kCfgLeaf:
		return pick(v, "STE/CD and any level-1 descriptor", "leaf only: level-1 descriptor unchanged")
	case kRange:
		if v == cfgiRangeAll {
			return "all StreamIDs (CMD_CFGI_ALL)"
		}
		return fmt.Sprintf("2^%d StreamIDs", v+1)
	case kVMID:
		return fmt.Sprintf("VMID %d", v)
	case kASID:
		return fmt.Sprintf("ASID %d", v)
	case kNum, kScale:
		return rangeMeaning(k, v, c)
	case kTLBLeaf:
		return pick(v, "all levels, walk cache too", "last-level entries only")
	case kTTL:
		if v == 0 {
			return "no level hint"
		}
		return fmt.Sprintf("leaf is at level %d", v)
	case kTG:
		return [4]string{"not a range invalidation", "4KB granule", "16KB granule", "64KB granule"}[v&3]
	case kVA:
		return fmt.Sprintf("VA %#x", v<<12)
	case kIPA:
		return fmt.Sprintf("IPA %#x", v<<12)
	}
	return ""
}

// rangeMeaning explains NUM and SCALE: the range is (NUM+1)·2^SCALE
// granules of the size TG names (range.go); with TG=0 both are ignored.
func rangeMeaning(k kind, v uint64, c Cmd) string {
	tg := uint8(get(c[1], 11, 10))
	num, scale := uint8(get(c[0], 16, 12)), uint8(get(c[0], 24, 20))
	n, ok := rangeBytes(num, scale, tg)
	if !ok {
		if k == kNum {
			return fmt.Sprintf("NUM %d, ignored: TG=0 is not a range invalidation", v)
		}
		return fmt.Sprintf("SCALE %d, ignored: TG=0 is not a range invalidation", v)
	}
	g := uint64(1) << granuleShift(tg)
	if k == kNum {
		return fmt.Sprintf("range of (%d+1)·2^SCALE granules = %d × %d B = %#x bytes", v, (uint64(num)+1)<<scale, g, n)
	}
	return fmt.Sprintf("range of (NUM+1)·2^%d granules = %d × %d B = %#x bytes", v, (uint64(num)+1)<<scale, g, n)
}

func pick(v uint64, zero, one string) string {
	if v != 0 {
		return one
	}
	return zero
}

// Describe renders c on one line for logs and golden files, e.g.
// "CMD_ATC_INV sid=0x100 addr=0x8000 size=0". The format is stable: it
// names only the fields a reader needs and appends the Check verdict when
// the command is illegal.
func Describe(c Cmd) string {
	var b strings.Builder
	b.WriteString(Name(c))
	kv := func(k string, v uint64) { fmt.Fprintf(&b, " %s=%#x", k, v) }
	kd := func(k string, v uint64) { fmt.Fprintf(&b, " %s=%d", k, v) }
	rng := func(num, scale, leaf, ttl, tg uint64) {
		kd("leaf", leaf)
		if tg|ttl|num|scale != 0 {
			kd("tg", tg)
			kd("ttl", ttl)
			kd("num", num)
			kd("scale", scale)
		}
	}
	switch d, err := Decode(c); t := d.(type) {
	case ATCInv:
		kv("sid", uint64(t.SID))
		if t.SSV {
			kv("ssid", uint64(t.SSID))
		}
		if t.Global {
			b.WriteString(" global")
		}
		kv("addr", t.Addr)
		kd("size", uint64(t.Size))
	case Sync:
		fmt.Fprintf(&b, " cs=%v", t.CS)
		if t.CS == CSIRQ {
			kv("msiaddr", t.MSIAddr)
			kv("msidata", uint64(t.MSIData))
		}
	case CfgiSTE:
		kv("sid", uint64(t.SID))
		kd("leaf", b2u(t.Leaf))
	case CfgiCD:
		kv("sid", uint64(t.SID))
		kv("ssid", uint64(t.SSID))
		kd("leaf", b2u(t.Leaf))
	case CfgiSTERange:
		kv("sid", uint64(t.SID))
		kd("range", uint64(t.Range))
	case CfgiCDAll:
		kv("sid", uint64(t.SID))
	case PrefetchCfg:
		kv("sid", uint64(t.SID))
		if t.SSV {
			kv("ssid", uint64(t.SSID))
		}
	case TLBINHAll:
		kd("vmid", uint64(t.VMID))
	case TLBIS12VMAll:
		kd("vmid", uint64(t.VMID))
	case TLBINHASID:
		kd("vmid", uint64(t.VMID))
		kd("asid", uint64(t.ASID))
	case TLBIEL2ASID:
		kd("asid", uint64(t.ASID))
	case TLBINHVA:
		kd("vmid", uint64(t.VMID))
		kd("asid", uint64(t.ASID))
		kv("addr", t.Addr)
		rng(uint64(t.Num), uint64(t.Scale), b2u(t.Leaf), uint64(t.TTL), uint64(t.TG))
	case TLBIEL2VA:
		kd("asid", uint64(t.ASID))
		kv("addr", t.Addr)
		rng(uint64(t.Num), uint64(t.Scale), b2u(t.Leaf), uint64(t.TTL), uint64(t.TG))
	case TLBIS2IPA:
		kd("vmid", uint64(t.VMID))
		kv("addr", t.Addr)
		rng(uint64(t.Num), uint64(t.Scale), b2u(t.Leaf), uint64(t.TTL), uint64(t.TG))
	default:
		if err != nil {
			fmt.Fprintf(&b, " dw0=0x%016x dw1=0x%016x", c[0], c[1])
			return b.String()
		}
	}
	if err := Check(c); err != nil {
		fmt.Fprintf(&b, " ILLEGAL(%s)", err.(*IllegalError).Reason)
	}
	return b.String()
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
