package cmdq

import "math/bits"

// atcSizeAll is the CMD_ATC_INV Size that spans the whole 64-bit address
// space (Linux ATC_INV_SIZE_ALL); larger values are reserved.
const atcSizeAll = 52

// ATCInv is CMD_ATC_INV: ask the endpoint behind SID to drop ATC entries.
// Addr is a byte address; only bits [63:12] are carried.
type ATCInv struct {
	SID, SSID   uint32
	SSV, Global bool
	Addr        uint64
	Size        uint8
}

func (ATCInv) Opcode() Opcode { return OpATCInv }

func (a ATCInv) Encode() Cmd {
	return Cmd{
		op(OpATCInv) | bit(a.Global, 9) | bit(a.SSV, 11) |
			put(uint64(a.SSID), 31, 12) | put(uint64(a.SID), 63, 32),
		put(uint64(a.Size), 5, 0) | a.Addr&mask(63, 12),
	}
}

// ATCInvOf reads c's fields as CMD_ATC_INV without looking at the opcode.
func ATCInvOf(c Cmd) ATCInv {
	return ATCInv{
		SID:    uint32(get(c[0], 63, 32)),
		SSID:   uint32(get(c[0], 31, 12)),
		SSV:    c[0]&(1<<11) != 0,
		Global: c[0]&(1<<9) != 0,
		Addr:   c[1] & mask(63, 12),
		Size:   uint8(get(c[1], 5, 0)),
	}
}

// ATCInvRange builds the single command Linux's arm_smmu_atc_inv_to_cmd
// sends for [iova, iova+size): the smallest naturally aligned power-of-two
// run of 4 KiB pages covering the range. Over-invalidation is deliberate,
// one command per SID/SSID being cheaper than exactness. size 0 has no last
// byte; it becomes a full invalidation, which is what the pre-2026 kernel
// meant by size 0.
func ATCInvRange(sid, ssid uint32, iova, size uint64) ATCInv {
	if size == 0 {
		return ATCInvAll(sid, ssid)
	}
	end := iova + size - 1
	if end < iova { // wrapped past 2^64
		end = ^uint64(0)
	}
	start, last := iova>>12, end>>12
	span := uint(bits.Len64(start ^ last))
	start &^= uint64(1)<<span - 1
	return ATCInv{SID: sid, SSID: ssid, SSV: ssid != 0, Addr: start << 12, Size: uint8(span)}
}

// ATCInvAll builds the full-ATC invalidation Linux sends on attach, detach
// and ATS enable. ssid 0 is IOMMU_NO_PASID, which needs no SSV.
func ATCInvAll(sid, ssid uint32) ATCInv {
	return ATCInv{SID: sid, SSID: ssid, SSV: ssid != 0, Size: atcSizeAll}
}

// Span returns the inclusive byte range the SMMU invalidates: the SMMU
// ignores Address bits below the span, so the range is aligned to its size.
// Reserved sizes (> 52) are treated as everything so a caller that skipped
// Check still over- rather than under-invalidates.
func (a ATCInv) Span() (first, last uint64) {
	if a.Size >= atcSizeAll {
		return 0, ^uint64(0)
	}
	n := uint64(1)<<(12+uint(a.Size)) - 1
	first = a.Addr &^ n
	return first, first + n
}

// Covers reports whether the 4 KiB page number iovaPage lies in Span.
func (a ATCInv) Covers(iovaPage uint64) bool {
	first, last := a.Span()
	return iovaPage >= first>>12 && iovaPage <= last>>12
}
