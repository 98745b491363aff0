package layout

import (
	"fmt"
	"testing"
)

func topo(n, ports int) Topology {
	t := Topology{RootPorts: ports, QS: 19}
	for i := 0; i < n; i++ {
		t.EPPort = append(t.EPPort, i*ports/max(n, 1))
		t.EPSIDs = append(t.EPSIDs, 1)
	}
	return t
}

var sizes = []struct{ w, h float32 }{
	{640, 360}, {800, 450}, {1280, 800}, {390, 700}, {320, 240}, {1920, 1080}, {2560, 1440}, {360, 800}, {1280, 400}, {700, 1000},
}

// TestBoxes: at every size and topology the fixed boxes lie on the canvas
// without overlapping, the SMMU card holds its parts, tiles never overlap
// and fit the field when the level of detail allows, and hit testing finds
// every object at its centre.
func TestBoxes(t *testing.T) {
	for _, sz := range sizes {
		for _, n := range []int{1, 4, 8, 64, 256} {
			for _, ports := range []int{1, 2, 4} {
				if ports > n {
					continue
				}
				name := fmt.Sprintf("%gx%g/%dep/%drp", sz.w, sz.h, n, ports)
				t.Run(name, func(t *testing.T) { checkBoxes(t, New(topo(n, ports), sz.w, sz.h, View{}, Options{Scale: 2})) })
			}
		}
	}
}

func checkBoxes(t *testing.T, l Layout) {
	t.Helper()
	c := l.Canvas
	wantMode := Landscape
	if c.H > c.W*1.1 {
		wantMode = Portrait
	}
	if l.Mode != wantMode {
		t.Errorf("mode %d, want %d", l.Mode, wantMode)
	}
	fixed := []Rect{l.SMMU, l.Field}
	fixed = append(fixed, l.RootPorts...)
	for i, r := range fixed {
		if !r.Inside(c) {
			t.Errorf("box %d %v leaves the canvas %v", i, r, c)
		}
		for j := i + 1; j < len(fixed); j++ {
			if r.Overlaps(fixed[j]) {
				t.Errorf("boxes %d %v and %d %v overlap", i, r, j, fixed[j])
			}
		}
	}
	// The SMMU card's parts lie in it and apart.
	ring := Rect{l.Ring.CX - l.Ring.R1 - ringRoom, l.Ring.CY - l.Ring.R1 - ringRoom, 2 * (l.Ring.R1 + ringRoom), 2 * (l.Ring.R1 + ringRoom)}
	parts := []Rect{l.Header, ring, l.Caption}
	for _, r := range []Rect{l.Regs[0], l.Regs[1], l.Regs[2], l.Regs[3], l.Sync, l.Counts, l.Pages, l.Legend} {
		if r.W > 0 {
			parts = append(parts, r)
		}
	}
	for i, r := range parts {
		if !r.Inside(l.SMMU.Inset(-0.5)) {
			t.Errorf("SMMU part %d %v leaves the card %v", i, r, l.SMMU)
		}
		for j := i + 1; j < len(parts); j++ {
			if r.Overlaps(parts[j]) {
				t.Errorf("SMMU parts %d %v and %d %v overlap", i, r, j, parts[j])
			}
		}
	}
	if l.Ring.R0 <= 0 || l.Ring.R1 <= l.Ring.R0 || l.Ring.Slots < 1 {
		t.Errorf("ring %+v", l.Ring)
	}
	fits := l.TileLOD > TileMicro || l.Endpoints[0].W > tileMinW[TileMicro]
	for i, r := range l.Endpoints {
		if r.W < tileMinW[l.TileLOD]-0.5 || r.H < tileMinH[l.TileLOD]-0.5 {
			t.Errorf("tile %d %v is below its level %v", i, r, l.TileLOD)
		}
		if fits && !r.Inside(l.Field.Inset(-0.5)) {
			t.Errorf("tile %d %v leaves the field %v at level %v", i, r, l.Field, l.TileLOD)
		}
		for j := i + 1; j < len(l.Endpoints); j++ {
			if r.Overlaps(l.Endpoints[j]) {
				t.Fatalf("tiles %d %v and %d %v overlap", i, r, j, l.Endpoints[j])
			}
		}
		if p := r.Center(); l.Field.Contains(p.X, p.Y) {
			if h := l.HitTest(p.X, p.Y, 0); h != (Hit{HitEndpoint, i}) {
				t.Errorf("centre of tile %d hits %v", i, h)
			}
		}
		// Links run from the tile to its root port.
		lk := l.EPLinks[i]
		rp := l.RootPorts[l.EPPort[i]]
		if lk.N < 2 {
			t.Fatalf("link %d has %d points", i, lk.N)
		}
		if p := lk.P[0]; !r.Inset(-1).Contains(p.X, p.Y) {
			t.Errorf("link %d starts at %v, off its tile %v", i, p, r)
		}
		if p := lk.P[lk.N-1]; !rp.Inset(-1).Contains(p.X, p.Y) && !(p.X >= rp.X-1 && p.X <= rp.Right()+1 && p.Y >= rp.Y-1 && p.Y <= rp.Bottom()+1) {
			t.Errorf("link %d ends at %v, off its root port %v", i, p, rp)
		}
	}
	for i, r := range l.Regs {
		if r.W == 0 {
			continue
		}
		if p := r.Center(); l.HitTest(p.X, p.Y, 0) != (Hit{HitRegister, i}) {
			t.Errorf("register %d hits %v", i, l.HitTest(p.X, p.Y, 0))
		}
	}
	for k := 0; k < l.Ring.Slots; k++ {
		if p := l.Ring.SlotCenter(k); l.HitTest(p.X, p.Y, 0) != (Hit{HitSlot, k}) {
			t.Errorf("slot %d hits %v", k, l.HitTest(p.X, p.Y, 0))
		}
	}
	for i, r := range l.RootPorts {
		if p := r.Center(); l.HitTest(p.X, p.Y, 0) != (Hit{HitRootPort, i}) {
			t.Errorf("root port %d hits %v", i, l.HitTest(p.X, p.Y, 0))
		}
	}
}

