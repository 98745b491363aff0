// Package evtq holds the SMMUv3 Event queue records the model raises: their
// 256-bit layout (Arm IHI 0070 §7.3), the event numbers and names, and the
// bits of SMMU_EVENTQ_PROD/CONS. It is the Event queue's counterpart of
// sim/cmdq.
package evtq

// Record is one Event queue entry: 32 bytes, four little-endian dwords
// (Arm IHI 0070 §7.3). Linux reads it as evt[EVTQ_ENT_DWORDS] and prints
// the four dwords as they are.
type Record [4]uint64

// ID is the event number in bits [7:0] of dword 0.
type ID uint8

// Event numbers (Arm IHI 0070 §7.3.2-§7.3.20).
const (
	FUUT             ID = 0x01
	CBadStreamID     ID = 0x02
	FSTEFetch        ID = 0x03
	CBadSTE          ID = 0x04
	FBadATSTReq      ID = 0x05
	FStreamDisabled  ID = 0x06
	FTranslForbidden ID = 0x07
	CBadSubstreamID  ID = 0x08
	FCDFetch         ID = 0x09
	CBadCD           ID = 0x0a
	FWalkEABT        ID = 0x0b
	FTranslation     ID = 0x10
	FAddrSize        ID = 0x11
	FAccess          ID = 0x12
	FPermission      ID = 0x13
	FTLBConflict     ID = 0x20
	FCfgConflict     ID = 0x21
	EPageRequest     ID = 0x24
	FVMSFetch        ID = 0x25
)

var names = map[ID]string{
	FUUT: "F_UUT", CBadStreamID: "C_BAD_STREAMID", FSTEFetch: "F_STE_FETCH", CBadSTE: "C_BAD_STE",
	FBadATSTReq: "F_BAD_ATS_TREQ", FStreamDisabled: "F_STREAM_DISABLED", FTranslForbidden: "F_TRANSL_FORBIDDEN",
	CBadSubstreamID: "C_BAD_SUBSTREAMID", FCDFetch: "F_CD_FETCH", CBadCD: "C_BAD_CD", FWalkEABT: "F_WALK_EABT",
	FTranslation: "F_TRANSLATION", FAddrSize: "F_ADDR_SIZE", FAccess: "F_ACCESS", FPermission: "F_PERMISSION",
	FTLBConflict: "F_TLB_CONFLICT", FCfgConflict: "F_CFG_CONFLICT", EPageRequest: "E_PAGE_REQUEST",
	FVMSFetch: "F_VMS_FETCH",
}

// String is the spec's name of the event ("F_TRANSLATION"), or "UNKNOWN".
func (id ID) String() string {
	if n, ok := names[id]; ok {
		return n
	}
	return "UNKNOWN"
}

// Translation-related faults: the only ones STE.S2R / CD.R can suppress
// (Arm IHI 0070 §5.5).
func (id ID) Suppressible() bool {
	return id == FTranslation || id == FAddrSize || id == FAccess || id == FPermission
}

// Field positions. Dword 0 is common to every record that carries a
// StreamID; dword 1 holds the access attributes (bits 96-105 of the record;
// Linux's EVTQ_1_* masks name the same bits).
const (
	sidShift   = 32      // StreamID [63:32]
	ssidShift  = 12      // SubstreamID [31:12]
	ssvBit     = 1 << 11 // SSV
	stagMask   = 0xffff  // STAG [79:64]
	stallBit   = 1 << 31 // Stall, bit 95
	pnuBit     = 1 << 33 // PnU, bit 97
	indBit     = 1 << 34 // InD, bit 98
	rnwBit     = 1 << 35 // RnW, bit 99
	s2Bit      = 1 << 39 // S2, bit 103
	classShift = 40      // CLASS [105:104]
	ipaMask    = 0x000ffffffffff000
)

// CLASS values of the translation faults (Arm IHI 0070 §7.3).
const (
	ClassCD = 0 // CD fetch
	ClassTT = 1 // stage 1 translation table fetch
	ClassIN = 2 // input address caused fault
)

