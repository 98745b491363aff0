package dmesg

import (
	"errors"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/sim/scenario"
)

// FuzzParse: no input panics; every error, warning, message and skipped
// line names a line within the input; every accepted input yields a
// scenario that parses (or none). Seeds: testdata/fuzz/FuzzParse plus
// the test's own inputs.
func FuzzParse(f *testing.F) {
	f.Add(seedLines, false)
	f.Add("[    1.000010] arm-smmu-v3 arm-smmu-v3.0.auto: CMD_SYNC timeout at 0x00000003 [hwprod 0x00000004, hwcons 0x03000003]", false)
	f.Add("skipping command in error state:\n\t0x00000000000000ff\n\t0x0\n", false)
	f.Add("> [  196.7] arm-smmu-v3 x: event 0x10 received:\n> [  196.7] arm-smmu-v3 x: 0x00000180 00000010\n", false)
	f.Add("ho [   78.6] platform arm-smmu-v3.0.auto: CMD_SYNC timeout at \n0x00000146 [hwprod 0x00000146, hwcons 0x00000000]\r\n", true)
	f.Fuzz(func(t *testing.T, text string, strict bool) {
		lines := len(splitLines(text))
		inRange := func(what string, n int) {
			if n < 1 || n > max(1, lines) {
				t.Fatalf("%s names line %d of %d", what, n, lines)
			}
		}
		im, err := Parse(text, Options{Strict: strict})
		if err != nil {
			var el ErrorList
			if !errors.As(err, &el) || len(el) == 0 {
				t.Fatalf("error is not an ErrorList: %v", err)
			}
			for _, e := range el {
				inRange("error "+e.Msg, e.Line)
				if !strings.HasPrefix(e.Error(), "line ") || strings.Contains(e.Msg, "\n") {
					t.Fatalf("error %q is not one line starting with its line", e.Error())
				}
			}
			return
		}
		for _, w := range im.Warnings {
			inRange("warning "+w.Msg, w.Line)
		}
		for _, l := range im.Lines {
			inRange("message", l.Num)
			inRange("message end", l.End)
		}
		for _, n := range im.Skipped {
			inRange("skipped", n)
		}
		if im.Scenario == "" {
			return
		}
		if _, err := scenario.Parse("imported.scn", []byte(im.Scenario)); err != nil {
			t.Fatalf("built scenario does not parse: %v\n%s", err, im.Scenario)
		}
	})
}

// FuzzNormalize: the normaliser never panics, its messages come in line
// order from disjoint runs of lines, a message is never longer than the
// lines it came from plus one blank per join, so the whole output is
// bounded by the input's size.
func FuzzNormalize(f *testing.F) {
	f.Add(seedLines)
	f.Add("  arm-smmu-v3: unexpected global error reported (0x00000001),\n               this could be serious\n")
	f.Add("  | platform arm-smmu-v3.0.auto: CMD_SYNC timeout at 0x00000146\n  | [hwprod 0x00000146, hwcons 0x00000000]\n")
	f.Add("3,18245,912345678,-;arm-smmu-v3 a: CMDQ timeout\nMar 14 03:12:55 host kernel: [ 1.5][  T12] x\n[Tue Jul  7 11:40:02 2026] y\r\n")
	f.Add("\t0x00000180\n00000010\n<3>kern  :err   : 11375.065672] z")
	f.Fuzz(func(t *testing.T, text string) {
		lines := splitLines(text)
		total, joins, prev := 0, 0, 0
		for _, m := range normalize(lines) {
			if m.first <= prev || m.last < m.first || m.last > len(lines) {
				t.Fatalf("message of lines %d-%d after line %d of %d", m.first, m.last, prev, len(lines))
			}
			prev = m.last
			in := 0
			for _, l := range lines[m.first-1 : m.last] {
				in += len(l)
			}
			if len(m.text) > in+(m.last-m.first) {
				t.Fatalf("message of %d bytes from lines %d-%d of %d bytes: %q", len(m.text), m.first, m.last, in, m.text)
			}
			total += len(m.text)
			joins += m.last - m.first
		}
		if total > len(text)+joins {
			t.Fatalf("%d bytes out of %d in", total, len(text))
		}
	})
}
