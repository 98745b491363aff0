package cmdq

import "testing"

func TestATCInvAllEncoding(t *testing.T) {
	got := ATCInvAll(0x100, 0).Encode()
	want := Cmd{0x0000010000000040, 0x0000000000000034}
	if got != want {
		t.Fatalf("ATCInvAll(0x100, 0) = %#016x %#016x, want %#016x %#016x", got[0], got[1], want[0], want[1])
	}
	if err := Check(got); err != nil {
		t.Fatal(err)
	}
	if d := Describe(got); d != "CMD_ATC_INV sid=0x100 addr=0x0 size=52" {
		t.Errorf("Describe = %q", d)
	}
}

func TestATCInvRange(t *testing.T) {
	for _, tc := range []struct {
		name       string
		iova, size uint64
		addr       uint64
		sz         uint8
	}{
		{"pages 8-11", 0x8000, 0x4000, 0x8000, 2},
		{"pages 7-10", 0x7000, 0x4000, 0, 4},
		{"one page", 0x8000, 0x1000, 0x8000, 0},
		{"sub-page", 0x8123, 0x10, 0x8000, 0},
		{"straddle", 0x8fff, 2, 0x8000, 1},
		{"top page", ^uint64(0) &^ 0xfff, 0x1000, ^uint64(0) &^ 0xfff, 0},
		{"wraps", ^uint64(0) &^ 0xfff, 0x2000, ^uint64(0) &^ 0xfff, 0},
		{"everything", 0, ^uint64(0), 0, 52},
		{"size 0 means all", 0x8000, 0, 0, 52},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := ATCInvRange(0x100, 0, tc.iova, tc.size)
			if a.Addr != tc.addr || a.Size != tc.sz || a.SSV || a.SID != 0x100 {
				t.Fatalf("got %+v, want Addr %#x Size %d", a, tc.addr, tc.sz)
			}
			if err := Check(a.Encode()); err != nil {
				t.Fatal(err)
			}
			if tc.size == 0 {
				return
			}
			// Whatever the rounding, the requested range must be covered.
			end := tc.iova + tc.size - 1
			if end < tc.iova {
				end = ^uint64(0)
			}
			if !a.Covers(tc.iova>>12) || !a.Covers(end>>12) {
				t.Errorf("%+v does not cover [%#x, %#x]", a, tc.iova, end)
			}
		})
	}
	if d := Describe(ATCInvRange(0x100, 0, 0x8000, 0x1000).Encode()); d != "CMD_ATC_INV sid=0x100 addr=0x8000 size=0" {
		t.Errorf("Describe = %q", d)
	}
}

func TestATCInvPASID(t *testing.T) {
	a := ATCInvRange(0x100, 5, 0x8000, 0x1000)
	if !a.SSV || a.SSID != 5 {
		t.Fatalf("ssid 5 must set SSV: %+v", a)
	}
	if b := ATCInvOf(a.Encode()); b != a {
		t.Fatalf("round trip %+v -> %+v", a, b)
	}
	if d := Describe(a.Encode()); d != "CMD_ATC_INV sid=0x100 ssid=0x5 addr=0x8000 size=0" {
		t.Errorf("Describe = %q", d)
	}
}

func TestATCInvSpan(t *testing.T) {
	for _, tc := range []struct {
		a           ATCInv
		first, last uint64
	}{
		{ATCInv{Addr: 0x8000, Size: 0}, 0x8000, 0x8fff},
		{ATCInv{Addr: 0x8000, Size: 2}, 0x8000, 0xbfff},
		{ATCInv{Addr: 0x9000, Size: 2}, 0x8000, 0xbfff}, // SMMU aligns down
		{ATCInv{Addr: 0x7000, Size: 4}, 0, 0xffff},
		{ATCInv{Addr: 1 << 63, Size: 51}, 1 << 63, ^uint64(0)},
		{ATCInv{Addr: 0x8000, Size: 52}, 0, ^uint64(0)},
	} {
		f, l := tc.a.Span()
		if f != tc.first || l != tc.last {
			t.Errorf("%+v.Span() = [%#x, %#x], want [%#x, %#x]", tc.a, f, l, tc.first, tc.last)
		}
	}
	a := ATCInv{Addr: 0x8000, Size: 2}
	for page, want := range map[uint64]bool{7: false, 8: true, 11: true, 12: false} {
		if a.Covers(page) != want {
			t.Errorf("Covers(%d) = %v", page, !want)
		}
	}
	if all := ATCInvAll(1, 0); !all.Covers(0) || !all.Covers(^uint64(0)>>12) {
		t.Error("ATCInvAll must cover every page")
	}
}
