package scene

import (
	"image/color"
	"math/bits"

	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/sim"
)

// eatsNames are STE.EATS values by their spec names (Arm IHI 0070 §5.2).
var eatsNames = [...]string{"ABT", "TRANS", "S1CHK", "FULL_DPT"}

// rootPorts draws the root ports and their links up to the SMMU.
func (b *builder) rootPorts() {
	l, th := b.lay, b.th
	for i := range l.RPLinks {
		b.polyline(&l.RPLinks[i], th.Link, 2)
	}
	for i, r := range l.RootPorts {
		b.rect(r, Fill|Stroke, th.Panel, th.Border, 1)
		name := ""
		if i < len(b.snap.RootPorts) {
			name = b.snap.RootPorts[i]
		}
		b.str(name, r.X+r.W/2, r.Y+(r.H-sizeText)/2, sizeText, Center, th.Text, Bold, r.W-4)
	}
}

// endpoints draws the field: links first so tiles cover them, all clipped
// to the field because zoom and pan can push tiles past it.
func (b *builder) endpoints() {
	l, th := b.lay, b.th
	f := l.Field
	b.rect(f, Stroke, color.RGBA{}, th.Link, 1)
	b.op(Op{Kind: OpClip, X: f.X, Y: f.Y, W: f.W, H: f.H})
	for i := range l.EPLinks {
		if b.visible(i) {
			b.polyline(&l.EPLinks[i], th.Link, 1)
		}
	}
	n := min(len(l.Endpoints), len(b.snap.Endpoints))
	for i := 0; i < n; i++ {
		if b.visible(i) {
			b.endpoint(l.Endpoints[i], &b.snap.Endpoints[i])
		}
	}
	b.op(Op{Kind: OpUnclip})
}

// visible reports whether endpoint i's tile or link can show in the
// field; the others are culled so a zoomed-in frame stays cheap.
func (b *builder) visible(i int) bool {
	l := b.lay
	r := l.Endpoints[i]
	// The link runs up from the tile to the bus: extend the box upwards.
	return r.Union(layout.Rect{X: r.X, Y: l.Field.Y, W: r.W, H: 1}).Overlaps(l.Field)
}

// endpoint draws one tile. Lines are added in priority order, as many as
// the tile has room for: a compact tile shows its name and state, a full
// one everything.
func (b *builder) endpoint(r layout.Rect, e *sim.EndpointSnap) {
	th := b.th
	// State decides the frame: quarantine is hatched, double-bordered and
	// labelled; reset is dashed. Colour only reinforces it.
	st, border, bw := Fill|Stroke, th.Border, float32(1)
	switch e.State {
	case "BROKEN":
		st, border, bw = Fill|Stroke|Hatch|Double, th.Quarantine, 2
	case "RESET":
		st, border, bw = Fill|Stroke|Dashed, th.Reset, 2
	}
	b.rect(r, st, th.Panel, border, bw)
	// Behaviour stripe on the left edge, named in the text too.
	b.rect(layout.Rect{X: r.X, Y: r.Y, W: 4, H: r.H}, Fill, b.behaviorColor(e.Behavior), color.RGBA{}, 0)

	// Narrow tiles use the small font and short forms.
	size := float32(sizeSmall)
	if r.H < 4*(sizeSmall+3) || r.W < 120 {
		size = sizeTiny
	}
	lh := size + 3
	x, w := r.X+7, r.W-9
	lines := int((r.H - 4) / lh)
	wide := w >= 18*size*charW
	y := r.Y + 3
	shown := 0
	for ln := tileName; ln < tileLines && shown < lines; ln++ {
		if wide && ln == tileEATS {
			continue // the wide ATS line already says it
		}
		off := b.mark()
		stl, c := b.tileLine(ln, e, wide)
		if len(b.dl.Text) == off {
			continue
		}
		b.textAt(off, x, y, size, Left, c, stl, w)
		y += lh
		shown++
	}
	// With room left, one cell per ATC entry; stale ones crossed out.
	if y+11 <= r.Bottom()-2 {
		b.atcCells(x, y+2, w, e)
	}
}

