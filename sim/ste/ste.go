package ste

import "math/bits"

// STE is one Stream Table Entry as it sits in memory, qword 0 first. It is a
// value: copying it is how the simulator snapshots stream-table memory.
type STE [dwords]uint64

// prep places v into the field described by mask, dropping bits that do not
// fit, like the kernel's FIELD_PREP on a GENMASK.
func prep(mask, v uint64) uint64 {
	return (v << uint(bits.TrailingZeros64(mask))) & mask
}

// get extracts the field described by mask from q, shifted down to bit 0.
func get(q, mask uint64) uint64 {
	return (q & mask) >> uint(bits.TrailingZeros64(mask))
}

// V reports the Valid bit. With V=0 the SMMU reads nothing else.
func (s STE) V() bool { return s[0]&q0V != 0 }

// Config is the CFG field (CfgAbort, CfgBypass, CfgS1Trans, ...).
func (s STE) Config() uint8 { return uint8(get(s[0], q0CFG)) }

// S1Fmt is the CD-table format.
func (s STE) S1Fmt() uint8 { return uint8(get(s[0], q0S1FMT)) }

// S1CtxPtr is the CD-table address (bits [51:6], not shifted).
func (s STE) S1CtxPtr() uint64 { return s[0] & q0S1CTXPTR }

// S1CDMax is log2 of the number of CDs in the table.
func (s STE) S1CDMax() uint8 { return uint8(get(s[0], q0S1CDMAX)) }

// S1DSS is the default-substream behaviour.
func (s STE) S1DSS() uint8 { return uint8(get(s[1], q1S1DSS)) }

// S1CIR is the inner cacheability of CD fetches.
func (s STE) S1CIR() uint8 { return uint8(get(s[1], q1S1CIR)) }

// S1COR is the outer cacheability of CD fetches.
func (s STE) S1COR() uint8 { return uint8(get(s[1], q1S1COR)) }

// S1CSH is the shareability of CD fetches.
func (s STE) S1CSH() uint8 { return uint8(get(s[1], q1S1CSH)) }

// MEV reports whether fault events may be merged.
func (s STE) MEV() bool { return s[1]&q1MEV != 0 }

// S2FWB reports stage-2 forced write-back.
func (s STE) S2FWB() bool { return s[1]&q1S2FWB != 0 }

// S1StallD reports that stage-1 stalls are disabled for this stream.
func (s STE) S1StallD() bool { return s[1]&q1S1STALLD != 0 }

// EATS is the ATS policy (EATSAbort, EATSTrans, EATSS1Chk).
func (s STE) EATS() uint8 { return uint8(get(s[1], Q1EATS)) }

// STRW is the stream world.
func (s STE) STRW() uint8 { return uint8(get(s[1], q1STRW)) }

// SHCFG is the shareability override.
func (s STE) SHCFG() uint8 { return uint8(get(s[1], q1SHCFG)) }

// S2VMID is the stage-2 VMID (TLB tag).
func (s STE) S2VMID() uint16 { return uint16(get(s[2], q2S2VMID)) }

// VTCR is the packed stage-2 translation control value.
func (s STE) VTCR() uint32 { return uint32(get(s[2], q2VTCR)) }

// S2AA64 reports AArch64-format stage-2 tables.
func (s STE) S2AA64() bool { return s[2]&q2S2AA64 != 0 }

// S2ENDI reports big-endian stage-2 tables.
func (s STE) S2ENDI() bool { return s[2]&q2S2ENDI != 0 }

// S2PTW reports that stage-1 table walks are checked by stage 2.
func (s STE) S2PTW() bool { return s[2]&q2S2PTW != 0 }

// S2S reports stall-on-fault for stage 2.
func (s STE) S2S() bool { return s[2]&q2S2S != 0 }

// S2R reports that stage-2 faults are recorded.
func (s STE) S2R() bool { return s[2]&Q2S2R != 0 }

// S2TTB is the stage-2 table base address (bits [51:4], not shifted).
func (s STE) S2TTB() uint64 { return s[3] & q3S2TTB }

// WithEATS returns s with EATS replaced by v and nothing else changed. This
// is the surgical update used when a master's ATS is switched off without
// a domain change; Plan shows it needs a single store (EATS_TRANS is
// update-safe).
func (s STE) WithEATS(v uint8) STE {
	s[1] = s[1]&^Q1EATS | prep(Q1EATS, uint64(v))
	return s
}
