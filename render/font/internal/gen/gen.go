// Package gen turns the Go fonts into render/font's compact glyph tables
// (glyphs_gen.go). It runs at generation time only (go generate
// ./render/font, and the freshness test); the runtime package needs
// neither the TTF bytes nor the sfnt parser.
//
// # Data format
//
// For each face the generated file holds the unitsPerEm-based metrics and
// a table of glyphs, one per rune of Runes that the face has, ASCII
// U+0020..U+007E first (so glyph i of an ASCII rune r is r-0x20) and the
// others in ascending rune order. A glyph has its advance and ink bounds
// in font units and the span of its outline in the face's path string.
//
// Coordinates are in half font units with y increasing downwards (so the
// TrueType outlines, whose implied on-curve points are midpoints of two
// integer off-curve points, are exact). An outline is a sequence of
// segments; each segment is
//
//	uvarint(zigzag(dx)<<2 | op) uvarint(zigzag(dy)) { uvarint(zigzag(dx)) uvarint(zigzag(dy)) }
//
// with op 0 MoveTo (1 point), 1 LineTo (1), 2 QuadTo (2), 3 CubeTo (3),
// and every point a delta from the point before it (the first from the
// glyph origin). uvarint is LEB128, as encoding/binary's, and zigzag maps
// 0, -1, 1, -2, ... to 0, 1, 2, 3, .... Contours are closed by the reader.
package gen

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"go/format"
	"math"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Extra is the non-ASCII runes wanted beyond U+0020..U+007E; those a face
// lacks are left out of its table (and draw as '?').
var Extra = []rune{
	0x00B0, // ° degree
	0x00B1, // ± plus-minus
	0x00B2, // ² superscript two
	0x00B3, // ³ superscript three
	0x00B5, // µ micro
	0x00B7, // · middle dot
	0x00B9, // ¹ superscript one
	0x00D7, // × multiplication
	0x2013, // – en dash
	0x2014, // — em dash
	0x2018, // ‘
	0x2019, // ’
	0x201C, // “
	0x201D, // ”
	0x2022, // • bullet
	0x2026, // … ellipsis
	0x2070, // ⁰ superscript zero
	0x2071, // ⁱ (U+2070..U+2079 is asked for as a block)
	0x2072, // (unassigned)
	0x2073, // (unassigned)
	0x2074, // ⁴
	0x2075, // ⁵
	0x2076, // ⁶
	0x2077, // ⁷
	0x2078, // ⁸
	0x2079, // ⁹
	0x2190, // ← leftwards arrow
	0x2191, // ↑
	0x2192, // →
	0x2193, // ↓
	0x2248, // ≈
	0x2260, // ≠
	0x2264, // ≤
	0x2265, // ≥
	0x25A0, // ■ black square
	0x25A1, // □ white square
	0x25B2, // ▲
	0x25BA, // ►
	0x25BC, // ▼
	0x25C4, // ◄
	0x25CB, // ○ white circle
	0x25CF, // ● black circle
	0x2713, // ✓ check mark
	0x2717, // ✗ ballot x
}

// Source is one face's font.
type Source struct {
	Ident string // the Go identifier of the Face constant
	File  string // the TTF's name in golang.org/x/image/font/gofont/ttfs
	TTF   []byte
}

// Sources is the four faces in Face order.
var Sources = []Source{
	{"Sans", "Go-Regular.ttf", goregular.TTF},
	{"SansBold", "Go-Bold.ttf", gobold.TTF},
	{"Mono", "Go-Mono.ttf", gomono.TTF},
	{"MonoBold", "Go-Mono-Bold.ttf", gomonobold.TTF},
}

// Glyph is one generated glyph.
type Glyph struct {
	R              rune
	Adv            int // font units
	X0, Y0, X1, Y1 int // ink bounds, font units, y down, rounded outwards
	Path           []byte
	Segs           int
}

// Face is one generated face.
type Face struct {
	Source
	Name                                 string // the font's full name
	UnitsPerEm                           int
	Ascent, Descent, CapHeight, XHeight  int // font units, all positive
	Glyphs                               []Glyph
	Missing                              []rune // runes of Extra the font lacks
	InkTop, InkBottom, InkLeft, InkRight int    // over all glyphs, y down; InkRight is the largest overhang past the advance
	PathBytes                            int
}

// Load parses the four TTFs and encodes their glyphs.
func Load() ([]Face, error) {
	var faces []Face
	for _, src := range Sources {
		fc, err := load(src)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", src.File, err)
		}
		faces = append(faces, fc)
	}
	return faces, nil
}

