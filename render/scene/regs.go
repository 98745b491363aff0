package scene

import (
	"image/color"

	"github.com/smmuplay/smmuplay/render/display"
	"github.com/smmuplay/smmuplay/render/font"
	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/cmdq"
)

var regNames = [layout.RegisterN]string{"GERROR", "GERRORN", "CMDQ_PROD", "CMDQ_CONS"}

// regField is one decoded field of a register.
type regField struct {
	bits    string // "[30:24]"
	name    string
	v       uint64
	hex     int    // hex digits, 0 for decimal
	meaning string // spelled out, when there is one
}

// registers draws the four register cards: the value in hex with the
// digits that changed since the last step underlaid, then its fields,
// as one line (compact) or a table (full).
func (b *builder) registers() {
	l, s := b.lay, b.snap
	p := b.prev
	vals := [layout.RegisterN]uint32{s.GERROR, s.GERRORN, s.CmdqProd, s.CmdqCons}
	prevs := [layout.RegisterN]uint32{p.GERROR, p.GERRORN, p.CmdqProd, p.CmdqCons}
	for i, r := range l.Regs {
		if r.W <= 0 {
			continue
		}
		var fs [4]regField
		n := b.fields(i, vals[i], fs[:])
		b.register(i, r, vals[i], prevs[i], fs[:n])
	}
}

// fields decodes register i's value v into fs and returns how many.
func (b *builder) fields(i int, v uint32, fs []regField) int {
	s := b.snap
	qs := uint(s.QS)
	idx := uint64(1)<<qs - 1
	digits := (s.QS + 3) / 4
	idxBits := idxBitsName(s.QS)
	switch i {
	case layout.RegGERROR, layout.RegGERRORN:
		active := (s.GERROR ^ s.GERRORN)
		fs[0] = regField{bits: "[0]", name: "CMDQ_ERR", v: uint64(v & sim.GERRORCmdqErr)}
		fs[1] = regField{bits: "[8]", name: "SFM_ERR", v: uint64(v >> 8 & 1)}
		if i == layout.RegGERROR {
			if active&sim.GERRORCmdqErr != 0 {
				fs[0].meaning = "active"
			}
			if active&sim.GERRORSFMErr != 0 {
				fs[1].meaning = "active"
			}
		} else {
			fs[0].meaning, fs[1].meaning = "acked", "acked"
			if active&sim.GERRORCmdqErr != 0 {
				fs[0].meaning = "not acked"
			}
			if active&sim.GERRORSFMErr != 0 {
				fs[1].meaning = "not acked"
			}
		}
		return 2
	case layout.RegCMDQProd:
		fs[0] = regField{bits: wrapBits(s.QS), name: "wrap", v: uint64(v) >> qs & 1}
		fs[1] = regField{bits: idxBits, name: "WR", v: uint64(v) & idx, hex: digits, meaning: "index"}
		return 2
	case layout.RegCMDQCons:
		e := cmdq.ConsErr(v)
		fs[0] = regField{bits: "[30:24]", name: "ERR", v: uint64(e), hex: 2}
		if e != cmdq.CErrorNone {
			fs[0].meaning = cerrName(e)
		}
		fs[1] = regField{bits: wrapBits(s.QS), name: "wrap", v: uint64(v) >> qs & 1}
		fs[2] = regField{bits: idxBits, name: "RD", v: uint64(v) & idx, hex: digits, meaning: "index"}
		return 3
	}
	return 0
}

// Bit ranges of the index field, by QS (the index is bits [QS-1:0]); the
// strings are constants so Build does not allocate.
var idxNames = [...]string{"-", "[0]", "[1:0]", "[2:0]", "[3:0]", "[4:0]", "[5:0]", "[6:0]", "[7:0]", "[8:0]", "[9:0]", "[10:0]", "[11:0]", "[12:0]", "[13:0]", "[14:0]", "[15:0]", "[16:0]", "[17:0]", "[18:0]", "[19:0]", "[20:0]"}

