package scene

import (
	"testing"

	"github.com/smmuplay/smmuplay/render/layout"
)

// steady builds the 256-endpoint frame once so the display list has grown,
// and returns a function that rebuilds it at phase p, as a frame does.
func steady(tb testing.TB, reduced bool) func(p float32) {
	c := sceneCases[3]
	var dl DisplayList
	f := runTo(tb, c.src, c.stop)
	lay := layout.New(layout.TopologyOf(&f.snap), 1280, 720, layout.View{})
	th := Light()
	sel := Selection{Selected: layout.Hit{Kind: layout.HitEndpoint, Index: 128}, Hover: layout.Hit{Kind: layout.HitSlot, Index: 3}}
	sel.Details = Details(&f.snap, sel.Selected)
	anim := Anim{Prev: &f.prev, Narration: f.narration, Reduced: reduced}
	Build(&dl, &f.snap, &lay, anim, th, sel)
	return func(p float32) {
		anim.Phase = p
		Build(&dl, &f.snap, &lay, anim, th, sel)
	}
}

// TestBuildNoAlloc: once the display list has grown, a frame allocates
// nothing, whatever the phase.
func TestBuildNoAlloc(t *testing.T) {
	for _, reduced := range []bool{false, true} {
		frame := steady(t, reduced)
		p := float32(0)
		n := testing.AllocsPerRun(50, func() {
			frame(p)
			p += 0.02
		})
		if n != 0 {
			t.Errorf("reduced=%v: Build allocates %v times per frame", reduced, n)
		}
	}
	// The other scenes too, including a packet in flight.
	for _, c := range sceneCases {
		var dl DisplayList
		f, lay := c.build(t, &dl)
		anim := c.anim
		anim.Prev, anim.Narration = &f.prev, f.narration
		n := testing.AllocsPerRun(20, func() { Build(&dl, &f.snap, &lay, anim, Dark(), c.sel) })
		if n != 0 {
			t.Errorf("%s: Build allocates %v times per frame", c.name, n)
		}
	}
}

// BenchmarkBuild256 is a frame of the largest topology: target at most
// 2 ms and 0 allocs/op.
func BenchmarkBuild256(b *testing.B) {
	frame := steady(b, false)
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		frame(float32(i%64) / 64)
		i++
	}
}
