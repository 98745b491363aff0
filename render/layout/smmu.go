package layout

// CardLOD is how much the SMMU card's registers and key show.
type CardLOD uint8

// Card levels of detail.
const (
	CardCompact CardLOD = iota // a register is its value and one decoded line; the key is two rows
	CardFull                   // a register is a field table; the key is complete
	CardTight                  // a register is its value alone (a short canvas)
	CardNone                   // no registers: a canvas too small for them (their values are in the tooltips and the page)
)

// KeyRowH is the height of a row of the key, in CSS px.
const KeyRowH = 18

// Heights of the SMMU card's blocks, in CSS px.
const (
	regCompactH = 60
	regTightH   = 44
	regFullH    = 96
	regGap      = 8
	keyFullRows = 6
	pagesRowH   = 28
	evtqRowH    = 28
	captionH    = 20
	minRing     = 130 // below this the ring's slots are slivers and its hole too small for words
	smallRing   = 96  // the least a ring gets before the registers give way
	ringRoom    = 16  // outside the ring: the pointer marks
)

// smmuPlan is one way to fill the SMMU card, from richest to leanest.
type smmuPlan struct {
	regs    CardLOD
	keyRows int
	counts  bool // a run-so-far card under the CMD_SYNC card
}

func (p smmuPlan) regsH() float32 {
	h := float32(regCompactH)
	switch p.regs {
	case CardFull:
		h = regFullH
	case CardTight:
		h = regTightH
	case CardNone:
		return -Gap // no block, and no gap after it
	}
	return 2*h + regGap
}

func plans(big bool) []smmuPlan {
	if big {
		return []smmuPlan{{CardFull, keyFullRows, true}, {CardCompact, keyFullRows, true}, {CardCompact, 2, true}, {CardCompact, 2, false}, {CardCompact, 0, false}}
	}
	return []smmuPlan{{CardCompact, 2, false}, {CardCompact, 0, false}, {CardTight, 0, false}, {CardNone, 0, false}}
}

func (l *Layout) headerH() float32 { return l.Type.Title + 12 }

// sideW is the width of the column beside the ring, or 0 when the card is
// too narrow for it.
func (l *Layout) sideW(innerW float32, big bool) float32 {
	w := float32(150)
	if big {
		w = 200
	}
	if innerW-w-Gap < minRing {
		w = innerW - minRing - Gap
	}
	if w < 116 {
		return 0
	}
	return w
}

// fixedH is the height of everything but the ring under plan p.
func (l *Layout) fixedH(p smmuPlan, t *Topology) float32 {
	h := l.headerH() + captionH + p.regsH() + 3*Gap
	if t.Pages {
		h += pagesRowH + Gap
	}
	if t.EVTQ {
		h += evtqRowH + Gap
	}
	if p.keyRows > 0 {
		h += float32(p.keyRows)*KeyRowH + Gap
	}
	return h
}

// smmuHeight is the card height a portrait layout of width w asks for: a
// ring of at most 200 px beside the CMD_SYNC card.
func (l *Layout) smmuHeight(w float32, t *Topology, big bool) float32 {
	in := w - 2*Pad
	side := l.sideW(in, big)
	d := clamp(in-side-Gap, minRing, 200)
	if big {
		d = clamp(in-side-Gap, minRing, 300)
	}
	p := plans(big)[0]
	if !big {
		p.keyRows = 0 // the phone's key is in the help overlay
	}
	return l.fixedH(p, t) + d + 2*Pad
}

