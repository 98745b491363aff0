package scene

import (
	"image/color"

	"github.com/smmuplay/smmuplay/render/display"
	"github.com/smmuplay/smmuplay/render/font"
	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/sim"
)

// Anim is what the caller knows about time that the snapshot does not.
type Anim struct {
	// Phase is how far the animation of snap.Last has got: 0 when the
	// event has just happened, 1 when its packets have arrived and its
	// flashes have faded.
	Phase float32
	// Clock is wall time in seconds, for what pulses while nothing
	// happens (a parked request's halo). Tests leave it 0.
	Clock float32
	// Reduced is the reduced-motion mode: packets do not travel, nothing
	// pulses; every state change is still drawn.
	Reduced bool
	// Prev is the snapshot before the last step, if any: register digits
	// that differ from it are highlighted.
	Prev *sim.Snapshot
}

// Selection is the object the user clicked and the one under the pointer.
// A zero Hit (layout.HitNone) selects nothing. A slot's Index is a queue
// index (see QueueIndex).
type Selection struct {
	Selected, Hover layout.Hit
	// HoverX, HoverY is the pointer, where the hover's tooltip goes.
	HoverX, HoverY float32
	// Details are the lines of the in-canvas details card (layout.Details):
	// the caller computes them with Details when the selection or the
	// snapshot changes, since formatting them allocates and Build must not.
	Details []string
	// Help shows the keys and the key of colours and shapes over the picture.
	Help bool
}

// Build fills dst with the picture of snap laid out by lay. dst is reset
// first and its slices reused: in steady state Build does not allocate.
func Build(dst *display.List, snap *sim.Snapshot, lay *layout.Layout, anim Anim, th *Theme, sel Selection) {
	dst.Reset()
	dst.W, dst.H, dst.Scale = lay.Canvas.W, lay.Canvas.H, lay.Scale
	b := builder{dl: dst, snap: snap, lay: lay, anim: &anim, th: th, sel: &sel, ts: &lay.Type}
	b.prev = anim.Prev
	if b.prev == nil || b.prev.N == snap.N {
		b.prev = snap // nothing to compare with: nothing changed
	}
	b.rect(lay.Canvas, 0, th.Stage, color.RGBA{}, 0, display.Fill, display.MarkBackground, -1)
	b.smmu()
	b.links()
	b.tiles()
	b.gates()
	b.packets()
	b.overlays()
	if sel.Help {
		b.helpCard()
	}
}

// builder carries Build's inputs to its parts. It lives on Build's stack.
type builder struct {
	dl   *display.List
	snap *sim.Snapshot
	prev *sim.Snapshot // never nil
	lay  *layout.Layout
	anim *Anim
	th   *Theme
	sel  *Selection
	ts   *layout.TypeScale
	// over marks the texts of an overlay (tooltip, details, help) so
	// tools can tell them from the picture under them.
	over display.Mark
}

func (b *builder) op(o display.Op) { b.dl.Ops = append(b.dl.Ops, o) }

// px rounds v to the device pixel grid; hair is the offset that centres
// a 1 px line on a device pixel.
func (b *builder) px(v float32) float32 {
	s := b.lay.Scale
	return float32(int32(v*s+0.5)) / s
}

func (b *builder) hair() float32 { return 0.5 / b.lay.Scale }

// rect adds a box: fill and/or stroke by st.
func (b *builder) rect(r layout.Rect, radius float32, fill, stroke color.RGBA, w float32, st display.Style, m display.Mark, obj int) {
	b.op(display.Op{Kind: display.OpRect, Style: st, Mark: m, Obj: int32(obj), X: r.X, Y: r.Y, W: r.W, H: r.H, R0: radius,
		Fill: fill, Stroke: stroke, Width: w})
}

// card is a panel: a hairline outline inside its box. Cards and tiles are
// not filled: the stage shows through, and software WebGL, which pays for
// every pixel painted, keeps up with an empty page at devicePixelRatio 2
// (see docs/architecture.md).
func (b *builder) card(r layout.Rect, radius float32, m display.Mark, obj int) {
	h := b.hair()
	b.rect(layout.Rect{X: r.X + h, Y: r.Y + h, W: r.W - 2*h, H: r.H - 2*h}, radius, color.RGBA{}, b.th.Border, 1, display.Stroke, m, obj)
}

func (b *builder) line(p, q layout.Point, w float32, c color.RGBA, st display.Style, m display.Mark, obj int) {
	b.op(display.Op{Kind: display.OpLine, Style: st, Mark: m, Obj: int32(obj), X: p.X, Y: p.Y, X2: q.X, Y2: q.Y, Stroke: c, Width: w})
}

