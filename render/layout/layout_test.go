package layout

import (
	"fmt"
	"testing"
)

func topo(n, ports int) Topology {
	t := Topology{RootPorts: ports, QS: 19}
	for i := 0; i < n; i++ {
		t.EPPort = append(t.EPPort, i%ports)
		t.EPSIDs = append(t.EPSIDs, 1)
	}
	return t
}

func TestEndpointGrid(t *testing.T) {
	for _, tc := range []struct {
		n, ports   int
		fits       bool // every tile inside the field at zoom 1
		minW, minH float32
	}{
		{1, 1, true, 120, 90},
		{8, 1, true, 120, 90},
		{8, 2, true, 100, 80},
		{64, 1, true, MinTileW, MinTileH},
		{64, 4, true, MinTileW, MinTileH},
		{256, 1, false, MinTileW, MinTileH},
		{256, 2, false, MinTileW, MinTileH},
	} {
		t.Run(fmt.Sprintf("%dep/%drp", tc.n, tc.ports), func(t *testing.T) {
			l := New(topo(tc.n, tc.ports), 1280, 720, View{})
			if len(l.Endpoints) != tc.n || len(l.EPLinks) != tc.n || len(l.RootPorts) != tc.ports {
				t.Fatalf("got %d tiles, %d links, %d ports", len(l.Endpoints), len(l.EPLinks), len(l.RootPorts))
			}
			for i, r := range l.Endpoints {
				if r.W < tc.minW || r.H < tc.minH {
					t.Errorf("tile %d is %vx%v, want at least %vx%v", i, r.W, r.H, tc.minW, tc.minH)
				}
				if r.W < MinTileW || r.H < MinTileH {
					t.Errorf("tile %d below the legible minimum: %v", i, r)
				}
				if tc.fits && !r.Inside(l.Field) {
					t.Errorf("tile %d %v outside the field %v", i, r, l.Field)
				}
				for j := i + 1; j < len(l.Endpoints); j++ {
					if r.Overlaps(l.Endpoints[j]) {
						t.Fatalf("tiles %d %v and %d %v overlap", i, r, j, l.Endpoints[j])
					}
				}
			}
			if !tc.fits && l.Content.Inside(l.Field) {
				t.Errorf("content %v fits the field %v: expected it to overflow", l.Content, l.Field)
			}
			fixed := []Rect{l.SMMU, l.Details, l.Field, l.Pages, l.Status}
			fixed = append(fixed, l.RootPorts...)
			for i, r := range fixed {
				if !r.Inside(l.Canvas) {
					t.Errorf("box %d %v outside the canvas", i, r)
				}
				for j := i + 1; j < len(fixed); j++ {
					if r.Overlaps(fixed[j]) {
						t.Errorf("boxes %d %v and %d %v overlap", i, r, j, fixed[j])
					}
				}
			}
			for i := range l.Endpoints {
				for _, c := range []Point{l.Endpoints[i].Center()} {
					if !l.Field.Contains(c.X, c.Y) {
						continue // panned or laid out past the field: not clickable
					}
					if h := l.HitTest(c.X, c.Y); h != (Hit{HitEndpoint, i}) {
						t.Errorf("centre of tile %d hits %v", i, h)
					}
				}
				// The gap right of a tile and the gutter above it hit nothing.
				r := l.Endpoints[i]
				for _, g := range []Point{{r.Right() + TileGap/2, r.Y + r.H/2}, {r.X + r.W/2, r.Y - TileGap/2}} {
					if !l.Field.Contains(g.X, g.Y) {
						continue
					}
					if h := l.HitTest(g.X, g.Y); h.Kind != HitNone {
						t.Errorf("gap %v next to tile %d hits %v", g, i, h)
					}
				}
				// Links start on the tile and end under its root port.
				el := l.EPLinks[i]
				if el.P[0] != (Point{r.X + r.W/2, r.Y}) {
					t.Errorf("link %d starts at %v", i, el.P[0])
				}
				if rl := l.RPLinks[l.EPPort[i]]; el.P[el.N-1] != rl.P[0] {
					t.Errorf("link %d ends at %v, port link starts at %v", i, el.P[el.N-1], rl.P[0])
				}
			}
		})
	}
}

func TestZoomPanHit(t *testing.T) {
	for _, tc := range []struct {
		n    int
		view View
	}{
		{256, View{Zoom: 2}},
		{256, View{Zoom: 1, PanY: 200}},
		{256, View{Zoom: 0.5}},
		{64, View{Zoom: 3, PanX: 400, PanY: 120}},
	} {
		l := New(topo(tc.n, 1), 1280, 720, tc.view)
		base := New(topo(tc.n, 1), 1280, 720, View{})
		z := tc.view.zoom()
		visible := 0
		for i, r := range l.Endpoints {
			b := base.Endpoints[i]
			if d := r.W - b.W*z; d > 0.01 || d < -0.01 {
				t.Errorf("%v: tile %d width %v, want %v", tc.view, i, r.W, b.W*z)
			}
			c := r.Center()
			h := l.HitTest(c.X, c.Y)
			switch {
			case l.Field.Contains(c.X, c.Y):
				visible++
				if h != (Hit{HitEndpoint, i}) {
					t.Errorf("%v: centre of tile %d hits %v", tc.view, i, h)
				}
			case h.Kind == HitEndpoint:
				t.Errorf("%v: tile %d hit outside the field at %v", tc.view, i, c)
			}
		}
		if visible == 0 {
			t.Errorf("%v: no tile visible", tc.view)
		}
	}
	// Zoomed out, 256 endpoints fit.
	l := New(topo(256, 1), 1280, 720, View{Zoom: 0.5})
	if !l.Content.Inside(l.Field) {
		t.Errorf("zoom 0.5: content %v outside field %v", l.Content, l.Field)
	}
}

