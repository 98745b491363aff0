package scene

import (
	"image/color"

	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/cmdq"
)

// EvDMAIssued.C bits (sim/event.go).
const (
	dmaInReset = 1 // the endpoint is in reset
	dmaRead    = 2 // a read
)

const (
	dmaHit     = sim.DMAHit
	dmaMiss    = sim.DMAMiss
	dmaCorrupt = sim.DMACorrupt
	dmaLeak    = sim.DMALeak
	transOK    = sim.TransOK
)

// packets draws what snap.Last put on a link, at anim.Phase of its trip.
// Each packet is drawn on the step that sends it: the Invalidate Request
// when CMD_ATC_INV is consumed, the completion when the SMMU receives it,
// a DMA when the endpoint issues it.
func (b *builder) packets() {
	s, th := b.snap, b.th
	e := &s.Last
	ep := int(e.EP)
	if ep < 0 || ep >= len(b.lay.Endpoints) || ep >= len(s.Endpoints) {
		if e.Kind == sim.EvCmdConsumed && cmdq.Cmd([2]uint64{e.B, e.C}).Op() == cmdq.OpCfgiSTE {
			// CMD_CFGI_STE names a StreamID, not an endpoint: find its owner.
			sid := cmdq.Cmd([2]uint64{e.B, e.C}).SID()
			if i := endpointOfSID(s, sid); i >= 0 {
				off := b.mark()
				b.dl.Text = append(b.dl.Text, "CFGI_STE "...)
				b.dl.Text = appendHex(b.dl.Text, uint64(sid))
				b.packet(i, false, off, th.Cfgi, Fill|Stroke|Dashed)
			}
		}
		return
	}
	off := b.mark()
	t := b.dl.Text
	switch e.Kind {
	case sim.EvATCInvSent:
		t = append(t, "InvReq ITag "...)
		t = appendInt(t, int64(e.B))
		b.dl.Text = t
		b.packet(ep, false, off, th.InvReq, Fill|Stroke)
	case sim.EvInvCplReceived:
		t = append(t, "InvCpl ITag "...)
		t = appendInt(t, int64(e.A))
		st := Fill | Stroke
		if e.B != 0 {
			t = append(t, " late"...)
			st |= Dashed
		}
		b.dl.Text = t
		b.packet(ep, true, off, th.InvCpl, st)
	case sim.EvTransReq:
		t = append(t, "TransCpl"...)
		if e.B != transOK {
			t = append(t, " no access"...)
		}
		b.dl.Text = t
		b.packet(ep, false, off, th.TransCpl, Fill|Stroke)
	case sim.EvDMAIssued:
		if e.C&dmaInReset != 0 { // nothing leaves an endpoint in reset
			return
		}
		dir := "write "
		if e.C&dmaRead != 0 {
			dir = "read "
		}
		switch e.B {
		case dmaMiss:
			t = append(t, "TransReq "...)
			t = appendHex(t, e.A<<12)
			b.dl.Text = t
			b.packet(ep, true, off, th.TransReq, Fill|Stroke)
			return
		case dmaHit:
			t = append(t, "Translated "...)
		}
		t = append(t, dir...)
		t = appendHex(t, e.A<<12)
		b.dl.Text = t
		b.packet(ep, true, off, th.DMA, Fill|Stroke)
	case sim.EvDMAAccess:
		// A stale translation reached a page someone else now owns: the
		// packet is bigger, hatched and says so.
		switch e.C & 0xff {
		case dmaCorrupt:
			t = append(t, "CORRUPT write page "...)
		case dmaLeak:
			t = append(t, "LEAK read page "...)
		default:
			return
		}
		t = appendInt(t, int64(e.B))
		b.dl.Text = t
		b.packet(ep, true, off, th.Corrupt, Fill|Stroke|Hatch|Double)
	}
}

// packet draws a packet on endpoint ep's link labelled with the text
// appended since off. toSMMU gives the direction.
func (b *builder) packet(ep int, toSMMU bool, off int, c color.RGBA, st Style) {
	t := b.anim.Phase
	if !toSMMU {
		t = 1 - t
	}
	p := b.lay.LinkPoint(ep, t)
	sz := float32(12)
	if st&Hatch != 0 {
		sz = 18
	}
	b.rect(layout.Rect{X: p.X - sz/2, Y: p.Y - sz/2, W: sz, H: sz}, st, c, b.th.Text, 1.5)
	b.textAt(off, p.X+sz/2+4, p.Y-sizeSmall/2, sizeSmall, Left, b.th.Text, Bold, 0)
}

func endpointOfSID(s *sim.Snapshot, sid uint32) int {
	for i := range s.Endpoints {
		for _, x := range s.Endpoints[i].SIDs {
			if x == sid {
				return i
			}
		}
	}
	return -1
}