// arc adds an annular sector; a full turn with r0 0 is a disc.
func (b *builder) arc(cx, cy, r0, r1, a0, a1 float32, fill, stroke color.RGBA, w float32, st display.Style, m display.Mark, obj int) {
	b.op(display.Op{Kind: display.OpArc, Style: st, Mark: m, Obj: int32(obj), X: cx, Y: cy, R0: r0, R1: r1, A0: a0, A1: a1,
		Fill: fill, Stroke: stroke, Width: w})
}

const turn = 6.2831855

func (b *builder) disc(cx, cy, r float32, c color.RGBA, m display.Mark, obj int) {
	b.arc(cx, cy, 0, r, 0, turn, c, color.RGBA{}, 0, display.Fill, m, obj)
}

// circle strokes a circle of radius r, w wide.
func (b *builder) circle(cx, cy, r, w float32, c color.RGBA, m display.Mark, obj int) {
	b.arc(cx, cy, r-w/2, r+w/2, 0, turn, c, color.RGBA{}, 0, display.Fill, m, obj)
}

// pts starts a path: append points with pt, then call path.
func (b *builder) pts() int { return len(b.dl.Pts) }

func (b *builder) pt(x, y float32) { b.dl.Pts = append(b.dl.Pts, layout.Point{X: x, Y: y}) }

// path emits the points appended since off.
func (b *builder) path(off int, fill, stroke color.RGBA, w float32, st display.Style, m display.Mark, obj int) {
	b.op(display.Op{Kind: display.OpPath, Style: st, Mark: m, Obj: int32(obj), Fill: fill, Stroke: stroke, Width: w,
		Span: display.Span{Off: int32(off), End: int32(len(b.dl.Pts))}})
}

// link strokes a layout link.
func (b *builder) link(l *layout.Link, w float32, c color.RGBA, st display.Style, m display.Mark, obj int) {
	b.linkPts(l.P[:l.N], w, c, st, m, obj)
}

// linkPts strokes a polyline.
func (b *builder) linkPts(p []layout.Point, w float32, c color.RGBA, st display.Style, m display.Mark, obj int) {
	if len(p) < 2 {
		return
	}
	off := b.pts()
	b.dl.Pts = append(b.dl.Pts, p...)
	b.path(off, color.RGBA{}, c, w, st|display.Stroke, m, obj)
}

// Text. A text is appended to the arena first (mark, then append to
// b.dl.Text), then placed with textAt; str does both for a string.

func (b *builder) mark() int { return len(b.dl.Text) }

// textAt emits the text appended since off with its line box's top at y.
func (b *builder) textAt(off int, x, y, size float32, f font.Face, al display.Align, c color.RGBA, st display.Style) {
	b.op(display.Op{Kind: display.OpText, Style: st, Align: al, Face: f, X: x, Y: y, Size: size, Fill: c, Mark: b.over, Obj: -1,
		Span: display.Span{Off: int32(off), End: int32(len(b.dl.Text))}})
}

// textMid is textAt with the capitals centred on cy.
func (b *builder) textMid(off int, x, cy, size float32, f font.Face, al display.Align, c color.RGBA, st display.Style) {
	b.textAt(off, x, midTop(cy, size, f), size, f, al, c, st)
}

// midTop is the line-box top that centres capitals on cy.
func midTop(cy, size float32, f font.Face) float32 {
	return cy + size*font.CapHeight(f)/2 - size*font.Ascent(f)
}

func (b *builder) str(s string, x, y, size float32, f font.Face, al display.Align, c color.RGBA, st display.Style) {
	off := b.mark()
	b.dl.Text = append(b.dl.Text, s...)
	b.textAt(off, x, y, size, f, al, c, st)
}

func (b *builder) strMid(s string, x, cy, size float32, f font.Face, al display.Align, c color.RGBA, st display.Style) {
	b.str(s, x, midTop(cy, size, f), size, f, al, c, st)
}

// width measures the text appended since off.
func (b *builder) width(off int, size float32, f font.Face) float32 {
	return font.Measure(f, size, 0, b.dl.Text[off:])
}

// unmark drops the text appended since off (it did not fit).
func (b *builder) unmark(off int) { b.dl.Text = b.dl.Text[:off] }

func strW(s string, size float32, f font.Face) float32 { return font.MeasureString(f, size, 0, s) }

// lineH is the height of a line of text at size.
func lineH(size float32, f font.Face) float32 { return size * font.LineHeight(f) }

func pt(x, y float32) layout.Point { return layout.Point{X: x, Y: y} }

func rectOf(x, y, w, h float32) layout.Rect { return layout.Rect{X: x, Y: y, W: w, H: h} }
