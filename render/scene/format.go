package scene

import (
	"strconv"
	"unicode/utf8"

	"github.com/smmuplay/smmuplay/render/font"

	"github.com/smmuplay/smmuplay/sim"
)

// These helpers append to a byte slice the way strconv does, so Build can
// format numbers into the display list's arena without allocating.

const hexDigits = "0123456789abcdef"

// appendHexN appends v as exactly n lowercase hex digits, no prefix.
func appendHexN(b []byte, v uint64, n int) []byte {
	for i := n - 1; i >= 0; i-- {
		b = append(b, hexDigits[(v>>(4*uint(i)))&0xf])
	}
	return b
}

// append0x appends v as 0x and at least n hex digits (more when v needs
// them: a figure is never cut short).
func append0x(b []byte, v uint64, n int) []byte {
	for v>>(4*uint(n)) != 0 && n < 16 {
		n++
	}
	return appendHexN(append(b, "0x"...), v, n)
}

func appendInt(b []byte, v int64) []byte { return strconv.AppendInt(b, v, 10) }

// appendTime formats a simulated time or duration for people: four
// significant digits at most, trailing zeros dropped, a space and the unit
// ("618.5 µs", "2.038 ms", "1 ms", "150 ns").
func appendTime(b []byte, t sim.Time) []byte {
	if t < 0 {
		b = append(b, '-')
		t = -t
	}
	unit, div := " ns", int64(1)
	switch {
	case t >= sim.Second:
		unit, div = " s", int64(sim.Second)
	case t >= sim.Millisecond:
		unit, div = " ms", int64(sim.Millisecond)
	case t >= sim.Microsecond:
		unit, div = " µs", int64(sim.Microsecond)
	}
	v := int64(t)
	whole := v / div
	b = appendInt(b, whole)
	// Decimals to make four significant digits, rounded down (a clock
	// never shows a time it has not reached).
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

// plural appends n and the noun, with an s when n is not one.
func plural(b []byte, n int64, noun string) []byte {
	b = appendInt(b, n)
	b = append(b, ' ')
	b = append(b, noun...)
	if n != 1 {
		b = append(b, 's')
	}
	return b
}

func ndigits(v int64) int {
	n := 1
	for v >= 10 {
		v /= 10
		n++
	}
	return n
}

// superDigits are the superscript digits 0-9.
var superDigits = [10]rune{'⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'}

// appendSup appends n as a power: superscript digits when the font has
// them all, else "^n".
func appendSup(b []byte, n int) []byte {
	for _, r := range superDigits {
		if !font.Has(font.Sans, r) {
			return appendInt(append(b, '^'), int64(n))
		}
	}
	var d [20]byte
	k := len(d)
	v := max(n, 0)
	for {
		k--
		d[k] = byte(v % 10)
		v /= 10
		if v == 0 || k == 0 {
			break
		}
	}
	for _, x := range d[k:] {
		b = utf8.AppendRune(b, superDigits[x])
	}
	return b
}
