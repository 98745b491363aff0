package cmdq

// The VA/IPA invalidations share one layout: NUM/SCALE in dword 0 and
// Leaf/TTL/TG/Address in dword 1. TG=0 is the plain single-address form;
// TG≠0 (SMMUv3.2 range invalidation, Arm IHI 0070 §4.4 (TLB invalidation)) covers
// (NUM+1)·2^SCALE granules of the size TG names, from Address. This is not
// the CPU's TLBI RVA formula ((NUM+1)·2^(5·SCALE+1) pages): the SMMU's
// SCALE is a plain power of two, which is how __arm_smmu_tlb_inv_range
// builds it ("range is num * 2^scale * pgsize"). See range.go.

func rangeDW0(num, scale uint8) uint64 {
	return put(uint64(num), 16, 12) | put(uint64(scale), 24, 20)
}

func addrDW1(leaf bool, ttl, tg uint8, addr uint64, hi uint) uint64 {
	return bit(leaf, 0) | put(uint64(ttl), 9, 8) | put(uint64(tg), 11, 10) | addr&mask(hi, 12)
}

func vmid(c Cmd) uint16 { return uint16(get(c[0], 47, 32)) }
func asid(c Cmd) uint16 { return uint16(get(c[0], 63, 48)) }

// TLBINHVA is CMD_TLBI_NH_VA: stage-1 entries for one VA of one ASID.
type TLBINHVA struct {
	VMID, ASID uint16
	Num, Scale uint8
	Leaf       bool
	TTL, TG    uint8
	Addr       uint64
}

func (TLBINHVA) Opcode() Opcode { return OpTLBINHVA }

func (t TLBINHVA) Encode() Cmd {
	return Cmd{
		op(OpTLBINHVA) | rangeDW0(t.Num, t.Scale) | put(uint64(t.VMID), 47, 32) | put(uint64(t.ASID), 63, 48),
		addrDW1(t.Leaf, t.TTL, t.TG, t.Addr, 63),
	}
}

func tlbiNHVAOf(c Cmd) TLBINHVA {
	return TLBINHVA{
		VMID: vmid(c), ASID: asid(c),
		Num: uint8(get(c[0], 16, 12)), Scale: uint8(get(c[0], 24, 20)),
		Leaf: c[1]&1 != 0, TTL: uint8(get(c[1], 9, 8)), TG: uint8(get(c[1], 11, 10)),
		Addr: c[1] & mask(63, 12),
	}
}

// TLBIEL2VA is CMD_TLBI_EL2_VA: like TLBI_NH_VA for the EL2 regime, which
// has no VMID.
type TLBIEL2VA struct {
	ASID       uint16
	Num, Scale uint8
	Leaf       bool
	TTL, TG    uint8
	Addr       uint64
}

func (TLBIEL2VA) Opcode() Opcode { return opTLBIEL2VA }

func (t TLBIEL2VA) Encode() Cmd {
	return Cmd{
		op(opTLBIEL2VA) | rangeDW0(t.Num, t.Scale) | put(uint64(t.ASID), 63, 48),
		addrDW1(t.Leaf, t.TTL, t.TG, t.Addr, 63),
	}
}

func tlbiEL2VAOf(c Cmd) TLBIEL2VA {
	v := tlbiNHVAOf(c)
	return TLBIEL2VA{ASID: v.ASID, Num: v.Num, Scale: v.Scale, Leaf: v.Leaf, TTL: v.TTL, TG: v.TG, Addr: v.Addr}
}

// TLBIS2IPA is CMD_TLBI_S2_IPA. The IPA field stops at bit 51, as in Linux.
type TLBIS2IPA struct {
	VMID       uint16
	Num, Scale uint8
	Leaf       bool
	TTL, TG    uint8
	Addr       uint64
}

func (TLBIS2IPA) Opcode() Opcode { return OpTLBIS2IPA }

func (t TLBIS2IPA) Encode() Cmd {
	return Cmd{
		op(OpTLBIS2IPA) | rangeDW0(t.Num, t.Scale) | put(uint64(t.VMID), 47, 32),
		addrDW1(t.Leaf, t.TTL, t.TG, t.Addr, 51),
	}
}

func tlbiS2IPAOf(c Cmd) TLBIS2IPA {
	v := tlbiNHVAOf(c)
	return TLBIS2IPA{VMID: v.VMID, Num: v.Num, Scale: v.Scale, Leaf: v.Leaf, TTL: v.TTL, TG: v.TG, Addr: c[1] & mask(51, 12)}
}

// TLBINHASID is CMD_TLBI_NH_ASID.
type TLBINHASID struct{ VMID, ASID uint16 }

func (TLBINHASID) Opcode() Opcode { return OpTLBINHASID }

func (t TLBINHASID) Encode() Cmd {
	return Cmd{op(OpTLBINHASID) | put(uint64(t.VMID), 47, 32) | put(uint64(t.ASID), 63, 48), 0}
}

func tlbiNHASIDOf(c Cmd) TLBINHASID { return TLBINHASID{VMID: vmid(c), ASID: asid(c)} }

// TLBINHAll is CMD_TLBI_NH_ALL: every stage-1 entry of one VMID.
type TLBINHAll struct{ VMID uint16 }

func (TLBINHAll) Opcode() Opcode { return OpTLBINHAll }

func (t TLBINHAll) Encode() Cmd { return Cmd{op(OpTLBINHAll) | put(uint64(t.VMID), 47, 32), 0} }

func tlbiNHAllOf(c Cmd) TLBINHAll { return TLBINHAll{VMID: vmid(c)} }

// TLBIS12VMAll is CMD_TLBI_S12_VMALL.
type TLBIS12VMAll struct{ VMID uint16 }

func (TLBIS12VMAll) Opcode() Opcode { return OpTLBIS12VMAll }

func (t TLBIS12VMAll) Encode() Cmd { return Cmd{op(OpTLBIS12VMAll) | put(uint64(t.VMID), 47, 32), 0} }

func tlbiS12VMAllOf(c Cmd) TLBIS12VMAll { return TLBIS12VMAll{VMID: vmid(c)} }

// TLBIEL2ASID is CMD_TLBI_EL2_ASID.
type TLBIEL2ASID struct{ ASID uint16 }

func (TLBIEL2ASID) Opcode() Opcode { return opTLBIEL2ASID }

func (t TLBIEL2ASID) Encode() Cmd { return Cmd{op(opTLBIEL2ASID) | put(uint64(t.ASID), 63, 48), 0} }

func tlbiEL2ASIDOf(c Cmd) TLBIEL2ASID { return TLBIEL2ASID{ASID: asid(c)} }

// TLBINSNHAll is CMD_TLBI_NSNH_ALL: every Non-secure non-hypervisor entry.
type TLBINSNHAll struct{}

func (TLBINSNHAll) Opcode() Opcode { return OpTLBINSNHAll }

func (TLBINSNHAll) Encode() Cmd { return Cmd{op(OpTLBINSNHAll), 0} }

// TLBIEL2All is CMD_TLBI_EL2_ALL.
type TLBIEL2All struct{}

func (TLBIEL2All) Opcode() Opcode { return opTLBIEL2All }

func (TLBIEL2All) Encode() Cmd { return Cmd{op(opTLBIEL2All), 0} }
