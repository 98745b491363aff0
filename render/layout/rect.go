package layout

// Point is a position on the canvas, in pixels.
type Point struct{ X, Y float32 }

// Rect is an axis-aligned box: X, Y is its top-left corner.
type Rect struct{ X, Y, W, H float32 }

// Right returns the x just past the box.
func (r Rect) Right() float32 { return r.X + r.W }

// Bottom returns the y just past the box.
func (r Rect) Bottom() float32 { return r.Y + r.H }

// Center returns the middle of the box.
func (r Rect) Center() Point { return Point{r.X + r.W/2, r.Y + r.H/2} }

// Contains reports whether (x, y) is inside r. The right and bottom edges
// are excluded so that two touching boxes never both claim a point.
func (r Rect) Contains(x, y float32) bool {
	return x >= r.X && x < r.X+r.W && y >= r.Y && y < r.Y+r.H
}

// Overlaps reports whether r and o share any area (touching edges do not count).
func (r Rect) Overlaps(o Rect) bool {
	return r.X < o.Right() && o.X < r.Right() && r.Y < o.Bottom() && o.Y < r.Bottom()
}

// Inside reports whether r lies entirely within o.
func (r Rect) Inside(o Rect) bool {
	return r.X >= o.X && r.Y >= o.Y && r.Right() <= o.Right() && r.Bottom() <= o.Bottom()
}

// Inset shrinks r by d on every side (grows it when d < 0).
func (r Rect) Inset(d float32) Rect { return Rect{r.X + d, r.Y + d, r.W - 2*d, r.H - 2*d} }

// Union returns the smallest box holding both r and o; an empty r yields o.
func (r Rect) Union(o Rect) Rect {
	if r.W <= 0 || r.H <= 0 {
		return o
	}
	x0, y0 := min(r.X, o.X), min(r.Y, o.Y)
	return Rect{x0, y0, max(r.Right(), o.Right()) - x0, max(r.Bottom(), o.Bottom()) - y0}
}
