package layout

// Mode is the arrangement the canvas' aspect calls for.
type Mode uint8

// Modes.
const (
	Landscape Mode = iota // SMMU card left, root ports, endpoints fanned out on the right
	Portrait              // SMMU card on top, a bus, endpoints in a grid below
)

// Registers in hit and index order (the `reg:` targets of URLs and tutorials).
const (
	RegGERROR = iota
	RegGERRORN
	RegCMDQProd
	RegCMDQCons
	RegisterN
)

// Options are what the layout needs besides the topology and the size.
type Options struct {
	// Scale is the devicePixelRatio: edges are snapped to whole device
	// pixels so they stay crisp. 0 means 1.
	Scale float32
	// Details reserves an in-canvas details card (an embed option; the
	// playground page shows its own panel).
	Details bool
}

// Layout is every box of one picture, in CSS pixels with the view already
// applied. Endpoint tiles and their links live in Field and must be
// clipped to it; everything else is fixed on the canvas.
type Layout struct {
	Canvas Rect
	Scale  float32
	Mode   Mode
	View   View
	Type   TypeScale

	// The SMMU card and what it holds.
	SMMU    Rect
	Header  Rect // title row
	Ring    Ring
	Hole    Rect    // text inside the ring
	Caption Rect    // the CONS / PROD caption under the ring
	EVTQ    Rect    // the Event queue row under the caption (zero: no records yet)
	Sync    Rect    // the CMD_SYNC card beside the ring (zero: none)
	Counts  Rect    // the run-so-far card (zero: none)
	CardLOD CardLOD // registers and key: compact or full
	Regs    [RegisterN]Rect
	Pages   Rect  // corrupted pages (zero: none)
	Legend  Rect  // the key (zero: none)
	KeyRows int   // rows the key has room for
	Details Rect  // the in-canvas details card (zero unless Options.Details)
	Uplink  Point // where links leave the SMMU card

	RootPorts []Rect
	RPLinks   []Link // SMMU -> root port
	Field     Rect   // the endpoint area (clip rectangle)
	Content   Rect   // the tiles' bounding box, view applied
	TileLOD   TileLOD
	Endpoints []Rect // one tile per endpoint, view applied
	EPLinks   []Link // endpoint -> root port, view applied
	Trunks    []Link // the bus parts endpoints' links share, each once (see Link.Own)
	TrunkPort []int  // the root port of each trunk
	EPPort    []int  // root port of each endpoint (from the topology)
	portN     []int  // endpoints per root port
	// Scratch of linkTiles, per root port (kept so a layout does not allocate).
	portOne []bool    // its tiles stand in one column
	portBus []float32 // x of its bus (portrait)
	portK   []int     // endpoints linked so far
}

// Spacing in CSS px.
const (
	Margin  = 12 // around the canvas
	Pad     = 12 // inside a card
	Gap     = 10 // between blocks of a card
	RPThick = 48 // a root port box's short side
)

// New lays out topology t on a w x h CSS px canvas under view v.
func New(t Topology, w, h float32, v View, o Options) Layout {
	var l Layout
	Into(&l, t, w, h, v, o)
	return l
}

// Into recomputes l in place, reusing its slices: a zoom or pan per frame
// costs no allocation.
func Into(l *Layout, t Topology, w, h float32, v View, o Options) {
	w, h = max(w, 64), max(h, 64)
	l.Canvas = Rect{0, 0, w, h}
	l.Scale = o.Scale
	if l.Scale <= 0 {
		l.Scale = 1
	}
	l.View = v
	l.EPPort = resize(l.EPPort, t.Endpoints())
	l.portN = resize(l.portN, max(t.RootPorts, 1))
	clear(l.portN)
	for i := range l.EPPort {
		l.EPPort[i] = t.portOf(i)
		l.portN[l.EPPort[i]]++
	}
	l.Mode = Landscape
	if h > w*1.1 {
		l.Mode = Portrait
	}
	if l.Mode == Portrait {
		l.portrait(&t, o)
	} else {
		l.landscape(&t, o)
	}
}

