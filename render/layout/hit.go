package layout

// HitKind says what kind of object is under a point.
type HitKind uint8

// Hit kinds.
const (
	HitNone     HitKind = iota
	HitEndpoint         // Index: endpoint
	HitSlot             // Index: ring slot (see Ring.SlotOf)
	HitRegister         // Index: RegGERROR...RegCMDQCons
	HitRootPort         // Index: root port
	HitPage             // Index: page cell, i.e. the snapshot's page index
	HitSMMU             // the SMMU panel outside the ring and registers
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

// HitTest returns the object under screen point (x, y). Endpoint tiles
// count only inside the field, where they are visible, so a tile panned
// under the SMMU panel cannot be clicked through it.
func (l *Layout) HitTest(x, y float32) Hit {
	for i, r := range l.RegRows {
		if r.Contains(x, y) {
			return Hit{HitRegister, i}
		}
	}
	if k, ok := l.Ring.SlotAt(x, y); ok {
		return Hit{HitSlot, k}
	}
	if l.SMMU.Contains(x, y) {
		return Hit{HitSMMU, 0}
	}
	for i, r := range l.RootPorts {
		if r.Contains(x, y) {
			return Hit{HitRootPort, i}
		}
	}
	for i, r := range l.PageCells {
		if r.Contains(x, y) {
			return Hit{HitPage, i}
		}
	}
	if l.Field.Contains(x, y) {
		for i, r := range l.Endpoints {
			if r.Contains(x, y) {
				return Hit{HitEndpoint, i}
			}
		}
	}
	return Hit{}
}

// ClampView limits v's zoom to [MinZoom, MaxZoom] and its pan so that the
// content can be scrolled to its last row and column but no further, and
// content that fits the field does not move.
func (l *Layout) ClampView(v View) View {
	v.Zoom = v.zoom()
	// The content's far edges relative to the field origin, unzoomed,
	// recovered from the current layout.
	cur := l.View.zoom()
	right := (l.Content.Right() - l.Field.X + l.View.PanX) / cur * v.Zoom
	bottom := (l.Content.Bottom() - l.Field.Y + l.View.PanY) / cur * v.Zoom
	v.PanX = min(max(v.PanX, 0), max(0, right-l.Field.W+TileGap))
	v.PanY = min(max(v.PanY, 0), max(0, bottom-l.Field.H+TileGap))
	return v
}
