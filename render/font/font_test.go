package font

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"image"
	"math"
	"os"
	"os/exec"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/smmuplay/smmuplay/render/font/internal/gen"
)

var allFaces = []Face{Sans, SansBold, Mono, MonoBold}

// covered is every rune the faces have: ASCII and the extras listed in
// the package documentation.
func covered() []rune {
	var rs []rune
	for r := rune(0x20); r < 0x7f; r++ {
		rs = append(rs, r)
	}
	return append(rs, []rune("°±²³µ·¹×–—‘’“”•…⁰⁴⁵⁶⁷⁸⁹←↑→↓≈≠≤≥■□▲►▼◄○●")...)
}

// TestGeneratedIsFresh regenerates the glyph tables from the TTFs and
// compares them with the committed glyphs_gen.go.
func TestGeneratedIsFresh(t *testing.T) {
	want, err := gen.Generate()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("glyphs_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("glyphs_gen.go is stale (%d bytes, a fresh generation has %d): run `go generate ./render/font`", len(got), len(want))
	}
}

// TestRuntimeDeps keeps the TTFs and the font parser out of the binary:
// the package may use only the rasteriser from golang.org/x/image.
func TestRuntimeDeps(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 5 {
		t.Fatalf("go list -deps listed only %q: the check is broken", deps)
	}
	for _, p := range deps {
		if strings.HasPrefix(p, "golang.org/x/") && p != "golang.org/x/image/vector" {
			t.Errorf("render/font depends on %s", p)
		}
	}
}

func TestCoverage(t *testing.T) {
	want := covered()
	for _, f := range allFaces {
		fd := face(f)
		if len(fd.glyphs) != len(want) {
			t.Errorf("%v has %d glyphs, the documentation lists %d", f, len(fd.glyphs), len(want))
		}
		for _, r := range want {
			if !Has(f, r) {
				t.Errorf("%v lacks %q", f, r)
			}
			if g := fd.lookup(r); rune(g.r) != r {
				t.Errorf("%v: %q looks up %q", f, r, rune(g.r))
			}
		}
		// Of the runes asked of the generator, exactly the documented ones are there.
		for _, r := range gen.Extra {
			if Has(f, r) != strings.ContainsRune(string(want), r) {
				t.Errorf("%v: Has(%q) = %v, not as documented", f, r, Has(f, r))
			}
		}
		for _, r := range []rune{0, '\n', '\t', 0x7f, 0xa0, 'é', 'ⁱ', '✓', '✗', utf8.RuneError, 0x10ffff, -1, 0x110000} {
			if Has(f, r) {
				t.Errorf("%v has %U", f, r)
			}
			if got, want := Advance(f, r), Advance(f, '?'); got != want {
				t.Errorf("%v: Advance(%U) = %v, want '?''s %v", f, r, got, want)
			}
		}
	}
}

func TestMetrics(t *testing.T) {
	for _, f := range allFaces {
		a, d, c, x := Ascent(f), Descent(f), CapHeight(f), XHeight(f)
		if !(a > c && c > x && x > 0 && d > 0) {
			t.Errorf("%v: ascent %v cap %v x %v descent %v", f, a, c, x, d)
		}
		if a > 1.2 || d > 0.5 || c < 0.5 {
			t.Errorf("%v: implausible metrics ascent %v descent %v cap %v", f, a, d, c)
		}
		if lh := LineHeight(f); lh != a+d {
			t.Errorf("%v: LineHeight %v != %v + %v", f, lh, a, d)
		}
		if s := f.String(); s == "face?" || s == "" {
			t.Errorf("face %d has no name", f)
		}
	}
	if Face(9).String() != "face?" || Ascent(Face(200)) != Ascent(Sans) {
		t.Error("out-of-range faces should fall back to Sans")
	}
	for _, f := range []Face{Mono, MonoBold} {
		a0 := Advance(f, 'i')
		for _, r := range covered() {
			if r < 0x7f && Advance(f, r) != a0 {
				t.Errorf("%v: Advance(%q) = %v, want %v like 'i'", f, r, Advance(f, r), a0)
			}
		}
	}
	for _, p := range [][2]Face{{Sans, SansBold}, {Mono, MonoBold}} {
		if MeasureString(p[1], 20, 0, "Wide text") < MeasureString(p[0], 20, 0, "Wide text") {
			t.Errorf("%v narrower than %v", p[1], p[0])
		}
	}
	if !(MeasureString(SansBold, 20, 0, "Wide text") > MeasureString(Sans, 20, 0, "Wide text")) {
		t.Error("Sans Bold should be wider than Sans")
	}
	if !(Advance(Sans, 'W') > Advance(Sans, 'i')) {
		t.Error("Sans should be proportional")
	}
}