// TestLevels: the level of detail follows the room, and zooming in raises it.
func TestLevels(t *testing.T) {
	for _, c := range []struct {
		w, h float32
		n    int
		zoom float32
		want TileLOD
	}{
		{800, 450, 8, 1, TileSmall},
		{1280, 800, 8, 1, TileLarge},
		{390, 700, 8, 1, TileSmall},
		{390, 700, 1, 1, TileFull},
		{800, 450, 64, 1, TileTiny},
		{640, 360, 100, 1, TileMicro},
		{800, 450, 64, 4, TileSmall},
		{1280, 800, 256, 1, TileMicro},
		{800, 450, 8, 3, TileFull},
	} {
		l := New(topo(c.n, 1), c.w, c.h, View{Zoom: c.zoom}, Options{})
		if l.TileLOD != c.want {
			t.Errorf("%gx%g, %d endpoints, zoom %g: level %v, want %v", c.w, c.h, c.n, c.zoom, l.TileLOD, c.want)
		}
	}
	// The card too: full registers only on a big canvas.
	if l := New(topo(8, 1), 1280, 800, View{}, Options{}); l.CardLOD != CardFull || l.KeyRows < 5 || l.Counts.W == 0 {
		t.Errorf("1280x800: card %v, key rows %d, counts %v", l.CardLOD, l.KeyRows, l.Counts)
	}
	if l := New(topo(8, 1), 800, 450, View{}, Options{}); l.CardLOD != CardCompact || l.KeyRows != 2 {
		t.Errorf("800x450: card %v, key rows %d", l.CardLOD, l.KeyRows)
	}
	if l := New(topo(8, 1), 390, 700, View{}, Options{}); l.KeyRows != 0 {
		t.Errorf("a phone has its key in the help card, not %d rows", l.KeyRows)
	}
	if l := New(topo(8, 1), 1280, 800, View{}, Options{}); l.Ring.Slots != 64 {
		t.Errorf("a large ring has %d slots", l.Ring.Slots)
	}
	if l := New(topo(8, 1), 640, 360, View{}, Options{}); l.Ring.Slots != 32 {
		t.Errorf("a small ring has %d slots", l.Ring.Slots)
	}
	if l := New(Topology{RootPorts: 1, EPPort: []int{0}, EPSIDs: []int{1}, QS: 3}, 800, 450, View{}, Options{}); l.Ring.Slots != 8 {
		t.Errorf("a queue of 8 has %d slots on the ring", l.Ring.Slots)
	}
}

