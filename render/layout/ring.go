package layout

import "math"

// MaxRingSlots bounds the ring. A queue of up to the ring's slot count is
// drawn whole, one slot per entry; a bigger one (the default has 2^19) is
// drawn as a window where position p sits in slot p mod Slots, so slots
// keep their place while PROD and CONS move. The layout gives a small ring
// 32 slots and a large one 64 (the driver's CMDQ_BATCH_ENTRIES).
const MaxRingSlots = 64

// Ring is the command queue drawn as an annulus centred on (CX, CY)
// between radii R0 and R1, divided into Slots equal slots clockwise from
// the top.
type Ring struct {
	CX, CY, R0, R1 float32
	Slots          int
}

// ringStart is the angle of slot 0's leading edge: straight up. Angles are
// in radians, clockwise on screen because y grows downwards.
const ringStart = -math.Pi / 2

// SlotOf returns the ring slot a queue position occupies (the wrap bit and
// the high index bits are dropped).
func (r Ring) SlotOf(pos uint32) int {
	if r.Slots <= 0 {
		return 0
	}
	return int(pos % uint32(r.Slots))
}

// SlotAngles returns the start and end angles of slot k.
func (r Ring) SlotAngles(k int) (a0, a1 float32) {
	step := 2 * math.Pi / float64(max(r.Slots, 1))
	return float32(ringStart + float64(k)*step), float32(ringStart + float64(k+1)*step)
}

// Polar returns the point at radius rad and angle a.
func (r Ring) Polar(rad, a float32) Point {
	s, c := math.Sincos(float64(a))
	return Point{r.CX + rad*float32(c), r.CY + rad*float32(s)}
}

// SlotCenter returns the middle of slot k, halfway between the radii.
func (r Ring) SlotCenter(k int) Point {
	a0, a1 := r.SlotAngles(k)
	return r.Polar((r.R0+r.R1)/2, (a0+a1)/2)
}

// SlotArc returns the arc length of one slot at mid radius: the room a
// glyph has.
func (r Ring) SlotArc() float32 {
	return float32(2*math.Pi) * (r.R0 + r.R1) / 2 / float32(max(r.Slots, 1))
}

// SlotAt returns the slot under (x, y), if the point is on the annulus.
func (r Ring) SlotAt(x, y float32) (int, bool) {
	dx, dy := float64(x-r.CX), float64(y-r.CY)
	d := math.Hypot(dx, dy)
	if r.Slots <= 0 || d < float64(r.R0) || d >= float64(r.R1) {
		return 0, false
	}
	a := math.Atan2(dy, dx) - ringStart
	for a < 0 {
		a += 2 * math.Pi
	}
	k := int(a / (2 * math.Pi / float64(r.Slots)))
	return min(k, r.Slots-1), true
}