func close32(a, b float32) bool {
	return math.Abs(float64(a-b)) <= 1e-4*math.Max(1, math.Abs(float64(b)))
}

func TestMeasure(t *testing.T) {
	for _, tc := range []struct {
		s     string
		runes []rune // what it measures as
	}{
		{"", nil},
		{"A", []rune("A")},
		{"Hello, world", []rune("Hello, world")},
		{"42 µs ±3 → ●", []rune("42 µs ±3 → ●")},
		{"a\xffb", []rune("a?b")},                  // one '?' per bad byte
		{"\xe2\x86", []rune("??")},                 // truncated →
		{"\xed\xa0\x80", []rune("???")},            // surrogate
		{"tab\there\n", []rune("tab?here?")},       // controls
		{"✓ é ⁱ 日本", []rune("? ? ? ??")},           // outside the set
		{"\U0001F600x", []rune("?x")},              // astral
		{string([]byte{0xc0, 0x80}), []rune("??")}, // overlong
		{strings.Repeat("m", 1000), []rune(strings.Repeat("m", 1000))},
	} {
		for _, f := range allFaces {
			for _, size := range []float32{1, 11, 13.5, 32} {
				for _, track := range []float32{0, 0.75, -0.3} {
					want := float32(0)
					for _, r := range tc.runes {
						want += Advance(f, r) * size
					}
					if n := len(tc.runes); n > 1 {
						want += track * float32(n-1)
					}
					got := Measure(f, size, track, []byte(tc.s))
					if !close32(got, want) {
						t.Errorf("Measure(%v, %v, %v, %q) = %v, want %v", f, size, track, tc.s, got, want)
					}
					if gs := MeasureString(f, size, track, tc.s); gs != got {
						t.Errorf("MeasureString(%v, %v, %v, %q) = %v, Measure %v", f, size, track, tc.s, gs, got)
					}
				}
			}
		}
	}
	// Linear in size.
	if a, b := MeasureString(Sans, 10, 0, "Stage 2"), MeasureString(Sans, 30, 0, "Stage 2"); !close32(b, 3*a) {
		t.Errorf("width at 30 px %v is not 3× width at 10 px %v", b, a)
	}
}

func TestNoAllocs(t *testing.T) {
	b := []byte("Stage 2 fault → µs ±3 \xff")
	s := string(b)
	dst := image.NewAlpha(image.Rect(0, 0, 300, 40))
	DrawRun(dst, RunPadX, 30, Sans, 24, 0, b) // grow the buffers
	for name, fn := range map[string]func(){
		"Measure":       func() { Measure(Sans, 13, 0.5, b) },
		"MeasureString": func() { MeasureString(MonoBold, 13, 0, s) },
		"RunBox":        func() { RunBox(SansBold, 13, 0, b) },
		"Advance":       func() { Advance(Mono, '→') },
		"DrawRun":       func() { DrawRun(dst, RunPadX, 30, Sans, 24, 0, b) },
	} {
		if n := testing.AllocsPerRun(50, fn); n != 0 {
			t.Errorf("%s allocates %v times per call", name, n)
		}
	}
}

// ink is the bounding box of dst's non-zero pixels and their sum.
func ink(dst *image.Alpha) (image.Rectangle, int) {
	var box image.Rectangle
	sum := 0
	b := dst.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if c := dst.AlphaAt(x, y).A; c != 0 {
				box = box.Union(image.Rect(x, y, x+1, y+1))
				sum += int(c)
			}
		}
	}
	return box, sum
}

