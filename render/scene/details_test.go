package scene

import (
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/cmdq"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// runUntil runs src with seed 1 until stop accepts the state after an event.
func runUntil(t *testing.T, src string, stop func(*sim.Sim) bool) *sim.Sim {
	t.Helper()
	sc, err := scenario.Parse("t.scn", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	s, err := sim.New(sc, 1)
	if err != nil {
		t.Fatal(err)
	}
	for s.Step() {
		if stop(s) {
			return s
		}
	}
	t.Fatalf("the run ended at event %d first", s.N())
	return nil
}

func TestDetails(t *testing.T) {
	s := runUntil(t, "policy series\nendpoints 8\nbroken ep5\nworkload unmaps=20\nrun\n",
		func(s *sim.Sim) bool { return s.Event(s.N()).Kind == sim.EvCmdError })
	snap := s.Snapshot()
	mask := uint32(1)<<uint(snap.QS) - 1

	// The errored slot, named by its queue index, decodes its CMD_SYNC
	// field by field.
	found := false
	for _, sl := range snap.Window {
		if sl.State != sim.SlotError {
			continue
		}
		found = true
		lines := Details(&snap, layout.Hit{Kind: layout.HitSlot, Index: int(sl.Pos & mask)})
		all := strings.Join(lines, "\n")
		if !strings.Contains(all, "CMDQ_ERR active") || !strings.Contains(all, "CMD_SYNC") {
			t.Errorf("error slot details:\n%s", all)
		}
		if want := len(cmdq.Fields(sl.Cmd)) + 3; len(lines) != want {
			t.Errorf("slot details have %d lines, want %d", len(lines), want)
		}
	}
	if !found {
		t.Fatal("no SlotError in the window")
	}
	if d := Details(&snap, layout.Hit{Kind: layout.HitSlot, Index: int((snap.CmdqProd + 300) & mask)}); len(d) != 1 || !strings.Contains(d[0], "not in the window") {
		t.Errorf("a queue index outside the window: %q", d)
	}
	ep := strings.Join(Details(&snap, layout.Hit{Kind: layout.HitEndpoint, Index: 5}), "\n")
	for _, w := range []string{"ep5", "unresponsive", "SID 0x105 STE: V=1", "EATS", "ATC:"} {
		if !strings.Contains(ep, w) {
			t.Errorf("endpoint details lack %q:\n%s", w, ep)
		}
	}
	cons := strings.Join(Details(&snap, layout.Hit{Kind: layout.HitRegister, Index: layout.RegCMDQCons}), "\n")
	if !strings.Contains(cons, "CERROR_ATC_INV_SYNC") {
		t.Errorf("CMDQ_CONS details:\n%s", cons)
	}
	if d := Details(&snap, layout.Hit{}); d != nil {
		t.Errorf("nothing selected: %q", d)
	}
	if d := Details(&snap, layout.Hit{Kind: layout.HitEndpoint, Index: 99}); d != nil {
		t.Errorf("out of range endpoint: %q", d)
	}
}

func TestAppendTime(t *testing.T) {
	for _, c := range []struct {
		v    sim.Time
		want string
	}{
		{0, "0 ns"}, {999, "999 ns"}, {1000, "1 µs"}, {12345, "12.34 µs"}, {618_500, "618.5 µs"}, {1_000_000, "1 ms"},
		{1_010_000, "1.01 ms"}, {2_038_000, "2.038 ms"}, {110_003_000, "110 ms"}, {2_500_000_000, "2.5 s"}, {-1500, "-1.5 µs"},
	} {
		if got := string(appendTime(nil, c.v)); got != c.want {
			t.Errorf("appendTime(%d) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestAppend0x(t *testing.T) {
	for _, c := range []struct {
		v    uint64
		n    int
		want string
	}{{0x105, 3, "0x105"}, {0x5, 3, "0x005"}, {0x10105, 3, "0x10105"}, {1<<64 - 1, 8, "0xffffffffffffffff"}} {
		if got := string(append0x(nil, c.v, c.n)); got != c.want {
			t.Errorf("append0x(%#x, %d) = %q, want %q", c.v, c.n, got, c.want)
		}
	}
}

func TestAppendSup(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{19, "¹⁹"}, {5, "⁵"}, {0, "⁰"}, {20, "²⁰"}} {
		if got := string(appendSup(nil, c.n)); got != c.want {
			t.Errorf("appendSup(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

// TestIssuedOp: a CMD_SYNC whose MSI zeroed its opcode still reads as a
// CMD_SYNC on the ring; a slot that was never written does not.
func TestIssuedOp(t *testing.T) {
	sync := sim.Slot{Cmd: cmdq.Cmd{0, 0x1234_5670}, State: sim.SlotConsumed}
	if got := issuedOp(&sync); got != cmdq.OpSync {
		t.Errorf("MSI-zeroed CMD_SYNC reads as %v", got)
	}
	if got := issuedOp(&sim.Slot{State: sim.SlotConsumed}); got != 0 {
		t.Errorf("an empty slot reads as %v", got)
	}
	if got := issuedOp(&sim.Slot{Cmd: cmdq.Cmd{0, 0x1234_5670}, State: sim.SlotPending}); got != 0 {
		t.Errorf("a pending slot with opcode 0 reads as %v", got)
	}
}