func TestHitFixedObjects(t *testing.T) {
	l := New(topo(8, 2), 1280, 720, View{})
	for k := 0; k < l.Ring.Slots; k++ {
		c := l.Ring.SlotCenter(k)
		if h := l.HitTest(c.X, c.Y); h != (Hit{HitSlot, k}) {
			t.Errorf("slot %d centre %v hits %v", k, c, h)
		}
	}
	if h := l.HitTest(l.Ring.CX, l.Ring.CY); h.Kind != HitSMMU {
		t.Errorf("ring hole hits %v", h)
	}
	for i, r := range l.RegRows {
		c := r.Center()
		if h := l.HitTest(c.X, c.Y); h != (Hit{HitRegister, i}) {
			t.Errorf("register %d hits %v", i, h)
		}
	}
	for i, r := range l.RootPorts {
		c := r.Center()
		if h := l.HitTest(c.X, c.Y); h != (Hit{HitRootPort, i}) {
			t.Errorf("root port %d hits %v", i, h)
		}
	}
	for i, r := range l.PageCells {
		c := r.Center()
		if h := l.HitTest(c.X, c.Y); h != (Hit{HitPage, i}) {
			t.Errorf("page %d hits %v", i, h)
		}
	}
	if len(l.PageCells) == 0 {
		t.Error("no page cells")
	}
	if h := l.HitTest(l.Status.X+5, l.Status.Y+5); h.Kind != HitNone {
		t.Errorf("status line hits %v", h)
	}
	if h := l.HitTest(-5, -5); h.Kind != HitNone {
		t.Errorf("off canvas hits %v", h)
	}
}

func TestRingSlots(t *testing.T) {
	for _, tc := range []struct{ qs, want int }{{2, 4}, {5, 32}, {6, 64}, {19, 64}} {
		if got := RingSlots(tc.qs); got != tc.want {
			t.Errorf("RingSlots(%d) = %d, want %d", tc.qs, got, tc.want)
		}
	}
	r := Ring{Slots: 4}
	if r.SlotOf(0x5) != 1 || r.SlotOf(0x4|4) != 0 {
		t.Errorf("SlotOf: %d %d", r.SlotOf(5), r.SlotOf(8))
	}
}

func TestLinkPoint(t *testing.T) {
	l := New(topo(8, 1), 1280, 720, View{})
	for i := range l.Endpoints {
		if p := l.LinkPoint(i, 0); p != l.EPLinks[i].P[0] {
			t.Errorf("ep %d: t=0 at %v", i, p)
		}
		rl := l.RPLinks[0]
		if p := l.LinkPoint(i, 1); p != rl.P[rl.N-1] {
			t.Errorf("ep %d: t=1 at %v, want %v", i, p, rl.P[rl.N-1])
		}
		mid := l.LinkPoint(i, 0.5)
		if mid.Y >= l.Endpoints[i].Y || mid.Y <= l.SMMU.Bottom() {
			t.Errorf("ep %d: t=0.5 at %v, not between tile and SMMU", i, mid)
		}
	}
}

func TestIntoNoAlloc(t *testing.T) {
	tp := topo(256, 2)
	l := New(tp, 1280, 720, View{})
	n := testing.AllocsPerRun(20, func() { Into(&l, tp, 1280, 720, View{Zoom: 1.5, PanX: 10}) })
	if n != 0 {
		t.Errorf("Into allocates %v times", n)
	}
}

func TestClampView(t *testing.T) {
	l := New(topo(256, 1), 1280, 720, View{})
	v := l.ClampView(View{Zoom: 1, PanX: -50, PanY: 1e6})
	if v.PanX != 0 || v.PanY <= 0 || v.PanY > l.Content.H {
		t.Errorf("ClampView = %+v (content %v)", v, l.Content)
	}
	if v := l.ClampView(View{Zoom: 100}); v.Zoom != MaxZoom {
		t.Errorf("zoom not clamped: %+v", v)
	}
	small := New(topo(8, 1), 1280, 720, View{})
	if v := small.ClampView(View{Zoom: 1, PanX: 300, PanY: 300}); v.PanX != 0 || v.PanY != 0 {
		t.Errorf("content smaller than the field panned: %+v", v)
	}
}