// drawInBox draws s into an image that is its RunBox plus a margin all
// round, returning the image and the box.
func drawInBox(f Face, size, track float32, s string) (*image.Alpha, image.Rectangle, int) {
	w, h, base := RunBox(f, size, track, []byte(s))
	const m = 16
	dst := image.NewAlpha(image.Rect(-m, -m, w+m, h+m))
	DrawRun(dst, RunPadX, float32(base), f, size, track, []byte(s))
	return dst, image.Rect(0, 0, w, h), base
}

// TestInkInRunBox draws every rune, alone and in runs, and checks that no
// ink falls outside the box RunBox gives.
func TestInkInRunBox(t *testing.T) {
	all := string(covered())
	for _, f := range allFaces {
		for _, size := range []float32{6, 11, 12.5, 16, 23.7, 32, 42} {
			for _, r := range covered() {
				dst, box, _ := drawInBox(f, size, 0, string(r))
				got, sum := ink(dst)
				if !got.In(box) {
					t.Errorf("%v %vpx %q: ink %v outside box %v", f, size, r, got, box)
				}
				if (sum == 0) != (r == ' ') {
					t.Errorf("%v %vpx %q: ink sum %d", f, size, r, sum)
				}
			}
			for _, track := range []float32{0, 1.5, -0.5} {
				for _, s := range []string{all, "fQj", "jjjj", "ff", "Q", "_—_"} {
					dst, box, _ := drawInBox(f, size, track, s)
					if got, _ := ink(dst); !got.In(box) {
						t.Errorf("%v %vpx track %v %q: ink %v outside box %v", f, size, track, s, got, box)
					}
				}
			}
		}
	}
	// The box is the line box, the same for every run of a face and size.
	for _, f := range allFaces {
		_, h1, b1 := RunBox(f, 13, 0, []byte("x"))
		_, h2, b2 := RunBox(f, 13, 0, []byte("Ég|"))
		if h1 != h2 || b1 != b2 {
			t.Errorf("%v: boxes differ: %d/%d vs %d/%d", f, h1, b1, h2, b2)
		}
		if want := int(math.Ceil(float64(Ascent(f) * 13))); b1 != want {
			t.Errorf("%v: baseline %d, want ⌈ascent×13⌉ = %d", f, b1, want)
		}
	}
	if w, h, b := RunBox(Sans, 12, 0, nil); w|h|b != 0 {
		t.Errorf("empty run box %d×%d, baseline %d", w, h, b)
	}
	// The width covers the pen's travel.
	for _, s := range []string{"iiii", "W", "a b c", "m m"} {
		w, _, _ := RunBox(Sans, 20, 2, []byte(s))
		if adv := Measure(Sans, 20, 2, []byte(s)); float32(w) < RunPadX+adv {
			t.Errorf("%q: box %d narrower than pad + advance %v", s, w, adv)
		}
	}
}

// TestCapHeightInk checks the ink height of 'H' against CapHeight.
func TestCapHeightInk(t *testing.T) {
	for _, f := range allFaces {
		for _, size := range []float32{11, 12, 13, 16, 20, 24, 32.5, 40} {
			dst, _, base := drawInBox(f, size, 0, "H")
			box, _ := ink(dst)
			want := CapHeight(f) * size
			if box.Max.Y != base {
				t.Errorf("%v %vpx: 'H' ink ends at %d, baseline %d", f, size, box.Max.Y, base)
			}
			if d := float32(box.Dy()) - want; d < 0 || d > 1 {
				t.Errorf("%v %vpx: 'H' ink rows %d, cap height %v", f, size, box.Dy(), want)
			}
			// The coverage down the middle of a stem adds up to the cap height.
			best := 0
			for x := box.Min.X; x < box.Max.X; x++ {
				sum := 0
				for y := box.Min.Y; y < box.Max.Y; y++ {
					sum += int(dst.AlphaAt(x, y).A)
				}
				best = max(best, sum)
			}
			if h := float32(best) / 255; math.Abs(float64(h-want)) > 1 {
				t.Errorf("%v %vpx: 'H' stem coverage height %v, cap height %v", f, size, h, want)
			}
		}
	}
}

