package tutorials

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParseMarker throws arbitrary text at the step-marker and value
// parsers: they must never panic, and what they accept must be
// consistent (exactly one position, valid targets).
func FuzzParseMarker(f *testing.F) {
	for _, s := range []string{
		`event=12 select=ep5`, `event=+3`, `time=1.5ms select=reg:CMDQ_CONS,slot:4`, `when="cons.err == 3"`,
		`on="returned -EIO"`, `end scenario=t1`, `when="log contains \"x\""`, `end select=ep0\" onmouseover=\"x`,
		`event=`, `when="`, `"`, `end end`, `select=,,,`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMarker(s)
		if err == nil {
			if m.Where < ByEvent || m.Where > ByNarration {
				t.Fatalf("%q: accepted with no position", s)
			}
			if len(m.Select) > maxTargets {
				t.Fatalf("%q: %d targets", s, len(m.Select))
			}
		}
		v, err := ParseValueRef(s)
		if err == nil && v.Name == "" {
			t.Fatalf("%q: value reference without a name", s)
		}
	})
}

// FuzzRender runs whole pages through the extension: no panic, no unsafe
// markup in the output, and an error exactly when problems are listed.
// The seeds are the golden cases; the run budget is small so that a
// fuzzed workload stays fast.
func FuzzRender(f *testing.F) {
	cases, _ := filepath.Glob("testdata/ext/*.md")
	for _, c := range cases {
		b, _ := os.ReadFile(c)
		f.Add(string(b))
	}
	f.Add("```scenario\nendpoint ep0\n```\n@step end\n@claim ep0.atc == 0\n{{ep0.atc}}")
	f.Fuzz(func(t *testing.T, md string) {
		if len(md) > 8<<10 {
			return
		}
		p, err := RenderWith("fuzz.md", []byte(md), Options{MaxEvents: 20_000})
		if (err != nil) != (len(p.Problems) > 0) {
			t.Fatalf("error %v with %d problems", err, len(p.Problems))
		}
		checkSafe(t, p.HTML)
		if strings.Contains(p.HTML, "<script") {
			t.Fatal("script tag in the output")
		}
	})
}
