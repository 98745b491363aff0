package ste

// Features are the SMMU capabilities that change what the builders write
// (the kernel's ARM_SMMU_FEAT_STALLS, _ATTR_TYPES_OVR and _E2H).
type Features struct {
	Stalls       bool // SMMU can stall faulting transactions
	AttrTypesOvr bool // SMMU honours SHCFG overrides
	E2H          bool // host runs with VHE: stage 1 belongs to EL2
}

// defaultFeatures is the SMMU the KUnit suite uses (STALLS|ATTR_TYPES_OVR)
// and the one the simulator models. Builders use it when their options
// leave Features nil.
var defaultFeatures = Features{Stalls: true, AttrTypesOvr: true}

func feat(f *Features) Features {
	if f == nil {
		return defaultFeatures
	}
	return *f
}

// MakeAbort is the STE that blocks all traffic: valid, CFG=ABORT, every
// other bit zero.
func MakeAbort() STE {
	return STE{q0V | prep(q0CFG, uint64(CfgAbort))}
}

// makeBypass is the identity STE for DefaultFeatures.
func makeBypass() STE { return makeBypassFor(defaultFeatures) }

// makeBypassFor is the identity STE for an SMMU with features f. With
// attribute overrides the driver asks for the incoming shareability, which
// puts a used field in qword 1 — that is why bypass<->abort takes two syncs.
func makeBypassFor(f Features) STE {
	s := STE{q0V | prep(q0CFG, uint64(cfgBypass))}
	if f.AttrTypesOvr {
		s[1] = prep(q1SHCFG, uint64(shcfgIncoming))
	}
	return s
}

// CDTableOpts are the less common inputs of MakeCDTable.
type CDTableOpts struct {
	S1Fmt    uint8     // S1FmtLinear or S1Fmt64KL2
	S1CDMax  uint8     // log2 of the CD count
	Stall    bool      // master uses stalls (else S1STALLD when the SMMU could stall)
	Features *Features // nil means DefaultFeatures
}

// makeCDTable is arm_smmu_make_cdtable_ste: stage-1 translation through the
// CD table at cdtab, with default-substream policy s1dss, and EATS_TRANS when
// ats is set. At most one CDTableOpts is read.
func makeCDTable(cdtab uint64, s1dss uint8, ats bool, opts ...CDTableOpts) STE {
	var o CDTableOpts
	if len(opts) > 0 {
		o = opts[0]
	}
	f := feat(o.Features)
	var s STE
	s[0] = q0V | prep(q0CFG, uint64(cfgS1Trans)) |
		prep(q0S1FMT, uint64(o.S1Fmt)) |
		cdtab&q0S1CTXPTR |
		prep(q0S1CDMAX, uint64(o.S1CDMax))
	s[1] = prep(q1S1DSS, uint64(s1dss)) |
		prep(q1S1CIR, uint64(cacheWBRA)) |
		prep(q1S1COR, uint64(cacheWBRA)) |
		prep(q1S1CSH, uint64(shISH)) |
		prep(Q1EATS, uint64(eats(ats)))
	// S1STALLD is inverted: it switches stalls off for a master that cannot
	// take them on an SMMU that would otherwise stall.
	if f.Stalls && !o.Stall {
		s[1] |= q1S1STALLD
	}
	// SHCFG only matters for the PASID-less traffic S1DSS=BYPASS lets through.
	if f.AttrTypesOvr && s1dss == s1DSSBypass {
		s[1] |= prep(q1SHCFG, uint64(shcfgIncoming))
	}
	if f.E2H {
		// The stream world must match the CPU's so broadcast TLB
		// invalidations (BTM) hit the same ASIDs.
		s[1] |= prep(q1STRW, uint64(strwEL2))
	} else {
		// NS-EL1 stage 1 still tags with a VMID; 0 is reserved for this.
		s[1] |= prep(q1STRW, uint64(strwNSEL1))
		s[2] = prep(q2S2VMID, 0)
	}
	return s
}

// VTCRFields are the io-pgtable stage-2 parameters packed into STE.VTCR.
type VTCRFields struct {
	TSZ, SL, IRGN, ORGN, SH, TG, PS uint8
}

// Pack returns the 19-bit VTCR value.
func (v VTCRFields) Pack() uint64 {
	return prep(vtcrS2T0SZ, uint64(v.TSZ)) |
		prep(vtcrS2SL0, uint64(v.SL)) |
		prep(vtcrS2IR0, uint64(v.IRGN)) |
		prep(vtcrS2OR0, uint64(v.ORGN)) |
		prep(vtcrS2SH0, uint64(v.SH)) |
		prep(vtcrS2TG, uint64(v.TG)) |
		prep(vtcrS2PS, uint64(v.PS))
}

// S2Opts are the less common inputs of MakeS2Domain.
type S2Opts struct {
	VTCR      VTCRFields
	Stall     bool      // master uses stalls: S2S
	FWB       bool      // page table built with the S2FWB quirk
	BigEndian bool      // kernel is big-endian: S2ENDI
	Features  *Features // nil means DefaultFeatures
}

// MakeS2Domain is arm_smmu_make_s2_domain_ste: stage-2 translation with
// VMID vmid and table base vttbr, EATS_TRANS when ats is set. At most one
// S2Opts is read.
func MakeS2Domain(vmid uint16, vttbr uint64, ats bool, opts ...S2Opts) STE {
	var o S2Opts
	if len(opts) > 0 {
		o = opts[0]
	}
	f := feat(o.Features)
	var s STE
	s[0] = q0V | prep(q0CFG, uint64(CfgS2Trans))
	s[1] = prep(Q1EATS, uint64(eats(ats)))
	if o.FWB {
		s[1] |= q1S2FWB
	}
	if f.AttrTypesOvr {
		s[1] |= prep(q1SHCFG, uint64(shcfgIncoming))
	}
	// S2PTW is always on: a guest must not point its stage-1 tables
	// outside its own IPA space.
	s[2] = prep(q2S2VMID, uint64(vmid)) |
		prep(q2VTCR, o.VTCR.Pack()) |
		q2S2AA64 | q2S2PTW | Q2S2R
	if o.BigEndian {
		s[2] |= q2S2ENDI
	}
	if o.Stall {
		s[2] |= q2S2S
	}
	s[3] = vttbr & q3S2TTB
	return s
}

// makeNested builds a nested (CFG=NESTED) STE the way the KUnit suite's
// fixture does: the CD-table STE's qwords 0 and 1 with CFG forced to NESTED
// and MEV set (the driver merges events on guest-controlled STEs as a DoS
// mitigation), and qwords 2..7 from the stage-2 STE.
func makeNested(cd, s2 STE) STE {
	s := cd
	s[0] |= prep(q0CFG, uint64(cfgNested))
	s[1] |= q1MEV
	copy(s[2:], s2[2:])
	return s
}

func eats(ats bool) uint8 {
	if ats {
		return EATSTrans
	}
	return EATSAbort
}