// TestCoverageScalesWithSize: doubling the size quadruples the ink (at
// sizes with no darkening).
func TestCoverageScalesWithSize(t *testing.T) {
	for _, f := range allFaces {
		for _, s := range []string{"M", "g", "Stage 2", "●"} {
			for _, size := range []float32{24, 30.5, 50} {
				_, a1 := ink(first(drawInBox(f, size, 0, s)))
				_, a2 := ink(first(drawInBox(f, 2*size, 0, s)))
				if r := float64(a2) / float64(a1); math.Abs(r-4) > 0.08 {
					t.Errorf("%v %q: ink at %vpx / at %vpx = %.3f, want 4", f, s, 2*size, size, r)
				}
			}
		}
	}
	// Darkening only adds ink, and more of it at small sizes.
	_, a11 := ink(first(drawInBox(Sans, 11, 0, "Stage 2")))
	_, a22 := ink(first(drawInBox(Sans, 22, 0, "Stage 2")))
	if r := float64(a22) / float64(a11); r >= 4 || r < 3 {
		t.Errorf("ink 22px/11px = %.3f, want a little under 4 (darkening at 11px)", r)
	}
}

func first(a *image.Alpha, _ image.Rectangle, _ int) *image.Alpha { return a }

func TestDeterministic(t *testing.T) {
	s := []byte("Stage 2 fault: IPA 0x4_8000 → S2TTB; 42 µs ±3%")
	draw := func() []byte {
		dst := image.NewAlpha(image.Rect(0, 0, 400, 40))
		DrawRun(dst, 3.3, 27.6, Sans, 22.4, 0.2, s)
		return dst.Pix
	}
	a := draw()
	// Dirty the cached rasteriser with something else.
	DrawRun(image.NewAlpha(image.Rect(0, 0, 600, 600)), 0, 500, SansBold, 500, 0, []byte("W"))
	b := draw()
	if !bytes.Equal(a, b) {
		t.Error("two draws of the same run differ")
	}
	if _, sum := ink(&image.Alpha{Pix: a, Stride: 400, Rect: image.Rect(0, 0, 400, 40)}); sum == 0 {
		t.Error("nothing drawn")
	}
}

// TestSaturatingAdd: drawing over existing coverage adds to it.
func TestSaturatingAdd(t *testing.T) {
	s := []byte("Hm_—")
	one := image.NewAlpha(image.Rect(0, 0, 80, 24))
	DrawRun(one, 2, 18, Sans, 16, 0, s)
	two := image.NewAlpha(one.Rect)
	DrawRun(two, 2, 18, Sans, 16, 0, s)
	DrawRun(two, 2, 18, Sans, 16, 0, s)
	for i, c := range one.Pix {
		if want := min(2*int(c), 255); int(two.Pix[i]) != want {
			t.Fatalf("pixel %d: %d twice gives %d, want %d", i, c, two.Pix[i], want)
		}
	}
	// Abutting underscores (ink from 0 to the advance) join without a
	// light seam where they meet inside a pixel.
	dst := image.NewAlpha(image.Rect(0, 0, 200, 40))
	DrawRun(dst, 3.37, 30, Sans, 30, 0, []byte("_____"))
	box, _ := ink(dst)
	y := (box.Min.Y + box.Max.Y) / 2
	for x := box.Min.X + 2; x < box.Max.X-2; x++ {
		if c := dst.AlphaAt(x, y).A; c < 250 {
			t.Errorf("underscores: pixel (%d, %d) = %d, want solid", x, y, c)
		}
	}
}

