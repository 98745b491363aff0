package cmdq

// mask returns bits [hi:lo] set. A variable shift by 64 yields 0 in Go, so
// the full-width case needs no special handling.
func mask(hi, lo uint) uint64 { return (uint64(1)<<(hi-lo+1) - 1) << lo }

// get extracts bits [hi:lo] of x, shifted down to bit 0.
func get(x uint64, hi, lo uint) uint64 { return (x & mask(hi, lo)) >> lo }

// put places v into bits [hi:lo], silently dropping bits that do not fit:
// hardware only ever sees the field's width, so Encode mirrors that.
func put(v uint64, hi, lo uint) uint64 { return (v << lo) & mask(hi, lo) }

func bit(b bool, n uint) uint64 {
	if b {
		return 1 << n
	}
	return 0
}

func op(o Opcode) uint64 { return uint64(o) }
