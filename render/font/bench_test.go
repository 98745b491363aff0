package font

import (
	"image"
	"testing"
)

var benchText = []byte("S2 fault 0x4_8000 µs") // 20 runes

func BenchmarkMeasure(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Measure(Sans, 13, 0.5, benchText)
	}
}

func BenchmarkMeasureString(b *testing.B) {
	s := string(benchText)
	b.ReportAllocs()
	for b.Loop() {
		MeasureString(Mono, 13, 0, s)
	}
}

func BenchmarkRunBox(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		RunBox(Sans, 24, 0, benchText)
	}
}

func benchDrawRun(b *testing.B, f Face, size float32) {
	w, h, base := RunBox(f, size, 0, benchText)
	dst := image.NewAlpha(image.Rect(0, 0, w, h))
	b.ReportAllocs()
	for b.Loop() {
		DrawRun(dst, RunPadX, float32(base), f, size, 0, benchText)
	}
}

// BenchmarkDrawRun is a 20-rune run at 24 px (13 CSS px at DPR 2 is 26).
func BenchmarkDrawRun(b *testing.B)     { benchDrawRun(b, Sans, 24) }
func BenchmarkDrawRun12(b *testing.B)   { benchDrawRun(b, Sans, 12) }
func BenchmarkDrawRunMono(b *testing.B) { benchDrawRun(b, MonoBold, 24) }
func BenchmarkDrawRun40(b *testing.B)   { benchDrawRun(b, Sans, 40) }