// Fault describes a translation-related fault record (F_TRANSLATION,
// F_ADDR_SIZE, F_ACCESS, F_PERMISSION; §7.3.13-§7.3.16).
type Fault struct {
	ID        ID
	SID       uint32
	SSV       bool
	SSID      uint32
	STAG      uint16
	Stall     bool
	PnU, InD  bool
	RnW       bool // 1 = read
	S2        bool // the fault is at stage 2
	Class     uint8
	InputAddr uint64
	IPA       uint64 // bits [51:12] are recorded (Linux's EVTQ_3_IPA)
}

func dw0(id ID, sid uint32, ssv bool, ssid uint32) uint64 {
	v := uint64(id) | uint64(sid)<<sidShift
	if ssv {
		v |= ssvBit | uint64(ssid&0xfffff)<<ssidShift
	}
	return v
}

func flag(b bool, bit uint64) uint64 {
	if b {
		return bit
	}
	return 0
}

// Encode builds the record of a translation-related fault.
func (f Fault) Encode() Record {
	return Record{
		dw0(f.ID, f.SID, f.SSV, f.SSID),
		uint64(f.STAG) | flag(f.Stall, stallBit) | flag(f.PnU, pnuBit) | flag(f.InD, indBit) |
			flag(f.RnW, rnwBit) | flag(f.S2, s2Bit) | uint64(f.Class&3)<<classShift,
		f.InputAddr,
		f.IPA & ipaMask,
	}
}

// BadSTE is C_BAD_STE (§7.3.5): StreamID and SubstreamID only.
func BadSTE(sid uint32) Record { return Record{dw0(CBadSTE, sid, false, 0)} }

// TranslForbidden is F_TRANSL_FORBIDDEN (§7.3.8): StreamID, RnW (bit 99)
// and InputAddr [191:128]; the record has no SubstreamID.
func TranslForbidden(sid uint32, read bool, addr uint64) Record {
	return Record{dw0(FTranslForbidden, sid, false, 0), flag(read, rnwBit), addr}
}

// BadATSTReq is F_BAD_ATS_TREQ (§7.3.6): StreamID, SubstreamID and the
// requested address. The record also carries the request's R/W/X/PRIV
// permissions and Span; the model's Translation Requests carry neither,
// and the sources at hand lost the figure that places them, so those bits
// stay 0 (docs/architecture.md).
func BadATSTReq(sid uint32, addr uint64) Record {
	return Record{dw0(FBadATSTReq, sid, false, 0), 0, addr}
}

// Decoded is what a reader gets back from a record's common fields.
type Decoded struct {
	ID    ID
	SID   uint32
	SSV   bool
	SSID  uint32
	Fault Fault // filled for translation-related faults
}

// Decode reads the fields every record shares and, for a translation
// fault, the fault's fields (as arm_smmu_decode_event does).
func (r Record) Decode() Decoded {
	d := Decoded{ID: ID(r[0] & 0xff), SID: uint32(r[0] >> sidShift), SSV: r[0]&ssvBit != 0}
	if d.SSV {
		d.SSID = uint32(r[0]>>ssidShift) & 0xfffff
	}
	if d.ID.Suppressible() {
		d.Fault = Fault{ID: d.ID, SID: d.SID, SSV: d.SSV, SSID: d.SSID, STAG: uint16(r[1] & stagMask),
			Stall: r[1]&stallBit != 0, PnU: r[1]&pnuBit != 0, InD: r[1]&indBit != 0, RnW: r[1]&rnwBit != 0,
			S2: r[1]&s2Bit != 0, Class: uint8(r[1]>>classShift) & 3, InputAddr: r[2], IPA: r[3] & ipaMask}
	}
	return d
}

// OverflowFlag is SMMU_EVENTQ_PROD.OVFLG and SMMU_EVENTQ_CONS.OVACKFLG
// (bit 31; Linux's Q_OVERFLOW_FLAG).
const OverflowFlag = 1 << 31

// Register offsets (page 0 for BASE; PROD/CONS are at these offsets in page
// 1 on real hardware, Linux's ARM_SMMU_EVTQ_PROD/CONS).
const (
	RegBase = 0xa0
	RegProd = 0xa8
	RegCons = 0xac
)
