package layout

// TileLOD is how much an endpoint tile shows. The layout picks the richest
// level whose minimum size every tile gets; zooming the field raises it.
type TileLOD uint8

// Tile levels of detail.
const (
	TileMicro TileLOD = iota // a square with the state's shape; the name is a hover away
	TileTiny                 // name, icon-only badge, a thin ATC bar, the state stripe
	TileSmall                // name, badge with its word, ATC bar and n/size
	TileLarge                // adds SID, ATS and EATS, ITags in flight, core state, stale count
	TileFull                 // adds the ATC entries and the STE's words
	numTileLODs
)

var tileLODNames = [...]string{"micro", "tiny", "small", "large", "full"}

func (t TileLOD) String() string {
	if int(t) < len(tileLODNames) {
		return tileLODNames[t]
	}
	return "lod?"
}

// Tile sizes per level, CSS px: the minimum a level needs and the most it
// uses (a bigger tile would only add empty space).
var (
	tileMinW = [numTileLODs]float32{10, 64, 150, 340, 340}
	tileMinH = [numTileLODs]float32{10, 20, 30, 76, 180}
	tileMaxW = [numTileLODs]float32{30, 190, 300, 560, 640}
	tileMaxH = [numTileLODs]float32{30, 30, 64, 100, 420}
)

// Gaps between tiles and between the tiles of different root ports.
const (
	TileGap  = 6
	groupGap = 14
	busLane  = 14 // left of a single portrait column
)

// block is how the tiles fill a w x h area: the level of detail, the
// column count, a tile's size and the whole block's size.
func (l *Layout) block(w, h float32) (lod TileLOD, cols int, tw, th, bw, bh float32) {
	groups := 0
	for _, c := range l.portN {
		if c > 0 {
			groups++
		}
	}
	lod, cols, tw, th = l.grid(len(l.EPPort), w, h, groups)
	gap := float32(TileGap)
	bw = float32(cols)*(tw+gap) - gap
	bh = float32(l.rows(cols))*(th+gap) - gap + float32(max(groups-1, 0))*groupGap
	return
}

// placeTiles grids the endpoints in area (the field before the view) at
// the zoom of l.View, grouped by root port. landscape right-aligns the
// block and centres it vertically; portrait bottom-aligns it.
func (l *Layout) placeTiles(area Rect, landscape bool) {
	n := len(l.EPPort)
	l.Endpoints = resize(l.Endpoints, n)
	l.EPLinks = resize(l.EPLinks, n)
	l.Content = Rect{}
	if n == 0 {
		l.TileLOD = TileSmall
		return
	}
	z := l.View.zoom()
	lod, cols, tw, th, bw, bh := l.block(area.W*z, area.H*z)
	l.TileLOD = lod
	gap := float32(TileGap)
	x0 := area.X + (area.W*z - bw) // right-aligned
	y0 := area.Y + (area.H*z-bh)/2
	if !landscape {
		x0 = area.X + (area.W*z-bw)/2
		y0 = area.Y + max(area.H*z-bh, 0)
	}
	if bh > area.H*z {
		y0 = area.Y // too tall: start at the top and let the user pan
	}
	if bw > area.W*z {
		x0 = area.X
	}
	if !landscape && cols == 1 {
		// One column in portrait: a lane on the left for the bus.
		if x0 < area.X+busLane {
			x0 = area.X + busLane
			tw = min(tw, area.Right()-x0)
		}
	}
	x0 -= l.View.PanX
	y0 -= l.View.PanY
	y := y0
	for p := range l.portN {
		c := 0
		for i := 0; i < n; i++ {
			if l.EPPort[i] != p {
				continue
			}
			r, col := c/cols, c%cols
			c++
			tile := Rect{x0 + float32(col)*(tw+gap), y + float32(r)*(th+gap), tw, th}
			tile = l.snapRect(tile)
			l.Endpoints[i] = tile
			l.Content = l.Content.Union(tile)
		}
		if c > 0 {
			y += float32((c+cols-1)/cols)*(th+gap) - gap + groupGap
		}
	}
}

// grid picks the richest level of detail, then the column count giving
// the biggest tiles of that level, for n tiles in groups root-port groups
// in a w x h area.
func (l *Layout) grid(n int, w, h float32, groups int) (lod TileLOD, cols int, tw, th float32) {
	for lod = TileFull; ; lod-- {
		best := float32(-1)
		for c := 1; c <= n; c++ {
			cw := (w - float32(c-1)*TileGap) / float32(c)
			if cw < tileMinW[lod] {
				break // more columns only make them narrower
			}
			rows := l.rows(c)
			ch := (h - float32(rows-1)*TileGap - float32(max(groups-1, 0))*groupGap) / float32(rows)
			cw, ch = min(cw, tileMaxW[lod]), min(ch, tileMaxH[lod])
			if lod == TileMicro {
				s := min(cw, ch)
				cw, ch = s, s
			}
			if cw < tileMinW[lod] || ch < tileMinH[lod] {
				continue
			}
			if a := cw * ch; a > best {
				best, cols, tw, th = a, c, cw, ch
			}
		}
		if best > 0 {
			return lod, cols, tw, th
		}
		if lod == TileMicro {
			break
		}
	}
	// Even the smallest squares do not fit: keep them at the minimum and
	// let the rows run past the field; the user pans or zooms out.
	cols = max(1, min(n, int((w+TileGap)/(tileMinW[TileMicro]+TileGap))))
	return TileMicro, cols, tileMinW[TileMicro], tileMinH[TileMicro]
}

// rows is how many tile rows cols columns take, each port's group
// starting a row of its own.
func (l *Layout) rows(cols int) int {
	r := 0
	for _, c := range l.portN {
		r += (c + cols - 1) / cols
	}
	return r
}

// portCount is how many endpoints hang off root port p.
func (l *Layout) portCount(p int) int {
	if p < 0 || p >= len(l.portN) {
		return 0
	}
	return l.portN[p]
}

// portSpan is the vertical (landscape) or horizontal extent of port p's
// tiles, clamped to the field, or the field's middle when p has none.
func (l *Layout) portSpan(p int, vertical bool) (lo, hi float32) {
	first := true
	for i, q := range l.EPPort {
		if q != p {
			continue
		}
		r := l.Endpoints[i]
		a, b := r.Y, r.Bottom()
		if !vertical {
			a, b = r.X, r.Right()
		}
		if first {
			lo, hi, first = a, b, false
		} else {
			lo, hi = min(lo, a), max(hi, b)
		}
	}
	f0, f1 := l.Field.Y, l.Field.Bottom()
	if !vertical {
		f0, f1 = l.Field.X, l.Field.Right()
	}
	if first {
		m := (f0 + f1) / 2
		return m, m
	}
	return clamp(lo, f0, f1), clamp(hi, f0, f1)
}
