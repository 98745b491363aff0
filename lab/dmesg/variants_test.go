package dmesg

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// The seed log as dmesg prints it, the base of the generated variants.
var seedMsgs = func() []string {
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(seedLines), "\n") {
		out = append(out, strings.TrimSpace(l))
	}
	return out
}()

func seedDmesg(i int) string {
	return fmt.Sprintf("[  123.%06d] arm-smmu-v3 arm-smmu-v3.0.auto: %s", 10*i, seedMsgs[i])
}

// variant is a generated paste: its physical lines and, for each seed
// message, the physical line (1-based) it starts on.
type variant struct {
	lines []string
	first []int
}

func (v *variant) add(l string, starts bool) {
	v.lines = append(v.lines, l)
	if starts {
		v.first = append(v.first, len(v.lines))
	}
}

// each builds a variant from one transformation of every seed line
// (which may return several physical lines, the first starting the
// message).
func each(f func(i int, l string) []string) variant {
	var v variant
	for i := range seedMsgs {
		for k, l := range f(i, seedDmesg(i)) {
			v.add(l, k == 0)
		}
	}
	return v
}

// softWrap breaks s at the last blank before width, as mail clients do
// (format=flowed keeps the blank at the end of the line).
func softWrap(s string, width int) []string {
	var out []string
	for len(s) > width {
		cut := strings.LastIndexByte(s[:width], ' ')
		if cut <= 0 {
			cut = width
		}
		out = append(out, s[:cut+1])
		s = s[cut+1:]
	}
	return append(out, s)
}

// hardWrap breaks s every width bytes, in the middle of words.
func hardWrap(s string, width int) []string {
	var out []string
	for len(s) > width {
		out = append(out, s[:width])
		s = s[width:]
	}
	return append(out, s)
}

func prefixed(p func(i int) string) variant {
	return each(func(i int, l string) []string { return []string{p(i) + l} })
}

func variants() map[string]variant {
	strip := func(l string) string { return l[len("[  123.000000] "):] } // the message with its dev prefix, no timestamp
	vs := map[string]variant{
		"plain":     each(func(_ int, l string) []string { return []string{l} }),
		"crlf":      each(func(_ int, l string) []string { return []string{l + "\r"} }),
		"quoted":    prefixed(func(int) string { return "> " }),
		"quoted2":   prefixed(func(int) string { return "> > " }),
		"quoted3":   prefixed(func(int) string { return ">> " }),
		"bar":       prefixed(func(int) string { return "  | " }),
		"tab":       prefixed(func(int) string { return "\t" }),
		"priority":  prefixed(func(int) string { return "<3>" }),
		"journal":   each(func(_ int, l string) []string { return []string{"Mar  4 03:12:55 host kernel: " + l} }),
		"journal-n": each(func(_ int, l string) []string { return []string{"Mar 14 03:12:55 host kernel: " + strip(l)} }),
		"syslog-iso": each(func(_ int, l string) []string {
			return []string{"2026-03-14T03:12:55.123456+00:00 host kernel: " + l}
		}),
		"dmesg-T": each(func(_ int, l string) []string { return []string{"[Tue Jul  7 11:40:02 2026] " + strip(l)} }),
		"dmesg-x": each(func(_ int, l string) []string { return []string{"kern  :err   : " + l} }),
		"kmsg": each(func(i int, l string) []string {
			return []string{fmt.Sprintf("3,%d,123%06d,-;", 18245+i, 10*i) + strip(l)}
		}),
		"kmsg-caller": each(func(i int, l string) []string {
			return []string{fmt.Sprintf("3,%d,123%06d,-,caller=C3;", 18245+i, 10*i) + strip(l), " SUBSYSTEM=platform", " DEVICE=+platform:arm-smmu-v3.0.auto"}
		}),
		"caller-id": each(func(i int, l string) []string {
			return []string{fmt.Sprintf("[  123.%06d][    C3] ", 10*i) + strip(l)}
		}),
		"caller-id-T": each(func(i int, l string) []string {
			return []string{fmt.Sprintf("[  123.%06d][  T1234] ", 10*i) + strip(l)}
		}),
		"short":    each(func(i int, _ string) []string { return []string{"  arm-smmu-v3: " + seedMsgs[i]} }),
		"dt-name":  each(func(i int, _ string) []string { return []string{"arm-smmu-v3 16000000.iommu: " + seedMsgs[i]} }),
		"platform": each(func(i int, _ string) []string { return []string{"[  7.5] platform arm-smmu-v3.0.auto: " + seedMsgs[i]} }),
		"bare":     each(func(i int, _ string) []string { return []string{"    " + seedMsgs[i]} }),
		"interleaved": each(func(i int, l string) []string {
			return []string{l, fmt.Sprintf("[  123.%06d] nvme nvme0: I/O tag %d timeout, aborting", 10*i+1, i), "[  123.5] pcieport 0000:00:01.0: AER: Corrected error received: 0000:01:00.0"}
		}),
		"quoted-wrapped-crlf": each(func(_ int, l string) []string {
			var out []string
			for _, w := range softWrap(l, 64) {
				out = append(out, "> "+w+"\r")
			}
			return out
		}),
	}
	for _, w := range []int{40, 60, 72, 100} {
		vs[fmt.Sprintf("wrap%d", w)] = each(func(_ int, l string) []string { return softWrap(l, w) })
	}
	for _, w := range []int{70, 90} {
		vs[fmt.Sprintf("hardwrap%d", w)] = each(func(_ int, l string) []string { return hardWrap(l, w) })
	}
	return vs
}

