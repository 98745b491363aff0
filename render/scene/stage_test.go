package scene_test

import (
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/internal/golden"
	"github.com/smmuplay/smmuplay/render/display"
	"github.com/smmuplay/smmuplay/render/font"
	"github.com/smmuplay/smmuplay/render/keyframe"
	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/render/scene"
	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden (review the diff before committing)")

// list is one built picture and how it was made.
type list struct {
	name string
	dl   display.List
	snap sim.Snapshot
	lay  *layout.Layout
}

// keyframeLists builds every key frame at every size and scale, light.
func keyframeLists(t *testing.T) []*list {
	t.Helper()
	var out []*list
	for _, f := range keyframe.Frames {
		s, err := keyframe.Run(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, sz := range keyframe.Sizes {
			for _, sc := range keyframe.Scales {
				l := &list{name: fmt.Sprintf("%s-%gx%g@%gx", f.Name, sz.W, sz.H, sc), snap: s.Snapshot()}
				l.lay = keyframe.Build(&l.dl, s, sz.W, sz.H, sc, keyframe.Options{Phase: f.Phase})
				out = append(out, l)
			}
		}
	}
	return out
}

// TestGolden compares the display list of every key frame at every size
// and scale with its golden file: a changed picture shows up as a text
// diff to review. `go test ./render/scene -update` rewrites them.
func TestGolden(t *testing.T) {
	for _, l := range keyframeLists(t) {
		t.Run(l.name, func(t *testing.T) {
			golden.Check(t, filepath.Join("testdata", "keyframes", l.name+".golden"), []byte(l.dl.String()), *update)
		})
	}
}

// box is an op's extent in CSS px.
type box struct{ x0, y0, x1, y1 float32 }

func (a box) overlaps(b box) bool {
	const slack = 0.5 // touching is not overlapping
	return a.x0 < b.x1-slack && b.x0 < a.x1-slack && a.y0 < b.y1-slack && b.y0 < a.y1-slack
}

// textBox is where a text op's line box lands, measured with the font.
func textBox(dl *display.List, o *display.Op) box {
	w := font.Measure(o.Face, o.Size, o.Track, dl.TextOf(o))
	x := o.X
	switch o.Align {
	case display.Center:
		x -= w / 2
	case display.Right:
		x -= w
	}
	return box{x, o.Y, x + w, o.Y + o.Size*font.LineHeight(o.Face)}
}

// extent is the box an op covers (text included), or false for ops with
// no extent of their own.
func extent(dl *display.List, o *display.Op) (box, bool) {
	switch o.Kind {
	case display.OpRect:
		return box{o.X, o.Y, o.X + o.W, o.Y + o.H}, true
	case display.OpLine:
		return box{min(o.X, o.X2), min(o.Y, o.Y2), max(o.X, o.X2), max(o.Y, o.Y2)}, true
	case display.OpArc:
		return box{o.X - o.R1, o.Y - o.R1, o.X + o.R1, o.Y + o.R1}, true
	case display.OpPath:
		p := dl.PtsOf(o)
		if len(p) == 0 {
			return box{}, false
		}
		b := box{p[0].X, p[0].Y, p[0].X, p[0].Y}
		for _, q := range p[1:] {
			b = box{min(b.x0, q.X), min(b.y0, q.Y), max(b.x1, q.X), max(b.y1, q.Y)}
		}
		return b, true
	case display.OpText:
		return textBox(dl, o), true
	}
	return box{}, false
}

// TestTextSizes: no text is smaller than 11 CSS px, and only secondary
// text is smaller than 12.
func TestTextSizes(t *testing.T) {
	for _, l := range append(keyframeLists(t), extraLists(t)...) {
		for i := range l.dl.Ops {
			o := &l.dl.Ops[i]
			if o.Kind != display.OpText {
				continue
			}
			min := float32(12)
			if o.Style&display.Secondary != 0 {
				min = 11
			}
			if o.Size < min {
				t.Errorf("%s: %q is %v px (want at least %v)", l.name, l.dl.TextOf(o), o.Size, min)
			}
		}
	}
}

// TestFillsCanvas: the picture's content covers at least 90% of the
// canvas both ways, at every size: nothing is letterboxed.
func TestFillsCanvas(t *testing.T) {
	for _, l := range keyframeLists(t) {
		var b box
		first := true
		for i := range l.dl.Ops {
			o := &l.dl.Ops[i]
			if o.Mark == display.MarkBackground {
				continue
			}
			e, ok := extent(&l.dl, o)
			if !ok {
				continue
			}
			if first {
				b, first = e, false
			}
			b = box{min(b.x0, e.x0), min(b.y0, e.y0), max(b.x1, e.x1), max(b.y1, e.y1)}
		}
		w, h := (min(b.x1, l.dl.W)-max(b.x0, 0))/l.dl.W, (min(b.y1, l.dl.H)-max(b.y0, 0))/l.dl.H
		if w < 0.9 || h < 0.9 {
			t.Errorf("%s: content covers %.0f%% x %.0f%% of the canvas (box %+v)", l.name, w*100, h*100, b)
		}
	}
}

// TestTextStaysPut: every text lies inside the canvas, and no two texts
// overlap (tooltips and the details card excepted: they float over the
// picture on purpose).
func TestTextStaysPut(t *testing.T) {
	for _, l := range append(keyframeLists(t), extraLists(t)...) {
		var boxes []box
		var texts []string
		canvas := box{0, 0, l.dl.W, l.dl.H}
		var clips []box
		for i := range l.dl.Ops {
			o := &l.dl.Ops[i]
			switch o.Kind {
			case display.OpClip:
				clips = append(clips, box{o.X, o.Y, o.X + o.W, o.Y + o.H})
			case display.OpUnclip:
				clips = clips[:len(clips)-1]
			}
			if o.Kind != display.OpText || o.Mark == display.MarkTooltip || o.Mark == display.MarkDetails {
				continue
			}
			b := textBox(&l.dl, o)
			s := string(l.dl.TextOf(o))
			if len(clips) > 0 {
				// Clipped (tiles panned or zoomed past the field): only
				// the visible part counts.
				c := clips[len(clips)-1]
				b = box{max(b.x0, c.x0), max(b.y0, c.y0), min(b.x1, c.x1), min(b.y1, c.y1)}
				if b.x0 >= b.x1 || b.y0 >= b.y1 {
					continue
				}
			}
			if b.x0 < canvas.x0-0.5 || b.y0 < canvas.y0-0.5 || b.x1 > canvas.x1+0.5 || b.y1 > canvas.y1+0.5 {
				t.Errorf("%s: %q at %+v leaves the canvas", l.name, s, b)
			}
			for j, p := range boxes {
				if b.overlaps(p) {
					t.Errorf("%s: %q at %+v overlaps %q at %+v", l.name, s, b, texts[j], p)
				}
			}
			boxes, texts = append(boxes, b), append(texts, s)
		}
	}
}

// TestTextContrast: every text meets 4.5:1 against the opaque fill drawn
// under its middle, and every pair the themes declare does too.
func TestTextContrast(t *testing.T) {
	for _, th := range []scene.Theme{scene.Light(), scene.Dark()} {
		for _, p := range th.TextPairs() {
			if c := scene.Contrast(p.Fg, p.Bg); c < 4.5 {
				t.Errorf("%s: %s is %.2f:1", th.Name, p.Name, c)
			}
		}
	}
	for _, l := range append(keyframeLists(t), extraLists(t)...) {
		for i := range l.dl.Ops {
			o := &l.dl.Ops[i]
			if o.Kind != display.OpText {
				continue
			}
			b := textBox(&l.dl, o)
			cx, cy := (b.x0+b.x1)/2, (b.y0+b.y1)/2
			// The last opaque rect painted before the text that holds its middle.
			for j := i - 1; j >= 0; j-- {
				r := &l.dl.Ops[j]
				if r.Kind != display.OpRect || r.Style&display.Fill == 0 || r.Fill.A != 0xff {
					continue
				}
				if cx < r.X || cx > r.X+r.W || cy < r.Y || cy > r.Y+r.H {
					continue
				}
				if c := scene.Contrast(o.Fill, r.Fill); c < 4.5 {
					t.Errorf("%s: %q is %v on %v: %.2f:1", l.name, l.dl.TextOf(o), o.Fill, r.Fill, c)
				}
				break
			}
		}
	}
}

// extraLists are pictures beyond the key frames that the checks must
// hold for too: many endpoints, zoomed, dark, hovered, the details card,
// the help card.
func extraLists(t *testing.T) []*list {
	t.Helper()
	var out []*list
	add := func(name, src string, stop func(*sim.Sim) bool, w, h float32, v layout.View, o keyframe.Options, opts layout.Options) {
		s := run(t, src, stop)
		l := &list{name: name, snap: s.Snapshot()}
		snap := s.Snapshot()
		lay := layout.New(layout.TopologyOf(&snap), w, h, v, opts)
		th := scene.Light()
		if o.Dark {
			th = scene.Dark()
		}
		sel := o.Sel
		sel.Details = o.Details
		scene.Build(&l.dl, &snap, &lay, scene.Anim{Phase: o.Phase, Reduced: o.Reduced}, &th, sel)
		l.lay = &lay
		out = append(out, l)
	}
	errStop := func(s *sim.Sim) bool { return s.Event(s.N()).Kind == sim.EvCmdError }
	waiting := func(s *sim.Sim) bool { return s.Event(s.N()).Kind == sim.EvSyncWaiting }
	add("64-waiting-800x450", "policy series\nendpoints 64\nbroken ep40\nworkload unmaps=20\nrun\n", waiting, 800, 450, layout.View{}, keyframe.Options{Phase: 1}, layout.Options{Scale: 1})
	add("256-error-1280x800-dark", "policy baseline\nendpoints 256\nbroken ep128\nworkload unmaps=20\nrun\n", errStop, 1280, 800, layout.View{}, keyframe.Options{Phase: 0.5, Dark: true}, layout.Options{Scale: 2})
	add("256-zoom4-640x360", "policy series\nendpoints 256\nbroken ep128\nworkload unmaps=20\nrun\n", waiting, 640, 360, layout.View{Zoom: 4, PanY: 300}, keyframe.Options{Phase: 0.5}, layout.Options{Scale: 1})
	add("8-zoom3-800x450", "policy series\nendpoints 8\nbroken ep5\nworkload unmaps=20\nrun\n", errStop, 800, 450, layout.View{Zoom: 3}, keyframe.Options{Phase: 1}, layout.Options{Scale: 1})
	add("8-hover-details-800x450", "policy series\nendpoints 8\nbroken ep5\nworkload unmaps=20\nrun\n", waiting, 800, 450, layout.View{},
		keyframe.Options{Phase: 1, Details: []string{"ep5 (SID 0x105)", "behavior unresponsive"},
			Sel: scene.Selection{Selected: layout.Hit{Kind: layout.HitEndpoint, Index: 5}, Hover: layout.Hit{Kind: layout.HitEndpoint, Index: 5}, HoverX: 600, HoverY: 300}},
		layout.Options{Scale: 1, Details: true})
	add("8-help-390x700", "policy series\nendpoints 8\nbroken ep5\nworkload unmaps=20\nrun\n", waiting, 390, 700, layout.View{},
		keyframe.Options{Phase: 1, Sel: scene.Selection{Help: true}}, layout.Options{Scale: 3})
	twoPorts := "policy series\nroot-port rp0\nroot-port rp1\n"
	for i := 0; i < 12; i++ {
		twoPorts += fmt.Sprintf("endpoint ep%d sids=0x%x port=rp%d\n", i, 0x100+i, i/6)
	}
	twoPorts += "broken ep3\nworkload unmaps=10\nrun\n"
	add("2rp-1280x400", twoPorts, errStop, 1280, 400, layout.View{}, keyframe.Options{Phase: 1}, layout.Options{Scale: 1})
	// The Event queue row (evtq_test.go): a quarantined device still
	// attached sends refused Translated writes and Translation Requests.
	for _, v := range evtqViews {
		add(v.name, evtqScenario, evtqPending, v.w, v.h, layout.View{}, keyframe.Options{Phase: 1, Dark: v.dark}, layout.Options{Scale: v.scale})
	}
	add("sfm-800x450", "policy series\nendpoints 4\nbroken ep1\nworkload unmaps=10\nat 1500us sfm\nrun\n", func(s *sim.Sim) bool { return s.Snapshot().SFM }, 800, 450, layout.View{}, keyframe.Options{Phase: 1}, layout.Options{Scale: 1})
	return out
}

func run(t *testing.T, src string, stop func(*sim.Sim) bool) *sim.Sim {
	t.Helper()
	sc, err := scenario.Parse("t.scn", []byte(src))
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	s, err := sim.New(sc, 1)
	if err != nil {
		t.Fatal(err)
	}
	for s.Step() {
		if stop(s) {
			return s
		}
	}
	t.Fatalf("%q: the run ended at event %d first", src, s.N())
	return nil
}

// TestQuarantineLook: the quarantined look (the lock badge or label) is on
// an endpoint exactly when sim's one definition says it is quarantined,
// after every event of runs that quarantine, block, reset and recover, at
// every level of detail.
func TestQuarantineLook(t *testing.T) {
	for _, c := range []struct {
		name, src string
		w, h      float32
		n         int
	}{
		{"series-8", "policy series\nendpoints 8\nbroken ep5\nworkload unmaps=20\nrun\n", 800, 450, 8},
		{"flr-ok", "policy series\nendpoints 4\nbroken ep1\nworkload unmaps=10\nat 3ms flr ep1 result=ok\nrun\n", 390, 700, 4},
		// (Upstream's core, the baseline, quarantines nothing: its done()
		// re-attaches even after a failed FLR.)
		{"flr-fail", "policy series\nendpoints 4\nbroken ep1\nworkload unmaps=10\nat 3ms flr ep1 result=fail\nrun\n", 640, 360, 4},
		{"series-64", "policy series\nendpoints 64\nbroken ep9,ep40\nworkload unmaps=10\nrun\n", 800, 450, 64},
		{"series-32-tiny", "policy series\nendpoints 32\nbroken ep7\nworkload unmaps=10\nrun\n", 1280, 800, 32},
	} {
		t.Run(c.name, func(t *testing.T) {
			sc, err := scenario.Parse(c.name, []byte(c.src))
			if err != nil {
				t.Fatal(err)
			}
			s, err := sim.New(sc, 1)
			if err != nil {
				t.Fatal(err)
			}
			var snap sim.Snapshot
			var dl display.List
			var lay layout.Layout
			var topo layout.Topology
			th := scene.Light()
			seen := map[bool]int{}
			lods := map[layout.TileLOD]bool{}
			for s.Step() {
				s.SnapshotInto(&snap)
				layout.TopologyInto(&topo, &snap)
				layout.Into(&lay, topo, c.w, c.h, layout.View{}, layout.Options{Scale: 1})
				lods[lay.TileLOD] = true
				scene.Build(&dl, &snap, &lay, scene.Anim{Phase: 1}, &th, scene.Selection{})
				var drawn [256]bool
				for i := range dl.Ops {
					if o := &dl.Ops[i]; o.Mark == display.MarkQuarantined && o.Obj >= 0 {
						drawn[o.Obj] = true
					}
				}
				for i := range snap.Endpoints {
					want := snap.Endpoints[i].Quarantined()
					seen[want]++
					if drawn[i] != want {
						t.Fatalf("event %d (%s): %s quarantined=%v (ats_broken %v, core %s) but the picture says %v",
							s.N(), s.Describe(s.Event(s.N())), snap.Endpoints[i].Name, want, snap.Endpoints[i].ATSBroken, snap.Endpoints[i].State, drawn[i])
					}
				}
			}
			if seen[true] == 0 || seen[false] == 0 {
				t.Errorf("the run never showed both looks: %v", seen)
			}
			t.Logf("levels of detail: %v", lods)
		})
	}
}

// TestBuildNoAlloc: once the display list has grown, a frame of 256
// endpoints allocates nothing, whatever the phase, hover or zoom.
func TestBuildNoAlloc(t *testing.T) {
	frame := steady(t)
	p := float32(0)
	if n := testing.AllocsPerRun(50, func() { frame(p); p += 0.02 }); n != 0 {
		t.Errorf("Build allocates %v times per frame", n)
	}
}

// steady builds the 256-endpoint frame once so the list has grown, and
// returns a function that rebuilds it at phase p, as a frame does.
func steady(tb testing.TB) func(p float32) {
	sc, err := scenario.Parse("256", []byte("policy series\nendpoints 256\nbroken ep128\nworkload unmaps=20\nrun\n"))
	if err != nil {
		tb.Fatal(err)
	}
	s, err := sim.New(sc, 1)
	if err != nil {
		tb.Fatal(err)
	}
	var prev, snap sim.Snapshot
	for s.Step() {
		prev = snap
		snap = s.Snapshot()
		if e := s.Event(s.N()); e.Kind == sim.EvSyncWaiting {
			break
		}
	}
	lay := layout.New(layout.TopologyOf(&snap), 1280, 800, layout.View{Zoom: 1}, layout.Options{Scale: 2})
	th := scene.Light()
	sel := scene.Selection{Selected: layout.Hit{Kind: layout.HitEndpoint, Index: 128}, Hover: layout.Hit{Kind: layout.HitEndpoint, Index: 3}, HoverX: 900, HoverY: 100}
	var dl display.List
	anim := scene.Anim{Prev: &prev}
	scene.Build(&dl, &snap, &lay, anim, &th, sel)
	return func(p float32) {
		anim.Phase = p
		anim.Clock = p * 3
		scene.Build(&dl, &snap, &lay, anim, &th, sel)
	}
}

// BenchmarkBuild256 is a frame of the largest topology at 1280x800, DPR 2:
// target at most 2 ms and 0 allocs/op.
func BenchmarkBuild256(b *testing.B) {
	frame := steady(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		frame(float32(i%64) / 64)
		i++
	}
}

// TestReducedMotion: without motion no packet travels, the frame does not
// depend on the phase, and every state is still drawn.
func TestReducedMotion(t *testing.T) {
	s := run(t, "policy series\nendpoints 8\nbroken ep5\nworkload unmaps=20\nrun\n", func(s *sim.Sim) bool { return s.Event(s.N()).Kind == sim.EvATCInvSent })
	snap := s.Snapshot()
	lay := layout.New(layout.TopologyOf(&snap), 800, 450, layout.View{}, layout.Options{Scale: 1})
	th := scene.Light()
	var a, b display.List
	scene.Build(&a, &snap, &lay, scene.Anim{Reduced: true, Phase: 0.1, Clock: 1}, &th, scene.Selection{})
	scene.Build(&b, &snap, &lay, scene.Anim{Reduced: true, Phase: 0.9, Clock: 2}, &th, scene.Selection{})
	if a.String() != b.String() {
		t.Error("reduced motion: the frame depends on the phase or the clock")
	}
	if strings.Contains(a.String(), "[packet") {
		t.Error("reduced motion draws a travelling packet")
	}
	scene.Build(&b, &snap, &lay, scene.Anim{Phase: 0.5}, &th, scene.Selection{})
	if !strings.Contains(b.String(), "[packet") {
		t.Error("no Invalidate Request travels in motion")
	}
}
