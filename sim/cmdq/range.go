package cmdq

// Range invalidation (SMMUv3.2 IDR3.RIL, Arm IHI 0070 §4.4 (TLB invalidation)): a
// TLBI_{NH,EL2}_VA or TLBI_S2_IPA with TG ≠ 0 covers (NUM+1)·2^SCALE
// granules of the translation granule TG selects, starting at Address.
// NUM is 5 bits (1..32 granules before scaling), SCALE 5 bits (0..31).

// Largest NUM+1 and SCALE the fields hold.
const (
	rangeNumMax   = 32
	rangeScaleMax = 31
)

// granuleShift is log2 of the translation granule TG selects (4 KiB, 16 KiB,
// 64 KiB); 0 for TG=0, the single-address form.
func granuleShift(tg uint8) uint {
	return [4]uint{0, 12, 14, 16}[tg&3]
}

// rangeBytes is how many bytes a range invalidation with these fields
// covers: (NUM+1)·2^SCALE granules. ok is false for TG=0, where NUM and
// SCALE are ignored and one address is invalidated.
func rangeBytes(num, scale, tg uint8) (n uint64, ok bool) {
	g := granuleShift(tg)
	if g == 0 {
		return 0, false
	}
	return (uint64(num&31) + 1) << (uint(scale&31) + g), true
}

// TLBIRange is one range command's fields: NUM, SCALE, TG and the start.
type TLBIRange struct {
	Num, Scale, TG uint8
	Addr           uint64
}

// Bytes is the span of r.
func (r TLBIRange) Bytes() uint64 {
	n, _ := rangeBytes(r.Num, r.Scale, r.TG)
	return n
}

// splitRange covers [iova, iova+size) with range commands of granule tg
// (1..3) the way __arm_smmu_tlb_inv_range does on an SMMU with range
// invalidation: while pages remain, SCALE is the lowest set bit of the
// page count and NUM+1 the next five bits of it, so each command removes
// a chunk of the count and the starts advance by the chunk. size is
// rounded up to whole granules. A 2 MiB range in 4 KiB granules (512
// pages) is one command, NUM=0 SCALE=9; 35 pages are two, NUM=2 SCALE=0
// (3 pages) then NUM=0 SCALE=5 (32 pages).
func splitRange(iova, size uint64, tg uint8) []TLBIRange {
	g := granuleShift(tg)
	if g == 0 || size == 0 {
		return nil
	}
	pages := (size + 1<<g - 1) >> g
	var out []TLBIRange
	for pages != 0 {
		scale := uint(0)
		for pages>>scale&1 == 0 {
			scale++
		}
		// The next five bits of the count; bit SCALE is set, so this is
		// odd and never 0.
		num := pages >> scale & (rangeNumMax - 1)
		out = append(out, TLBIRange{Num: uint8(num - 1), Scale: uint8(scale), TG: tg, Addr: iova})
		pages -= num << scale
		iova += num << (scale + g)
	}
	return out
}