// placeSMMU fills the SMMU card: the first plan that leaves the ring at
// least minRing wide wins; the leanest plan is taken when none does.
func (l *Layout) placeSMMU(card Rect, t *Topology, big bool) {
	l.SMMU = card
	in := card.Inset(Pad)
	side := l.sideW(in.W, big)
	ps := plans(big)
	var p smmuPlan
	var d float32
	dw := in.W - side - Gap // the most the width allows
	if side == 0 {
		dw = in.W
	}
	// The richest plan that leaves the ring as big as the width allows, or
	// at least minRing; failing that, the richest that keeps a ring of
	// smallRing (the registers matter more than a bigger ring); failing
	// that, the leanest.
	pick := func(q smmuPlan) (smmuPlan, float32) {
		if l.Mode == Portrait && !big {
			q.keyRows = 0
		}
		return q, min(in.H-l.fixedH(q, t), dw)
	}
	found := false
	for _, want := range [...]float32{min(minRing, dw), min(smallRing, dw)} {
		for _, q := range ps {
			if q.regs == CardNone {
				continue // only when nothing with registers fits
			}
			if p, d = pick(q); d >= want {
				found = true
				break
			}
		}
		if found {
			break
		}
	}
	if !found {
		p, d = pick(ps[len(ps)-1])
	}
	d = l.snap(max(d, 48))
	if side > 0 {
		side = in.W - d - Gap // the side column takes what the ring leaves
		if big {
			side = min(side, 320)
		}
	}
	l.CardLOD = p.regs
	y := in.Y
	l.Header = l.snapRect(Rect{in.X, y, in.W, l.headerH()})
	y += l.headerH() + Gap/2

	// The ring block: the ring on the left, the CMD_SYNC (and run) cards
	// on the right.
	slots := 32
	if d >= 240 {
		slots = 64
	}
	slots = min(slots, queueSlots(t.QS))
	r1 := max(d/2-ringRoom, 12)
	thick := clamp(r1*0.2, min(10, r1*0.4), 24)
	l.Ring = Ring{CX: in.X + d/2, CY: y + d/2, R1: r1, R0: r1 - thick, Slots: slots}
	hole := (l.Ring.R0 - 4) * 1.4
	l.Hole = Rect{l.Ring.CX - hole/2, l.Ring.CY - hole/2, hole, hole}
	l.Sync, l.Counts = Rect{}, Rect{}
	if side > 0 {
		sx := in.X + d + Gap
		if p.counts {
			sh := l.snap(d * 0.5)
			l.Sync = l.snapRect(Rect{sx, y, side, sh - Gap/2})
			l.Counts = l.snapRect(Rect{sx, y + sh + Gap/2, side, d - sh - Gap/2})
		} else {
			l.Sync = l.snapRect(Rect{sx, y, side, d})
		}
	}
	y += d
	l.Caption = l.snapRect(Rect{in.X, y, in.W, captionH})
	y += captionH + Gap
	// The Event queue, next to the command queue it answers: a row under
	// the ring's caption once the SMMU has recorded something.
	l.EVTQ = Rect{}
	if t.EVTQ {
		l.EVTQ = l.snapRect(Rect{in.X, y, in.W, evtqRowH})
		y += evtqRowH + Gap
	}

	l.Regs = [RegisterN]Rect{}
	rh := (p.regsH() - regGap) / 2
	cw := (in.W - regGap) / 2
	// PROD and CONS on the first row (they move together), GERROR and
	// GERRORN on the second.
	order := [RegisterN]int{RegCMDQProd, RegCMDQCons, RegGERROR, RegGERRORN}
	for k, reg := range order {
		if p.regs == CardNone {
			break
		}
		x := in.X + float32(k%2)*(cw+regGap)
		ry := y + float32(k/2)*(rh+regGap)
		l.Regs[reg] = l.snapRect(Rect{x, ry, cw, rh})
	}
	y += p.regsH() + Gap
	l.Pages = Rect{}
	if t.Pages {
		l.Pages = l.snapRect(Rect{in.X, y, in.W, pagesRowH})
		y += pagesRowH + Gap
	}
	l.Legend, l.KeyRows = Rect{}, 0
	if p.keyRows > 0 {
		kh := float32(p.keyRows) * KeyRowH
		// The key sits at the bottom; spare height stays above it.
		l.Legend = l.snapRect(Rect{in.X, max(y, in.Bottom()-kh), in.W, kh})
		l.KeyRows = p.keyRows
	}
}

// queueSlots is 2^qs, bounded so that a malformed QS still lays out.
func queueSlots(qs int) int {
	if qs < 0 || qs > 30 {
		return MaxRingSlots
	}
	return 1 << qs
}
