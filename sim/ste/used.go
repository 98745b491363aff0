package ste

// Used is arm_smmu_get_ste_used: the bits of s the SMMU reads given s's own
// V and CFG. Bits outside it may hold anything without changing behaviour,
// which is what lets Plan pre-load them. It has to cover at least every bit
// the builders set, or Plan would never clean such a bit up.
func Used(s STE) STE {
	var u STE
	u[0] = q0V
	if !s.V() {
		return u
	}
	u[0] |= q0CFG
	cfg := s.Config()
	if cfg&1 != 0 { // stage 1 translates
		u[0] |= q0S1FMT | q0S1CTXPTR | q0S1CDMAX
		u[1] |= q1S1DSS | q1S1CIR | q1S1COR | q1S1CSH |
			q1S1STALLD | q1STRW | Q1EATS | q1MEV
		u[2] |= q2S2VMID
		// SHCFG applies to the traffic S1DSS=BYPASS lets through untranslated.
		if s.S1DSS() == s1DSSBypass {
			u[1] |= q1SHCFG
		}
	}
	if cfg&2 != 0 { // stage 2 translates
		u[1] |= q1S2FWB | Q1EATS | q1SHCFG | q1MEV
		u[2] |= q2S2VMID | q2VTCR | q2S2AA64 | q2S2ENDI |
			q2S2PTW | q2S2S | Q2S2R
		u[3] |= q3S2TTB
	}
	if cfg == cfgBypass {
		u[1] |= q1SHCFG
	}
	return u
}

// updateSafe is arm_smmu_get_ste_update_safe: used bits that may differ
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
func updateSafe(cur, target STE) STE {
	var safe STE
	s1chk := prep(Q1EATS, uint64(eatsS1Chk))
	if (cur[1]|target[1])&s1chk == 0 && (cur[2]|target[2])&q2S2S == 0 {
		safe[1] |= prep(Q1EATS, uint64(EATSTrans))
	}
	safe[1] |= q1MEV
	return safe
}