// TestSubpixel: glyphs move by fractions of a pixel; whole pixels shift
// the bitmap.
func TestSubpixel(t *testing.T) {
	s := []byte("Hello")
	at := func(x, y float32) *image.Alpha {
		dst := image.NewAlpha(image.Rect(0, 0, 80, 30))
		DrawRun(dst, x, y, Sans, 16, 0, s)
		return dst
	}
	a, b, c := at(4, 20), at(4.5, 20), at(5, 21)
	if bytes.Equal(a.Pix, b.Pix) {
		t.Error("a half-pixel move changed nothing")
	}
	for y := 0; y < 29; y++ {
		for x := 0; x < 79; x++ {
			if d := int(a.AlphaAt(x, y).A) - int(c.AlphaAt(x+1, y+1).A); d < -1 || d > 1 {
				t.Fatalf("(%d,%d): %d, shifted by (1,1): %d", x, y, a.AlphaAt(x, y).A, c.AlphaAt(x+1, y+1).A)
			}
		}
	}
	_, sa := ink(a)
	_, sb := ink(b)
	if r := float64(sb) / float64(sa); r < 0.97 || r > 1.03 {
		t.Errorf("ink changed by %.3f moving half a pixel", r)
	}
}

// TestClip: a run drawn partly outside dst, or into a sub-image, paints
// what the full drawing has there.
func TestClip(t *testing.T) {
	s := []byte("Clipped jQ text → ●")
	full := image.NewAlpha(image.Rect(0, 0, 300, 50))
	DrawRun(full, 10.25, 38.5, SansBold, 32, 0, s)
	for _, r := range []image.Rectangle{
		image.Rect(0, 0, 300, 50),
		image.Rect(20, 10, 120, 30),
		image.Rect(0, 0, 17, 50),
		image.Rect(250, 30, 300, 50),
		image.Rect(-50, -50, 40, 20),
		image.Rect(130, 0, 131, 50),
	} {
		big := image.NewAlpha(image.Rect(-60, -60, 400, 120))
		sub := big.SubImage(r).(*image.Alpha)
		DrawRun(sub, 10.25, 38.5, SansBold, 32, 0, s)
		b := big.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				got := big.AlphaAt(x, y).A
				want := uint8(0)
				if image.Pt(x, y).In(r) {
					want = full.AlphaAt(x, y).A
				}
				if d := int(got) - int(want); d < -2 || d > 2 {
					t.Fatalf("clip %v: (%d,%d) = %d, want %d", r, x, y, got, want)
				}
			}
		}
	}
}

func TestOddInputs(t *testing.T) {
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	dst := image.NewAlpha(image.Rect(0, 0, 64, 32))
	for _, v := range [][4]float32{
		{0, 20, nan, 0}, {0, 20, -12, 0}, {0, 20, 0, 0}, {nan, 20, 12, 0}, {0, inf, 12, 0},
		{0, 20, 12, nan}, {0, 20, 12, inf}, {0, 20, 1e30, 0}, {-1e30, 20, 12, 0}, {1e30, 1e30, 1e30, 1e30},
		{0, 20, 12, -1e6}, {-5000, 5000, 3000, 0}, {0, 20, inf, 0}, {0, 20, 5e-5, 0},
	} {
		DrawRun(dst, v[0], v[1], Face(v[2])%5, v[2], v[3], []byte("Wj\xff→"))
		w, h, b := RunBox(Sans, v[2], v[3], []byte("Wj\xff→"))
		if w < 0 || h < 0 || b < 0 || w > maxBox+RunPadX+1 || h > 2*MaxSize {
			t.Errorf("RunBox(%v) = %d, %d, %d", v, w, h, b)
		}
	}
	// Huge sizes draw as MaxSize.
	DrawRun(dst, 0, 30, Sans, 1e9, 0, []byte("M"))
	if _, sum := ink(dst); sum == 0 {
		t.Error("a huge 'M' left no ink")
	}
	if w, h, _ := RunBox(Sans, 1e9, 0, []byte("M")); w > 2*MaxSize || h > 2*MaxSize {
		t.Errorf("huge box %d×%d", w, h)
	}
	// Degenerate images.
	DrawRun(nil, 0, 10, Sans, 12, 0, []byte("x"))
	DrawRun(&image.Alpha{}, 0, 10, Sans, 12, 0, []byte("x"))
	DrawRun(&image.Alpha{Rect: image.Rect(0, 0, 10, 10)}, 0, 10, Sans, 12, 0, []byte("x"))
	DrawRun(&image.Alpha{Rect: image.Rect(0, 0, 10, 10), Stride: 10, Pix: make([]uint8, 50)}, 0, 10, Sans, 12, 0, []byte("x"))
}

