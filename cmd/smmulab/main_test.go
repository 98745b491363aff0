package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const seedLines = `    unexpected global error reported (0x00000001), this could be serious
    CMDQ error (cons 0x0302bb84): ATC invalidate timeout
`

func runCLI(stdin string, args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, env{strings.NewReader(stdin), &o, &e})
	return code, o.String(), e.String()
}

// TestContract: exit codes and messages for every subcommand: 0 ok, 1 a
// check failed, 2 bad input with the culprit named.
func TestContract(t *testing.T) {
	dir := t.TempDir()
	badScn := filepath.Join(dir, "bad.scn")
	os.WriteFile(badScn, []byte("smmu qz=3\n"), 0o644)
	cases := []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string // in stdout (code 0) or stderr
	}{
		{"no args", "", nil, 2, "usage: smmulab"},
		{"unknown", "", []string{"frobnicate"}, 2, `unknown subcommand "frobnicate"`},
		{"help", "", []string{"help"}, 0, "diff"},
		{"diff", "", []string{"diff", "-scenario", "baseline-spam", "-unmaps", "3"}, 0, "first divergence: event"},
		{"diff identical", "", []string{"diff", "-scenario", "healthy-unmap"}, 0, "the runs are identical"},
		{"diff core", "", []string{"diff", "-scenario", "flr-fails", "-unmaps", "3"}, 0, "series   quarantined: ep1; core: ep1:BLOCKED_BROKEN+ats_broken recovery_cnt=1"},
		{"diff bad flag", "", []string{"diff", "-nosuch"}, 2, "nosuch"},
		{"diff no scenario", "", []string{"diff", "-scenario", "nosuch"}, 2, `-scenario "nosuch": no built-in scenario or file`},
		{"diff bad scenario", "", []string{"diff", "-scenario", badScn}, 2, `unknown key "qz"`},
		{"diff leftover", "", []string{"diff", "extra"}, 2, `unexpected argument "extra"`},
		{"diff check", "", []string{"diff", "-scenario", "one-broken-of-8", "-unmaps", "3", "-check"}, 0, "series"},
		{"strategy", "", []string{"strategy", "-n", "8", "-broken", "ep2,ep5", "-timeout", "1ms"}, 0, "lower bound ceil(log2 C(8,2)) = 5"},
		{"strategy bad timeout", "", []string{"strategy", "-timeout", "soon"}, 2, `-timeout "soon"`},
		{"strategy bad n", "", []string{"strategy", "-n", "0"}, 2, "N = 0"},
		{"strategy bad broken", "", []string{"strategy", "-broken", "epX"}, 2, `"epX" is not an index`},
		{"strategy k > n", "", []string{"strategy", "-n", "2", "-k", "3"}, 2, "k = 3"},
		// Once accepted silently, or said wrongly:
		{"strategy batch 0", "", []string{"strategy", "-batch", "0"}, 2, "-batch 0: want 1..64"},
		{"strategy broken twice", "", []string{"strategy", "-broken", "1,1"}, 2, "device 1 is given twice"},
		{"strategy NaN budget", "", []string{"strategy", "-poll-budget", "NaNs"}, 2, `-poll-budget "NaNs" is not a duration`},
		{"strategy NaN timeout", "", []string{"strategy", "-timeout", "NaNms"}, 2, `-timeout "NaNms" is not a duration`},
		{"strategy zero timeout", "", []string{"strategy", "-timeout", "0s"}, 2, "want a duration above 0"},
		{"strategy sweep without svg", "", []string{"strategy", "-sweep", "1,2"}, 2, "give -svg FILE too"},
		{"strategy bad sweep", "", []string{"strategy", "-sweep", "0"}, 2, `-sweep "0"`},
		{"race NaN window", "", []string{"race", "-window", "NaNus"}, 2, `-window "NaNus" is not a duration`},
		{"race file not regular", "", []string{"race", "-scenario", dir}, 2, "not a regular file (a directory)"},
		{"diff endpoints 0", "", []string{"diff", "-endpoints", "0"}, 2, "-endpoints 0: want 1 to 1024"},
		{"diff broken twice", "", []string{"diff", "-broken", "ep2,ep2"}, 2, `endpoint "ep2" is given twice`},
		{"dmesg not regular", "", []string{"dmesg", dir}, 2, "not a regular file (a directory)"},
		{"trace too long", "", []string{"trace", "-endpoints", "64", "-unmaps", "1000"}, 2, "one trace holds at most 200000"},
		{"trace", "", []string{"trace", "-scenario", "seed-log", "-unmaps", "1"}, 0, `"traceEvents"`},
		{"trace bad range", "", []string{"trace", "-scenario", "seed-log", "-from", "5", "-to", "2"}, 2, "-from 5 -to 2"},
		{"trace bad policy", "", []string{"trace", "-policy", "later"}, 2, `-policy "later"`},
		{"dmesg stdin", seedLines, []string{"dmesg"}, 0, "CERROR_ATC_INV_SYNC"},
		{"dmesg run", seedLines, []string{"dmesg", "-run"}, 0, "# the built scenario's kernel log:"},
		{"dmesg garbage", "hello\n", []string{"dmesg"}, 2, "stdin:1: no arm-smmu-v3 messages found in 1 line"},
		{"dmesg strict", "hello\n" + seedLines, []string{"dmesg", "-strict"}, 2, `stdin:1: not an arm-smmu-v3 message: "hello"`},
		{"dmesg lenient", "hello\n" + seedLines, []string{"dmesg", "-lenient"}, 0, "1 skipped"},
		{"dmesg skipped", "hello\n" + seedLines, []string{"dmesg", "-skipped"}, 0, "skipped 1: hello"},
		{"dmesg warning", seedLines + "CMDQ error (cons 0x0302\n", []string{"dmesg"}, 0, "stdin:3: warning: a cut or malformed arm-smmu-v3 message"},
		{"dmesg stall run", "[ 1512.278277] arm-smmu-v3 16000000.iommu: CMD_SYNC timeout at 0x000152ff [hwprod 0x00015300, hwcons 0x00014ec2]\n",
			[]string{"dmesg", "-run"}, 0, "16000000.iommu: CMD_SYNC timeout at 0x000152ff [hwprod 0x00015300, hwcons 0x00014ec2]"},
		{"dmesg unbind run", "[   78.635473] platform arm-smmu-v3.0.auto: CMD_SYNC timeout at 0x00000146 [hwprod 0x00000146, hwcons 0x00000000]\n",
			[]string{"dmesg", "-run"}, 1, "stdin: line 1: not reproduced: the driver had been unbound"},
		{"dmesg event run", "event 0x10 received:\n\t0x0000001100000010\n\t0x0000020a00000000\n\t0x000000009b0cc000\n\t0x0\n",
			[]string{"dmesg", "-run"}, 1, "a stage 1 fault (S2 = 0)"},
		{"dmesg missing file", "", []string{"dmesg", filepath.Join(dir, "nope.txt")}, 2, "nope.txt"},
		{"dmesg bad qs", seedLines, []string{"dmesg", "-qs", "16"}, 2, "stdin:2:"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := runCLI(c.stdin, c.args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, c.code, out, errs)
			}
			if !strings.Contains(out+errs, c.want) {
				t.Errorf("output lacks %q\nstdout: %s\nstderr: %s", c.want, out, errs)
			}
		})
	}
}

