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

// appendTime is sim.AppendTime: the picture shows times as every other
// piece of prose does.
func appendTime(b []byte, t sim.Time) []byte { return sim.AppendTime(b, t) }

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
