package trace

import (
	"cmp"
	"slices"
)

// sanitize makes every track's slices nest. Perfetto rejects slices that
// overlap without nesting; the simulator's spans (operations, FLRs, waits)
// nest by construction, but a DMA that straddles an FLR's start, say,
// would not. Such a slice is kept as an instant (with its duration in
// args) instead of being dropped. An E without its B becomes an instant
// too; a B left open is closed at the track's last time.
func sanitize(evs []Event) []Event {
	type iv struct {
		start, end usec
		b, e       int // indices of the B and E (or the X: e = -1)
	}
	byTrack := map[track][]int{}
	var order []track
	for i, e := range evs {
		tr := track{e.Pid, e.Tid}
		if _, ok := byTrack[tr]; !ok {
			order = append(order, tr)
		}
		byTrack[tr] = append(byTrack[tr], i)
	}
	demote := func(i int) {
		e := &evs[i]
		if e.Dur != nil {
			if e.Args == nil {
				e.Args = map[string]any{}
			}
			e.Args["dur_us"] = *e.Dur
			e.Dur = nil
		}
		if e.Ph == "B" || e.Ph == "E" {
			e.Name = map[string]string{"B": "begin ", "E": "end "}[e.Ph] + e.Name
		}
		e.Ph, e.S = "i", "t"
	}
	for _, tr := range order {
		var ivs []iv
		var open []int
		var last usec
		for _, i := range byTrack[tr] {
			e := evs[i]
			last = max(last, e.Ts)
			switch e.Ph {
			case "X":
				ivs = append(ivs, iv{e.Ts, e.Ts + *e.Dur, i, -1})
			case "B":
				open = append(open, i)
			case "E":
				if len(open) == 0 {
					demote(i)
					continue
				}
				bi := open[len(open)-1]
				open = open[:len(open)-1]
				ivs = append(ivs, iv{evs[bi].Ts, e.Ts, bi, i})
			}
		}
		for j := len(open) - 1; j >= 0; j-- {
			bi := open[j]
			b := evs[bi]
			evs = append(evs, Event{Name: b.Name, Ph: "E", Ts: last, Pid: b.Pid, Tid: b.Tid, seq: len(evs)})
			ivs = append(ivs, iv{b.Ts, last, bi, len(evs) - 1})
		}
		slices.SortStableFunc(ivs, func(a, b iv) int {
			switch {
			case a.start != b.start:
				return cmp.Compare(a.start, b.start)
			case a.end != b.end:
				return cmp.Compare(b.end, a.end)
			}
			return evs[a.b].seq - evs[b.b].seq
		})
		var stack []iv
		for _, v := range ivs {
			for len(stack) > 0 && stack[len(stack)-1].end <= v.start {
				stack = stack[:len(stack)-1]
			}
			if len(stack) > 0 && v.end > stack[len(stack)-1].end {
				demote(v.b)
				if v.e >= 0 {
					demote(v.e)
				}
				continue
			}
			stack = append(stack, v)
		}
	}
	return evs
}
