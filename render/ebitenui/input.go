package ebitenui

import (
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"github.com/smmuplay/smmuplay/render/intent"
)

// inputState remembers what a tick's raw input needs from the last one.
type inputState struct {
	lastX, lastY int
	pressX       int
	pressY       int
	dragging     bool
	touches      []ebiten.TouchID
}

// dragSlop is how far a press may move and still be a click.
const dragSlop = 4

// read samples Ebiten's input once per tick. Ebiten reports positions in
// screen pixels, which are device pixels here (the screen is the canvas'
// true size); scale turns them into the CSS px the layout uses.
func (s *inputState) read(scale float32) intent.Raw {
	if scale <= 0 {
		scale = 1
	}
	var r intent.Raw
	r.Space = inpututil.IsKeyJustPressed(ebiten.KeySpace)
	r.Right = inpututil.IsKeyJustPressed(ebiten.KeyArrowRight)
	r.Left = inpututil.IsKeyJustPressed(ebiten.KeyArrowLeft)
	r.Period = inpututil.IsKeyJustPressed(ebiten.KeyPeriod)
	r.Question = inpututil.IsKeyJustPressed(ebiten.KeySlash) && ebiten.IsKeyPressed(ebiten.KeyShift)
	r.T = inpututil.IsKeyJustPressed(ebiten.KeyT)
	r.M = inpututil.IsKeyJustPressed(ebiten.KeyM)
	x, y := ebiten.CursorPosition()
	pressed := ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft)
	justPressed := inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft)
	released := inpututil.IsMouseButtonJustReleased(ebiten.MouseButtonLeft)
	// A tap acts like a click.
	s.touches = inpututil.AppendJustPressedTouchIDs(s.touches[:0])
	if len(s.touches) > 0 {
		x, y = ebiten.TouchPosition(s.touches[0])
		justPressed, released = true, true
	}
	if justPressed {
		s.pressX, s.pressY, s.dragging = x, y, false
	}
	if pressed && !s.dragging && (abs(x-s.pressX) > dragSlop || abs(y-s.pressY) > dragSlop) {
		s.dragging = true
	}
	r.X, r.Y = float32(x)/scale, float32(y)/scale
	r.Moved = x != s.lastX || y != s.lastY
	if s.dragging && pressed {
		r.Dragging = true
		r.DX, r.DY = float32(x-s.lastX)/scale, float32(y-s.lastY)/scale
	}
	r.Click = released && !s.dragging
	if released {
		s.dragging = false
	}
	_, wy := ebiten.Wheel()
	r.Wheel = float32(wy)
	s.lastX, s.lastY = x, y
	return r
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
