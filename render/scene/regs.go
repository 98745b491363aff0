package scene

import (
	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/cmdq"
)

// GERROR bits (Arm IHI 0070 §6.3.18) the model raises or the reader needs.
const (
	gerrorCmdqErr = sim.GERRORCmdqErr
	gerrorSFMErr  = sim.GERRORSFMErr
)

// regField is one decoded field of a register row.
type regField struct {
	name    string
	v, prev uint64
	hex     bool
	digits  int // hex digits when hex
}

// registers draws the register panel: each register in hex, then its
// fields, with what changed since anim.Prev highlighted.
func (b *builder) registers() {
	l, s := b.lay, b.snap
	p := b.anim.Prev
	if p == nil {
		p = s // nothing to compare with: nothing changed
	}
	qs := uint(s.QS)
	idxMask := uint64(1)<<qs - 1
	idxDigits := (s.QS + 3) / 4
	names := [layout.RegisterN]string{"GERROR", "GERRORN", "CMDQ_PROD", "CMDQ_CONS"}
	vals := [layout.RegisterN]uint32{s.GERROR, s.GERRORN, s.CmdqProd, s.CmdqCons}
	prevs := [layout.RegisterN]uint32{p.GERROR, p.GERRORN, p.CmdqProd, p.CmdqCons}
	for i, row := range l.RegRows {
		v, pv := uint64(vals[i]), uint64(prevs[i])
		var fs [3]regField
		switch i {
		case layout.RegGERROR, layout.RegGERRORN:
			fs[0] = regField{name: "CMDQ_ERR", v: bit(v, gerrorCmdqErr), prev: bit(pv, gerrorCmdqErr)}
			fs[1] = regField{name: "SFM_ERR", v: bit(v, gerrorSFMErr), prev: bit(pv, gerrorSFMErr)}
			if i == layout.RegGERROR {
				// Active errors are the bits where GERROR and GERRORN differ.
				a, pa := uint64(s.GERROR^s.GERRORN), uint64(p.GERROR^p.GERRORN)
				fs[2] = regField{name: "active", v: a, prev: pa, hex: true, digits: 3}
			}
		case layout.RegCMDQProd:
			fs[0] = regField{name: "WR", v: v & idxMask, prev: pv & idxMask, hex: true, digits: idxDigits}
			fs[1] = regField{name: "WRAP", v: v >> qs & 1, prev: pv >> qs & 1}
		case layout.RegCMDQCons:
			fs[0] = regField{name: "ERR", v: uint64(cmdq.ConsErr(uint32(v))), prev: uint64(cmdq.ConsErr(uint32(pv))), hex: true, digits: 2}
			fs[1] = regField{name: "WRAP", v: v >> qs & 1, prev: pv >> qs & 1}
			fs[2] = regField{name: "RD", v: v & idxMask, prev: pv & idxMask, hex: true, digits: idxDigits}
		}
		b.register(row, names[i], vals[i], prevs[i], fs[:])
	}
}

func (b *builder) register(row layout.Rect, name string, v, pv uint32, fs []regField) {
	th := b.th
	if v != pv {
		b.rect(layout.Rect{X: row.X + 96, Y: row.Y, W: 90, H: sizeText + 4}, Fill, th.Changed, th.Changed, 0)
	}
	b.str(name, row.X+2, row.Y+2, sizeText, Left, th.Text, Bold, 94)
	off := b.mark()
	b.dl.Text = append(b.dl.Text, "0x"...)
	b.dl.Text = appendHexN(b.dl.Text, uint64(v), 8)
	b.textAt(off, row.X+98, row.Y+2, sizeText, Left, th.Text, 0, 0)
	if name == "CMDQ_CONS" {
		if e := cmdq.ConsErr(uint32(v)); e != cmdq.CErrorNone {
			b.str(e.String(), row.X+192, row.Y+2, sizeSmall, Left, th.Error, Bold, row.W-194)
		}
	}
	fw := row.W / 3
	for j, f := range fs {
		if f.name == "" {
			continue
		}
		x := row.X + 2 + float32(j)*fw
		y := row.Y + sizeText + 6
		st := Style(0)
		if f.v != f.prev {
			// Highlighted by a fill and bold type, not by colour alone.
			b.rect(layout.Rect{X: x - 2, Y: y - 1, W: fw - 4, H: sizeSmall + 4}, Fill, th.Changed, th.Changed, 0)
			st = Bold
		}
		off := b.mark()
		b.dl.Text = append(b.dl.Text, f.name...)
		b.dl.Text = append(b.dl.Text, '=')
		if f.hex {
			b.dl.Text = append(b.dl.Text, "0x"...)
			b.dl.Text = appendHexN(b.dl.Text, f.v, f.digits)
		} else {
			b.dl.Text = appendInt(b.dl.Text, int64(f.v))
		}
		b.textAt(off, x, y, sizeSmall, Left, th.Text, st, fw-4)
	}
}

func bit(v, mask uint64) uint64 {
	if v&mask != 0 {
		return 1
	}
	return 0
}
