package sim

import "strconv"

// AppendTime appends t formatted for people, the one way every piece of
// prose shows a simulated time or duration: the picture, the narration,
// the page's position, the tutorials and the exercises. At most four
// significant digits, rounded down (a clock never shows a time it has not
// reached), trailing zeros dropped, a space and the unit: "150 ns",
// "5.92 µs", "618.5 µs", "1 ms", "1.007 ms", "2.5 s". Traces and tables
// that need every nanosecond use Time.String; kernel log lines keep the
// kernel's own formats (sim/klog).
func AppendTime(b []byte, t Time) []byte {
	if t < 0 {
		b = append(b, '-')
		t = -t
	}
	unit, div := " ns", int64(1)
	switch {
	case t >= Second:
		unit, div = " s", int64(Second)
	case t >= Millisecond:
		unit, div = " ms", int64(Millisecond)
	case t >= Microsecond:
		unit, div = " µs", int64(Microsecond)
	}
	v := int64(t)
	whole := v / div
	b = strconv.AppendInt(b, whole, 10)
	digits := 4 - ndigits(whole)
	if div == 1 || digits <= 0 {
		return append(b, unit...)
	}
	frac := v % div
	scale := div
	var buf [9]byte
	n := 0
	for i := 0; i < digits; i++ {
		scale /= 10
		if scale == 0 {
			break
		}
		buf[n] = byte('0' + frac/scale%10)
		n++
	}
	for n > 0 && buf[n-1] == '0' {
		n--
	}
	if n > 0 {
		b = append(b, '.')
		b = append(b, buf[:n]...)
	}
	return append(b, unit...)
}

// FormatTime is AppendTime as a string.
func FormatTime(t Time) string { return string(AppendTime(nil, t)) }

func ndigits(v int64) int {
	n := 1
	for v >= 10 {
		v /= 10
		n++
	}
	return n
}

// Count writes n and a noun in the number n asks for: Count(1, "ATC
// entry", "ATC entries") is "1 ATC entry", Count(3, …) "3 ATC entries".
func Count(n int64, one, many string) string {
	if n == 1 || n == -1 {
		return strconv.FormatInt(n, 10) + " " + one
	}
	return strconv.FormatInt(n, 10) + " " + many
}
