package cmdq

import "testing"

func TestKernelSync(t *testing.T) {
	for _, tc := range []struct {
		cs   CS
		addr uint64
		want Cmd
		desc string
	}{
		{CSIRQ, 0x80001230, Cmd{0x000000000FC01046, 0x80001230}, "CMD_SYNC cs=IRQ msiaddr=0x80001230 msidata=0x0"},
		{CSSEV, 0x80001230, Cmd{0x000000000FC02046, 0}, "CMD_SYNC cs=SEV"},
		{CSNone, 0x80001230, Cmd{0x000000000FC00046, 0}, "CMD_SYNC cs=NONE"},
	} {
		got := KernelSync(tc.cs, tc.addr).Encode()
		if got != tc.want {
			t.Errorf("KernelSync(%v) = %#016x %#016x, want %#016x %#016x", tc.cs, got[0], got[1], tc.want[0], tc.want[1])
		}
		if err := Check(got); err != nil {
			t.Error(err)
		}
		if d := Describe(got); d != tc.desc {
			t.Errorf("Describe = %q, want %q", d, tc.desc)
		}
		if s := SyncOf(got); s != KernelSync(tc.cs, tc.addr) {
			t.Errorf("SyncOf = %+v", s)
		}
	}
}
