package scene

import (
	"strconv"

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

// appendHex appends v as 0x followed by the minimal hex digits.
func appendHex(b []byte, v uint64) []byte {
	b = append(b, "0x"...)
	return strconv.AppendUint(b, v, 16)
}

func appendInt(b []byte, v int64) []byte { return strconv.AppendInt(b, v, 10) }

// appendTime formats t as sim.Time.String does ("12.345us"), which uses fmt.
func appendTime(b []byte, t sim.Time) []byte {
	if t < 0 {
		b = append(b, '-')
		t = -t
	}
	frac := func(b []byte, v int64, digits int) []byte {
		b = append(b, '.')
		for d := digits - 1; d >= 0; d-- {
			p := int64(1)
			for range d {
				p *= 10
			}
			b = append(b, byte('0'+v/p%10))
		}
		return b
	}
	switch {
	case t < sim.Microsecond:
		return append(appendInt(b, int64(t)), "ns"...)
	case t < sim.Millisecond:
		b = appendInt(b, int64(t/sim.Microsecond))
		return append(frac(b, int64(t%sim.Microsecond), 3), "us"...)
	case t < sim.Second:
		b = appendInt(b, int64(t/sim.Millisecond))
		return append(frac(b, int64(t%sim.Millisecond/sim.Microsecond), 3), "ms"...)
	}
	b = appendInt(b, int64(t/sim.Second))
	return append(frac(b, int64(t%sim.Second/sim.Microsecond), 6), "s"...)
}
