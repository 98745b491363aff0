package scene

import (
	"image/color"

	"github.com/smmuplay/smmuplay/render/display"
	"github.com/smmuplay/smmuplay/render/font"
	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/sim"
)

// syncCard is the card beside the ring: what the CMD_SYNC at CONS waits
// for, else the ATC timeouts so far, else the run's totals.
func (b *builder) syncCard() {
	th, ts := b.th, b.ts
	r := b.lay.Sync
	if r.W <= 0 || r.H <= 0 {
		return
	}
	b.card(r, 8, display.MarkCard, -1)
	in := r.Inset(10)
	switch {
	case b.snap.SyncWaiting:
		b.waitingSync(in)
	case len(b.snap.Timeouts) > 0:
		b.timeouts(in)
	case b.lay.Counts.W > 0:
		// The run card has the totals: say what this card is for.
		y := b.title(in, "CMD_SYNC")
		b.str("none waiting", in.X, y, ts.Small, font.Sans, display.Left, th.Ink2, display.Secondary)
		y += lineH(ts.Small, font.Sans) + 6
		b.para(in.X, y, in.W, in.Bottom(), "A CMD_SYNC at CONS waits here for the ATC invalidations before it: one dot per Invalidate Request.")
	default:
		b.totals(in, "CMD_SYNC", true)
	}
}

// para writes s as lines of secondary text wrapped at word boundaries to
// width w, from y down to at most bottom.
func (b *builder) para(x, y, w, bottom float32, s string) {
	ts, th := b.ts, b.th
	lh := lineH(ts.Small, font.Sans)
	for len(s) > 0 && y+lh <= bottom {
		// The longest prefix ending at a space that fits.
		cut := len(s)
		for strW(s[:cut], ts.Small, font.Sans) > w {
			sp := -1
			for k := cut - 1; k > 0; k-- {
				if s[k] == ' ' {
					sp = k
					break
				}
			}
			if sp <= 0 {
				break
			}
			cut = sp
		}
		b.str(s[:cut], x, y, ts.Small, font.Sans, display.Left, th.Ink2, display.Secondary)
		s = s[cut:]
		for len(s) > 0 && s[0] == ' ' {
			s = s[1:]
		}
		y += lh
	}
}

// countsCard is the run-so-far card of a large SMMU card.
func (b *builder) countsCard() {
	r := b.lay.Counts
	if r.W <= 0 || r.H <= 0 {
		return
	}
	b.card(r, 8, display.MarkCard, -1)
	b.totals(r.Inset(10), "Run so far", false)
}

// title writes a card title and returns the y under it.
func (b *builder) title(in layout.Rect, s string) float32 {
	ts := b.ts
	b.str(s, in.X, in.Y, ts.Label, font.SansBold, display.Left, b.th.Ink, 0)
	return in.Y + lineH(ts.Label, font.SansBold) + 2
}

