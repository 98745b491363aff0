package play

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/sim"
)

// TestFormatTimeJS runs web/timefmt.js in node over times of every size
// and compares each with sim.FormatTime: the lab and compare pages format
// times in JavaScript, the same way as everything formatted in Go.
func TestFormatTimeJS(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node")
	}
	ns := []int64{0, 1, 999, 1000, 1001, 5920, 12345, 99999, 618_500, 999_999, 1_000_000, 1_007_500, 1_010_000,
		110_003_000, 999_999_999, 1_000_000_000, 2_500_000_000, 123_456_789_012, -1500}
	for v := int64(7); v < 1e13; v = v*13 + 5 {
		ns = append(ns, v)
	}
	in, _ := json.Marshal(ns)
	script := fmt.Sprintf(`const f = require("../web/timefmt.js"); console.log(JSON.stringify(%s.map(f)));`, in)
	out, err := exec.Command(node, "-e", script).CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	var got []string
	if err := json.Unmarshal([]byte(strings.TrimSpace(string(out))), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for i, v := range ns {
		if want := sim.FormatTime(sim.Time(v)); got[i] != want {
			t.Errorf("%d ns: JavaScript %q, Go %q", v, got[i], want)
		}
	}
}
