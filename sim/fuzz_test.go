package sim

import (
	"fmt"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/sim/scenario"
)

// FuzzWorld runs small random worlds (seed, size, which endpoints are
// broken, slow, reset or attached elsewhere, policy and strategy) with
// every invariant checked after every event: none may break, and under
// the series nothing is ever corrupted.
func FuzzWorld(f *testing.F) {
	f.Add(uint64(1), uint8(8), uint16(0b100000), uint8(0), uint8(0))
	f.Add(uint64(7), uint8(3), uint16(0b111), uint8(1), uint8(3))
	f.Add(uint64(9), uint8(12), uint16(0b100000010001), uint8(2), uint8(1))
	f.Add(uint64(2), uint8(4), uint16(0b10), uint8(0), uint8(5))
	f.Add(uint64(2017), uint8(4), uint16(0b10), uint8(2), uint8(4))
	f.Fuzz(func(t *testing.T, seed uint64, n uint8, broken uint16, policy uint8, extra uint8) {
		n = n%12 + 1
		pol := []string{"series", "series strategy=halving", "baseline"}[policy%3]
		var src strings.Builder
		fmt.Fprintf(&src, "policy %s\n", pol)
		if extra%6 >= 4 {
			src.WriteString("domain vm0\ndomain vm1 pages=16\n")
		}
		fmt.Fprintf(&src, "endpoints %d domain=vm0\nworkload unmaps=6 period=30us\n", n)
		var names []string
		for i := 0; i < int(n); i++ {
			if broken&(1<<i) != 0 {
				names = append(names, fmt.Sprintf("ep%d", i))
			}
		}
		if len(names) > 0 {
			fmt.Fprintf(&src, "broken %s\n", strings.Join(names, ","))
		}
		target := fmt.Sprintf("ep%d", int(extra)%int(n))
		switch extra % 6 {
		case 1:
			fmt.Fprintf(&src, "at 40us slow %s delay=2ms\n", target)
		case 2:
			fmt.Fprintf(&src, "at 3ms flr %s result=ok\n", target)
		case 3:
			fmt.Fprintf(&src, "at 2500us flr %s result=fail\n", target)
		case 4:
			// An attach while the target may be quarantined or blocked.
			fmt.Fprintf(&src, "at %dus attach %s domain=vm1\n", 1000+int(seed%4000), target)
		case 5:
			// An attach racing a reset, then a MUST_SUCCEED one.
			fmt.Fprintf(&src, "at 3ms flr %s result=%s\nat 3ms attach %s domain=vm1\nat 4ms attach %s domain=vm1 must-succeed\n",
				target, map[bool]string{true: "ok", false: "fail"}[seed%2 == 0], target, target)
		}
		src.WriteString("run\n")
		sc, err := scenario.Parse("fuzz", []byte(src.String()))
		if err != nil {
			t.Fatalf("%v\n%s", err, src.String())
		}
		s, err := New(sc, seed)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.RunProgram(2_000_000); err != nil {
			t.Fatal(err)
		}
		if v := s.Violations(); len(v) > 0 {
			t.Fatalf("event %d: %s\n%s", v[0].N, v[0].Msg, src.String())
		}
		if strings.HasPrefix(pol, "series") && s.Summary().CorruptDMA != 0 {
			t.Fatalf("corruption under the series\n%s", src.String())
		}
	})
}
