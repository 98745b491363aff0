package layout

// Sizes in pixels at zoom 1. They are tuned for the 1280x720 canvas the
// page embeds and hold down to about 960x540.
const (
	Margin     = 8  // around and between the panels
	StatusH    = 24 // status line: time and narration
	PagesH     = 44 // corrupted-pages strip
	TitleH     = 20 // a panel's title row
	RootPortH  = 26
	RootPortW  = 120 // widest root port box
	TileGap    = 6   // between endpoint tiles
	TrunkW     = 10  // left strip of a port column where its link trunk runs
	FieldPadY  = 10  // above the first tile row: room for the link bus
	MinTileW   = 52  // smallest endpoint tile at zoom 1: two lines of 11 px: name and state
	MinTileH   = 34
	MaxTileW   = 220 // beyond this a tile only adds empty space
	MaxTileH   = 140
	PageCellW  = 150 // one corrupted page: "page 1234 vm0 x12"
	RegisterN  = 4   // GERROR, GERRORN, CMDQ_PROD, CMDQ_CONS
	ringMarkup = 22  // room outside the ring for the PROD and CONS labels
)

// Registers of the panel, in row order: the HitRegister index.
const (
	RegGERROR = iota
	RegGERRORN
	RegCMDQProd
	RegCMDQCons
)

// Layout is every box of one picture, in screen pixels with the view
// already applied. Endpoint tiles and their links live in Field and must be
// clipped to it; everything else is fixed on the canvas.
type Layout struct {
	Canvas Rect
	View   View

	SMMU    Rect            // the SMMU panel
	Ring    Ring            // its command queue
	Regs    Rect            // the register panel
	RegRows [RegisterN]Rect // one row per register
	Legend  Rect            // opcode colour and glyph legend, under the registers
	Details Rect            // the inspect panel, right of the SMMU

	RootPorts []Rect
	RPLinks   []Polyline // root port -> SMMU, one per port

	Field     Rect       // the endpoint area (clip rectangle)
	Content   Rect       // the tiles' bounding box, view applied
	Endpoints []Rect     // one tile per endpoint, view applied
	EPLinks   []Polyline // endpoint -> its port's bus, view applied except the bus itself
	EPPort    []int      // root port of each endpoint (copied from the topology)

	Pages     Rect   // the corrupted-pages strip
	PageCells []Rect // the cells that fit; later pages are summarised as "+N"
	Status    Rect   // time and narration
}

// New lays out topology t on a w x h canvas under view v.
func New(t Topology, w, h int, v View) Layout {
	var l Layout
	Into(&l, t, w, h, v)
	return l
}

// Into recomputes l in place, reusing its slices: a zoom or pan per frame
// costs no allocation.
func Into(l *Layout, t Topology, w, h int, v View) {
	W, H := float32(w), float32(h)
	l.Canvas = Rect{0, 0, W, H}
	l.View = v
	l.Status = Rect{0, H - StatusH, W, StatusH}
	l.Pages = Rect{Margin, l.Status.Y - Margin/2 - PagesH, W - 2*Margin, PagesH}

	top := float32(int(min(max(H*0.38, 200), 300))) // whole pixels keep edges crisp
	l.SMMU = Rect{Margin, Margin, min(W*0.5, 660), top}
	// The ring takes a square on the SMMU panel's left; labels sit outside it.
	side := top - TitleH
	l.Ring = Ring{
		CX:    l.SMMU.X + side/2 + 4,
		CY:    l.SMMU.Y + TitleH + side/2 - 2,
		R1:    side/2 - ringMarkup,
		Slots: RingSlots(t.QS),
	}
	l.Ring.R0 = l.Ring.R1 * 0.68
	rx := l.SMMU.X + side + Margin
	l.Regs = Rect{rx, l.SMMU.Y + TitleH, l.SMMU.Right() - rx - Margin, 4 * 44}
	for i := range l.RegRows {
		l.RegRows[i] = Rect{l.Regs.X, l.Regs.Y + float32(i)*44, l.Regs.W, 42}
	}
	l.Legend = Rect{rx, l.Regs.Bottom() + 4, l.Regs.W, l.SMMU.Bottom() - l.Regs.Bottom() - 8}
	l.Details = Rect{l.SMMU.Right() + Margin, Margin, W - l.SMMU.Right() - 2*Margin, top}

	rpY := l.SMMU.Bottom() + 16
	fieldY := rpY + RootPortH + 6
	l.Field = Rect{Margin, fieldY, W - 2*Margin, l.Pages.Y - Margin/2 - fieldY}

	l.placeEndpoints(&t, rpY)
	l.placePages()
}

