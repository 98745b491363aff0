package dmesg

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
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

// msgOf is a line's timestamp and dev prefix; the ratelimit's own line has
// no dev prefix.
var msgOf = regexp.MustCompile(`^\[[ 0-9.]+\] (arm-smmu-v3 [^ ]+: )?`)

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
			checkClaims(t, im)
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

// noted: every line of the kind is listed as not reproduced, with a reason.
func noted(im *Import, kind string) bool {
	gap := map[int]bool{}
	for _, g := range im.Unreproduced {
		for _, n := range g.Lines {
			gap[n] = g.Why != ""
		}
	}
	found := false
	for _, l := range im.Lines {
		if l.Kind == kind {
			found = true
			if !gap[l.Num] {
				return false
			}
		}
	}
	return found
}

// TestStrict: with Options.Strict a line that is not one of the driver's
// messages, or is cut or malformed, rejects the input, with its line
// number; the list of expected messages comes once, at the end.
func TestStrict(t *testing.T) {
	cases := []struct{ text, want string }{
		{"", "line 1: no arm-smmu-v3 messages found in 0 lines"},
		{"hello world", `line 1: not an arm-smmu-v3 message: "hello world"`},
		{seedLines + "arm-smmu-v3 arm-smmu-v3.0.auto: probing\n", `line 7: an arm-smmu-v3 message the importer does not decode: "probing"`},
		{"[12.x] CMDQ timeout", "line 1: malformed timestamp"},
		{"CMDQ error (cons 0x0302bb84): Illegal command", "line 1: CONS 0x0302bb84 has ERR 3"},
		{"CMDQ error (cons 0x8302bb84): ATC invalidate timeout", "RES0"},
		{"skipping command in error state:\n0x40\nCMDQ timeout", "line 3: the command after"},
		{"0x0000000000000040", "outside an event record or a skipped command"},
		{"CMD_SYNC timeout at 0x00000003 [hwprod 0x00000004]", "line 1: the values after the CMD_SYNC position are missing"},
		{"CMDQ err", `line 1: a cut or malformed arm-smmu-v3 message: "CMDQ err"`},
	}
	for _, c := range cases {
		_, err := Parse(c.text, Options{Strict: true})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q) = %v, want an error containing %q", c.text, err, c.want)
			continue
		}
		var el ErrorList
		if !errors.As(err, &el) || el[0].Line < 1 {
			t.Errorf("Parse(%q): error without a line number: %v", c.text, err)
		}
		if n := strings.Count(err.Error(), "expected the arm-smmu-v3 driver's messages"); n > 1 {
			t.Errorf("Parse(%q): the expected messages are listed %d times", c.text, n)
		}
		for _, e := range el {
			if strings.Contains(e.Msg, "\n") {
				t.Errorf("Parse(%q): a message of more than one line: %q", c.text, e.Msg)
			}
		}
	}
}

