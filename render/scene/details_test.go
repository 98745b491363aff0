package scene

import (
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/sim/cmdq"
)

func TestDetails(t *testing.T) {
	c := sceneCases[1] // ep8 at CERROR_ATC_INV_SYNC
	f := runTo(t, c.src, c.stop)
	s := &f.snap
	r := layout.Ring{Slots: layout.RingSlots(s.QS)}

	// The errored slot decodes its CMD_SYNC field by field.
	var errSlot = -1
	for _, sl := range s.Window {
		if sl.State == 2 { // sim.SlotError
			errSlot = r.SlotOf(sl.Pos)
			lines := Details(s, layout.Hit{Kind: layout.HitSlot, Index: errSlot})
			all := strings.Join(lines, "\n")
			if !strings.Contains(all, "CMDQ_ERR active") || !strings.Contains(all, "CMD_SYNC") {
				t.Errorf("error slot details:\n%s", all)
			}
			if want := len(cmdq.Fields(sl.Cmd)) + 3; len(lines) != want {
				t.Errorf("slot details have %d lines, want %d", len(lines), want)
			}
		}
	}
	if errSlot < 0 {
		t.Fatal("no SlotError in the window")
	}

	ep := Details(s, layout.Hit{Kind: layout.HitEndpoint, Index: 5})
	all := strings.Join(ep, "\n")
	for _, w := range []string{"ep5", "unresponsive", "SID 0x105 STE: V=1", "EATS", "ATC:"} {
		if !strings.Contains(all, w) {
			t.Errorf("endpoint details lack %q:\n%s", w, all)
		}
	}
	cons := strings.Join(Details(s, layout.Hit{Kind: layout.HitRegister, Index: layout.RegCMDQCons}), "\n")
	if !strings.Contains(cons, "CERROR_ATC_INV_SYNC") {
		t.Errorf("CMDQ_CONS details:\n%s", cons)
	}
	if d := Details(s, layout.Hit{}); d != nil {
		t.Errorf("nothing selected: %q", d)
	}
	if d := Details(s, layout.Hit{Kind: layout.HitEndpoint, Index: 99}); d != nil {
		t.Errorf("out of range endpoint: %q", d)
	}
}

// TestReducedMotion: without motion no packet is drawn, and the frame is
// otherwise the same whatever the phase.
func TestReducedMotion(t *testing.T) {
	c := sceneCases[0]
	var a, b DisplayList
	f, lay := c.build(t, &a)
	anim := Anim{Prev: &f.prev, Narration: f.narration, Reduced: true, Phase: 0.1}
	Build(&a, &f.snap, &lay, anim, Light(), Selection{})
	anim.Phase = 0.9
	Build(&b, &f.snap, &lay, anim, Light(), Selection{})
	if a.String() != b.String() {
		t.Error("reduced motion: the frame depends on the phase")
	}
	if strings.Contains(a.String(), "InvReq") {
		t.Error("reduced motion draws a packet")
	}
	anim.Reduced = false
	Build(&b, &f.snap, &lay, anim, Light(), Selection{})
	if !strings.Contains(b.String(), `"InvReq ITag `) {
		t.Error("no Invalidate Request drawn in motion")
	}
}

// TestQuarantineNotColourOnly: the quarantined tile is hatched,
// double-bordered and labelled, so it reads in greyscale.
func TestQuarantineNotColourOnly(t *testing.T) {
	c := sceneCases[2]
	c.view = layout.View{}
	var dl DisplayList
	f, lay := c.build(t, &dl)
	_ = f
	r := lay.Endpoints[32]
	found := false
	for i := range dl.Ops {
		o := &dl.Ops[i]
		if o.Kind == OpRect && o.X == r.X && o.Y == r.Y && o.W == r.W && o.Style&(Hatch|Double) == Hatch|Double {
			found = true
		}
	}
	if f.snap.Endpoints[32].State == "BROKEN" && !found {
		t.Error("BROKEN tile not hatched and double-bordered")
	}
	c = sceneCases[3]
	c.view = layout.View{}
	f, lay = c.build(t, &dl)
	if f.snap.Endpoints[128].State != "BROKEN" {
		t.Fatalf("ep128 is %s, want BROKEN", f.snap.Endpoints[128].State)
	}
	r = lay.Endpoints[128]
	var hatched, label bool
	for i := range dl.Ops {
		o := &dl.Ops[i]
		if o.Kind == OpRect && o.X == r.X && o.Y == r.Y && o.Style&(Hatch|Double) == Hatch|Double {
			hatched = true
		}
		if o.Kind == OpText && r.Contains(o.X, o.Y) && string(dl.TextOf(o)) == "BROKEN" {
			label = true
		}
	}
	if !hatched || !label {
		t.Errorf("quarantined ep128: hatched %v, labelled %v", hatched, label)
	}
}

func TestAppendTime(t *testing.T) {
	for _, v := range []int64{0, 999, 1000, 12345, 1_000_000, 2_500_000_000, 1_010_000} {
		tm := simTime(v)
		if got, want := string(appendTime(nil, tm)), tm.String(); got != want {
			t.Errorf("appendTime(%d) = %q, want %q", v, got, want)
		}
	}
}