func idxBitsName(qs int) string {
	if qs >= 0 && qs < len(idxNames) {
		return idxNames[qs]
	}
	return "[QS-1:0]"
}

var wrapNames = [...]string{"[0]", "[1]", "[2]", "[3]", "[4]", "[5]", "[6]", "[7]", "[8]", "[9]", "[10]", "[11]", "[12]", "[13]", "[14]", "[15]", "[16]", "[17]", "[18]", "[19]", "[20]"}

func wrapBits(qs int) string {
	if qs >= 0 && qs < len(wrapNames) {
		return wrapNames[qs]
	}
	return "[QS]"
}

func cerrName(e cmdq.CERROR) string {
	switch e {
	case cmdq.CErrorIll:
		return "ILL"
	case cmdq.CErrorAbt:
		return "ABT"
	case cmdq.CErrorATCInvSync:
		return "ATC_INV_SYNC"
	}
	return "unknown"
}

// register draws one register card.
func (b *builder) register(i int, r layout.Rect, v, pv uint32, fs []regField) {
	th, ts := b.th, b.ts
	// CONS.ERR keeps its code after the error is acknowledged; the card
	// is outlined as an error only while CMDQ_ERR is active.
	cons := i == layout.RegCMDQCons && cmdq.ConsErr(v) != cmdq.CErrorNone && (b.snap.GERROR^b.snap.GERRORN)&sim.GERRORCmdqErr != 0
	h := b.hair()
	box := layout.Rect{X: r.X + h, Y: r.Y + h, W: r.W - 2*h, H: r.H - 2*h}
	if cons {
		// An error in CONS.ERR: the card's outline says so too.
		b.rect(box.Inset(0.5), 6, color.RGBA{}, th.Error, 2, display.Stroke, display.MarkRegister, i)
	} else {
		b.rect(box, 6, color.RGBA{}, th.Border, 1, display.Stroke, display.MarkRegister, i)
	}
	in := r.Inset(9)
	full := b.lay.CardLOD == layout.CardFull
	nameSize := ts.Small
	if full {
		nameSize = 12
	}
	// The name, bold and tracked so CMDQ_PROD and CMDQ_CONS differ at a glance.
	off := b.mark()
	b.dl.Text = append(b.dl.Text, regNames[i]...)
	b.op(display.Op{Kind: display.OpText, Style: display.Secondary, Face: font.SansBold, X: in.X, Y: in.Y, Size: nameSize, Track: 0.6,
		Fill: th.Ink2, Span: display.Span{Off: int32(off), End: int32(len(b.dl.Text))}})
	vy := in.Y + lineH(nameSize, font.SansBold)
	vx := in.X
	al := display.Left
	if full {
		// Full: the value on the title row, right-aligned.
		vy, vx, al = in.Y-1, in.Right()-b.hexW(ts.Value), display.Left
	}
	b.hexValue(vx, vy, v, pv, ts.Value, al)
	if full {
		b.fieldTable(in, in.Y+lineH(ts.Value, font.Mono)+4, fs)
		return
	}
	if b.lay.CardLOD == layout.CardTight {
		return
	}
	// Compact: one decoded line, shortened until it fits.
	y := vy + lineH(ts.Value, font.Mono)
	for level := 0; level < 4; level++ {
		off := b.mark()
		b.decoded(i, fs, level)
		if b.width(off, ts.Small, font.Mono) <= in.W {
			b.textAt(off, in.X, y, ts.Small, font.Mono, display.Left, th.Ink2, display.Secondary)
			return
		}
		b.unmark(off)
	}
}

// hexW is the width of a 32-bit value in hex at size.
func (b *builder) hexW(size float32) float32 { return 10 * font.Advance(font.Mono, '0') * size }

