package sim

import "fmt"

// Time is virtual time in nanoseconds since the simulation started.
type Time int64

// Units of virtual time.
const (
	Nanosecond  Time = 1
	Microsecond Time = 1000
	Millisecond Time = 1000 * Microsecond
	Second      Time = 1000 * Millisecond
)

// String formats a time for people: "12.345us", "1.000ms", "2.500000s".
func (t Time) String() string {
	switch {
	case t < 0:
		return "-" + (-t).String()
	case t < Microsecond:
		return fmt.Sprintf("%dns", int64(t))
	case t < Millisecond:
		return fmt.Sprintf("%d.%03dus", int64(t/Microsecond), int64(t%Microsecond))
	case t < Second:
		return fmt.Sprintf("%d.%03dms", int64(t/Millisecond), int64(t%Millisecond/Microsecond))
	}
	return fmt.Sprintf("%d.%06ds", int64(t/Second), int64(t%Second/Microsecond))
}
