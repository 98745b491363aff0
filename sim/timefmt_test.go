package sim

import "testing"

func TestFormatTime(t *testing.T) {
	for _, c := range []struct {
		v    Time
		want string
	}{
		{0, "0 ns"}, {999, "999 ns"}, {1000, "1 µs"}, {5920, "5.92 µs"}, {12345, "12.34 µs"}, {618_500, "618.5 µs"},
		{1_000_000, "1 ms"}, {1_007_500, "1.007 ms"}, {1_010_000, "1.01 ms"}, {110_003_000, "110 ms"},
		{2_500_000_000, "2.5 s"}, {-1500, "-1.5 µs"},
	} {
		if got := FormatTime(c.v); got != c.want {
			t.Errorf("FormatTime(%d) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestCount(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{{0, "0 ATC entries"}, {1, "1 ATC entry"}, {2, "2 ATC entries"}} {
		if got := Count(c.n, "ATC entry", "ATC entries"); got != c.want {
			t.Errorf("Count(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