func load(src Source) (Face, error) {
	f, err := sfnt.Parse(src.TTF)
	if err != nil {
		return Face{}, err
	}
	var b sfnt.Buffer
	fc := Face{Source: src, UnitsPerEm: int(f.UnitsPerEm())}
	if fc.Name, err = f.Name(&b, sfnt.NameIDFull); err != nil {
		return Face{}, err
	}
	// With ppem = unitsPerEm, one font unit is one pixel: 64 in 26.6.
	ppem := fixed.I(fc.UnitsPerEm)
	m, err := f.Metrics(&b, ppem, font.HintingNone)
	if err != nil {
		return Face{}, err
	}
	units := func(v fixed.Int26_6) (int, error) {
		if v%64 != 0 {
			return 0, fmt.Errorf("metric %v is not a whole number of font units", v)
		}
		return int(v / 64), nil
	}
	for _, p := range []struct {
		dst *int
		v   fixed.Int26_6
	}{{&fc.Ascent, m.Ascent}, {&fc.Descent, m.Descent}, {&fc.CapHeight, m.CapHeight}, {&fc.XHeight, m.XHeight}} {
		if *p.dst, err = units(p.v); err != nil {
			return Face{}, err
		}
	}
	if fc.Ascent <= fc.CapHeight || fc.CapHeight <= 0 || fc.Descent <= 0 {
		return Face{}, fmt.Errorf("odd metrics %+v", m)
	}

	runes := make([]rune, 0, 0x7f-0x20+len(Extra))
	for r := rune(0x20); r < 0x7f; r++ {
		runes = append(runes, r)
	}
	runes = append(runes, Extra...)
	for i, r := range runes {
		if i > 0 && r <= runes[i-1] {
			return Face{}, fmt.Errorf("rune %U out of order", r)
		}
	}
	for _, r := range runes {
		gi, err := f.GlyphIndex(&b, r)
		if err != nil {
			return Face{}, err
		}
		if gi == 0 {
			if r < 0x7f {
				return Face{}, fmt.Errorf("no glyph for ASCII %q", r)
			}
			fc.Missing = append(fc.Missing, r)
			continue
		}
		adv, err := f.GlyphAdvance(&b, gi, ppem, font.HintingNone)
		if err != nil {
			return Face{}, err
		}
		g := Glyph{R: r}
		if g.Adv, err = units(adv); err != nil {
			return Face{}, err
		}
		if g.Adv <= 0 || g.Adv > math.MaxUint16 {
			return Face{}, fmt.Errorf("%q: advance %d", r, g.Adv)
		}
		segs, err := f.LoadGlyph(&b, gi, ppem, nil)
		if err != nil {
			return Face{}, fmt.Errorf("%q: %w", r, err)
		}
		if err := encode(&g, segs); err != nil {
			return Face{}, fmt.Errorf("%q: %w", r, err)
		}
		fc.Glyphs = append(fc.Glyphs, g)
	}

	fc.InkTop, fc.InkBottom = fc.Ascent, fc.Descent
	for _, g := range fc.Glyphs {
		fc.PathBytes += len(g.Path)
		if len(g.Path) == 0 {
			continue
		}
		fc.InkTop = max(fc.InkTop, -g.Y0)
		fc.InkBottom = max(fc.InkBottom, g.Y1)
		fc.InkLeft = min(fc.InkLeft, g.X0)
		fc.InkRight = max(fc.InkRight, g.X1-g.Adv)
	}
	return fc, nil
}

// encode appends the outline segs (26.6, one unit = 64) to g.Path.
func encode(g *Glyph, segs sfnt.Segments) error {
	var px, py int // previous point, half units
	first := true
	for _, s := range segs {
		var n int
		switch s.Op {
		case sfnt.SegmentOpMoveTo, sfnt.SegmentOpLineTo:
			n = 1
		case sfnt.SegmentOpQuadTo:
			n = 2
		case sfnt.SegmentOpCubeTo:
			n = 3
		default:
			return fmt.Errorf("unknown segment op %d", s.Op)
		}
		if first && s.Op != sfnt.SegmentOpMoveTo {
			return fmt.Errorf("outline does not start with MoveTo")
		}
		for i, p := range s.Args[:n] {
			if p.X%32 != 0 || p.Y%32 != 0 {
				return fmt.Errorf("point %v is not on the half-unit grid", p)
			}
			x, y := int(p.X/32), int(p.Y/32)
			if x < -0x8000 || x > 0x7fff || y < -0x8000 || y > 0x7fff {
				return fmt.Errorf("point %v out of range", p)
			}
			// Bounds in whole units, rounded outwards.
			ux0, uy0 := floorDiv2(x), floorDiv2(y)
			ux1, uy1 := -floorDiv2(-x), -floorDiv2(-y)
			if first {
				g.X0, g.Y0, g.X1, g.Y1 = ux0, uy0, ux1, uy1
				first = false
			} else {
				g.X0, g.Y0 = min(g.X0, ux0), min(g.Y0, uy0)
				g.X1, g.Y1 = max(g.X1, ux1), max(g.Y1, uy1)
			}
			dx, dy := zigzag(x-px), zigzag(y-py)
			if i == 0 {
				dx = dx<<2 | uint64(s.Op)
			}
			g.Path = binary.AppendUvarint(g.Path, dx)
			g.Path = binary.AppendUvarint(g.Path, dy)
			px, py = x, y
		}
		g.Segs++
	}
	return nil
}