// TestSnapped: edges lie on the device pixel grid, so renderers draw them crisp.
func TestSnapped(t *testing.T) {
	for _, s := range []float32{1, 2, 3, 1.5} {
		l := New(topo(8, 2), 800, 450, View{}, Options{Scale: s})
		boxes := append([]Rect{l.SMMU, l.Field, l.Regs[0], l.Regs[3]}, l.Endpoints...)
		for _, r := range boxes {
			for _, v := range []float32{r.X, r.Y, r.Right(), r.Bottom()} {
				if d := v*s - float32(int(v*s+0.5)); d > 0.01 || d < -0.01 {
					t.Errorf("scale %v: edge %v of %v is off the device grid", s, v, r)
				}
			}
		}
	}
}

func TestZoomPan(t *testing.T) {
	base := New(topo(256, 1), 800, 450, View{}, Options{})
	z := New(topo(256, 1), 800, 450, View{Zoom: 2}, Options{})
	if z.Endpoints[0].W <= base.Endpoints[0].W {
		t.Errorf("zoom 2: tile %v not bigger than %v", z.Endpoints[0], base.Endpoints[0])
	}
	v := z.ClampView(View{Zoom: 2, PanX: -50, PanY: 1e6})
	if v.PanY <= 0 || v.PanY > z.Content.H {
		t.Errorf("ClampView = %+v (content %v)", v, z.Content)
	}
	panned := New(topo(256, 1), 800, 450, v, Options{})
	last := panned.Endpoints[255]
	if last.Bottom() > panned.Field.Bottom()+TileGap+1 {
		t.Errorf("panned to the end, the last tile %v is below the field %v", last, panned.Field)
	}
	if v := z.ClampView(View{Zoom: 100}); v.Zoom != MaxZoom {
		t.Errorf("zoom not clamped: %+v", v)
	}
	small := New(topo(8, 1), 800, 450, View{}, Options{})
	if v := small.ClampView(View{Zoom: 1, PanX: 300, PanY: 300}); v.PanX != 0 || v.PanY != 0 {
		t.Errorf("content smaller than the field panned: %+v", v)
	}
}

func TestLinkPoint(t *testing.T) {
	for _, sz := range sizes[:4] {
		l := New(topo(8, 2), sz.w, sz.h, View{}, Options{})
		for i := range l.Endpoints {
			if p := l.LinkPoint(i, 0); p != l.EPLinks[i].P[0] {
				t.Errorf("ep %d: t=0 at %v", i, p)
			}
			rl := l.RPLinks[l.EPPort[i]]
			if p := l.LinkPoint(i, 1); p != rl.P[rl.N-1] || dist(p, l.Uplink) > 0.01 {
				t.Errorf("ep %d: t=1 at %v, want the uplink %v", i, p, l.Uplink)
			}
			h := l.HopT(i)
			if h <= 0 || h >= 1 {
				t.Errorf("ep %d: hop at %v", i, h)
			}
			rp := l.RootPorts[l.EPPort[i]].Inset(-2)
			if p := l.LinkPoint(i, h); !rp.Contains(p.X, p.Y) {
				t.Errorf("ep %d: the hop point %v is not at its root port %v", i, p, rp)
			}
		}
	}
}

func TestIntoNoAlloc(t *testing.T) {
	tp := topo(256, 2)
	l := New(tp, 1280, 800, View{}, Options{Scale: 2})
	if n := testing.AllocsPerRun(20, func() { Into(&l, tp, 1280, 800, View{Zoom: 1.5, PanX: 10}, Options{Scale: 2}) }); n != 0 {
		t.Errorf("Into allocates %v times", n)
	}
}

func TestRingSlotOf(t *testing.T) {
	r := Ring{Slots: 4}
	if r.SlotOf(0x5) != 1 || r.SlotOf(0x4|4) != 0 {
		t.Errorf("SlotOf: %d %d", r.SlotOf(5), r.SlotOf(8))
	}
}
