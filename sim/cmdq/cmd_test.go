package cmdq

import "testing"

func TestConsErr(t *testing.T) {
	for _, c := range []struct {
		cons uint32
		want CERROR
	}{{0x0302bb84, CErrorATCInvSync}, {0x00000005, CErrorNone}, {0x81000000, CErrorIll}, {0x7f000000, CERROR(0x7f)}} {
		if got := ConsErr(c.cons); got != c.want {
			t.Errorf("ConsErr(%#08x) = %v, want %v", c.cons, got, c.want)
		}
	}
}
