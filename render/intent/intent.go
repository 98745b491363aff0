// Package intent turns one tick's raw input into what the user meant
// (step, step back, play, select, zoom, pan). It knows nothing of Ebiten,
// so the mapping is table-tested without a window; the Ebiten layer only
// fills Raw once per tick.
package intent

// Kind is what the user asked for.
type Kind uint8

// Intents.
const (
	TogglePlay   Kind = iota + 1 // Space
	Step                         // → (or '.', a presenter's remote)
	StepBack                     // ←
	Select                       // click or tap at (X, Y)
	Hover                        // pointer moved to (X, Y)
	Zoom                         // wheel: DY notches at (X, Y)
	Pan                          // drag by (DX, DY)
	Help                         // '?'
	ToggleTheme                  // 't'
	ToggleMotion                 // 'm': reduced motion
)

// Raw is one tick of input.
type Raw struct {
	Space, Right, Left, Period, Question, T, M bool    // keys just pressed
	Click, Moved, Dragging                     bool    // released without dragging; moved; dragging
	X, Y                                       float32 // pointer position
	DX, DY                                     float32 // drag since the last tick
	Wheel                                      float32 // wheel notches
}

// Intent is one thing the user meant.
type Intent struct {
	Kind   Kind
	X, Y   float32
	DX, DY float32
}

// From appends the intents of one tick to dst, in a fixed order.
func From(r Raw, dst []Intent) []Intent {
	key := func(on bool, k Kind) {
		if on {
			dst = append(dst, Intent{Kind: k})
		}
	}
	key(r.Space, TogglePlay)
	key(r.Right || r.Period, Step)
	key(r.Left, StepBack)
	key(r.Question, Help)
	key(r.T, ToggleTheme)
	key(r.M, ToggleMotion)
	switch {
	case r.Dragging && (r.DX != 0 || r.DY != 0):
		dst = append(dst, Intent{Kind: Pan, DX: r.DX, DY: r.DY})
	case r.Click:
		dst = append(dst, Intent{Kind: Select, X: r.X, Y: r.Y})
	case r.Moved:
		dst = append(dst, Intent{Kind: Hover, X: r.X, Y: r.Y})
	}
	if r.Wheel != 0 {
		dst = append(dst, Intent{Kind: Zoom, X: r.X, Y: r.Y, DY: r.Wheel})
	}
	return dst
}