// placeEndpoints splits the field into one column per root port, with a
// width proportional to its endpoint count, and grids each column.
func (l *Layout) placeEndpoints(t *Topology, rpY float32) {
	nrp := max(t.RootPorts, 1)
	n := t.Endpoints()
	l.EPPort = append(l.EPPort[:0], t.EPPort...)
	for i := range l.EPPort {
		l.EPPort[i] = t.portOf(i)
	}
	l.RootPorts = resize(l.RootPorts, nrp)
	l.RPLinks = resize(l.RPLinks, nrp)
	l.Endpoints = resize(l.Endpoints, n)
	l.EPLinks = resize(l.EPLinks, n)

	// Per-port counts without a map or an allocation: count on the fly.
	weight := float32(0)
	for p := 0; p < nrp; p++ {
		weight += float32(max(l.portCount(p), 1))
	}
	origin := Point{l.Field.X, l.Field.Y}
	busY := l.Field.Y + FieldPadY/2 // fixed: the bus does not scroll with the tiles
	smmuIn := Point{l.Ring.CX, l.SMMU.Bottom()}
	midY := (l.SMMU.Bottom() + rpY) / 2
	l.Content = Rect{}
	x := l.Field.X
	for p := 0; p < nrp; p++ {
		colW := l.Field.W * float32(max(l.portCount(p), 1)) / weight
		col := Rect{x, l.Field.Y + FieldPadY, colW, l.Field.H - FieldPadY}
		x += colW
		rw := min(RootPortW, colW-TileGap)
		rp := Rect{col.X + (colW-rw)/2, rpY, rw, RootPortH}
		l.RootPorts[p] = rp
		rl := &l.RPLinks[p]
		*rl = Polyline{}
		rl.add(Point{rp.X + rp.W/2, busY})
		rl.add(Point{rp.X + rp.W/2, midY})
		rl.add(Point{smmuIn.X, midY})
		rl.add(smmuIn)

		cnt := l.portCount(p)
		if cnt == 0 {
			continue
		}
		inner := Rect{col.X + TrunkW, col.Y, col.W - TrunkW - TileGap/2, col.H}
		cols, tw, th := grid(cnt, inner.W, inner.H)
		// Centre a grid narrower than its column.
		used := float32(cols)*(tw+TileGap) - TileGap
		x0 := inner.X + max(0, (inner.W-used)/2)
		trunk := Point{x0 - TrunkW/2, 0}
		k := 0
		for i := 0; i < n; i++ {
			if l.EPPort[i] != p {
				continue
			}
			r, c := k/cols, k%cols
			k++
			world := Rect{x0 + float32(c)*(tw+TileGap), inner.Y + float32(r)*(th+TileGap), tw, th}
			s := l.View.applyRect(origin, world)
			l.Endpoints[i] = s
			l.Content = l.Content.Union(s)
			// Up into the gutter above the tile's row, along it to the
			// port's trunk, up the trunk to the bus and along the bus under
			// the root port.
			gy := l.View.apply(origin, Point{0, world.Y - TileGap/2}).Y
			tx := l.View.apply(origin, trunk).X
			el := &l.EPLinks[i]
			*el = Polyline{}
			el.add(Point{s.X + s.W/2, s.Y})
			el.add(Point{s.X + s.W/2, gy})
			el.add(Point{tx, gy})
			el.add(Point{tx, busY})
			el.add(Point{rp.X + rp.W/2, busY})
		}
	}
}

func (l *Layout) portCount(p int) int {
	c := 0
	for _, q := range l.EPPort {
		if q == p {
			c++
		}
	}
	return c
}

// grid picks the column count giving the biggest tiles for n tiles in a
// w x h area, with tiles between Min and Max size and no taller than wide.
// When even the minimum tile does not fit, it keeps the minimum size and
// lets the rows run past the field: the user pans or zooms out.
func grid(n int, w, h float32) (cols int, tw, th float32) {
	best := float32(-1)
	for c := 1; c <= n; c++ {
		rows := (n + c - 1) / c
		cw := (w - float32(c-1)*TileGap) / float32(c)
		ch := (h - float32(rows-1)*TileGap) / float32(rows)
		cw, ch = min(cw, MaxTileW), min(ch, MaxTileH)
		ch = min(ch, cw)     // no tile taller than wide
		cw = min(cw, ch*2.4) // nor a long thin strip
		if cw < MinTileW || ch < MinTileH {
			continue
		}
		if a := cw * ch; a > best {
			best, cols, tw, th = a, c, cw, ch
		}
	}
	if best > 0 {
		return cols, tw, th
	}
	cols = max(1, int((w+TileGap)/(MinTileW+TileGap)))
	return min(cols, n), MinTileW, MinTileH
}

func (l *Layout) placePages() {
	n := max(0, int((l.Pages.W-60+TileGap)/(PageCellW+TileGap))) // 60: the strip's "pages" title
	l.PageCells = resize(l.PageCells, n)
	for i := range l.PageCells {
		l.PageCells[i] = Rect{l.Pages.X + 60 + float32(i)*(PageCellW+TileGap), l.Pages.Y + 4, PageCellW, l.Pages.H - 8}
	}
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
