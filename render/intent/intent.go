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

// Binding is a key the canvas acts on: the Raw field it sets, the key as
// the page's help names it, and what it does.
type Binding struct {
	Field, Key, Does string
}

// Keys lists every key of Raw. The playground's help (web/index.html)
// lists each Key: a browser test (e2e TestHelpListsEveryKey) checks it,
// and TestKeysCoverRaw that no key field of Raw is left out here.
var Keys = []Binding{
	{"Space", "Space", "play / pause"},
	{"Right", "→", "step one event"},
	{"Period", ".", "step one event (a presenter's remote)"},
	{"Left", "←", "step back one event"},
	{"Question", "?", "the picture's key card"},
	{"T", "t", "light or dark theme"},
	{"M", "m", "reduced motion on or off"},
}