// waitingSync lists the ATC invalidations the CMD_SYNC waits for, one dot
// each: answered (filled), still pending (hollow), past its deadline
// (crossed), labelled with the endpoint's number.
func (b *builder) waitingSync(in layout.Rect) {
	s, th, ts := b.snap, b.th, b.ts
	digits := (s.QS + 3) / 4
	idx := uint32(1)<<uint(s.QS) - 1
	// "CMD_SYNC 0x0000a"
	b.str("CMD_SYNC", in.X, in.Y, ts.Label, font.SansBold, display.Left, th.Ink, 0)
	off := b.mark()
	b.dl.Text = append0x(b.dl.Text, uint64(s.CmdqCons&idx), digits)
	if x := in.X + strW("CMD_SYNC ", ts.Label, font.SansBold); x+b.width(off, ts.Label, font.Mono) <= in.Right() {
		b.textAt(off, x, in.Y, ts.Label, font.Mono, display.Left, th.Ink, 0)
	} else {
		b.unmark(off)
	}
	y := in.Y + lineH(ts.Label, font.SansBold) + 1
	off = b.mark()
	b.dl.Text = append(b.dl.Text, "waits for "...)
	b.dl.Text = plural(b.dl.Text, int64(len(s.Invs)), "ATC_INV")
	b.textAt(off, in.X, y, ts.Small, font.Sans, display.Left, th.Ink2, display.Secondary)
	y += lineH(ts.Small, font.Sans) + 6

	answered, pending := 0, 0
	firstPending := int32(-1)
	for _, v := range s.Invs {
		if v.Done {
			answered++
		} else {
			pending++
			if firstPending < 0 {
				firstPending = v.EP
			}
		}
	}
	// Dots in rows, as many rows as the card has room for beside the
	// summary line.
	const pitch = 17
	per := max(1, int((in.W+pitch-12)/pitch))
	rowH := float32(12) + lineH(ts.Small, font.Mono) + 2
	rows := int((in.Bottom() - y - 2*lineH(ts.Small, font.Sans)) / rowH)
	if rows > 0 && len(s.Invs) <= rows*per {
		for i, v := range s.Invs {
			cx := in.X + 6 + float32(i%per)*pitch
			cy := y + 6 + float32(i/per)*rowH
			switch {
			case v.Done:
				b.disc(cx, cy, 5.5, th.InvCpl, display.MarkNone, int(v.EP))
			case s.Time >= v.Deadline:
				b.icon(IconCross, cx, cy, 12, th.Ink, display.MarkNone, int(v.EP))
			default:
				b.circle(cx, cy, 5, 1.75, th.Sync, display.MarkNone, int(v.EP))
			}
			off := b.mark()
			b.dl.Text = appendInt(b.dl.Text, int64(epNumber(s, v.EP)))
			b.textAt(off, cx, cy+8, ts.Small, font.Mono, display.Center, th.Ink2, display.Secondary)
		}
		y += float32((len(s.Invs)+per-1)/per) * rowH
	} else {
		// Too many to draw one by one: a bar of answered over all.
		bar := layout.Rect{X: in.X, Y: y + 2, W: in.W, H: 8}
		b.rect(bar, 4, th.Track, color.RGBA{}, 0, display.Fill, display.MarkNone, -1)
		if n := len(s.Invs); n > 0 {
			b.rect(layout.Rect{X: bar.X, Y: bar.Y, W: bar.W * float32(answered) / float32(n), H: bar.H}, 4, th.InvCpl, color.RGBA{}, 0, display.Fill, display.MarkNone, -1)
		}
		y += 16
	}
	off = b.mark()
	b.dl.Text = appendInt(b.dl.Text, int64(answered))
	b.dl.Text = append(b.dl.Text, " answered,"...)
	b.textAt(off, in.X, y, ts.Small, font.Sans, display.Left, th.Ink2, display.Secondary)
	y += lineH(ts.Small, font.Sans)
	off = b.mark()
	if pending == 1 && firstPending >= 0 && int(firstPending) < len(s.Endpoints) {
		b.dl.Text = append(b.dl.Text, s.Endpoints[firstPending].Name...)
		b.dl.Text = append(b.dl.Text, " has not"...)
	} else {
		b.dl.Text = appendInt(b.dl.Text, int64(pending))
		b.dl.Text = append(b.dl.Text, " have not"...)
	}
	b.textAt(off, in.X, y, ts.Label, font.SansBold, display.Left, th.Ink, 0)
}

