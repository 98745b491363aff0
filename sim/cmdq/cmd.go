// Package cmdq encodes and decodes SMMUv3 command queue entries: 128-bit
// commands (two little-endian 64-bit words) with the layouts of Arm IHI 0070
// §4 and the Linux arm-smmu-v3 driver's CMDQ_* field macros.
//
// Every command the spec defines is a type here, so Decode names whatever
// a queue holds; the opcodes and builders the model never issues, and the
// range arithmetic behind the field descriptions, are unexported.
package cmdq

import "fmt"

// Cmd is one 16-byte command queue entry: Cmd[0] is dword 0, Cmd[1] dword 1.
type Cmd [2]uint64

// Opcode is bits [7:0] of dword 0.
type Opcode uint8

// Opcodes (Arm IHI 0070 §4.1; Linux CMDQ_OP_*).
const (
	OpPrefetchCfg  Opcode = 0x01
	OpCfgiSTE      Opcode = 0x03
	OpCfgiAll      Opcode = 0x04
	OpCfgiCD       Opcode = 0x05
	OpCfgiCDAll    Opcode = 0x06
	OpTLBINHAll    Opcode = 0x10
	OpTLBINHASID   Opcode = 0x11
	OpTLBINHVA     Opcode = 0x12
	opTLBIEL2All   Opcode = 0x20
	opTLBIEL2ASID  Opcode = 0x21
	opTLBIEL2VA    Opcode = 0x22
	OpTLBIS12VMAll Opcode = 0x28
	OpTLBIS2IPA    Opcode = 0x2a
	OpTLBINSNHAll  Opcode = 0x30
	OpATCInv       Opcode = 0x40
	opPRIResp      Opcode = 0x41
	opResume       Opcode = 0x44
	opStallTerm    Opcode = 0x45
	OpSync         Opcode = 0x46
)

var opNames = map[Opcode]string{
	OpPrefetchCfg:  "CMD_PREFETCH_CFG",
	OpCfgiSTE:      "CMD_CFGI_STE",
	OpCfgiAll:      "CMD_CFGI_ALL",
	OpCfgiCD:       "CMD_CFGI_CD",
	OpCfgiCDAll:    "CMD_CFGI_CD_ALL",
	OpTLBINHAll:    "CMD_TLBI_NH_ALL",
	OpTLBINHASID:   "CMD_TLBI_NH_ASID",
	OpTLBINHVA:     "CMD_TLBI_NH_VA",
	opTLBIEL2All:   "CMD_TLBI_EL2_ALL",
	opTLBIEL2ASID:  "CMD_TLBI_EL2_ASID",
	opTLBIEL2VA:    "CMD_TLBI_EL2_VA",
	OpTLBIS12VMAll: "CMD_TLBI_S12_VMALL",
	OpTLBIS2IPA:    "CMD_TLBI_S2_IPA",
	OpTLBINSNHAll:  "CMD_TLBI_NSNH_ALL",
	OpATCInv:       "CMD_ATC_INV",
	opPRIResp:      "CMD_PRI_RESP",
	opResume:       "CMD_RESUME",
	opStallTerm:    "CMD_STALL_TERM",
	OpSync:         "CMD_SYNC",
}

// String returns the spec name, e.g. "CMD_ATC_INV", or "CMD_UNKNOWN(0x7f)".
func (o Opcode) String() string {
	if n, ok := opNames[o]; ok {
		return n
	}
	return fmt.Sprintf("CMD_UNKNOWN(0x%02x)", uint8(o))
}

// Op returns the command's opcode.
func (c Cmd) Op() Opcode { return Opcode(c[0]) }

// SID returns dword 0 bits [63:32], the StreamID of the commands that carry one.
func (c Cmd) SID() uint32 { return uint32(c[0] >> 32) }

// CS is CMD_SYNC's completion signal field, dword 0 bits [13:12].
type CS uint8

// CMD_SYNC completion signals.
const (
	CSNone CS = 0 // no signal: software polls CMDQ_CONS
	CSIRQ  CS = 1 // MSI write of MSIData to MSIAddress
	CSSEV  CS = 2 // send event (wake WFE)
)

func (c CS) String() string {
	switch c {
	case CSNone:
		return "NONE"
	case CSIRQ:
		return "IRQ"
	case CSSEV:
		return "SEV"
	}
	return fmt.Sprintf("RESERVED(%d)", uint8(c))
}

// CERROR is the CMDQ_CONS.ERR reason code (Arm IHI 0070 §7.1).
type CERROR uint8

// Command error codes.
const (
	CErrorNone       CERROR = 0x00
	CErrorIll        CERROR = 0x01
	CErrorAbt        CERROR = 0x02
	CErrorATCInvSync CERROR = 0x03
)

// CMDQ_CONS.ERR is bits [30:24] of SMMU_CMDQ_CONS.
const (
	ConsErrShift = 24
	ConsErrMask  = 0x7f << ConsErrShift
)

// ConsErr reads CMDQ_CONS.ERR out of a CMDQ_CONS value.
func ConsErr(cons uint32) CERROR { return CERROR(cons & ConsErrMask >> ConsErrShift) }

// String returns the spec name of the code.
func (e CERROR) String() string {
	switch e {
	case CErrorNone:
		return "CERROR_NONE"
	case CErrorIll:
		return "CERROR_ILL"
	case CErrorAbt:
		return "CERROR_ABT"
	case CErrorATCInvSync:
		return "CERROR_ATC_INV_SYNC"
	}
	return fmt.Sprintf("CERROR(0x%02x)", uint8(e))
}

// KernelString returns the text Linux's cerror_str[] prints for the code.
func (e CERROR) KernelString() string {
	switch e {
	case CErrorNone:
		return "No error"
	case CErrorIll:
		return "Illegal command"
	case CErrorAbt:
		return "Abort on command fetch"
	case CErrorATCInvSync:
		return "ATC invalidate timeout"
	}
	return "Unknown"
}
