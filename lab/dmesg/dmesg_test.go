package dmesg

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// seedLines are the six lines of the series' cover letter, as quoted
// there (indented, no timestamp, no dev prefix).
const seedLines = `    unexpected global error reported (0x00000001), this could be serious
    CMDQ error (cons 0x0302bb84): ATC invalidate timeout
    unexpected global error reported (0x00000001), this could be serious
    CMDQ error (cons 0x0302bb88): ATC invalidate timeout
    unexpected global error reported (0x00000001), this could be serious
    CMDQ error (cons 0x0302bb8c): ATC invalidate timeout
`

func field(t *testing.T, v Value, name string) Field {
	t.Helper()
	for _, f := range v.Fields {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("%s has no field %s: %+v", v.Name, name, v.Fields)
	return Field{}
}

// TestSeedDecode: the acceptance values: ERR 3, RD 0x2bb84, CMDQ_ERR active.
func TestSeedDecode(t *testing.T) {
	im, err := Parse(seedLines, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Lines) != 6 {
		t.Fatalf("%d lines", len(im.Lines))
	}
	g := im.Lines[0]
	if g.Kind != KindGERROR || len(g.Values[0].Fields) != 1 || g.Values[0].Fields[0].Name != "CMDQ_ERR" {
		t.Errorf("GERROR line: %+v", g)
	}
	c := im.Lines[1]
	if c.Kind != KindCmdqError {
		t.Fatalf("line 2 kind %s", c.Kind)
	}
	cons := c.Values[0]
	if f := field(t, cons, "ERR"); f.Value != 3 || !strings.Contains(f.Meaning, "CERROR_ATC_INV_SYNC") {
		t.Errorf("ERR field %+v", f)
	}
	if f := field(t, cons, "RD"); f.Value != 0x2bb84 {
		t.Errorf("RD field %+v", f)
	}
	// QS 19: wrap 0, index 0x2bb84. QS 17: wrap 1, index 0x0bb84.
	if f := field(t, cons, "index"); f.Value != 0x2bb84 || field(t, cons, "wrap").Value != 0 {
		t.Errorf("QS 19 split: %+v", cons.Fields)
	}
	im17, err := Parse(seedLines, Options{QS: 17})
	if err != nil {
		t.Fatal(err)
	}
	c17 := im17.Lines[1].Values[0]
	if field(t, c17, "index").Value != 0xbb84 || field(t, c17, "wrap").Value != 1 {
		t.Errorf("QS 17 split: %+v", c17.Fields)
	}
	// QS 16 cannot hold RD 0x2bb84: bit 17 would read as zero.
	if _, err := Parse(seedLines, Options{QS: 16}); err == nil || !strings.Contains(err.Error(), "line 2:") || !strings.Contains(err.Error(), "QS=16") {
		t.Errorf("QS 16: %v", err)
	}
	for _, want := range []string{"CMDQ_ERR is active", "CERROR_ATC_INV_SYNC", "RD = 0x2bb84"} {
		if !strings.Contains(g.Explain+c.Explain, want) {
			t.Errorf("explanations lack %q:\n%s\n%s", want, g.Explain, c.Explain)
		}
	}
}

// runScenario parses and runs an imported scenario, returning its log.
func runScenario(t *testing.T, src string) string {
	t.Helper()
	sc, err := scenario.Parse("imported.scn", []byte(src))
	if err != nil {
		t.Fatalf("the built scenario does not parse: %v\n%s", err, src)
	}
	s, err := sim.New(sc, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RunProgram(1 << 22); err != nil {
		t.Fatal(err)
	}
	for _, r := range s.Results() {
		if !r.OK {
			t.Errorf("built scenario: expect %s: got %s\n%s", r.Text, r.Got, src)
		}
	}
	return s.FormatLog(s.Log())
}

var msgOf = regexp.MustCompile(`^\[[ 0-9.]+\] arm-smmu-v3 [^ ]+: `)

// TestSeedReproduced: the scenario built from the seed's lines prints the
// same six messages, byte for byte.
func TestSeedReproduced(t *testing.T) {
	im, err := Parse(seedLines, Options{})
	if err != nil {
		t.Fatal(err)
	}
	log := runScenario(t, im.Scenario)
	var got []string
	for _, l := range strings.Split(strings.TrimSpace(log), "\n") {
		got = append(got, msgOf.ReplaceAllString(l, ""))
	}
	var want []string
	for _, l := range strings.Split(strings.TrimSpace(seedLines), "\n") {
		want = append(want, strings.TrimSpace(l))
	}
	if !slices.Equal(got, want) {
		t.Errorf("reproduced log:\n%s\nwant:\n%s\nscenario:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), im.Scenario)
	}
}

// TestRoundTrip: for logs of every kind the simulator prints, the built
// scenario parses, runs, and prints lines of the same kinds (checked by
// importing its output); kinds it cannot reproduce are named in Notes.
func TestRoundTrip(t *testing.T) {
	cases := map[string]string{
		"prefixed": `[  123.000000] arm-smmu-v3 arm-smmu-v3.0.auto: unexpected global error reported (0x00000001), this could be serious
[  123.000010] arm-smmu-v3 arm-smmu-v3.0.auto: CMDQ error (cons 0x03000105): ATC invalidate timeout
[  123.001010] arm-smmu-v3 arm-smmu-v3.0.auto: unexpected global error reported (0x00000001), this could be serious
[  123.001020] arm-smmu-v3 arm-smmu-v3.0.auto: CMDQ error (cons 0x0300010c): ATC invalidate timeout`,
		"illegal": `arm-smmu-v3 arm-smmu-v3.0.auto: unexpected global error reported (0x00000001), this could be serious
arm-smmu-v3 arm-smmu-v3.0.auto: CMDQ error (cons 0x01000040): Illegal command
arm-smmu-v3 arm-smmu-v3.0.auto: skipping command in error state:
arm-smmu-v3 arm-smmu-v3.0.auto: 	0x00000100000000ff
arm-smmu-v3 arm-smmu-v3.0.auto: 	0x0000000000000000`,
		"abort": `unexpected global error reported (0x00000001), this could be serious
CMDQ error (cons 0x02000010): Abort on command fetch
retrying command fetch`,
		"sync-timeout": `[    1.000010] arm-smmu-v3 arm-smmu-v3.0.auto: CMD_SYNC timeout at 0x00000003 [hwprod 0x00000004, hwcons 0x03000003]
[    1.000010] arm-smmu-v3 arm-smmu-v3.0.auto: unexpected global error reported (0x00000001), this could be serious
[    1.000010] arm-smmu-v3 arm-smmu-v3.0.auto: CMDQ error (cons 0x03000003): ATC invalidate timeout`,
		"sfm-series": `unexpected global error reported (0x00000101), this could be serious
device has entered Service Failure Mode!`,
		"sfm-baseline": `unexpected global error reported (0x00000101), this could be serious
device has entered Service Failure Mode!
CMDQ error (cons 0x03000003): ATC invalidate timeout`,
		"mixed": seedLines + `CMDQ error (cons 0x0102bb90): Illegal command
skipping command in error state:
    0x0000000000000040
    0x0000000000000036
CMDQ timeout
GERROR MSI write aborted`,
	}
	for name, text := range cases {
		t.Run(name, func(t *testing.T) {
			im, err := Parse(text, Options{})
			if err != nil {
				t.Fatal(err)
			}
			log := runScenario(t, im.Scenario)
			out, err := Parse(log, Options{})
			if err != nil {
				t.Fatalf("the reproduced log does not import: %v\n%s", err, log)
			}
			got := out.Kinds()
			for _, k := range im.Kinds() {
				if !slices.Contains(got, k) && !noted(im, k) {
					t.Errorf("kind %s not reproduced (got %v) and not noted %v\nscenario:\n%s\nlog:\n%s", k, got, im.Notes, im.Scenario, log)
				}
			}
		})
	}
}

func noted(im *Import, kind string) bool {
	words := map[string]string{KindMSIAbort: "MSI", KindQueueAbort: "abort", KindCmdqTimeout: "CMDQ timeout"}
	for _, n := range im.Notes {
		if w, ok := words[kind]; ok && strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// TestGarbage: rejected with the line number and what was expected.
func TestGarbage(t *testing.T) {
	cases := []struct{ text, want string }{
		{"", "line 1: no arm-smmu-v3 messages"},
		{"hello world", `line 1: not an arm-smmu-v3 message: "hello world" (expected one of`},
		{seedLines + "arm-smmu-v3 arm-smmu-v3.0.auto: probing\n", `line 7: unrecognised arm-smmu-v3 message "probing"`},
		{"[12.x] CMDQ timeout", "line 1: malformed timestamp"},
		{"CMDQ error (cons 0x0302bb84): Illegal command", "line 1: CONS 0x0302bb84 has ERR 3"},
		{"CMDQ error (cons 0x8302bb84): ATC invalidate timeout", "RES0"},
		{"skipping command in error state:\n0x40\nCMDQ timeout", "line 3: the command after"},
		{"0x0000000000000040", "outside a"},
		{"CMD_SYNC timeout at 0x00000003 [hwprod 0x00000004]", "line 1: not an arm-smmu-v3 message"},
	}
	for _, c := range cases {
		_, err := Parse(c.text, Options{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q) = %v, want an error containing %q", c.text, err, c.want)
		}
		var el ErrorList
		if err != nil && (!errors.As(err, &el) || el[0].Line < 1) {
			t.Errorf("Parse(%q): error without a line number: %v", c.text, err)
		}
	}
}

func TestLenient(t *testing.T) {
	im, err := Parse("[    0.000000] Booting Linux on physical CPU 0x0\n"+seedLines+"[    5.1] usb 1-1: new device\n", Options{Lenient: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(im.Skipped, []int{1, 8}) || len(im.Lines) != 6 {
		t.Errorf("skipped %v, %d lines", im.Skipped, len(im.Lines))
	}
}
