package cmdq

import (
	"fmt"
	"math/bits"
)

// IllegalError says why a command would raise CERROR_ILL.
type IllegalError struct {
	Op     Opcode
	Field  string // spec field name, "OP" or "RES0"
	Reason string
}

func (e *IllegalError) Error() string { return e.Op.String() + ": " + e.Reason }

// unimplemented gives the reason for opcodes the spec defines but this SMMU
// model does not support (SMMU_IDR0.PRI=0 and no stall model), so that a
// log says more than "unknown".
var unimplemented = map[Opcode]string{
	opPRIResp:   "not implemented: this SMMU has no PRI queue (IDR0.PRI=0)",
	opResume:    "not implemented: this SMMU has no stall model, nothing to resume",
	opStallTerm: "not implemented: this SMMU has no stall model, nothing to terminate",
}

// Check returns nil if c is a legal command for this SMMU model, else an
// *IllegalError. It allocates only when c is illegal.
func Check(c Cmd) error {
	o := c.Op()
	if layouts[o] == nil {
		if r, ok := unimplemented[o]; ok {
			return &IllegalError{o, "OP", r}
		}
		return &IllegalError{o, "OP", fmt.Sprintf("unknown opcode 0x%02x", uint8(o))}
	}
	for dw := range 2 {
		if extra := c[dw] &^ defined[o][dw]; extra != 0 {
			return &IllegalError{o, "RES0", fmt.Sprintf("RES0 bits set in dword %d: %#x (bits %d..%d)",
				dw, extra, bits.TrailingZeros64(extra), 63-bits.LeadingZeros64(extra))}
		}
	}
	switch o {
	case OpATCInv:
		a := ATCInvOf(c)
		if a.Size > atcSizeAll {
			return &IllegalError{o, "Size", fmt.Sprintf("Size %d > %d is reserved", a.Size, atcSizeAll)}
		}
		// The spec gives Global a meaning only alongside a SubstreamID: it
		// becomes the Global Invalidate bit of a PASID-prefixed ATS
		// Invalidate Request, and PCIe has no such bit without a PASID. An
		// implementation could instead ignore it; this model makes the
		// combination illegal so a driver that sets it learns at once.
		if a.Global && !a.SSV {
			return &IllegalError{o, "Global", "Global=1 requires SSV=1"}
		}
	case OpSync:
		if cs := SyncOf(c).CS; cs > CSSEV {
			return &IllegalError{o, "CS", fmt.Sprintf("CS %d is reserved", cs)}
		}
	}
	return nil
}