// hexValue writes 0x%08x with each digit that differs from pv underlaid.
func (b *builder) hexValue(x, y float32, v, pv uint32, size float32, al display.Align) {
	adv := font.Advance(font.Mono, '0') * size
	lh := lineH(size, font.Mono)
	for d := 0; d < 8; d++ {
		sh := uint(28 - 4*d)
		if (v>>sh)&0xf != (pv>>sh)&0xf {
			dx := x + float32(2+d)*adv
			b.rect(layout.Rect{X: dx - 0.5, Y: y + 1, W: adv + 1, H: lh - 1}, 2, b.th.Changed, color.RGBA{}, 0, display.Fill, display.MarkNone, -1)
		}
	}
	off := b.mark()
	b.dl.Text = append0x(b.dl.Text, uint64(v), 8)
	b.textAt(off, x, y, size, font.Mono, al, b.th.Ink, 0)
}

// decoded appends register i's fields as one line, shorter as level
// grows: 0 spells out CONS.ERR, 1 gives the numbers, 2 drops the wrap bit
// (and SFM_ERR), 3 keeps only the field that matters most.
func (b *builder) decoded(i int, fs []regField, level int) {
	s := b.snap
	t := b.dl.Text
	if i == layout.RegGERRORN {
		// GERRORN is read against GERROR: equal means nothing is active.
		a := s.GERROR ^ s.GERRORN
		switch {
		case a == 0 && level == 0:
			t = append(t, "= GERROR: none active"...)
		case a == 0:
			t = append(t, "= GERROR"...)
		case a&sim.GERRORCmdqErr != 0 && level == 0:
			t = append(t, "≠ GERROR: CMDQ_ERR active"...)
		default:
			t = append(t, "≠ GERROR"...)
		}
		b.dl.Text = t
		return
	}
	n := 0
	for k, f := range fs {
		drop := false
		switch {
		case level >= 2 && (f.name == "wrap" || f.name == "SFM_ERR"):
			drop = true
		case level >= 3 && k < len(fs)-1 && f.name != "CMDQ_ERR":
			drop = true // CONS keeps RD, PROD keeps WR
		}
		if drop {
			continue
		}
		if n > 0 {
			t = append(t, " · "...)
		}
		n++
		t = append(t, f.name...)
		t = append(t, ' ')
		if f.hex > 0 && f.name != "ERR" {
			t = append0x(t, f.v, f.hex)
		} else {
			t = appendInt(t, int64(f.v))
		}
		if level == 0 && f.meaning != "" && f.name == "ERR" {
			t = append(t, ' ')
			t = append(t, f.meaning...)
		}
	}
	b.dl.Text = t
}

// fieldTable draws the fields as rows: bits, name, value, meaning.
func (b *builder) fieldTable(in layout.Rect, y float32, fs []regField) {
	th, ts := b.th, b.ts
	rh := lineH(ts.Small, font.Mono) + 2
	bitsW := strW("[30:24] ", ts.Small, font.Mono)
	nameW := strW("CMDQ_ERR ", ts.Small, font.MonoBold)
	for _, f := range fs {
		if y+rh > in.Bottom()+2 {
			return
		}
		b.str(f.bits, in.X, y, ts.Small, font.Mono, display.Left, th.Ink3, display.Secondary)
		b.str(f.name, in.X+bitsW, y, ts.Small, font.MonoBold, display.Left, th.Ink, display.Secondary)
		off := b.mark()
		if f.hex > 0 {
			b.dl.Text = append0x(b.dl.Text, f.v, f.hex)
		} else {
			b.dl.Text = appendInt(b.dl.Text, int64(f.v))
		}
		vx := in.X + bitsW + nameW
		b.textAt(off, vx, y, ts.Small, font.Mono, display.Left, th.Ink, display.Secondary)
		if f.meaning != "" {
			mx := vx + b.width(off, ts.Small, font.Mono) + 6
			if mx+strW(f.meaning, ts.Small, font.Sans) <= in.Right() {
				b.str(f.meaning, mx, y, ts.Small, font.Sans, display.Left, th.Ink2, display.Secondary)
			}
		}
		y += rh
	}
}