// landscape: the SMMU card takes the left ~45% at full height, the root
// ports a narrow column, the tiles the right, links fanning out between.
func (l *Layout) landscape(t *Topology, o Options) {
	W, H := l.Canvas.W, l.Canvas.H
	big := W >= 1100 && H >= 640
	l.Type = typeScale(big)
	cardW := clamp(W*0.45, min(260, W*0.5), 600)
	if t.Endpoints() > 32 {
		cardW = clamp(W*0.4, min(260, W*0.5), 560) // more room for the grid
	}
	card := l.snapRect(Rect{Margin, Margin, cardW, H - 2*Margin})
	l.placeSMMU(card, t, big)

	fan := clamp(W*0.12, 44, 200)
	rpX := card.Right() + 24
	fieldX := rpX + RPThick + fan
	l.Field = l.snapRect(Rect{fieldX, Margin, W - Margin - fieldX, H - 2*Margin})
	l.Details = Rect{}
	if o.Details {
		dh := min(l.Field.H*0.45, 220)
		l.Details = l.snapRect(Rect{l.Field.X, l.Field.Bottom() - dh, l.Field.W, dh})
	}
	l.placeTiles(l.Field, true)

	// Root ports: one box per port, centred on its tiles' rows (before
	// pan, so a port does not drift while the tiles scroll).
	nrp := max(t.RootPorts, 1)
	l.RootPorts = resize(l.RootPorts, nrp)
	l.RPLinks = resize(l.RPLinks, nrp)
	l.Uplink = Point{card.Right(), l.snap(card.Y + card.H/2)}
	// Each port's box is centred on its tiles' rows; boxes never overlap
	// nor leave the field: a forward pass pushes them down, a backward
	// one pulls them up from the bottom.
	const rpGap = 8
	capH := (l.Field.H - rpGap*float32(nrp-1)) / float32(nrp)
	for p := 0; p < nrp; p++ {
		lo, hi := l.portSpan(p, true)
		ph := clamp((hi-lo)*0.5, 56, 160)
		if nrp > 1 {
			ph = clamp((hi-lo)*0.8, 28, 140)
		}
		ph = min(ph, capH)
		top := (lo+hi)/2 - ph/2
		if p > 0 {
			top = max(top, l.RootPorts[p-1].Bottom()+rpGap)
		}
		l.RootPorts[p] = Rect{rpX, max(top, l.Field.Y), RPThick, ph}
	}
	for p := nrp - 1; p >= 0; p-- {
		r := &l.RootPorts[p]
		limit := l.Field.Bottom()
		if p < nrp-1 {
			limit = l.RootPorts[p+1].Y - rpGap
		}
		if r.Bottom() > limit {
			r.Y = limit - r.H
		}
	}
	for p := 0; p < nrp; p++ {
		r := l.snapRect(l.RootPorts[p])
		l.RootPorts[p] = r
		lk := &l.RPLinks[p]
		if nrp == 1 {
			lk.Line(Point{r.X, l.Uplink.Y}, l.Uplink)
			continue
		}
		lk.Curve(Point{r.X, r.Y + r.H/2}, l.Uplink, true)
	}
	l.linkTiles(true)
}

// portrait: the SMMU card on top at the height its content wants, the root
// ports under it, a bus and the grid of tiles below.
func (l *Layout) portrait(t *Topology, o Options) {
	W, H := l.Canvas.W, l.Canvas.H
	big := W >= 700 && H >= 1000
	l.Type = typeScale(big)
	inner := W - 2*Margin
	// The card is as tall as a ring half the width wants, but leaves the
	// endpoints at least 40% of the height.
	want := l.smmuHeight(inner, t, big)
	cardH := min(want, (H-2*Margin)*0.6)
	card := l.snapRect(Rect{Margin, Margin, inner, cardH})
	l.placeSMMU(card, t, big)

	nrp := max(t.RootPorts, 1)
	rpY := card.Bottom() + 14
	rpH := float32(30)
	l.RootPorts = resize(l.RootPorts, nrp)
	l.RPLinks = resize(l.RPLinks, nrp)
	l.Uplink = Point{l.snap(card.X + card.W/2), card.Bottom()}
	rw := min(120, (inner-float32(nrp-1)*8)/float32(nrp))
	x0 := card.X + (inner-(rw*float32(nrp)+8*float32(nrp-1)))/2
	for p := 0; p < nrp; p++ {
		l.RootPorts[p] = l.snapRect(Rect{x0 + float32(p)*(rw+8), rpY, rw, rpH})
	}
	fy := rpY + rpH + 10
	field := Rect{Margin, fy, inner, H - Margin - fy}
	// A block of tiles shorter than the room sits at the bottom, the root
	// ports right above it: the picture fills the canvas, the uplink is
	// longer.
	if _, _, _, _, _, bh := l.block(field.W, field.H); bh < field.H {
		shift := l.snap(field.H - bh)
		field.Y += shift
		field.H -= shift
		for p := range l.RootPorts {
			l.RootPorts[p].Y += shift
		}
	}
	l.Field = l.snapRect(field)
	for p := range l.RootPorts {
		r := l.RootPorts[p]
		lk := &l.RPLinks[p]
		lk.Curve(Point{r.X + r.W/2, r.Y}, l.Uplink, false)
	}
	l.Details = Rect{}
	if o.Details {
		dh := min(l.Field.H*0.5, 200)
		l.Details = l.snapRect(Rect{l.Field.X, l.Field.Bottom() - dh, l.Field.W, dh})
	}
	l.placeTiles(l.Field, false)
	l.linkTiles(false)
}

// TypeScale is the text sizes of a layout, in CSS px. Nothing is smaller
// than 11; labels are at least 12.
type TypeScale struct {
	Title float32 // the SMMU heading
	Name  float32 // endpoint names
	Value float32 // register values, the countdown
	Label float32 // labels, badges, card titles
	Small float32 // secondary text: decoded fields, the key, counts
}

func typeScale(big bool) TypeScale {
	if big {
		return TypeScale{Title: 20, Name: 18, Value: 16, Label: 13, Small: 11}
	}
	return TypeScale{Title: 16, Name: 16, Value: 14, Label: 12, Small: 11}
}

// snap rounds v to the device pixel grid.
func (l *Layout) snap(v float32) float32 { return snapTo(v, l.Scale) }

func snapTo(v, s float32) float32 {
	if s <= 0 {
		s = 1
	}
	return float32(int32(v*s+0.5*sign(v))) / s
}

func sign(v float32) float32 {
	if v < 0 {
		return -1
	}
	return 1
}

// snapRect snaps a box's edges (not its size) to device pixels.
func (l *Layout) snapRect(r Rect) Rect {
	x0, y0 := l.snap(r.X), l.snap(r.Y)
	return Rect{x0, y0, l.snap(r.X+r.W) - x0, l.snap(r.Y+r.H) - y0}
}

func clamp(v, lo, hi float32) float32 { return max(lo, min(v, hi)) }

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