func FuzzDrawRun(f *testing.F) {
	f.Add([]byte("Hello"), float32(2), float32(20), uint8(0), float32(16), float32(0))
	f.Add([]byte("\xff\xfe→µ"), float32(-3.5), float32(1), uint8(3), float32(40), float32(-2))
	f.Add([]byte("jjjj"), float32(0), float32(0), uint8(7), float32(1e9), float32(1e9))
	f.Add([]byte{}, float32(math.NaN()), float32(math.Inf(-1)), uint8(1), float32(math.NaN()), float32(math.NaN()))
	f.Add([]byte("Wide text"), float32(60), float32(31.9), uint8(2), float32(0.01), float32(0))
	f.Fuzz(func(t *testing.T, s []byte, x, y float32, fc uint8, size, track float32) {
		face := Face(fc % 6)
		w1 := Measure(face, size, track, s)
		if w2 := MeasureString(face, size, track, string(s)); w1 != w2 && !(w1 != w1 && w2 != w2) {
			t.Fatalf("Measure %v != MeasureString %v", w1, w2)
		}
		w, h, b := RunBox(face, size, track, s)
		if w < 0 || h < 0 || b < 0 || b > h {
			t.Fatalf("RunBox = %d, %d, %d", w, h, b)
		}
		dst := image.NewAlpha(image.Rect(-8, -8, 56, 24))
		DrawRun(dst, x, y, face, size, track, s)
		if w > 0 && w < 4000 && h < 4000 {
			box := image.NewAlpha(image.Rect(0, 0, w, h))
			DrawRun(box, RunPadX, float32(b), face, size, track, s)
		}
	})
}

// renderHash pins the pixels: the same on every platform (checked on
// amd64 and js/wasm, where the browser runs it, so golden frames made
// natively match the browser's). If a deliberate change moves it, look
// at the sample (go test -run TestSample -sample=DIR) and update it.
const renderHash = 0xddb4a11e49125ea7

func TestRenderHash(t *testing.T) {
	h := fnv.New64a()
	s := []byte(string(covered()))
	for _, f := range allFaces {
		for _, size := range []float32{11, 12, 13, 16, 20, 24, 32.5} {
			w, ht, base := RunBox(f, size, 0.25, s)
			dst := image.NewAlpha(image.Rect(0, 0, w, ht))
			DrawRun(dst, RunPadX, float32(base), f, size, 0.25, s)
			h.Write(dst.Pix)
		}
	}
	if got := h.Sum64(); got != renderHash {
		t.Errorf("render hash %#x, want %#x", got, uint64(renderHash))
	}
}

// TestConcurrent: parallel tests may draw at once; each draw is still
// the same as a lone one.
func TestConcurrent(t *testing.T) {
	runs := [][]byte{[]byte("Stage 2 fault"), []byte("0x4_8000 → µs"), []byte("jQ ● ▲ “x”"), []byte("WWWWWWWW")}
	draw := func(i int) []byte {
		dst := image.NewAlpha(image.Rect(0, 0, 260, 40))
		DrawRun(dst, 3.5, 30, Face(i%4), 11+float32(i)*6, 0.1, runs[i])
		return dst.Pix
	}
	var want [4][]byte
	for i := range want {
		want[i] = draw(i)
	}
	done := make(chan error)
	for i := range 4 {
		go func() {
			var err error
			for range 20 {
				if !bytes.Equal(draw(i), want[i]) && err == nil {
					err = fmt.Errorf("run %d differs when drawn concurrently", i)
				}
			}
			done <- err
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
