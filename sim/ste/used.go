package ste

// Used is arm_smmu_get_ste_used: the bits of s the SMMU reads given s's own
// V and CFG. Bits outside it may hold anything without changing behaviour,
// which is what lets Plan pre-load them. It has to cover at least every bit
// the builders set, or Plan would never clean such a bit up.
func Used(s STE) STE {
	var u STE
	u[0] = Q0V
	if !s.V() {
		return u
	}
	u[0] |= Q0CFG
	cfg := s.Config()
	if cfg&1 != 0 { // stage 1 translates
		u[0] |= Q0S1FMT | Q0S1CTXPTR | Q0S1CDMAX
		u[1] |= Q1S1DSS | Q1S1CIR | Q1S1COR | Q1S1CSH |
			Q1S1STALLD | Q1STRW | Q1EATS | Q1MEV
		u[2] |= Q2S2VMID
		// SHCFG applies to the traffic S1DSS=BYPASS lets through untranslated.
		if s.S1DSS() == S1DSSBypass {
			u[1] |= Q1SHCFG
		}
	}
	if cfg&2 != 0 { // stage 2 translates
		u[1] |= Q1S2FWB | Q1EATS | Q1SHCFG | Q1MEV
		u[2] |= Q2S2VMID | Q2VTCR | Q2S2AA64 | Q2S2ENDI |
			Q2S2PTW | Q2S2S | Q2S2R
		u[3] |= Q3S2TTB
	}
	if cfg == CfgBypass {
		u[1] |= Q1SHCFG
	}
	return u
}

// UpdateSafe is arm_smmu_get_ste_update_safe: used bits that may differ
// from both cur and target during a rewrite without harm, so Plan need not
// sequence them.
//
//   - MEV only changes how many fault records are produced; the spec already
//     allows coalescing with MEV=0.
//   - The EATS_TRANS bit: the driver turns ATS off at the PCI device before
//     it changes EATS, so no translation request can race the change. Not
//     when EATS_S1CHK is involved (a transient 0b11 would be an errant
//     config) nor when S2S is set on either side (S2S=1 with EATS=1 is an
//     illegal STE that could appear transiently).
func UpdateSafe(cur, target STE) STE {
	var safe STE
	s1chk := prep(Q1EATS, uint64(EATSS1Chk))
	if (cur[1]|target[1])&s1chk == 0 && (cur[2]|target[2])&Q2S2S == 0 {
		safe[1] |= prep(Q1EATS, uint64(EATSTrans))
	}
	safe[1] |= Q1MEV
	return safe
}