func floorDiv2(v int) int { return v >> 1 }

func zigzag(v int) uint64 { return uint64(v<<1) ^ uint64(v>>63) }

// Generate returns the gofmt'ed source of glyphs_gen.go.
func Generate() ([]byte, error) {
	faces, err := Load()
	if err != nil {
		return nil, err
	}
	var w bytes.Buffer
	fmt.Fprintf(&w, "// Code generated by \"go run ./internal/gen/run -o glyphs_gen.go\"; DO NOT EDIT.\n\n")
	fmt.Fprintf(&w, "// The metrics and outlines below are derived from the Go fonts\n")
	fmt.Fprintf(&w, "// (golang.org/x/image/font/gofont/ttfs), Copyright (c) 2016 Bigelow &\n")
	fmt.Fprintf(&w, "// Holmes Inc.; see LICENSE-gofont. The encoding is described in\n")
	fmt.Fprintf(&w, "// render/font/internal/gen.\n\n")
	fmt.Fprintf(&w, "package font\n\n")
	fmt.Fprintf(&w, "var faceTab = [NumFaces]faceData{\n")
	for _, fc := range faces {
		fmt.Fprintf(&w, "\t%s: { // %s, %s: %d glyphs, %d path bytes\n", fc.Ident, fc.Name, fc.File, len(fc.Glyphs), fc.PathBytes)
		fmt.Fprintf(&w, "unitsPerEm: %d, ascent: %d, descent: %d, capHeight: %d, xHeight: %d,\n", fc.UnitsPerEm, fc.Ascent, fc.Descent, fc.CapHeight, fc.XHeight)
		fmt.Fprintf(&w, "inkTop: %d, inkBottom: %d, inkLeft: %d, inkRight: %d,\n", fc.InkTop, fc.InkBottom, fc.InkLeft, fc.InkRight)
		fmt.Fprintf(&w, "glyphs: []glyph{\n")
		off := 0
		for _, g := range fc.Glyphs {
			if g.R > math.MaxUint16 || off+len(g.Path) > math.MaxUint16 {
				return nil, fmt.Errorf("%s %q: rune or path offset does not fit the glyph table", fc.File, g.R)
			}
			fmt.Fprintf(&w, "{%#04x, %d, %d, %d, %d, %d, %d, %d}, // %q\n", g.R, g.Adv, off, len(g.Path), g.X0, g.Y0, g.X1, g.Y1, g.R)
			off += len(g.Path)
		}
		fmt.Fprintf(&w, "},\n")
		fmt.Fprintf(&w, "path: \"\" +\n")
		for i, g := range fc.Glyphs {
			sep := " +"
			if i == len(fc.Glyphs)-1 {
				sep = ","
			}
			fmt.Fprintf(&w, "%s%s // %q\n", quote(g.Path), sep, g.R)
		}
		fmt.Fprintf(&w, "},\n")
	}
	fmt.Fprintf(&w, "}\n")
	src, err := format.Source(w.Bytes())
	if err != nil {
		return nil, fmt.Errorf("gofmt: %w\n%s", err, w.Bytes())
	}
	return src, nil
}

// quote is a Go string literal of b with every byte outside printable
// ASCII escaped as \xNN (so the literal is plain ASCII and does not depend
// on UTF-8 validity).
func quote(b []byte) string {
	var s strings.Builder
	s.WriteByte('"')
	for _, c := range b {
		switch {
		case c == '"' || c == '\\':
			s.WriteByte('\\')
			s.WriteByte(c)
		case c >= 0x20 && c < 0x7f:
			s.WriteByte(c)
		default:
			fmt.Fprintf(&s, "\\x%02x", c)
		}
	}
	s.WriteByte('"')
	return s.String()
}
