package strategy

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"path/filepath"
	"testing"

	"github.com/smmuplay/smmuplay/internal/golden"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name), got, *update)
}

func sweepRows(t *testing.T) []Row {
	rows, err := Sweep(Config{K: 2, ATSTimeoutNS: 1_000_000}, []int{2, 4, 8, 12, 16, 24, 32})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestSVGGolden(t *testing.T) {
	svg := SVG(sweepRows(t))
	// Well-formed XML, and the same bytes every time.
	d := xml.NewDecoder(bytes.NewReader([]byte(svg)))
	for {
		if _, err := d.Token(); err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("SVG is not well-formed: %v", err)
			}
			break
		}
	}
	if again := SVG(sweepRows(t)); again != svg {
		t.Fatal("SVG is not deterministic")
	}
	checkGolden(t, "sweep-k2-1ms.svg", []byte(svg))
}

func TestTableGolden(t *testing.T) {
	tab, err := Compare(Config{N: 8, Broken: []int{2, 5}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "table-n8-ep2-ep5.txt", []byte(tab.Text()))
	b, err := json.MarshalIndent(tab, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "table-n8-ep2-ep5.json", append(b, '\n'))
	// With the 60 s and 90 s timeouts the auto poll budget lets the driver
	// see the timeout: both strategies identify ep2 and ep5, and the wall
	// time is dominated by the timeouts.
	for _, r := range tab.Rows {
		if !r.Identified {
			t.Errorf("%s at %d ns: not identified", r.Strategy, r.ATSTimeoutNS)
		}
	}
}

// TestLinuxBudget: with Linux's 1 s poll budget and the PCIe 60 s ATS
// timeout the issuer gives up first and nothing is identified.
func TestLinuxBudget(t *testing.T) {
	for _, st := range Strategies {
		r, err := Measure(Config{N: 8, K: 1, ATSTimeoutNS: 60_000_000_000, PollBudgetNS: 1_000_000_000}, st)
		if err != nil {
			t.Fatal(err)
		}
		if r.Identified || r.Measured.Tests != 0 || len(r.Quarantined) != 0 {
			t.Errorf("%s: %+v: want nothing identified", st, r)
		}
	}
}

func TestLowerBound(t *testing.T) {
	for _, c := range []struct{ n, k, want int }{
		{1, 0, 0}, {1, 1, 0}, {2, 1, 1}, {8, 1, 3}, {8, 2, 5}, {16, 3, 10}, {64, 1, 6}, {1024, 2, 19}, {3, 5, 0},
	} {
		if got := LowerBound(c.n, c.k); got != c.want {
			t.Errorf("LowerBound(%d,%d) = %d, want %d", c.n, c.k, got, c.want)
		}
	}
}

func TestBadConfig(t *testing.T) {
	for _, c := range []Config{
		{N: 0, ATSTimeoutNS: 1}, {N: 4, K: 5, ATSTimeoutNS: 1}, {N: 4, ATSTimeoutNS: 0},
		{N: 4, Broken: []int{4}, ATSTimeoutNS: 1}, {N: 4, Placement: "middle", ATSTimeoutNS: 1},
	} {
		if _, err := Measure(c, "per-device"); err == nil {
			t.Errorf("%+v: no error", c)
		}
	}
	if _, err := Measure(Config{N: 4, ATSTimeoutNS: 1}, "random"); err == nil {
		t.Error("unknown strategy accepted")
	}
}