// Tile lines, in priority order: a small tile shows the first few.
const (
	tileName = iota
	tileState
	tileATC
	tileATS
	tileEATS
	tileBehavior
	tileSIDs
	tileLines
)

// tileLine appends the text of line ln of e's tile to the arena and
// returns its style and colour.
func (b *builder) tileLine(ln int, e *sim.EndpointSnap, wide bool) (Style, color.RGBA) {
	th := b.th
	t := b.dl.Text
	stl, c := Style(0), th.Text
	switch ln {
	case tileName:
		t = append(t, e.Name...)
		stl = Bold
		if e.InFLR {
			t = append(t, " FLR"...)
		}
	case tileState:
		switch {
		case e.State == "BROKEN" && wide:
			stl, c = Bold, th.Quarantine
			t = append(t, "QUARANTINED"...)
		case e.State == "BROKEN" || e.State == "RESET":
			stl = Bold
			t = append(t, e.State...)
		case wide:
			t = append(t, "core "...)
			t = append(t, e.State...)
		default:
			t = append(t, e.State...)
		}
	case tileATC:
		stale := 0
		for _, a := range e.ATC {
			if a.Stale {
				stale++
			}
		}
		t = append(t, "ATC "...)
		t = appendInt(t, int64(len(e.ATC)))
		if stale > 0 {
			// "!" marks stale entries in words, not only in colour.
			stl, c = Bold, th.Stale
			if wide {
				t = append(t, " stale "...)
			} else {
				t = append(t, ' ')
			}
			t = appendInt(t, int64(stale))
			t = append(t, '!')
		}
	case tileATS:
		t = append(t, "ATS "...)
		t = append(t, onOff(e.ATS)...)
		if wide && len(e.STE) > 0 {
			t = append(t, " EATS="...)
			t = append(t, eatsNames[e.STE[0].EATS()&3]...)
		}
		if e.ATSBroken && wide {
			t = append(t, " ats_broken"...)
		}
	case tileEATS:
		// The number, as the scenario language's `expect epN.eats` has it.
		if len(e.STE) > 0 {
			t = append(t, "EATS="...)
			t = appendInt(t, int64(e.STE[0].EATS()))
		}
	case tileBehavior:
		t = append(t, e.Behavior...)
		if it := bits.OnesCount32(e.ITags); it > 0 && wide {
			t = append(t, " ITags "...)
			t = appendInt(t, int64(it))
		}
	case tileSIDs:
		t = append(t, "SID"...)
		for j, sid := range e.SIDs {
			if j > 0 {
				t = append(t, ',')
			} else {
				t = append(t, ' ')
			}
			t = appendHex(t, uint64(sid))
		}
	}
	b.dl.Text = t
	return stl, c
}

func (b *builder) atcCells(x, y, w float32, e *sim.EndpointSnap) {
	th := b.th
	const cw, ch, gap = 5, 9, 2
	fit := int((w + gap) / (cw + gap))
	for j, a := range e.ATC {
		if j >= fit {
			break
		}
		c := layout.Rect{X: x + float32(j)*(cw+gap), Y: y, W: cw, H: ch}
		if a.Stale {
			b.rect(c, Fill, th.Stale, color.RGBA{}, 0)
			b.line(layout.Point{X: c.X - 1, Y: c.Y - 1}, layout.Point{X: c.Right() + 1, Y: c.Bottom() + 1}, th.Text, 1)
			continue
		}
		b.rect(c, Fill, th.ATCValid, color.RGBA{}, 0)
	}
}

func (b *builder) behaviorColor(s string) color.RGBA {
	switch s {
	case "unresponsive":
		return b.th.Unresponsive
	case "slow":
		return b.th.Slow
	}
	return b.th.Healthy
}

func onOff(v bool) string {
	if v {
		return "on"
	}
	return "off"
}