// TestLenient: by default other drivers' lines are skipped (counted and
// listed), a cut or malformed arm-smmu-v3 line is a warning with its
// line number, and the rest imports.
func TestLenient(t *testing.T) {
	im, err := Parse("[    0.000000] Booting Linux on physical CPU 0x0\n"+seedLines+"[    5.1] usb 1-1: new device\n", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(im.Skipped, []int{1, 8}) || len(im.Lines) != 6 || len(im.Warnings) != 0 {
		t.Errorf("skipped %v, %d lines, warnings %v", im.Skipped, len(im.Lines), im.Warnings)
	}
	cut := seedLines + "    CMDQ error (cons 0x0302bb\narm-smmu-v3 arm-smmu-v3.0.auto: probing\n"
	im, err = Parse(cut, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Lines) != 6 || len(im.Warnings) != 2 || im.Warnings[0].Line != 7 || im.Warnings[1].Line != 8 {
		t.Errorf("%d lines, warnings %v", len(im.Lines), im.Warnings)
	}
	if _, err := Parse(cut, Options{Strict: true}); err == nil {
		t.Error("strict: the cut line is accepted")
	}
}

// TestErrorClipped: a megabyte line comes back clipped, in one line.
func TestErrorClipped(t *testing.T) {
	long := "CMDQ error (cons 0x0302bb84): " + strings.Repeat("x", 1<<20)
	_, err := Parse(long, Options{Strict: true})
	if err == nil || len(err.Error()) > 2000 {
		t.Fatalf("error of %d bytes", len(err.Error()))
	}
	im, err := Parse(long, Options{})
	if err != nil || len(im.Warnings) != 1 || len(im.Warnings[0].Msg) > 400 || len(im.Lines[0].Raw) > maxRaw+10 {
		t.Fatalf("%v %+v", err, im.Warnings)
	}
}

// TestLastLine: "no messages" names the file's real last line, whether
// or not it ends with a newline.
func TestLastLine(t *testing.T) {
	for _, text := range []string{"a\nb\nc", "a\nb\nc\n", "a\r\nb\r\nc\r\n"} {
		_, err := Parse(text, Options{})
		var el ErrorList
		if !errors.As(err, &el) || el[0].Line != 3 {
			t.Errorf("Parse(%q) = %v, want line 3", text, err)
		}
	}
}

// TestSyncTimeouts: each form of the CMD_SYNC timeout line is reproduced
// by what can print it, or says why it cannot be.
func TestSyncTimeouts(t *testing.T) {
	cases := []struct {
		line  string
		repro bool
		why   string // in the reason when not reproduced
		scn   string // in the scenario when reproduced
	}{
		{"CMD_SYNC timeout at 0x000152ff [hwprod 0x00015300, hwcons 0x00014ec2]", true, "", "cmd-latency="},
		{"CMD_SYNC timeout at 0x00000146 [hwprod 0x00000147, hwcons 0x00000146]", true, "", "behavior=slow"},
		{"CMD_SYNC timeout at 0x00000003 [hwprod 0x00000004, hwcons 0x00000001]", true, "", "cmd-latency="},
		{"CMD_SYNC timeout at 0x00000003 [hwprod 0x00000004, hwcons 0x03000003]", true, "", "irq-cpu=0"},
		{"CMD_SYNC timeout at 0x00000146 [hwprod 0x00000146, hwcons 0x00000000]", false, "hwprod equals", ""},
		{"CMD_SYNC timeout at 0x00000146 [hwprod 0x00000150, hwcons 0x00000100]", false, "other CPUs", ""},
		{"CMD_SYNC timeout at 0x00000146 [hwprod 0x00000147, hwcons 0x01000146]", false, "not one the model can print", ""},
		{"CMD_SYNC timeout at 0x00040000 [hwprod 0x00040001, hwcons 0x00000000]", false, "more than one unmap", ""},
		{"CMD_SYNC timeout", false, "pre-5.3", ""},
		{"CMD_SYNC timeout at 0x00017d73 ...", false, "cut from the paste", ""},
		{"platform arm-smmu-v3.0.auto: CMD_SYNC timeout at 0x00000146 [hwprod 0x00000147, hwcons 0x00000000]", false, "unbound", ""},
	}
	for _, c := range cases {
		im, err := Parse(c.line, Options{})
		if err != nil {
			t.Fatalf("%s: %v", c.line, err)
		}
		l := im.Lines[0]
		if l.Kind != KindSyncTimeout || l.Reproduced != c.repro {
			t.Errorf("%s: kind %s reproduced %v, unreproduced %v", c.line, l.Kind, l.Reproduced, im.Unreproduced)
			continue
		}
		if !c.repro {
			if len(im.Unreproduced) != 1 || !strings.Contains(im.Unreproduced[0].Why, c.why) || im.Scenario != "" {
				t.Errorf("%s: %v, scenario %q", c.line, im.Unreproduced, im.Scenario)
			}
			continue
		}
		if !strings.Contains(im.Scenario, c.scn) {
			t.Errorf("%s: scenario lacks %q:\n%s", c.line, c.scn, im.Scenario)
		}
		got := checkClaims(t, im)
		for _, m := range got {
			if (strings.HasPrefix(m, "CMDQ error") || strings.HasPrefix(m, "unexpected global error")) && strings.Contains(c.line, "hwcons 0x00") {
				t.Errorf("%s: the reproduction invents %q", c.line, m)
			}
		}
	}
}

// TestEvents: the corpus's event records decode field by field.
func TestEvents(t *testing.T) {
	im, err := Parse(`> [  196.747107] arm-smmu-v3 arm-smmu-v3.0.auto: event 0x10 received:
> [  196.747109] arm-smmu-v3 arm-smmu-v3.0.auto: 0x00000180 00000010
> [  196.747110] arm-smmu-v3 arm-smmu-v3.0.auto: 0x0000020100000000
> [  196.747111] arm-smmu-v3 arm-smmu-v3.0.auto: 0x00000000ffffe040
> [  196.747113] arm-smmu-v3 arm-smmu-v3.0.auto: 0x00000000ffffe000
arm-smmu-v3 arm-smmu-v3.1.auto: event 0x10 received:
arm-smmu-v3 arm-smmu-v3.1.auto:  0x0000790000000010
arm-smmu-v3 arm-smmu-v3.1.auto:  0x0000120800000083
arm-smmu-v3 arm-smmu-v3.1.auto:  0x00000000000000c0
arm-smmu-v3 arm-smmu-v3.1.auto:  0x0000000000000000
arm-smmu-v3 arm-smmu-v3.1.auto: event 0x03 received:
arm-smmu-v3 arm-smmu-v3.1.auto:  0x0000790000000803
arm-smmu-v3 arm-smmu-v3.1.auto:  0x0000000000000000
arm-smmu-v3 arm-smmu-v3.1.auto:  0x0000000000000000
arm-smmu-v3 arm-smmu-v3.1.auto:  0x0000000080001238
[ 3265.542672] arm-smmu-v3 8806000000.iommu: EVTQ overflow detected -- events lost
[ 3265.549999] arm_smmu_evtq_thread: 25830 callbacks suppressed
arm-smmu-v3 x: event 0x10 received:
arm-smmu-v3 x:  0x0000790000000010
`, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Events) != 4 {
		t.Fatalf("%d events", len(im.Events))
	}
	e := im.Events[0]
	if e.Name != "F_TRANSLATION" || e.SID != 0x180 || e.SSV || e.Addr != "0xffffe040" || e.Access != "unprivileged data write at stage 1 (Input address caused fault)" || !e.Complete {
		t.Errorf("event 0: %+v", e)
	}
	e = im.Events[1]
	if e.SID != 0x7900 || !strings.Contains(e.Access, "read") || e.Addr != "0xc0" || im.Lines[5].Values[0].Fields[4].Value != 0x83 {
		t.Errorf("event 1: %+v %+v", e, im.Lines[5].Values[0].Fields[4])
	}
	e = im.Events[2]
	if e.Name != "F_STE_FETCH" || !e.SSV || e.SSID != 0 || e.AddrName != "fetch address" || e.Addr != "0x80001238" {
		t.Errorf("event 2: %+v", e)
	}
	if e = im.Events[3]; e.Complete || !strings.Contains(e.Explain, "Only 1 of its 4 dwords") {
		t.Errorf("event 3: %+v", e)
	}
	if len(im.Warnings) != 1 || !strings.Contains(im.Warnings[0].Msg, "has 1 of its 4 dwords") {
		t.Errorf("warnings %v", im.Warnings)
	}
	if !slices.Equal(im.Kinds(), []string{KindEvent, KindEventDword, KindEvtqOverflow, KindSuppressed}) || im.Scenario == "" {
		t.Errorf("kinds %v, scenario %q", im.Kinds(), im.Scenario)
	}
	// The model rebuilds the overflow and the ratelimit's count; none of
	// these records (stage 1 faults, an STE fetch abort, a cut record).
	for _, l := range im.Lines {
		want := l.Kind == KindEvtqOverflow || l.Kind == KindSuppressed
		if l.Reproduced != want || l.Explain == "" {
			t.Errorf("line %d: %+v", l.Num, l)
		}
	}
	why := map[int]string{}
	for _, g := range im.Unreproduced {
		for _, n := range g.Lines {
			why[n] = g.Why
		}
	}
	for n, w := range map[int]string{1: whyStage1, 3: whyStage1, 6: whyStage1, 12: "never raises F_STE_FETCH", 18: whyPart, 19: whyPart} {
		if !strings.Contains(why[n], w) {
			t.Errorf("line %d: why %q, want %q", n, why[n], w)
		}
	}
	checkClaims(t, im)
}

// TestEditedLineNotClaimed: a pasted line that is not as the kernel prints
// its values ("%08x" without its leading zeros, a wrong reason) is decoded
// but not claimed: the built scenario pinned it verbatim and its own run
// failed the expectation (found by FuzzDmesgLink).
func TestEditedLineNotClaimed(t *testing.T) {
	for _, text := range []string{
		"CMDQ error (cons 0x1000000): 0",
		"CMDQ error (cons 0x01000000): Illegal",
		"unexpected global error reported (0x1), this could be serious",
	} {
		im, err := Parse(text+"\n", Options{})
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		if im.Lines[0].Reproduced || strings.Contains(im.Scenario, strconv.Quote(text)) {
			t.Errorf("%q: claimed and pinned as printed:\n%s", text, im.Scenario)
		}
	}
}
