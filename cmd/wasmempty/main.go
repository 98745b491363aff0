//go:build js && wasm

// Command wasmempty is the yardstick of scripts/bench.sh: an Ebiten game
// that draws nothing but a cleared screen, built with the same flags and
// loaded by the same page code as the playground, so the playground's
// frame rate can be compared with what the browser gives any Ebiten page.
package main

import (
	"image/color"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"
)

type empty struct{ frames int }

func (*empty) Update() error { return nil }

func (e *empty) Draw(screen *ebiten.Image) {
	screen.Fill(color.RGBA{0xfa, 0xfa, 0xf7, 0xff})
	e.frames++
	if e.frames == 1 {
		js.Global().Set("smmuplayFirstFrameMs", js.Global().Get("performance").Call("now"))
		mark("frame")
	}
	js.Global().Set("smmuplayFrames", e.frames)
}

// LayoutF draws at the canvas' true size, as the playground does, so the
// yardstick pays for the same number of pixels.
func (*empty) LayoutF(w, h float64) (float64, float64) {
	s := ebiten.Monitor().DeviceScaleFactor()
	return w * s, h * s
}

func (e *empty) Layout(w, h int) (int, int) {
	sw, sh := e.LayoutF(float64(w), float64(h))
	return int(sw + 0.999), int(sh + 0.999)
}

// mark records a startup milestone like the playground does.
func mark(name string) {
	if t := js.Global().Get("smmuplayTimes"); t.Type() == js.TypeObject {
		t.Set(name, js.Global().Get("performance").Call("now"))
	}
}

func main() {
	mark("main")
	if err := ebiten.RunGame(&empty{}); err != nil {
		panic(err)
	}
}
