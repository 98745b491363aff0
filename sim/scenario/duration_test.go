package scenario

import (
	"strings"
	"testing"
)

func TestParseDuration(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Duration
		err  string
	}{
		{"0", 0, ""},
		{"500ns", 500, ""},
		{"1.5us", 1500, ""},
		{"2.5ms", 2_500_000, ""},
		{"90s", 90_000_000_000, ""},
		{"NaNs", 0, "is not a duration"},
		{"NaNus", 0, "is not a duration"},
		{"NaNms", 0, "is not a duration"},
		{"Infs", 0, "is not a duration"},
		{"1e3us", 0, "unknown unit"},
		{"-1ms", 0, "is negative"},
		{"+1ms", 0, "is not a duration"},
		{"0.1ns", 0, "whole number of nanoseconds"},
		{"10", 0, "has no unit"},
		{"9999999999999s", 0, "too long"},
		{"", 0, "is not a duration"},
	} {
		got, err := ParseDuration(c.in)
		switch {
		case c.err == "" && (err != nil || got != c.want):
			t.Errorf("ParseDuration(%q) = %d, %v; want %d", c.in, got, err, c.want)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err) || !strings.Contains(err.Error(), `"`+c.in+`"`)):
			t.Errorf("ParseDuration(%q) = %d, %v; want an error quoting it and saying %q", c.in, got, err, c.err)
		}
	}
}
