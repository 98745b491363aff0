package cmdq

import (
	"strings"
	"testing"
)

// The SMMU's range is (NUM+1)·2^SCALE granules (Arm IHI 0070 §4.4 (TLB invalidation);
// __arm_smmu_tlb_inv_range: "range is num * 2^scale * pgsize"), not the
// CPU TLBI RVA's (NUM+1)·2^(5·SCALE+1) pages.
func TestRangeBytes(t *testing.T) {
	for _, c := range []struct {
		num, scale, tg uint8
		want           uint64
		ok             bool
	}{
		{0, 0, 0, 0, false}, // single-address form
		{5, 3, 0, 0, false},
		{0, 0, 1, 4 << 10, true},         // one 4 KiB granule
		{1, 0, 1, 8 << 10, true},         // two
		{0, 1, 1, 8 << 10, true},         // 2^1 granules
		{2, 1, 1, 24 << 10, true},        // 3·2 granules
		{15, 5, 1, 16 * 32 * 4096, true}, // the RVA formula would give 16·2^11 pages
		{0, 9, 1, 2 << 20, true},         // 2 MiB
		{31, 31, 1, 32 << (31 + 12), true},
		{0, 0, 2, 16 << 10, true},
		{3, 2, 3, 4 * 4 * 64 << 10, true},
	} {
		n, ok := rangeBytes(c.num, c.scale, c.tg)
		if n != c.want || ok != c.ok {
			t.Errorf("RangeBytes(num=%d, scale=%d, tg=%d) = %#x, %v; want %#x, %v", c.num, c.scale, c.tg, n, ok, c.want, c.ok)
		}
	}
}

func TestSplitRange(t *testing.T) {
	for _, c := range []struct {
		iova, size uint64
		tg         uint8
		want       []TLBIRange
	}{
		{0x8000, 0x1000, 1, []TLBIRange{{0, 0, 1, 0x8000}}},
		{0x8000, 0x1001, 1, []TLBIRange{{0, 1, 1, 0x8000}}}, // rounded up to 2 granules: 1·2^1
		{0, 2 << 20, 1, []TLBIRange{{0, 9, 1, 0}}},
		{0, 35 << 12, 1, []TLBIRange{{2, 0, 1, 0}, {0, 5, 1, 3 << 12}}}, // 3·2^0 + 1·2^5
		{0, 32 << 12, 1, []TLBIRange{{0, 5, 1, 0}}},
		{0, 63 << 12, 1, []TLBIRange{{30, 0, 1, 0}, {0, 5, 1, 31 << 12}}},
		{0x10000, 3 << 16, 3, []TLBIRange{{2, 0, 3, 0x10000}}},
		{0, 0x1000, 0, nil},
	} {
		got := splitRange(c.iova, c.size, c.tg)
		if len(got) != len(c.want) {
			t.Errorf("SplitRange(%#x, %#x, %d) = %+v, want %+v", c.iova, c.size, c.tg, got, c.want)
			continue
		}
		var total uint64
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("SplitRange(%#x, %#x, %d)[%d] = %+v, want %+v", c.iova, c.size, c.tg, i, got[i], c.want[i])
			}
			if got[i].Addr != c.iova+total {
				t.Errorf("command %d starts at %#x, want %#x", i, got[i].Addr, c.iova+total)
			}
			total += got[i].Bytes()
		}
		g := uint64(1) << granuleShift(c.tg)
		if c.tg != 0 && total != (c.size+g-1)/g*g {
			t.Errorf("SplitRange(%#x, %#x, %d) covers %#x bytes", c.iova, c.size, c.tg, total)
		}
	}
}

func TestRangeFieldText(t *testing.T) {
	fs := Fields(TLBIS2IPA{VMID: 3, TG: 1, Num: 2, Scale: 1, Addr: 0x8000}.Encode())
	var num, scale string
	for _, f := range fs {
		switch f.Name {
		case "NUM":
			num = f.Meaning
		case "SCALE":
			scale = f.Meaning
		}
	}
	// 3·2 granules of 4 KiB.
	for _, s := range []string{num, scale} {
		if !strings.Contains(s, "6 × 4096 B = 0x6000 bytes") || strings.Contains(s, "5·") {
			t.Errorf("range text %q", s)
		}
	}
	fs = Fields(TLBIS2IPA{VMID: 3, Addr: 0x8000}.Encode())
	for _, f := range fs {
		if (f.Name == "NUM" || f.Name == "SCALE") && !strings.Contains(f.Meaning, "ignored: TG=0") {
			t.Errorf("%s with TG=0: %q", f.Name, f.Meaning)
		}
	}
}