func TestJSONOutputs(t *testing.T) {
	for _, args := range [][]string{
		{"diff", "-scenario", "baseline-spam", "-unmaps", "2", "-json", "-ticks", "3"},
		{"strategy", "-n", "4", "-k", "1", "-timeout", "1ms", "-json"},
		{"trace", "-scenario", "one-broken-of-8", "-unmaps", "1"},
	} {
		code, out, errs := runCLI(seedLines, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Errorf("%v: not JSON: %v", args, err)
		}
	}
	code, out, _ := runCLI(seedLines, "dmesg", "-json")
	var im struct {
		Lines    []map[string]any `json:"lines"`
		Scenario string           `json:"scenario"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &im) != nil || len(im.Lines) != 2 || !strings.Contains(im.Scenario, "cmdq-start=0x2bb81") {
		t.Errorf("dmesg -json: %d %s", code, out)
	}
}

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	tr := filepath.Join(dir, "t.json")
	if code, _, errs := runCLI("", "trace", "-scenario", "seed-log", "-o", tr); code != 0 {
		t.Fatalf("trace -o: %s", errs)
	}
	if b, err := os.ReadFile(tr); err != nil || !bytes.HasPrefix(b, []byte(`{"traceEvents":[`)) {
		t.Errorf("trace file: %v %.40s", err, b)
	}
	svg := filepath.Join(dir, "p.svg")
	if code, _, errs := runCLI("", "strategy", "-n", "8", "-k", "1", "-timeout", "1ms", "-svg", svg, "-sweep", "2,4,8"); code != 0 {
		t.Fatalf("strategy -svg: %s", errs)
	}
	if b, err := os.ReadFile(svg); err != nil || !bytes.HasPrefix(b, []byte("<svg")) {
		t.Errorf("svg file: %v %.40s", err, b)
	}
	log := filepath.Join(dir, "dmesg.txt")
	os.WriteFile(log, []byte(seedLines), 0o644)
	scn := filepath.Join(dir, "out.scn")
	if code, _, errs := runCLI("", "dmesg", "-scenario-out", scn, log); code != 0 {
		t.Fatalf("dmesg FILE: %s", errs)
	}
	if b, _ := os.ReadFile(scn); !bytes.Contains(b, []byte("broken ep0")) {
		t.Errorf("scenario file: %s", b)
	}
	// The written scenario runs under smmulab diff as a file.
	if code, out, errs := runCLI("", "diff", "-scenario", scn); code != 0 || !strings.Contains(out, "first divergence") {
		t.Errorf("diff of the imported scenario: %d %s %s", code, out, errs)
	}
}