// epNumber is the number in an endpoint's name when it is "ep<n>", else
// its index: the dots are labelled as the tiles are named.
func epNumber(s *sim.Snapshot, ep int32) int {
	if ep < 0 || int(ep) >= len(s.Endpoints) {
		return int(ep)
	}
	name := s.Endpoints[ep].Name
	if len(name) > 2 && name[0] == 'e' && name[1] == 'p' {
		n := 0
		for _, c := range []byte(name[2:]) {
			if c < '0' || c > '9' {
				return int(ep)
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	return int(ep)
}

// timeouts lists the CMD_SYNCs that raised CERROR_ATC_INV_SYNC, newest
// first, as many as fit.
func (b *builder) timeouts(in layout.Rect) {
	s, th, ts := b.snap, b.th, b.ts
	digits := (s.QS + 3) / 4
	idx := uint32(1)<<uint(s.QS) - 1
	y := b.title(in, "ATC timeouts") + 4
	entryH := lineH(ts.Label, font.SansBold) + lineH(ts.Small, font.Sans) + 4
	for i := len(s.Timeouts) - 1; i >= 0 && y+entryH <= in.Bottom(); i-- {
		t := &s.Timeouts[i]
		b.icon(IconCross, in.X+6, y+lineH(ts.Label, font.SansBold)/2, 12, th.Ink, display.MarkNone, -1)
		x := in.X + 17
		off := b.mark()
		b.dl.Text = append0x(b.dl.Text, uint64(t.Pos&idx), digits)
		if vw := b.width(off, ts.Label, font.Mono); x+strW("CMD_SYNC ", ts.Label, font.SansBold)+vw <= in.Right() {
			b.textAt(off, x+strW("CMD_SYNC ", ts.Label, font.SansBold), y, ts.Label, font.Mono, display.Left, th.Ink, 0)
			b.str("CMD_SYNC", x, y, ts.Label, font.SansBold, display.Left, th.Ink, 0)
		} else {
			b.textAt(off, x, y, ts.Label, font.Mono, display.Left, th.Ink, 0) // the card's title says what it is
		}
		y += lineH(ts.Label, font.SansBold)
		off = b.mark()
		b.dl.Text = appendTime(b.dl.Text, t.T)
		b.dl.Text = append(b.dl.Text, " · "...)
		b.dl.Text = appendInt(b.dl.Text, int64(t.Missed))
		b.dl.Text = append(b.dl.Text, " of "...)
		b.dl.Text = appendInt(b.dl.Text, int64(t.Batch))
		b.dl.Text = append(b.dl.Text, " missed"...)
		if t.EP >= 0 && int(t.EP) < len(s.Endpoints) {
			long := len(b.dl.Text)
			b.dl.Text = append(b.dl.Text, ", "...)
			b.dl.Text = append(b.dl.Text, s.Endpoints[t.EP].Name...)
			if b.width(off, ts.Small, font.Sans) > in.Right()-x {
				b.dl.Text = b.dl.Text[:long]
			}
		}
		b.textAt(off, x, y, ts.Small, font.Sans, display.Left, th.Ink2, display.Secondary)
		y += lineH(ts.Small, font.Sans) + 4
	}
	if b.lay.Counts.W > 0 {
		return
	}
	// No run card: the totals go under the timeouts, as many as fit.
	if y+4*lineH(ts.Small, font.Sans) <= in.Bottom() {
		b.line(layout.Point{X: in.X, Y: b.px(y+2) + b.hair()}, layout.Point{X: in.Right(), Y: b.px(y+2) + b.hair()}, 1, th.Border, 0, display.MarkNone, -1)
		b.totalsRows(layout.Rect{X: in.X, Y: y + 8, W: in.W, H: in.Bottom() - y - 8})
		return
	}
	b.quarantinedLine(in, y)
}

// quarantinedLine writes "quarantined: ep5" at the bottom of a card when
// the card is the only place for it.
func (b *builder) quarantinedLine(in layout.Rect, y float32) {
	ts := b.ts
	lh := lineH(ts.Label, font.SansBold)
	if y+lh > in.Bottom() {
		return
	}
	off := b.mark()
	if b.appendQuarantined(in.W) == 0 {
		b.unmark(off)
		return
	}
	b.textAt(off, in.X, in.Bottom()-lh, ts.Label, font.SansBold, display.Left, b.th.Ink, 0)
}

// appendQuarantined appends "quarantined: ep5, ep11" (or a count when the
// names do not fit in w) and returns how many endpoints are quarantined.
func (b *builder) appendQuarantined(w float32) int {
	off := len(b.dl.Text)
	b.dl.Text = append(b.dl.Text, "quarantined: "...)
	n := b.appendQuarantinedNames()
	if n > 0 && font.Measure(font.SansBold, b.ts.Label, 0, b.dl.Text[off:]) > w {
		b.dl.Text = b.dl.Text[:off]
		b.dl.Text = append(b.dl.Text, "quarantined: "...)
		b.dl.Text = plural(b.dl.Text, int64(n), "endpoint")
	}
	return n
}

// appendQuarantinedNames appends the quarantined endpoints' names,
// comma separated, and returns how many there are.
func (b *builder) appendQuarantinedNames() int {
	s := b.snap
	n := 0
	for i := range s.Endpoints {
		if s.Endpoints[i].Quarantined() {
			if n > 0 {
				b.dl.Text = append(b.dl.Text, ", "...)
			}
			b.dl.Text = append(b.dl.Text, s.Endpoints[i].Name...)
			n++
		}
	}
	return n
}

// totals lists the run's counters, as many rows as fit.
func (b *builder) totals(in layout.Rect, title string, idle bool) {
	th, ts := b.th, b.ts
	y := b.title(in, title)
	if idle {
		b.str("none waiting", in.X, y, ts.Small, font.Sans, display.Left, th.Ink2, display.Secondary)
		y += lineH(ts.Small, font.Sans) + 4
	}
	b.totalsRows(layout.Rect{X: in.X, Y: y, W: in.W, H: in.Bottom() - y})
}

// totalsRows lists the counters in r, label left, value right.
func (b *builder) totalsRows(r layout.Rect) {
	s, th, ts := b.snap, b.th, b.ts
	in := layout.Rect{X: r.X, Y: r.Y, W: r.W, H: r.H}
	y := r.Y
	c := &s.Counters
	rows := [...]struct {
		name string
		v    int64
	}{
		{"CMD_SYNCs", c.CmdSyncs}, {"ATC timeouts", c.ATCTimeouts}, {"CMDQ errors", c.CmdqErrors},
		{"corrupt DMA", c.CorruptDMA}, {"Invalidate Requests", c.ATCInvSent},
	}
	rh := lineH(ts.Small, font.Sans) + 3
	for _, row := range rows {
		if y+rh > in.Bottom() {
			return
		}
		b.str(row.name, in.X, y, ts.Small, font.Sans, display.Left, th.Ink2, display.Secondary)
		off := b.mark()
		b.dl.Text = appendInt(b.dl.Text, row.v)
		b.textAt(off, in.Right(), y, ts.Small, font.MonoBold, display.Right, th.Ink, display.Secondary)
		y += rh
	}
	if y+rh <= in.Bottom() {
		b.str("quarantined", in.X, y, ts.Small, font.Sans, display.Left, th.Ink2, display.Secondary)
		off := b.mark()
		n := b.appendQuarantinedNames()
		if n == 0 {
			b.dl.Text = append(b.dl.Text, "none"...)
		} else if b.width(off, ts.Small, font.MonoBold) > in.W-strW("quarantined ", ts.Small, font.Sans) {
			b.unmark(off)
			b.dl.Text = appendInt(b.dl.Text, int64(n))
		}
		b.textAt(off, in.Right(), y, ts.Small, font.MonoBold, display.Right, th.Ink, display.Secondary)
	}
}
