package layout

// View is the user's zoom and pan of the endpoint field. Zoom 0 means 1.
// PanX and PanY are in screen pixels: panning right by 10 moves the
// content 10 pixels left.
type View struct {
	Zoom       float32
	PanX, PanY float32
}

// Zoom limits: below MinZoom tiles are specks, above MaxZoom one tile fills the field.
const (
	MinZoom = 0.25
	MaxZoom = 8
)

func (v View) zoom() float32 {
	switch {
	case v.Zoom == 0:
		return 1
	case v.Zoom < MinZoom:
		return MinZoom
	case v.Zoom > MaxZoom:
		return MaxZoom
	}
	return v.Zoom
}
