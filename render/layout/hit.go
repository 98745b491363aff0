package layout

// HitKind says what kind of object is under a point.
type HitKind uint8

// Hit kinds.
const (
	HitNone     HitKind = iota
	HitEndpoint         // Index: endpoint
	HitSlot             // Index: queue index (position without the wrap bit); HitTest gives the ring slot, see Ring
	HitRegister         // Index: RegGERROR...RegCMDQCons
	HitRootPort         // Index: root port
	HitPage             // Index: the snapshot's page index
	HitSMMU             // the SMMU card outside the ring and registers
)

var hitNames = [...]string{"none", "endpoint", "slot", "register", "rootport", "page", "smmu"}

func (k HitKind) String() string {
	if int(k) < len(hitNames) {
		return hitNames[k]
	}
	return "hit?"
}

// Hit is an object of the picture: what a click selects and a pointer hovers.
type Hit struct {
	Kind  HitKind
	Index int
}

// HitTest returns the object under the CSS px point (x, y). A slot hit
// carries the ring slot; render/scene maps it to the queue index of the
// command shown there. Endpoint tiles count only inside the field, where
// they are visible, and pages only where the pages row lists them (pages
// says how many cells it has, see PageCell).
func (l *Layout) HitTest(x, y float32, pages int) Hit {
	for i, r := range l.Regs {
		if r.Contains(x, y) {
			return Hit{HitRegister, i}
		}
	}
	if k, ok := l.Ring.SlotAt(x, y); ok {
		return Hit{HitSlot, k}
	}
	for i := 0; i < pages; i++ {
		if c, ok := l.PageCell(i); ok && c.Contains(x, y) {
			return Hit{HitPage, i}
		}
	}
	if l.SMMU.Contains(x, y) {
		return Hit{HitSMMU, 0}
	}
	for i, r := range l.RootPorts {
		if r.Contains(x, y) {
			return Hit{HitRootPort, i}
		}
	}
	if l.Field.Contains(x, y) {
		for i, r := range l.Endpoints {
			if r.Contains(x, y) {
				return Hit{HitEndpoint, i}
			}
		}
	}
	// Where an endpoint's Invalidate Request waits, just off its tile.
	for i := range l.Endpoints {
		if !l.Endpoints[i].Inset(-2*(ParkR+4)).Contains(x, y) {
			continue
		}
		if p := l.ParkPoint(i); dist(p, Point{x, y}) <= ParkR+4 {
			return Hit{HitEndpoint, i}
		}
	}
	return Hit{}
}

// PageCell is the box of the i-th corrupted page in the pages row, if the
// row has room for it.
func (l *Layout) PageCell(i int) (Rect, bool) {
	r := l.Pages
	if r.W <= 0 || i < 0 {
		return Rect{}, false
	}
	x := r.X + PagesTitleW + float32(i)*(PageCellW+TileGap)
	if x+PageCellW > r.Right() {
		return Rect{}, false
	}
	return Rect{x, r.Y + 2, PageCellW, r.H - 4}, true
}

// The pages row: a title, then one cell per page.
const (
	PagesTitleW = 118
	PageCellW   = 112
)

// ClampView limits v's zoom to [MinZoom, MaxZoom] and its pan so that the
// content can be scrolled to its last row and column but no further, and
// content that fits the field does not move.
func (l *Layout) ClampView(v View) View {
	v.Zoom = v.zoom()
	cur := l.View.zoom()
	// The content's far edges relative to the field origin, unzoomed,
	// recovered from the current layout.
	right := (l.Content.Right() - l.Field.X + l.View.PanX) / cur * v.Zoom
	bottom := (l.Content.Bottom() - l.Field.Y + l.View.PanY) / cur * v.Zoom
	left := (l.Content.X - l.Field.X + l.View.PanX) / cur * v.Zoom
	top := (l.Content.Y - l.Field.Y + l.View.PanY) / cur * v.Zoom
	v.PanX = clamp(v.PanX, min(0, left), max(0, right-l.Field.W+TileGap))
	v.PanY = clamp(v.PanY, min(0, top), max(0, bottom-l.Field.H+TileGap))
	if right-left <= l.Field.W {
		v.PanX = 0
	}
	if bottom-top <= l.Field.H {
		v.PanY = 0
	}
	return v
}