// TestVariants: the seed log imports the same from every paste shape:
// the same six messages, with the line numbers of the paste, and the
// same reproduction.
func TestVariants(t *testing.T) {
	base, err := Parse(strings.Join(variants()["plain"].lines, "\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range variants() {
		t.Run(name, func(t *testing.T) {
			text := strings.Join(v.lines, "\n")
			im, err := Parse(text, Options{})
			if err != nil {
				t.Fatalf("%v\n%s", err, text)
			}
			var got []string
			var nums []int
			for _, l := range im.Lines {
				got = append(got, l.Text)
				nums = append(nums, l.Num)
			}
			if !slices.Equal(got, seedMsgs) || !slices.Equal(nums, v.first) {
				t.Errorf("messages %q at lines %v, want the seed's at %v\n%s", got, nums, v.first, text)
			}
			if len(im.Warnings) > 0 {
				t.Errorf("warnings %v", im.Warnings)
			}
			for i, l := range im.Lines {
				if !l.Reproduced || !slices.Equal(l.Values[0].Fields, base.Lines[i].Values[0].Fields) {
					t.Errorf("line %d: reproduced %v, values %+v", l.Num, l.Reproduced, l.Values)
				}
			}
			if name == "interleaved" && len(im.Skipped) != 12 {
				t.Errorf("skipped %v", im.Skipped)
			}
		})
	}
}

// TestVariantTimestamps: the timestamp survives every prefix that carries one.
func TestVariantTimestamps(t *testing.T) {
	for _, name := range []string{"plain", "crlf", "quoted", "priority", "journal", "syslog-iso", "dmesg-x", "kmsg", "kmsg-caller", "caller-id", "interleaved", "wrap40"} {
		im, err := Parse(strings.Join(variants()[name].lines, "\n"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range im.Lines {
			if want := int64(123_000_000_000 + 10_000*i); l.TimeNS != want {
				t.Errorf("%s: line %d at %d ns, want %d", name, l.Num, l.TimeNS, want)
			}
		}
	}
}

// TestTruncated: a paste cut in the middle of its last message imports
// the rest, and warns about the cut line with its number.
func TestTruncated(t *testing.T) {
	v := variants()["plain"]
	for cut := 1; cut < len(v.lines[5]); cut += 7 {
		lines := slices.Clone(v.lines)
		lines[5] = lines[5][:cut]
		im, err := Parse(strings.Join(lines, "\n"), Options{})
		if err != nil {
			t.Fatalf("cut at %d: %v", cut, err)
		}
		n := len(im.Lines)
		switch {
		case n == 6: // cut after CONS: decoded from it, with a warning
			if len(im.Warnings) != 1 || im.Warnings[0].Line != 6 {
				t.Errorf("cut at %d: %q: warnings %v", cut, lines[5], im.Warnings)
			}
		case n == 5: // cut before CONS: a warning, or a skipped line when too little is left to tell
			if len(im.Warnings)+len(im.Skipped) > 1 {
				t.Errorf("cut at %d: %q: warnings %v, skipped %v", cut, lines[5], im.Warnings, im.Skipped)
			}
		default:
			t.Errorf("cut at %d: %d messages", cut, n)
		}
		for _, w := range im.Warnings {
			if w.Line != 6 {
				t.Errorf("cut at %d: warning on line %d", cut, w.Line)
			}
		}
	}
}

// TestSplitDword: a dword pasted in two halves, on one line or two, is
// one dword.
func TestSplitDword(t *testing.T) {
	for _, text := range []string{
		"event 0x10 received:\n\t0x00000180 00000010\n\t0x0000020100000000\n\t0x00000000ffffe040\n\t0x00000000ffffe000",
		"event 0x10 received:\n\t0x00000180\n00000010\n\t0x0000020100000000\n\t0x00000000ffffe040\n\t0x00000000ffffe000",
	} {
		im, err := Parse(text, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(im.Events) != 1 || !im.Events[0].Complete || im.Events[0].SID != 0x180 || im.Events[0].Addr != "0xffffe040" || len(im.Warnings) != 0 {
			t.Errorf("%q: %+v, warnings %v", text, im.Events, im.Warnings)
		}
	}
}
